"""Use cases. The only layer that opens a database session; UI states and REST routes call it."""
