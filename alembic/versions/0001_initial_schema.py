"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-29
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import aurora_app.models.base


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('usuario',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('nome', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('papel', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('ativo', sa.Boolean(), nullable=False),
    sa.Column('senha_hash', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('totp_secret', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('totp_ativo', sa.Boolean(), nullable=False),
    sa.Column('totp_ultimo_passo', sa.Integer(), nullable=True),
    sa.Column('totp_falhas', sa.Integer(), nullable=False),
    sa.Column('totp_bloqueado_ate', aurora_app.models.base.UTCDateTime(), nullable=True),
    sa.Column('falhas_login', sa.Integer(), nullable=False),
    sa.Column('ultimo_login_em', aurora_app.models.base.UTCDateTime(), nullable=True),
    sa.Column('tokens_validos_desde', aurora_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('criado_em', aurora_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('atualizado_em', aurora_app.models.base.UTCDateTime(), nullable=False),
    sa.CheckConstraint("papel IN ('admin','gerente','vendedor')", name='ck_usuario_papel'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('auditoria',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('usuario_id', sa.Integer(), nullable=True),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
    sa.Column('acao', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('entidade', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('entidade_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('detalhes', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.Column('ip', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('user_agent', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('criado_em', aurora_app.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['usuario_id'], ['usuario.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('auditoria', schema=None) as batch_op:
        batch_op.create_index('ix_auditoria_acao', ['acao', 'criado_em'], unique=False)
        batch_op.create_index('ix_auditoria_keyset', ['criado_em', 'id'], unique=False)
        batch_op.create_index('ix_auditoria_usuario', ['usuario_id', 'criado_em'], unique=False)

    op.create_table('cliente',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cnpj', sqlmodel.sql.sqltypes.AutoString(length=14), nullable=False),
    sa.Column('razao_social', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('nome_fantasia', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
    sa.Column('telefone', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('cep', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
    sa.Column('logradouro', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('numero', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('complemento', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('bairro', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('municipio', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('uf', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
    sa.Column('cnae_principal', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('situacao_cadastral', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('porte', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
    sa.Column('responsavel_id', sa.Integer(), nullable=True),
    sa.Column('busca', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('criado_em', aurora_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('atualizado_em', aurora_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('versao', sa.Integer(), nullable=False),
    sa.Column('removido_em', aurora_app.models.base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['responsavel_id'], ['usuario.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('cliente', schema=None) as batch_op:
        batch_op.create_index('ix_cliente_keyset', ['criado_em', 'id'], unique=False)
        batch_op.create_index('ix_cliente_responsavel', ['responsavel_id'], unique=False)
        batch_op.create_index('ix_cliente_uf', ['uf'], unique=False)
        batch_op.create_index('uq_cliente_cnpj_vivo', ['cnpj'], unique=True, sqlite_where=sa.text('removido_em IS NULL'), postgresql_where=sa.text('removido_em IS NULL'))

    op.create_table('codigo_recuperacao',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('usuario_id', sa.Integer(), nullable=False),
    sa.Column('codigo_hash', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('usado_em', aurora_app.models.base.UTCDateTime(), nullable=True),
    sa.Column('criado_em', aurora_app.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['usuario_id'], ['usuario.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('codigo_recuperacao', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_codigo_recuperacao_usuario_id'), ['usuario_id'], unique=False)

    op.create_table('token_revogado',
    sa.Column('jti', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('usuario_id', sa.Integer(), nullable=True),
    sa.Column('expira_em', aurora_app.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['usuario_id'], ['usuario.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('jti')
    )
    with op.batch_alter_table('token_revogado', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_token_revogado_expira_em'), ['expira_em'], unique=False)
        batch_op.create_index(batch_op.f('ix_token_revogado_usuario_id'), ['usuario_id'], unique=False)

    op.create_table('lead',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nome', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('empresa', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('cnpj', sqlmodel.sql.sqltypes.AutoString(length=14), nullable=True),
    sa.Column('contato', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
    sa.Column('telefone', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('origem', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('estagio', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('valor', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('previsao_fechamento', sa.Date(), nullable=True),
    sa.Column('motivo_perda', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('fechado_em', aurora_app.models.base.UTCDateTime(), nullable=True),
    sa.Column('responsavel_id', sa.Integer(), nullable=True),
    sa.Column('cliente_id', sa.Integer(), nullable=True),
    sa.Column('busca', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('criado_em', aurora_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('atualizado_em', aurora_app.models.base.UTCDateTime(), nullable=False),
    sa.Column('versao', sa.Integer(), nullable=False),
    sa.Column('removido_em', aurora_app.models.base.UTCDateTime(), nullable=True),
    sa.CheckConstraint("estagio IN ('novo','qualificado','proposta','negociacao','ganho','perdido')", name='ck_lead_estagio'),
    sa.CheckConstraint("origem IN ('site','indicacao','evento','outbound','outro')", name='ck_lead_origem'),
    sa.CheckConstraint('valor >= 0', name='ck_lead_valor'),
    sa.ForeignKeyConstraint(['cliente_id'], ['cliente.id'], ),
    sa.ForeignKeyConstraint(['responsavel_id'], ['usuario.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('lead', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lead_cliente_id'), ['cliente_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lead_cnpj'), ['cnpj'], unique=False)
        batch_op.create_index('ix_lead_estagio', ['estagio'], unique=False)
        batch_op.create_index('ix_lead_fechado_em', ['fechado_em'], unique=False)
        batch_op.create_index('ix_lead_keyset', ['criado_em', 'id'], unique=False)
        batch_op.create_index('ix_lead_responsavel_estagio', ['responsavel_id', 'estagio'], unique=False)

    op.create_table('interacao',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tipo', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('descricao', sqlmodel.sql.sqltypes.AutoString(length=5000), nullable=False),
    sa.Column('cliente_id', sa.Integer(), nullable=True),
    sa.Column('lead_id', sa.Integer(), nullable=True),
    sa.Column('autor_id', sa.Integer(), nullable=True),
    sa.Column('vence_em', aurora_app.models.base.UTCDateTime(), nullable=True),
    sa.Column('concluida', sa.Boolean(), nullable=False),
    sa.Column('concluida_em', aurora_app.models.base.UTCDateTime(), nullable=True),
    sa.Column('criado_em', aurora_app.models.base.UTCDateTime(), nullable=False),
    sa.CheckConstraint("tipo IN ('nota','ligacao','email','reuniao','tarefa')", name='ck_interacao_tipo'),
    sa.CheckConstraint('(cliente_id IS NOT NULL AND lead_id IS NULL) OR (cliente_id IS NULL AND lead_id IS NOT NULL)', name='ck_interacao_alvo'),
    sa.ForeignKeyConstraint(['autor_id'], ['usuario.id'], ),
    sa.ForeignKeyConstraint(['cliente_id'], ['cliente.id'], ),
    sa.ForeignKeyConstraint(['lead_id'], ['lead.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('interacao', schema=None) as batch_op:
        batch_op.create_index('ix_interacao_cliente', ['cliente_id', 'criado_em', 'id'], unique=False)
        batch_op.create_index('ix_interacao_lead', ['lead_id', 'criado_em', 'id'], unique=False)

    op.create_index("uq_usuario_email_lower", "usuario", [sa.text("lower(email)")], unique=True)

    # Auditoria is append-only: the database itself refuses UPDATE and DELETE.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION auditoria_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'auditoria é somente inclusão'; END $$"
        )
        op.execute(
            "CREATE TRIGGER auditoria_append_only BEFORE UPDATE OR DELETE ON auditoria "
            "FOR EACH ROW EXECUTE FUNCTION auditoria_append_only()"
        )
        # Accent- and case-insensitive substring search stays fast at 200k rows.
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_cliente_busca_trgm ON cliente USING gin (busca gin_trgm_ops)")
        op.execute("CREATE INDEX ix_lead_busca_trgm ON lead USING gin (busca gin_trgm_ops)")
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER auditoria_no_{event.lower()} BEFORE {event} ON auditoria "
                "BEGIN SELECT RAISE(ABORT, 'auditoria é somente inclusão'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_lead_busca_trgm")
        op.execute("DROP INDEX IF EXISTS ix_cliente_busca_trgm")
        op.execute("DROP TRIGGER IF EXISTS auditoria_append_only ON auditoria")
        op.execute("DROP FUNCTION IF EXISTS auditoria_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS auditoria_no_update")
        op.execute("DROP TRIGGER IF EXISTS auditoria_no_delete")
    op.drop_index("uq_usuario_email_lower", table_name="usuario")
    with op.batch_alter_table('interacao', schema=None) as batch_op:
        batch_op.drop_index('ix_interacao_lead')
        batch_op.drop_index('ix_interacao_cliente')

    op.drop_table('interacao')
    with op.batch_alter_table('lead', schema=None) as batch_op:
        batch_op.drop_index('ix_lead_responsavel_estagio')
        batch_op.drop_index('ix_lead_keyset')
        batch_op.drop_index('ix_lead_fechado_em')
        batch_op.drop_index('ix_lead_estagio')
        batch_op.drop_index(batch_op.f('ix_lead_cnpj'))
        batch_op.drop_index(batch_op.f('ix_lead_cliente_id'))

    op.drop_table('lead')
    with op.batch_alter_table('token_revogado', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_token_revogado_usuario_id'))
        batch_op.drop_index(batch_op.f('ix_token_revogado_expira_em'))

    op.drop_table('token_revogado')
    with op.batch_alter_table('codigo_recuperacao', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_codigo_recuperacao_usuario_id'))

    op.drop_table('codigo_recuperacao')
    with op.batch_alter_table('cliente', schema=None) as batch_op:
        batch_op.drop_index('uq_cliente_cnpj_vivo', sqlite_where=sa.text('removido_em IS NULL'), postgresql_where=sa.text('removido_em IS NULL'))
        batch_op.drop_index('ix_cliente_uf')
        batch_op.drop_index('ix_cliente_responsavel')
        batch_op.drop_index('ix_cliente_keyset')

    op.drop_table('cliente')
    with op.batch_alter_table('auditoria', schema=None) as batch_op:
        batch_op.drop_index('ix_auditoria_usuario')
        batch_op.drop_index('ix_auditoria_keyset')
        batch_op.drop_index('ix_auditoria_acao')

    op.drop_table('auditoria')
    op.drop_table('usuario')
