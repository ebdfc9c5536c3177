"""contatos (SPEC §3), lead.contato_id, task and trash indexes

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import aurora_app.models.base

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VIVO = sa.text("removido_em IS NULL")
REMOVIDO = sa.text("removido_em IS NOT NULL")
TAREFA = sa.text("tipo = 'tarefa'")


def upgrade() -> None:
    op.create_table(
        "contato",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cliente_id", sa.Integer(), nullable=False),
        sa.Column("nome", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("cargo", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
        sa.Column("telefone", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("whatsapp", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("base_legal", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
        sa.Column("consentimento_em", aurora_app.models.base.UTCDateTime(), nullable=True),
        sa.Column("consentimento_origem", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("busca", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("criado_em", aurora_app.models.base.UTCDateTime(), nullable=False),
        sa.Column("atualizado_em", aurora_app.models.base.UTCDateTime(), nullable=False),
        sa.Column("versao", sa.Integer(), nullable=False),
        sa.Column("removido_em", aurora_app.models.base.UTCDateTime(), nullable=True),
        sa.CheckConstraint("base_legal IN ('execucao_contrato','legitimo_interesse','consentimento')",
                           name="ck_contato_base_legal"),
        sa.ForeignKeyConstraint(["cliente_id"], ["cliente.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contato", schema=None) as batch_op:
        batch_op.create_index("ix_contato_cliente_vivo", ["cliente_id", "criado_em", "id"], unique=False,
                              sqlite_where=VIVO, postgresql_where=VIVO)
    with op.batch_alter_table("lead", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contato_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_lead_contato_id_contato", "contato", ["contato_id"], ["id"])
        batch_op.create_index("ix_lead_lixeira", ["removido_em"], unique=False,
                              sqlite_where=REMOVIDO, postgresql_where=REMOVIDO)
    with op.batch_alter_table("cliente", schema=None) as batch_op:
        batch_op.create_index("ix_cliente_lixeira", ["removido_em"], unique=False,
                              sqlite_where=REMOVIDO, postgresql_where=REMOVIDO)
    with op.batch_alter_table("interacao", schema=None) as batch_op:
        batch_op.create_index("ix_interacao_tarefa_autor", ["autor_id", "concluida", "vence_em", "id"], unique=False,
                              sqlite_where=TAREFA, postgresql_where=TAREFA)
    if op.get_bind().dialect.name == "postgresql":
        # Same search as clientes and leads: folded text, trigram GIN (the global search).
        op.execute("CREATE INDEX ix_contato_busca_trgm ON contato USING gin (busca gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_contato_busca_trgm")
    with op.batch_alter_table("interacao", schema=None) as batch_op:
        batch_op.drop_index("ix_interacao_tarefa_autor", sqlite_where=TAREFA, postgresql_where=TAREFA)
    with op.batch_alter_table("cliente", schema=None) as batch_op:
        batch_op.drop_index("ix_cliente_lixeira", sqlite_where=REMOVIDO, postgresql_where=REMOVIDO)
    with op.batch_alter_table("lead", schema=None) as batch_op:
        batch_op.drop_index("ix_lead_lixeira", sqlite_where=REMOVIDO, postgresql_where=REMOVIDO)
        batch_op.drop_constraint("fk_lead_contato_id_contato", type_="foreignkey")
        batch_op.drop_column("contato_id")
    with op.batch_alter_table("contato", schema=None) as batch_op:
        batch_op.drop_index("ix_contato_cliente_vivo", sqlite_where=VIVO, postgresql_where=VIVO)
    op.drop_table("contato")
