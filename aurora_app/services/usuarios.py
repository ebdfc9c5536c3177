"""Users: creation (CLI, admin area) with the password policy; the admin area's use cases."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from aurora_app.core.db import session_scope
from aurora_app.core.security import hash_password
from aurora_app.core.tempo import inicio_do_dia
from aurora_app.models import Auditoria, Papel, Usuario
from aurora_app.models.base import utcnow
from aurora_app.models.entrada import BIDI, CONTROLE, INVALIDOS, em_faixa
from aurora_app.models.schemas import UsuarioRead
from aurora_app.services import audit, sessoes
from aurora_app.services.actor import Actor
from aurora_app.services.audit import RequestContext
from aurora_app.services.auth import desligar_2fa, require_admin_2fa
from aurora_app.services.consulta import check_id, escape_like
from aurora_app.services.errors import Conflict, Invalid, NotFound
from aurora_app.services.paging import Page, after_cursor, build_page, check_limit
from aurora_app.services.passwords import check_password_policy
from aurora_app.services.validacao import parametro


def normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    if (
        "@" not in email
        or email.startswith("@")
        or email.endswith("@")
        or len(email) > 254
        or " " in email
        or CONTROLE.search(email)
        or INVALIDOS.search(email)
        or BIDI.search(email)
    ):
        raise Invalid("E-mail inválido.", code="email_invalido", campo="email")
    return email


def _nome(nome: str | None) -> str:
    nome = (nome or "").strip() if isinstance(nome, str) else ""
    if not nome or len(nome) > 120:
        raise Invalid("Informe o nome (até 120 caracteres).", code="nome_invalido", campo="nome")
    if CONTROLE.search(nome) or INVALIDOS.search(nome) or BIDI.search(nome):
        raise Invalid("O nome contém caracteres não permitidos.", code="nome_invalido", campo="nome")
    return nome


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
    nome = _nome(nome)
    if papel not in {p.value for p in Papel}:
        raise Invalid("Papel inválido: use admin, gerente ou vendedor.", code="papel_invalido", campo="papel")
    check_password_policy(password, email=email)
    senha_hash = hash_password(password)
    try:
        with session_scope() as session:
            exists = session.execute(select(Usuario.id).where(func.lower(Usuario.email) == email)).first()
            if exists:
                raise Conflict("Já existe um usuário com este e-mail.", code="email_duplicado", campo="email")
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
        raise Conflict("Já existe um usuário com este e-mail.", code="email_duplicado", campo="email") from exc


def find_by_email(email: str) -> UsuarioRead | None:
    with session_scope() as session:
        user = session.execute(
            select(Usuario).where(func.lower(Usuario.email) == email.strip().lower())
        ).scalar_one_or_none()
        return UsuarioRead.model_validate(user) if user else None


# ---- admin area (SPEC §4 /admin/*): every function re-checks admin + 2FA ------------------

ACOES_AUDITORIA = (
    "login_sucesso",
    "login_falha",
    "login_limitado",
    "logout",
    "otp_falha",
    "otp_bloqueado",
    "otp_limitado",
    "codigo_recuperacao_usado",
    "2fa_setup",
    "2fa_setup_falha",
    "2fa_ativado",
    "2fa_ativacao_falha",
    "2fa_desativado",
    "2fa_desativacao_falha",
    "senha_alterada",
    "senha_alteracao_falha",
    "usuario_criado",
    "usuario_atualizado",
    "usuario_papel_alterado",
    "usuario_desativado",
    "usuario_reativado",
    "cliente_criado",
    "cliente_alterado",
    "cliente_removido",
    "clientes_importados",
    "clientes_exportados",
    "lead_criado",
    "lead_alterado",
    "lead_movido",
    "lead_convertido",
    "lead_removido",
    "seed_demo",
    "chave_dados_girada",
    "usuario_senha_redefinida",
    "usuario_2fa_redefinido",
    "sessao_encerrada",
    "sessoes_encerradas",
)


def list_acoes(*, actor: Actor) -> list[str]:
    """Every action the audit filter can offer: the known ones plus any recorded by newer code."""
    require_admin_2fa(actor)
    with session_scope() as session:
        gravadas = session.execute(select(Auditoria.acao).distinct()).scalars().all()
    return [*ACOES_AUDITORIA, *sorted(set(gravadas) - set(ACOES_AUDITORIA))]


class AuditoriaRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    criado_em: datetime
    usuario_id: int | None = None
    email: str | None = None
    acao: str
    entidade: str | None = None
    entidade_id: str | None = None
    detalhes: str | None = None
    ip: str | None = None
    user_agent: str | None = None


def list_users(
    *, actor: Actor, limite: int | None = None, cursor: str | None = None, busca: str | None = None
) -> Page[UsuarioRead]:
    require_admin_2fa(actor)
    limite = check_limit(limite)
    with session_scope() as session:
        filters = []
        if busca and busca.strip():
            like = f"%{escape_like((parametro(busca) or '').strip().lower())}%"
            filters.append(
                or_(func.lower(Usuario.email).like(like, escape="\\"), func.lower(Usuario.nome).like(like, escape="\\"))
            )
        total = session.execute(select(func.count()).select_from(Usuario).where(*filters)).scalar_one()
        query = select(Usuario).where(*filters)
        after = after_cursor(Usuario.criado_em, Usuario.id, cursor)
        if after is not None:
            query = query.where(after)
        rows = (
            session.execute(query.order_by(Usuario.criado_em.desc(), Usuario.id.desc()).limit(limite + 1))
            .scalars()
            .all()
        )
        return build_page(list(rows), limite, total, UsuarioRead.model_validate)


def admin_create_user(
    *, actor: Actor, email: str, password: str, nome: str, papel: str, ctx: RequestContext | None = None
) -> UsuarioRead:
    require_admin_2fa(actor)
    return create_user(email=email, password=password, nome=nome, papel=papel, actor=actor, ctx=ctx)


def update_user(
    *,
    actor: Actor,
    user_id: int,
    nome: str | None = None,
    papel: str | None = None,
    ativo: bool | None = None,
    ctx: RequestContext | None = None,
) -> UsuarioRead:
    """Rename, change role, (de)activate. Role or status changes end the user's sessions."""
    require_admin_2fa(actor)
    if papel is not None and papel not in {p.value for p in Papel}:
        raise Invalid("Papel inválido: use admin, gerente ou vendedor.", code="papel_invalido", campo="papel")
    if nome is not None:
        nome = _nome(nome)
    with session_scope() as session:
        user = session.get(Usuario, user_id)
        if user is None:
            raise NotFound("Usuário não encontrado.", code="nao_encontrado")
        was_admin = user.ativo and user.papel == Papel.admin
        stays_admin = (ativo if ativo is not None else user.ativo) and (papel or user.papel) == Papel.admin
        if was_admin and not stays_admin:
            # Lock the active admins (PostgreSQL) so two admins cannot demote each other at once.
            others = session.execute(
                select(Usuario.id)
                .where(Usuario.papel == Papel.admin.value, Usuario.ativo.is_(True), Usuario.id != user.id)
                .with_for_update()
            ).all()
            if not others:
                raise Conflict(
                    "Não é possível rebaixar ou desativar o último administrador ativo. Promova outro usuário a admin antes.",
                    code="ultimo_admin",
                )
        now = utcnow()
        mudancas: dict[str, object] = {}
        if nome is not None and nome != user.nome:
            mudancas["nome"] = nome
            user.nome = nome
        if papel is not None and papel != user.papel:
            audit.record(
                session,
                acao="usuario_papel_alterado",
                usuario_id=actor.id,
                entidade="usuario",
                entidade_id=user.id,
                detalhes={"de": user.papel, "para": papel, "email": user.email},
                ctx=ctx,
            )
            user.papel = papel
            user.tokens_validos_desde = now
        if ativo is not None and ativo != user.ativo:
            audit.record(
                session,
                acao="usuario_desativado" if not ativo else "usuario_reativado",
                usuario_id=actor.id,
                entidade="usuario",
                entidade_id=user.id,
                detalhes={"email": user.email},
                ctx=ctx,
            )
            user.ativo = ativo
            user.tokens_validos_desde = now
            if ativo:
                user.falhas_login = 0
        if mudancas:
            audit.record(
                session,
                acao="usuario_atualizado",
                usuario_id=actor.id,
                entidade="usuario",
                entidade_id=user.id,
                detalhes=mudancas,
                ctx=ctx,
            )
        user.atualizado_em = now
        session.flush()
        return UsuarioRead.model_validate(user)


def list_audit(
    *,
    actor: Actor,
    limite: int | None = None,
    cursor: str | None = None,
    usuario_id: int | None = None,
    acao: str | None = None,
    inicio: datetime | date | str | None = None,
    fim: datetime | date | str | None = None,
) -> Page[AuditoriaRead]:
    """Newest first, keyset paged; ``fim`` as a date includes that whole day."""
    require_admin_2fa(actor)
    limite = check_limit(limite)
    inicio, fim = _parse_when(inicio, "inicio"), _parse_when(fim, "fim")
    filters = []
    if usuario_id is not None:
        filters.append(Auditoria.usuario_id == usuario_id)
    if acao:
        filters.append(Auditoria.acao == (parametro(acao, "Ação") or "").strip())
    if inicio is not None:
        filters.append(Auditoria.criado_em >= _as_utc(inicio))
    if fim is not None:
        end = _as_utc(fim)
        if not isinstance(fim, datetime):
            filters.append(Auditoria.criado_em < end + timedelta(days=1))
        else:
            filters.append(Auditoria.criado_em <= end)
    if inicio is not None and fim is not None and _as_utc(inicio) > _as_utc(fim):
        raise Invalid("O início do período deve ser anterior ao fim.", code="periodo_invalido")
    with session_scope() as session:
        total = session.execute(select(func.count()).select_from(Auditoria).where(*filters)).scalar_one()
        query = select(Auditoria).where(*filters)
        after = after_cursor(Auditoria.criado_em, Auditoria.id, cursor)
        if after is not None:
            query = query.where(after)
        rows = (
            session.execute(query.order_by(Auditoria.criado_em.desc(), Auditoria.id.desc()).limit(limite + 1))
            .scalars()
            .all()
        )
        return build_page(list(rows), limite, total, AuditoriaRead.model_validate)


def _parse_when(value: datetime | date | str | None, name: str) -> datetime | date | None:
    if value is None:
        return None
    if isinstance(value, datetime | date):
        if not em_faixa(value):
            raise Invalid(f"Data fora do intervalo aceito em {name} (1900 a 2199).", code="data_invalida")
        return value
    text = value.strip()
    if not text:
        return None
    try:
        when = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise Invalid(f"Data inválida em {name}: use AAAA-MM-DD ou data-hora ISO 8601.", code="data_invalida") from exc
    if not em_faixa(when):
        raise Invalid(f"Data fora do intervalo aceito em {name} (1900 a 2199).", code="data_invalida")
    return when


def _as_utc(value: datetime | date) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return inicio_do_dia(value).astimezone(UTC)  # a day is a Brasília day, as the user reads it


# ---- admin self-service: password and 2FA resets ----------------------------------------

SENHA_TEMPORARIA_VALIDADE = timedelta(hours=72)
_ALFABETO_TEMPORARIA = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"  # no 0/O/1/l/I


@dataclass(frozen=True)
class SenhaTemporaria:
    """Shown to the admin once (never stored in clear, never audited)."""

    senha_temporaria: str
    expira_em: datetime


def _senha_temporaria() -> str:
    """4 groups of 4 (≈ 93 bits): easy to read aloud or type, far beyond guessing."""
    raw = "".join(secrets.choice(_ALFABETO_TEMPORARIA) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def _outro_usuario(session, actor: Actor, user_id: int, acao: str) -> Usuario:  # noqa: ANN001
    user = session.get(Usuario, user_id)
    if user is None:
        raise NotFound("Usuário não encontrado.", code="nao_encontrado")
    if user.id == actor.id:
        raise Conflict(f"Para {acao} da sua própria conta, use Segurança da conta.", code="propria_conta")
    return user


def redefinir_senha(*, actor: Actor, user_id: int, ctx: RequestContext | None = None) -> SenhaTemporaria:
    """A temporary password, valid for ``SENHA_TEMPORARIA_VALIDADE``: the user's sessions end, and
    their next login must choose a new password (``services.auth.login``) before a session is
    issued. Their 2FA, if on, stays on. Audited without the password."""
    require_admin_2fa(actor)
    senha = _senha_temporaria()
    senha_hash = hash_password(senha)
    with session_scope() as session:
        user = _outro_usuario(session, actor, user_id, "trocar a senha")
        now = utcnow()
        user.senha_hash = senha_hash
        user.senha_temporaria_ate = now + SENHA_TEMPORARIA_VALIDADE
        user.tokens_validos_desde = now
        user.falhas_login = 0
        user.atualizado_em = now
        audit.record(
            session,
            acao="usuario_senha_redefinida",
            usuario_id=actor.id,
            entidade="usuario",
            entidade_id=user.id,
            detalhes={"email": user.email, "valida_ate": user.senha_temporaria_ate.isoformat(timespec="seconds")},
            ctx=ctx,
        )
        return SenhaTemporaria(senha_temporaria=senha, expira_em=user.senha_temporaria_ate)


def redefinir_2fa(*, actor: Actor, user_id: int, ctx: RequestContext | None = None) -> UsuarioRead:
    """Turns the user's 2FA off (secret, recovery codes and lockout gone) so they enroll again,
    e.g. after losing their phone; their sessions end. An admin whose 2FA is reset reaches the
    admin area again only after re-enrolling. Audited."""
    require_admin_2fa(actor)
    with session_scope() as session:
        user = _outro_usuario(session, actor, user_id, "mudar a verificação em duas etapas")
        if not user.totp_ativo and not user.totp_secret:
            raise Conflict("A verificação em duas etapas deste usuário já está desativada.", code="2fa_inativo")
        desligar_2fa(session, user, utcnow())
        audit.record(
            session,
            acao="usuario_2fa_redefinido",
            usuario_id=actor.id,
            entidade="usuario",
            entidade_id=user.id,
            detalhes={"email": user.email},
            ctx=ctx,
        )
        session.flush()
        return UsuarioRead.model_validate(user)


def encerrar_sessoes(*, actor: Actor, user_id: int, ctx: RequestContext | None = None) -> int:
    """Ends every session of another user (a lost laptop, someone leaving the team), without
    touching their password or 2FA. Returns how many were active; audited with that count."""
    require_admin_2fa(actor)
    check_id(user_id, "usuario_id")
    with session_scope() as session:
        user = _outro_usuario(session, actor, user_id, "encerrar as sessões")
        now = utcnow()
        encerradas = sessoes.encerrar_todas(session, user, now)
        user.atualizado_em = now
        audit.record(
            session,
            acao="usuario_sessoes_encerradas",
            usuario_id=actor.id,
            entidade="usuario",
            entidade_id=user.id,
            detalhes={"email": user.email, "quantidade": encerradas},
            ctx=ctx,
        )
        return encerradas
