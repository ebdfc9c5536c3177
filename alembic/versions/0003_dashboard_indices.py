"""dashboard: covering partial indexes for the period aggregates (index-only scans)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VIVO = sa.text("removido_em IS NULL")
FECHADO = sa.text("removido_em IS NULL AND fechado_em IS NOT NULL")


def upgrade() -> None:
    with op.batch_alter_table("lead", schema=None) as batch_op:
        batch_op.create_index("ix_lead_vivo_fechado", ["fechado_em", "estagio", "responsavel_id", "valor"], unique=False,
                              sqlite_where=FECHADO, postgresql_where=FECHADO)
        batch_op.create_index("ix_lead_vivo_criado_origem", ["criado_em", "origem", "responsavel_id"], unique=False,
                              sqlite_where=VIVO, postgresql_where=VIVO)
    with op.batch_alter_table("cliente", schema=None) as batch_op:
        batch_op.create_index("ix_cliente_vivo_responsavel", ["responsavel_id"], unique=False,
                              sqlite_where=VIVO, postgresql_where=VIVO)


def downgrade() -> None:
    with op.batch_alter_table("cliente", schema=None) as batch_op:
        batch_op.drop_index("ix_cliente_vivo_responsavel", sqlite_where=VIVO, postgresql_where=VIVO)
    with op.batch_alter_table("lead", schema=None) as batch_op:
        batch_op.drop_index("ix_lead_vivo_criado_origem", sqlite_where=VIVO, postgresql_where=VIVO)
        batch_op.drop_index("ix_lead_vivo_fechado", sqlite_where=FECHADO, postgresql_where=FECHADO)
