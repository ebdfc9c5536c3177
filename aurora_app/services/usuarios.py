"""Users: creation (CLI, admin area) with the password policy."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from aurora_app.core.db import session_scope
from aurora_app.core.security import hash_password
from aurora_app.models import Papel, Usuario
from aurora_app.models.schemas import UsuarioRead
from aurora_app.services import audit
from aurora_app.services.actor import Actor
from aurora_app.services.audit import RequestContext
from aurora_app.services.errors import Conflict, Invalid
from aurora_app.services.passwords import check_password_policy


def normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    if "@" not in email or email.startswith("@") or email.endswith("@") or len(email) > 254 or " " in email:
        raise Invalid("E-mail inválido.", code="email_invalido")
    return email


def create_user(
    *,
    email: str,
    password: str,
    nome: str,
    papel: str,
    actor: Actor | None = None,
    ctx: RequestContext | None = None,
) -> UsuarioRead:
    email = normalise_email(email)
    nome = (nome or "").strip()
    if not nome or len(nome) > 120:
        raise Invalid("Informe o nome (até 120 caracteres).", code="nome_invalido")
    if papel not in {p.value for p in Papel}:
        raise Invalid("Papel inválido: use admin, gerente ou vendedor.", code="papel_invalido")
    check_password_policy(password, email=email)
    senha_hash = hash_password(password)
    try:
        with session_scope() as session:
            exists = session.execute(select(Usuario.id).where(func.lower(Usuario.email) == email)).first()
            if exists:
                raise Conflict("Já existe um usuário com este e-mail.", code="email_duplicado")
            user = Usuario(email=email, nome=nome, papel=papel, senha_hash=senha_hash)
            session.add(user)
            session.flush()
            audit.record(
                session,
                acao="usuario_criado",
                usuario_id=actor.id if actor else None,
                entidade="usuario",
                entidade_id=user.id,
                detalhes={"email": email, "papel": papel},
                ctx=ctx,
            )
            return UsuarioRead.model_validate(user)
    except IntegrityError as exc:
        raise Conflict("Já existe um usuário com este e-mail.", code="email_duplicado") from exc


def find_by_email(email: str) -> UsuarioRead | None:
    with session_scope() as session:
        user = session.execute(select(Usuario).where(func.lower(Usuario.email) == email.strip().lower())).scalar_one_or_none()
        return UsuarioRead.model_validate(user) if user else None
