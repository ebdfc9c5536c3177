"""clientes/leads: partial covering indexes on live leads (counts and kanban sums index-only)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VIVO = sa.text("removido_em IS NULL")


def upgrade() -> None:
    with op.batch_alter_table("lead", schema=None) as batch_op:
        batch_op.create_index("ix_lead_vivo_estagio_valor", ["estagio", "valor"], unique=False,
                              sqlite_where=VIVO, postgresql_where=VIVO)
        batch_op.create_index("ix_lead_vivo_responsavel", ["responsavel_id", "estagio", "valor"], unique=False,
                              sqlite_where=VIVO, postgresql_where=VIVO)


def downgrade() -> None:
    with op.batch_alter_table("lead", schema=None) as batch_op:
        batch_op.drop_index("ix_lead_vivo_responsavel", sqlite_where=VIVO, postgresql_where=VIVO)
        batch_op.drop_index("ix_lead_vivo_estagio_valor", sqlite_where=VIVO, postgresql_where=VIVO)
