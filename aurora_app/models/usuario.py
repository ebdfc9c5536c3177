"""Usuario and the auth tables around it (recovery codes, revoked tokens)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, Index, String, func
from sqlmodel import Field, SQLModel

from aurora_app.models.base import UTCDateTime, utcnow


class Papel(StrEnum):
    admin = "admin"
    gerente = "gerente"
    vendedor = "vendedor"


class Usuario(SQLModel, table=True):
    __tablename__ = "usuario"
    __table_args__ = (
        CheckConstraint("papel IN ('admin','gerente','vendedor')", name="ck_usuario_papel"),
        Index("uq_usuario_email_lower", func.lower(Column("email", String(254))), unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254)
    nome: str = Field(max_length=120)
    papel: str = Field(default=Papel.vendedor.value, max_length=20)
    ativo: bool = Field(default=True)
    encarregado: bool = Field(default=False)  # LGPD data protection officer (SPEC §9): the /admin/lgpd console
    senha_hash: str = Field(max_length=255)
    totp_secret: str | None = Field(default=None, max_length=255)  # Fernet token (core.crypto), ~140 chars
    totp_ativo: bool = Field(default=False)
    totp_ultimo_passo: int | None = Field(default=None)
    totp_falhas: int = Field(default=0)
    totp_bloqueado_ate: datetime | None = Field(default=None, sa_type=UTCDateTime)
    falhas_login: int = Field(default=0)
    # Set when an admin reset the password: the current one is temporary, valid until then, and
    # the next login must choose a new one before a session is issued (migration 0009).
    senha_temporaria_ate: datetime | None = Field(default=None, sa_type=UTCDateTime)
    ultimo_login_em: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Tokens issued before this instant are refused (password change, deactivation, 2FA change).
    tokens_validos_desde: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    criado_em: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    atualizado_em: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class CodigoRecuperacao(SQLModel, table=True):
    __tablename__ = "codigo_recuperacao"

    id: int | None = Field(default=None, primary_key=True)
    usuario_id: int = Field(foreign_key="usuario.id", index=True, ondelete="CASCADE")
    codigo_hash: str = Field(max_length=255)
    usado_em: datetime | None = Field(default=None, sa_type=UTCDateTime)
    criado_em: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class TokenRevogado(SQLModel, table=True):
    """Revoked token ids, kept until the token would have expired anyway."""

    __tablename__ = "token_revogado"

    jti: str = Field(primary_key=True, max_length=64)
    usuario_id: int | None = Field(default=None, foreign_key="usuario.id", index=True, ondelete="CASCADE")
    expira_em: datetime = Field(sa_type=UTCDateTime, index=True)


class Sessao(SQLModel, table=True):
    """One issued access token (login, 2FA change, password change): what "Sessões ativas" lists.

    Ending one revokes its ``jti`` in ``token_revogado`` (the check every request already makes),
    and stamps ``encerrada_em``. ``visto_em`` is refreshed at most every few minutes."""

    __tablename__ = "sessao"
    __table_args__ = (Index("ix_sessao_usuario", "usuario_id", "expira_em"),)

    id: int | None = Field(default=None, primary_key=True)
    jti: str = Field(max_length=64, unique=True)
    usuario_id: int = Field(foreign_key="usuario.id", ondelete="CASCADE")
    criado_em: datetime = Field(sa_type=UTCDateTime)
    expira_em: datetime = Field(sa_type=UTCDateTime, index=True)
    visto_em: datetime | None = Field(default=None, sa_type=UTCDateTime)
    encerrada_em: datetime | None = Field(default=None, sa_type=UTCDateTime)
    com_2fa: bool = Field(default=False)
    ip: str | None = Field(default=None, max_length=64)
    user_agent: str | None = Field(default=None, max_length=300)
