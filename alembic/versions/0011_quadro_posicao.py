"""The kanban's order within a column: ``lead.posicao``; the leads list sorted by value

Cards are shown highest ``posicao`` first. Existing leads take their creation instant in seconds
(the order the board had: newest first); a drag places a card between its new neighbours.
Partial indexes on the live rows serve a column (everyone's, and one owner's) as an ordered scan.

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0011"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_VIVO = sa.text("removido_em IS NULL")


def upgrade() -> None:
    op.add_column("lead", sa.Column("posicao", sa.Float(), server_default=sa.text("0"), nullable=False))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("UPDATE lead SET posicao = extract(epoch FROM criado_em)")
    else:  # SQLite keeps naive UTC as ISO text
        op.execute("UPDATE lead SET posicao = (julianday(criado_em) - 2440587.5) * 86400.0")
    op.create_index(
        "ix_lead_vivo_quadro",
        "lead",
        ["estagio", "posicao", "id"],
        unique=False,
        sqlite_where=_VIVO,
        postgresql_where=_VIVO,
    )
    op.create_index(
        "ix_lead_vivo_quadro_responsavel",
        "lead",
        ["responsavel_id", "estagio", "posicao", "id"],
        unique=False,
        sqlite_where=_VIVO,
        postgresql_where=_VIVO,
    )
    # The leads list sorted by value (``?ordem=valor``): an ordered scan that stops at the page.
    op.create_index(
        "ix_lead_vivo_valor", "lead", ["valor", "id"], unique=False, sqlite_where=_VIVO, postgresql_where=_VIVO
    )


def downgrade() -> None:
    op.drop_index("ix_lead_vivo_valor", table_name="lead")
    op.drop_index("ix_lead_vivo_quadro_responsavel", table_name="lead")
    op.drop_index("ix_lead_vivo_quadro", table_name="lead")
    op.drop_column("lead", "posicao")
