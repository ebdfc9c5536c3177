"""Alembic reads SQLModel.metadata and the URL from our settings."""

from alembic import context
from sqlmodel import SQLModel

import aurora_app.models  # noqa: F401 - registers every table
from aurora_app.core.config import get_settings
from aurora_app.core.db import make_engine

config = context.config
target_metadata = SQLModel.metadata


# Indexes only PostgreSQL has (pg_trgm), created by hand in migrations, are not in the metadata.
PG_ONLY_INDEXES = {"ix_cliente_busca_trgm", "ix_lead_busca_trgm"}


def include_object(obj, name, type_, reflected, compare_to) -> bool:  # noqa: ANN001
    return not (type_ == "index" and reflected and name in PG_ONLY_INDEXES)


def _url() -> str:
    return config.attributes.get("url") or get_settings().DATABASE_URL


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True, render_as_batch=True, include_object=include_object)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection")
    if connectable is not None:
        context.configure(connection=connectable, target_metadata=target_metadata, render_as_batch=True, include_object=include_object)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(_url())
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True, include_object=include_object)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
