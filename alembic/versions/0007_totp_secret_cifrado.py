"""usuario.totp_secret encrypted at rest (Fernet, DATA_ENCRYPTION_KEY): column widened, plain secrets encrypted

A Fernet token of a 32-character base32 secret has 140 characters: the column goes from 64 to
255. Plain secrets (base32, A-Z2-7) are told apart from tokens (``gAAAAA...``) and encrypted
with the first key of DATA_ENCRYPTION_KEY; a rerun finds nothing left to do. The downgrade
decrypts them back (it needs a key that opens them).

SQLite cannot alter a column type: batch mode copies ``usuario`` into a new table and drops the
old one. With ``PRAGMA foreign_keys=ON`` (our engine sets it) that DROP would delete, or refuse
to delete, every row pointing at a user (recovery codes cascade away; clientes refuse), so
foreign keys are switched off around the copy (the pragma only takes effect outside a
transaction) and checked afterwards. Batch mode cannot reflect the expression index
``uq_usuario_email_lower``: it is created again.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NARROW = sqlmodel.sql.sqltypes.AutoString(length=64)
WIDE = sqlmodel.sql.sqltypes.AutoString(length=255)


def upgrade() -> None:
    _alter_secret_column(NARROW, WIDE)
    _rewrite_secrets(encrypting=True)


def downgrade() -> None:
    _rewrite_secrets(encrypting=False)
    _alter_secret_column(WIDE, NARROW)


def _rewrite_secrets(*, encrypting: bool) -> None:
    from aurora_app.core import crypto  # reads DATA_ENCRYPTION_KEY only when there is a secret to touch

    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT id, totp_secret FROM usuario WHERE totp_secret IS NOT NULL")).all()
    for user_id, value in rows:
        if crypto.is_encrypted(value) == encrypting:
            continue
        try:
            new = crypto.encrypt(value) if encrypting else crypto.decrypt(value)
        except crypto.SecretUnreadable:
            raise RuntimeError(
                f"Segredo TOTP do usuário #{user_id}: nenhuma chave de DATA_ENCRYPTION_KEY o decifra; "
                "inclua a chave que o cifrou e rode de novo."
            ) from None
        bind.execute(
            sa.text("UPDATE usuario SET totp_secret = :new WHERE id = :id AND totp_secret = :old"),
            {"new": new, "id": user_id, "old": value},
        )


def _alter_secret_column(old: sa.types.TypeEngine, new: sa.types.TypeEngine) -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        _sqlite_foreign_keys(on=False)
    with op.batch_alter_table("usuario", schema=None) as batch_op:
        batch_op.alter_column("totp_secret", existing_type=old, type_=new, existing_nullable=True)
    if sqlite:
        op.create_index("uq_usuario_email_lower", "usuario", [sa.text("lower(email)")], unique=True)
        broken = op.get_bind().exec_driver_sql("PRAGMA foreign_key_check").all()
        if broken:
            raise RuntimeError(f"Chaves estrangeiras quebradas depois de recriar usuario: {broken[:5]}")
        _sqlite_foreign_keys(on=True)


def _sqlite_foreign_keys(*, on: bool) -> None:
    with op.get_context().autocommit_block():
        op.get_bind().exec_driver_sql(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    state = op.get_bind().exec_driver_sql("PRAGMA foreign_keys").scalar()
    if bool(state) != on:
        raise RuntimeError("Não foi possível alternar PRAGMA foreign_keys do SQLite (transação aberta?).")
