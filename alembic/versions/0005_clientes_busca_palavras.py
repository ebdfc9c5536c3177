"""clientes: full-text GIN index on the words of ``busca`` (whole words and prefixes)

Search by whole words and word prefixes goes through this index (constant-size posting lists
per word); the pg_trgm index stays for mid-word fragments. ``aurora_palavras(text)`` gives the
words of a folded text between single spaces (the same as ``models.base.palavras``, which
SQLite gets as a per-connection function); the index is a parser-free tsvector of those words.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""
from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite: aurora_palavras is registered on each connection (core.db); no index kind for it
    # plpgsql (never inlined) with a high COST: the planner then knows that computing the words
    # of every row is expensive and reads the index instead (as an inlined SQL function it
    # looked cheap, and a LIMIT query walked the keyset index computing it on 200k rows: 5 s).
    op.execute(
        "CREATE FUNCTION aurora_palavras(texto text) RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE "
        "COST 1000 AS $$ BEGIN RETURN ' ' || btrim(regexp_replace(texto, '[^a-z0-9]+', ' ', 'g')) || ' '; END $$"
    )
    op.execute(
        "CREATE INDEX ix_cliente_busca_palavras ON cliente "
        "USING gin (array_to_tsvector(string_to_array(btrim(aurora_palavras(busca)), ' ')))"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_cliente_busca_palavras")
    op.execute("DROP FUNCTION IF EXISTS aurora_palavras(text)")
