"""Aurora: CRM for Brazilian B2B sales teams."""
