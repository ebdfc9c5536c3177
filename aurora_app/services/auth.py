"""Authentication rules shared by the REST API and the Reflex states.

Everything a login form or an API client can do goes through here, so the same rules hold on
the websocket (Reflex events, which no HTTP middleware sees) and on ``/api/v1``:

- token → Actor: signature, algorithm, expiry, required claims, revocation (logout), user still
  active, token not older than the user's last security change (``tokens_validos_desde``);
- login: same answer and about the same time for an unknown email and a wrong password (a dummy
  hash is verified), hashes upgraded on login, limits per account+IP and per IP (Redis down →
  ``BackendUnavailable``, i.e. fail closed);
- TOTP (RFC 6238): one step of drift, a time step is accepted once (atomic compare-and-set on
  ``totp_ultimo_passo``), 5 wrong codes lock the second factor for 15 minutes, one-use recovery
  codes stored as SHA-256 of 80 random bits; the TOTP secret is stored encrypted
  (``core.crypto``, DATA_ENCRYPTION_KEY) and decrypted only to check a code or build the QR.

Functions are synchronous (argon2 and the DB block): REST routes and Reflex handlers call them
through ``asyncio.to_thread``.
"""

from __future__ import annotations

import base64
import hashlib
import io
import logging
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import cast

import jwt
import pyotp
import qrcode
from pyotp.exceptions import OTPVerificationError
from pyotp.utils import strings_equal
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from aurora_app.core import crypto
from aurora_app.core.cache import get_cache, get_limiter
from aurora_app.core.config import get_settings
from aurora_app.core.db import session_scope
from aurora_app.core.metrics import AUTH_2FA_FAILURES, AUTH_LOGINS
from aurora_app.core.security import (
    HasherBusy,
    create_access_token,
    decode_access_token,
    hash_password,
    password_hasher,
    verify_password,
)
from aurora_app.models import Auditoria, CodigoRecuperacao, Papel, Sessao, TokenRevogado, Usuario
from aurora_app.models.schemas import UsuarioRead
from aurora_app.services import audit, sessoes
from aurora_app.services.actor import Actor
from aurora_app.services.audit import RequestContext
from aurora_app.services.errors import BadRequest, Conflict, Forbidden, TooManyRequests, Unauthorized, Unavailable
from aurora_app.services.passwords import MAX_LENGTH, check_password_policy

TOKEN_INVALIDO = "Sessão inválida ou expirada. Entre novamente."  # noqa: S105 - a user message
CREDENCIAIS_INVALIDAS = "E-mail ou senha incorretos."
OTP_REQUERIDO = "Informe o código de 6 dígitos do seu aplicativo autenticador (ou um código de recuperação)."
OTP_INVALIDO = "Código de verificação inválido ou já utilizado."
SENHA_INCORRETA = "Senha incorreta."
TROCA_DE_SENHA = "Sua senha foi redefinida por um administrador: escolha uma nova senha para continuar."
SENHA_TEMPORARIA_EXPIRADA = "A senha temporária expirou. Peça ao administrador uma nova."

# Limits (moving window, ``limits`` library). Per account+IP: every attempt counts (so parallel
# guesses cannot slip through), a success clears it. Per IP: failures count, so one office
# behind a NAT is not locked out by its own good logins.
LOGIN_RULE_CONTA = "5/minute"
LOGIN_RULE_IP = "20/minute"
OTP_RULE_CONTA = "5/minute"
OTP_RULE_IP = "20/minute"
SENHA_RULE_CONTA = "5/minute"  # password re-confirmation (2FA setup/disable, password change)

log = logging.getLogger(__name__)

TOTP_ISSUER = "Aurora"
TOTP_SECRET_CHARS = 32  # base32: 32 × 5 = 160 bits (RFC 4226 recommends 160)
TOTP_VALID_WINDOW = 1
TOTP_MAX_FALHAS = 5
TOTP_BLOQUEIO = timedelta(minutes=15)
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # 32 symbols, no 0/O/1/I


@dataclass(frozen=True)
class TokenOut:
    access_token: str
    expires_in: int
    token_type: str = "bearer"  # noqa: S105 - OAuth2 token type name, not a secret


@dataclass(frozen=True)
class TotpSetup:
    secret: str
    otpauth_uri: str
    qr_png_base64: str


@dataclass(frozen=True)
class TotpActivation:
    recovery_codes: list[str]
    token: TokenOut  # the old token was revoked by the 2FA change; this one passed 2FA


def _now() -> datetime:
    return datetime.now(UTC)


def _ip(ctx: RequestContext | None) -> str:
    return (ctx.ip if ctx and ctx.ip else "desconhecido")[:64]


def _duration_pt(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} segundo{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    return f"{minutes} minuto{'s' if minutes != 1 else ''}"


def _too_many(retry_after: int, code: str = "muitas_tentativas", what: str = "tentativas") -> TooManyRequests:
    return TooManyRequests(
        f"Muitas {what}. Aguarde {_duration_pt(retry_after)} e tente novamente.", retry_after=retry_after, code=code
    )


def _issue(
    session,
    user: Usuario,
    amr: list[str],
    now: datetime | None = None,  # noqa: ANN001
    ctx: RequestContext | None = None,
) -> TokenOut:
    """A token and its ``Sessao`` row (listed in "Sessões ativas"), in the caller's transaction."""
    token, claims = create_access_token(user_id=cast(int, user.id), papel=user.papel, amr=amr, now=now)
    sessoes.registrar(session, claims, ctx)
    return TokenOut(access_token=token, expires_in=get_settings().ACCESS_TOKEN_EXPIRE_MINUTES * 60)


_dummy_lock = threading.Lock()
_dummy: list[str] = []


def _dummy_hash() -> str:
    """Verified when the email is unknown, so both answers cost one argon2 verification. Made
    once per process, by one thread (a burst of unknown emails at start-up must not hash it 40
    times, nor wait for a hash slot)."""
    if not _dummy:
        with _dummy_lock:
            if not _dummy:
                _dummy.append(password_hasher().hash(secrets.token_urlsafe(32)))
    return _dummy[0]


# ---- token → actor ------------------------------------------------------------------------


def actor_from_token(token: str | None) -> Actor:
    if not token:
        raise Unauthorized("Autenticação necessária.", code="nao_autenticado")
    try:
        claims = decode_access_token(token)
    except jwt.InvalidTokenError as exc:
        raise Unauthorized(TOKEN_INVALIDO, code="token_invalido") from exc
    # One round trip on every authenticated call: the user's state and the revocation check.
    revogado = select(TokenRevogado.jti).where(TokenRevogado.jti == claims.jti).exists()
    visto = select(Sessao.visto_em).where(Sessao.jti == claims.jti).scalar_subquery()
    stmt = select(
        Usuario.id,
        Usuario.email,
        Usuario.nome,
        Usuario.papel,
        Usuario.ativo,
        Usuario.tokens_validos_desde,
        revogado.label("revogado"),
        visto.label("visto_em"),
    ).where(Usuario.id == claims.sub)
    with session_scope() as session:
        row = session.execute(stmt).one_or_none()
    # Refused: unknown or inactive user, a token older than the last password/2FA/status change,
    # or one revoked (logout, or a session ended from "Sessões ativas").
    if row is None:
        raise Unauthorized(TOKEN_INVALIDO, code="token_invalido")
    if row.revogado:
        raise Unauthorized(
            SESSAO_ENCERRADA["sessao_encerrada"], code="token_invalido", extra={"motivo": "sessao_encerrada"}
        )
    if not row.ativo or claims.iat < row.tokens_validos_desde:
        motivo = "conta_desativada" if not row.ativo else _motivo_encerramento(row.id)
        raise Unauthorized(
            SESSAO_ENCERRADA.get(motivo, TOKEN_INVALIDO), code="token_invalido", extra={"motivo": motivo}
        )
    sessoes.tocar(claims.jti, row.visto_em)  # "last seen": a write at most every few minutes
    return Actor(id=row.id, email=row.email, nome=row.nome, papel=row.papel, amr=claims.amr, jti=claims.jti)


# Why a session was ended by a security change elsewhere (the audit knows; no extra column).
SESSAO_ENCERRADA = {
    "conta_desativada": "Sua conta foi desativada por um administrador. Fale com ele para voltar a entrar.",
    "senha_alterada": "Sua senha foi alterada em outra sessão. Entre novamente com a nova senha.",
    "papel_alterado": "Seu papel foi alterado por um administrador. Entre novamente para continuar.",
    "2fa_alterado": "A verificação em duas etapas da sua conta mudou. Entre novamente.",
    "conta_reativada": "Sua conta foi reativada. Entre novamente.",
    "senha_redefinida": "Sua senha foi redefinida por um administrador. Entre com a senha temporária que ele lhe passou.",
    "sessao_encerrada": "Esta sessão foi encerrada (saída ou Sessões ativas, em Segurança da conta). Entre novamente.",
}
_ACOES_ENCERRAMENTO = {
    "senha_alterada": "senha_alterada",
    "2fa_ativado": "2fa_alterado",
    "2fa_desativado": "2fa_alterado",
    "usuario_papel_alterado": "papel_alterado",
    "usuario_reativado": "conta_reativada",
    "usuario_senha_redefinida": "senha_redefinida",
    "usuario_2fa_redefinido": "2fa_alterado",
}


def _motivo_encerramento(user_id: int) -> str:
    """The newest security change of this user: their own (password, 2FA) or an admin's (role, status)."""
    proprias = [a for a in _ACOES_ENCERRAMENTO if not a.startswith("usuario_")]
    de_admin = [a for a in _ACOES_ENCERRAMENTO if a.startswith("usuario_")]
    stmt = (
        select(Auditoria.acao)
        .where(
            or_(
                (Auditoria.usuario_id == user_id) & Auditoria.acao.in_(proprias),
                (Auditoria.entidade == "usuario")
                & (Auditoria.entidade_id == str(user_id))
                & Auditoria.acao.in_(de_admin),
            )
        )
        .order_by(Auditoria.criado_em.desc(), Auditoria.id.desc())
        .limit(1)
    )
    with session_scope() as session:
        acao = session.execute(stmt).scalar_one_or_none()
    return _ACOES_ENCERRAMENTO.get(acao or "", "sessao_encerrada")


def require_admin_2fa(actor: Actor) -> Actor:
    """Admin functions need the admin role and a session that passed 2FA (SPEC §3)."""
    if actor.papel != Papel.admin:
        raise Forbidden("Você não tem permissão para esta ação.", code="sem_permissao")
    if not actor.passed_2fa:
        raise Forbidden(
            "A área administrativa exige verificação em duas etapas: ative-a em Segurança da conta e entre novamente com o código.",
            code="2fa_requerido",
        )
    return actor


def me(actor: Actor) -> UsuarioRead:
    with session_scope() as session:
        user = session.get(Usuario, actor.id)
        if user is None or not user.ativo:
            raise Unauthorized(TOKEN_INVALIDO, code="token_invalido")
        return UsuarioRead.model_validate(user)


# ---- login / logout -----------------------------------------------------------------------


def _find_user(session, email: str) -> Usuario | None:  # noqa: ANN001
    return session.execute(select(Usuario).where(func.lower(Usuario.email) == email)).scalar_one_or_none()


def _audit_alone(**kwargs) -> None:  # noqa: ANN003
    """An audit row in its own transaction (failures must be recorded although the call fails)."""
    with session_scope() as session:
        audit.record(session, **kwargs)


def _verificar_contando(
    password: str, stored: str, *, ip: str, email: str, ctx: RequestContext | None
) -> tuple[bool, str | None]:
    """The password check, counted before it runs: the attempts of one IP being verified right
    now take the IP's remaining failure slots first, so a burst of simultaneous logins never runs
    more checks than the limit allows (failures are still what fills the window, so an office
    behind one NAT is not locked out by its own good logins). Busy hashers shed with a 503.

    The IP's free slots are read *after* joining the in-flight count: a check that finished
    recorded its failure before leaving that count, so every attempt is seen in one of the two
    (a slot read before the increment could miss an attempt that ended in between)."""
    cache = get_cache()
    chave = f"login_em_curso|{ip}"
    em_curso = cache.incr(chave, ttl_seconds=60)
    try:
        if em_curso > get_limiter().peek("login_ip", LOGIN_RULE_IP, ip).remaining:
            _audit_alone(acao="login_limitado", email=email, detalhes={"em_curso": em_curso}, ctx=ctx)
            AUTH_LOGINS.labels("limitado").inc()
            raise _too_many(5, what="tentativas de login ao mesmo tempo")
        try:
            valid, new_hash = verify_password(password, stored)
        except HasherBusy as exc:
            AUTH_LOGINS.labels("limitado").inc()
            raise Unavailable(
                "Muitos acessos ao mesmo tempo. Tente novamente em alguns segundos.",
                retry_after=2,
                code="servidor_ocupado",
            ) from exc
        if not valid:  # recorded before leaving the in-flight count (see above)
            get_limiter().hit("login_ip", LOGIN_RULE_IP, ip)
        return valid, new_hash
    finally:
        if cache.incr(chave, by=-1) < 0:  # the key expired mid-check (60 s): start again from zero
            cache.delete(chave)


def registrar_erro_anonimo(ctx: RequestContext | None) -> None:
    """A request without a token that failed (malformed body, a 5xx) spends one of the IP's login
    attempts: hostile input cannot be sent without limit by someone who never logged in."""
    get_limiter().hit("login_ip", LOGIN_RULE_IP, _ip(ctx))


def login(
    *,
    email: str,
    password: str,
    otp: str | None = None,
    nova_senha: str | None = None,
    ctx: RequestContext | None = None,
) -> TokenOut:
    """Password, then (2FA accounts) a code. After an admin reset the password (a temporary one,
    ``senha_temporaria_ate``) the login also needs ``nova_senha``: 401 ``troca_de_senha_requerida``
    without it (checked before the code, so no code is spent), and the session is issued only
    once the new password is stored."""
    email_n = (email or "").strip().lower()[:254]
    password = password if isinstance(password, str) else ""
    ip = _ip(ctx)
    limiter = get_limiter()

    by_ip = limiter.peek("login_ip", LOGIN_RULE_IP, ip)
    conta_key = f"{email_n}|{ip}"
    by_conta = limiter.hit("login_conta", LOGIN_RULE_CONTA, conta_key) if by_ip.allowed else by_ip
    if not by_ip.allowed or not by_conta.allowed:
        retry = max(by_ip.retry_after, by_conta.retry_after)
        _audit_alone(acao="login_limitado", email=email_n, detalhes={"retry_after": retry}, ctx=ctx)
        AUTH_LOGINS.labels("limitado").inc()
        raise _too_many(retry, what="tentativas de login")

    with session_scope() as session:
        user = _find_user(session, email_n) if email_n else None
        stored = user.senha_hash if user is not None else _dummy_hash()
        user_id = user.id if user is not None else None
        ativo = bool(user and user.ativo)
        totp_ativo = bool(user and user.totp_ativo)
        temporaria_ate = user.senha_temporaria_ate if user is not None else None
    if len(password) > MAX_LENGTH:
        valid, new_hash = False, None
    else:
        valid, new_hash = _verificar_contando(password, stored, ip=ip, email=email_n, ctx=ctx)

    if user_id is None or not valid or not ativo:
        if valid or len(password) > MAX_LENGTH:  # a wrong password was counted during the check
            limiter.hit("login_ip", LOGIN_RULE_IP, ip)
        motivo = "usuario_desconhecido" if user_id is None else ("senha_incorreta" if not valid else "usuario_inativo")
        with session_scope() as session:
            if user_id is not None:
                session.execute(
                    update(Usuario).where(Usuario.id == user_id).values(falhas_login=Usuario.falhas_login + 1)
                )
            audit.record(
                session, acao="login_falha", usuario_id=user_id, email=email_n, detalhes={"motivo": motivo}, ctx=ctx
            )
        AUTH_LOGINS.labels("falha").inc()
        raise Unauthorized(CREDENCIAIS_INVALIDAS, code="credenciais_invalidas")

    if new_hash:
        with session_scope() as session:
            session.execute(update(Usuario).where(Usuario.id == user_id).values(senha_hash=new_hash))

    novo_hash = _nova_senha_no_login(temporaria_ate, password, nova_senha, email=email_n, user_id=user_id, ctx=ctx)

    amr = ["pwd"]
    if totp_ativo:
        if not (otp or "").strip():
            AUTH_LOGINS.labels("otp_requerido").inc()
            raise Unauthorized(OTP_REQUERIDO, code="otp_requerido")
        try:
            metodo = verify_second_factor(user_id=user_id, code=otp, ctx=ctx, purpose="login")
        except (Unauthorized, TooManyRequests):
            AUTH_LOGINS.labels("otp_invalido").inc()
            raise
        amr = ["pwd", "otp"]
    else:
        metodo = None

    limiter.clear("login_conta", LOGIN_RULE_CONTA, conta_key)
    AUTH_LOGINS.labels("sucesso").inc()
    with session_scope() as session:
        user = cast(Usuario, session.get(Usuario, user_id))
        now = _now()
        user.falhas_login = 0
        user.ultimo_login_em = now
        if novo_hash is not None:
            user.senha_hash = novo_hash
            user.senha_temporaria_ate = None
            user.tokens_validos_desde = now
            user.atualizado_em = now
            audit.record(
                session,
                acao="senha_alterada",
                usuario_id=user.id,
                email=user.email,
                detalhes={"motivo": "senha_temporaria"},
                ctx=ctx,
            )
        audit.record(
            session,
            acao="login_sucesso",
            usuario_id=user.id,
            email=user.email,
            detalhes={"amr": amr, "segundo_fator": metodo},
            ctx=ctx,
        )
        sessoes.limpar(session, cast(int, user.id))
        return _issue(session, user, amr, now=now, ctx=ctx)


def _nova_senha_no_login(
    temporaria_ate: datetime | None,
    password: str,
    nova_senha: str | None,
    *,
    email: str,
    user_id: int,
    ctx: RequestContext | None,
) -> str | None:
    """The hash of the new password when the current one is temporary (None otherwise)."""
    if temporaria_ate is None:
        return None
    if temporaria_ate <= _now():
        _audit_alone(
            acao="login_falha",
            usuario_id=user_id,
            email=email,
            detalhes={"motivo": "senha_temporaria_expirada"},
            ctx=ctx,
        )
        AUTH_LOGINS.labels("falha").inc()
        raise Unauthorized(SENHA_TEMPORARIA_EXPIRADA, code="senha_temporaria_expirada")
    if not isinstance(nova_senha, str) or not nova_senha:
        raise Unauthorized(TROCA_DE_SENHA, code="troca_de_senha_requerida")
    check_password_policy(nova_senha, email=email)
    if strings_equal(password, nova_senha):
        raise BadRequest("A nova senha deve ser diferente da senha temporária.", code="senha_repetida")
    return hash_password(nova_senha)


def logout(*, token: str, ctx: RequestContext | None = None) -> None:
    actor = actor_from_token(token)
    claims = decode_access_token(token)
    with session_scope() as session:
        sessoes.revogar(session, jti=claims.jti, user_id=actor.id, expira_em=claims.exp)
        audit.record(session, acao="logout", usuario_id=actor.id, email=actor.email, ctx=ctx)
        try:
            session.flush()
        except IntegrityError:  # already revoked by a concurrent logout
            session.rollback()


# ---- second factor ------------------------------------------------------------------------


def normalise_code(code: str | None) -> str:
    return "".join(ch for ch in (code or "") if ch.isalnum()).upper()


def _hash_recovery(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def _new_recovery_codes() -> list[str]:
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(16))  # 16 × 5 = 80 bits
        codes.append("-".join(raw[i : i + 4] for i in range(0, 16, 4)))
    return codes


def _totp_secret(user: Usuario) -> str:
    """The stored secret, decrypted. A key missing from DATA_ENCRYPTION_KEY is the server's fault: 503."""
    try:
        return crypto.decrypt(user.totp_secret or "")
    except crypto.SecretUnreadable:
        log.error(
            "Segredo TOTP do usuário #%s ilegível: a chave que o cifrou não está em DATA_ENCRYPTION_KEY.", user.id
        )
        raise Unavailable(
            "Não foi possível conferir o código de verificação agora. Avise o administrador do sistema.",
            code="chave_indisponivel",
        ) from None


def _totp_step(secret: str, code: str) -> int | None:
    if len(code) != 6 or not code.isdigit():
        return None
    try:
        return pyotp.TOTP(secret).verify_and_get_timecode(code, valid_window=TOTP_VALID_WINDOW)
    except OTPVerificationError:
        return None


def _claim_step(session, user_id: int, step: int) -> bool:  # noqa: ANN001
    """Compare-and-set: of two concurrent submissions of one code, exactly one wins."""
    result = session.execute(
        update(Usuario)
        .where(Usuario.id == user_id)
        .where(or_(Usuario.totp_ultimo_passo.is_(None), Usuario.totp_ultimo_passo < step))
        .values(totp_ultimo_passo=step, totp_falhas=0)
    )
    return cast(CursorResult, result).rowcount == 1


def verify_second_factor(*, user_id: int, code: str | None, ctx: RequestContext | None, purpose: str) -> str:
    """Checks a TOTP or a recovery code for an account with 2FA on. Returns "totp" or "recuperacao".

    Raises 401 ``otp_invalido`` (wrong, replayed or used code), 429 ``otp_bloqueado`` (5 wrong
    codes → 15 minutes) or 429 ``muitas_tentativas`` (rate limits).
    """
    ip = _ip(ctx)
    limiter = get_limiter()
    by_ip = limiter.peek("otp_ip", OTP_RULE_IP, ip)
    by_conta = limiter.hit("otp_conta", OTP_RULE_CONTA, f"{user_id}|{ip}") if by_ip.allowed else by_ip
    if not by_ip.allowed or not by_conta.allowed:
        retry = max(by_ip.retry_after, by_conta.retry_after)
        _audit_alone(acao="otp_limitado", usuario_id=user_id, detalhes={"finalidade": purpose}, ctx=ctx)
        raise _too_many(retry, what="tentativas de código")

    code_n = normalise_code(code)
    now = _now()
    outcome: str | None = None
    locked_for = 0
    with session_scope() as session:
        user = session.get(Usuario, user_id)
        if user is None or not user.totp_ativo or not user.totp_secret:
            raise BadRequest("A verificação em duas etapas não está ativa nesta conta.", code="2fa_inativo")
        if user.totp_bloqueado_ate and user.totp_bloqueado_ate > now:
            locked_for = max(1, int((user.totp_bloqueado_ate - now).total_seconds()) + 1)
        else:
            step = _totp_step(_totp_secret(user), code_n)
            if step is not None:
                outcome = "totp" if _claim_step(session, user_id, step) else None
            elif len(code_n) == 16:
                used = session.execute(
                    update(CodigoRecuperacao)
                    .where(CodigoRecuperacao.usuario_id == user_id)
                    .where(CodigoRecuperacao.codigo_hash == _hash_recovery(code_n))
                    .where(CodigoRecuperacao.usado_em.is_(None))
                    .values(usado_em=now)
                )
                if cast(CursorResult, used).rowcount == 1:
                    outcome = "recuperacao"
                    session.execute(update(Usuario).where(Usuario.id == user_id).values(totp_falhas=0))
                    restantes = session.execute(
                        select(func.count())
                        .select_from(CodigoRecuperacao)
                        .where(CodigoRecuperacao.usuario_id == user_id, CodigoRecuperacao.usado_em.is_(None))
                    ).scalar_one()
                    audit.record(
                        session,
                        acao="codigo_recuperacao_usado",
                        usuario_id=user_id,
                        email=user.email,
                        detalhes={"finalidade": purpose, "restantes": restantes},
                        ctx=ctx,
                    )
            if outcome is None:
                session.execute(
                    update(Usuario).where(Usuario.id == user_id).values(totp_falhas=Usuario.totp_falhas + 1)
                )
                falhas = session.execute(select(Usuario.totp_falhas).where(Usuario.id == user_id)).scalar_one()
                audit.record(
                    session,
                    acao="otp_falha",
                    usuario_id=user_id,
                    email=user.email,
                    detalhes={"finalidade": purpose, "falhas": falhas},
                    ctx=ctx,
                )
                if falhas >= TOTP_MAX_FALHAS:
                    until = now + TOTP_BLOQUEIO
                    session.execute(
                        update(Usuario).where(Usuario.id == user_id).values(totp_bloqueado_ate=until, totp_falhas=0)
                    )
                    audit.record(
                        session,
                        acao="otp_bloqueado",
                        usuario_id=user_id,
                        email=user.email,
                        detalhes={"ate": until.isoformat(), "finalidade": purpose},
                        ctx=ctx,
                    )
                    locked_for = int(TOTP_BLOQUEIO.total_seconds())
    if locked_for:
        raise TooManyRequests(
            f"Verificação em duas etapas bloqueada após {TOTP_MAX_FALHAS} códigos incorretos. "
            f"Tente novamente em {_duration_pt(locked_for)}.",
            retry_after=locked_for,
            code="otp_bloqueado",
        )
    if outcome is None:
        AUTH_2FA_FAILURES.labels(purpose).inc()
        limiter.hit("otp_ip", OTP_RULE_IP, ip)
        raise Unauthorized(OTP_INVALIDO, code="otp_invalido")
    limiter.clear("otp_conta", OTP_RULE_CONTA, f"{user_id}|{ip}")  # only the holder of the secret gets here
    return outcome


def _confirm_password(session, user: Usuario, password: str, ctx: RequestContext | None) -> None:  # noqa: ANN001
    limit = get_limiter().hit("senha_conta", SENHA_RULE_CONTA, str(user.id))
    if not limit.allowed:
        raise _too_many(limit.retry_after, what="tentativas de senha")
    ok, new_hash = (
        (False, None) if len(password or "") > MAX_LENGTH else verify_password(password or "", user.senha_hash)
    )
    if not ok:
        raise Unauthorized(SENHA_INCORRETA, code="senha_incorreta")
    if new_hash:
        user.senha_hash = new_hash


def _load_active(session, actor: Actor) -> Usuario:  # noqa: ANN001
    user = session.get(Usuario, actor.id)
    if user is None or not user.ativo:
        raise Unauthorized(TOKEN_INVALIDO, code="token_invalido")
    return user


def totp_setup(*, actor: Actor, password: str, ctx: RequestContext | None = None) -> TotpSetup:
    """Step 1 of enrollment: a fresh 160-bit secret, pending until confirmed with a code."""
    with session_scope() as session:
        user = _load_active(session, actor)
        try:
            _confirm_password(session, user, password, ctx)
        except Unauthorized:
            _audit_alone(
                acao="2fa_setup_falha",
                usuario_id=user.id,
                email=user.email,
                detalhes={"motivo": "senha_incorreta"},
                ctx=ctx,
            )
            raise
        if user.totp_ativo:
            raise Conflict(
                "A verificação em duas etapas já está ativa. Desative-a antes de gerar uma nova chave.",
                code="2fa_ja_ativo",
            )
        secret = pyotp.random_base32(length=TOTP_SECRET_CHARS)
        user.totp_secret = crypto.encrypt(secret)
        user.totp_ultimo_passo = None
        user.totp_falhas = 0
        user.atualizado_em = _now()
        audit.record(session, acao="2fa_setup", usuario_id=user.id, email=user.email, ctx=ctx)
        uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=TOTP_ISSUER)
    image = qrcode.make(uri, box_size=6, border=2)
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return TotpSetup(secret=secret, otpauth_uri=uri, qr_png_base64=base64.b64encode(buf.getvalue()).decode())


def totp_activate(*, actor: Actor, otp: str, ctx: RequestContext | None = None) -> TotpActivation:
    """Step 2: the first code proves the app has the secret; recovery codes are shown once."""
    ip = _ip(ctx)
    limit = get_limiter().hit("otp_conta", OTP_RULE_CONTA, f"{actor.id}|{ip}")
    if not limit.allowed:
        raise _too_many(limit.retry_after, what="tentativas de código")
    code_n = normalise_code(otp)
    with session_scope() as session:
        user = _load_active(session, actor)
        if user.totp_ativo:
            raise Conflict("A verificação em duas etapas já está ativa.", code="2fa_ja_ativo")
        if not user.totp_secret:
            raise BadRequest("Gere a chave primeiro (confirme sua senha).", code="2fa_sem_chave")
        step = _totp_step(_totp_secret(user), code_n)
        ok = step is not None and _claim_step(session, cast(int, user.id), step)
        if not ok:
            session.rollback()
            _audit_alone(acao="2fa_ativacao_falha", usuario_id=actor.id, email=actor.email, ctx=ctx)
            raise BadRequest(
                "Código inválido. Confira o relógio do celular e digite o código atual.", code="otp_invalido"
            )
        now = _now()
        codes = _new_recovery_codes()
        session.execute(delete(CodigoRecuperacao).where(CodigoRecuperacao.usuario_id == user.id))
        for code in codes:
            session.add(CodigoRecuperacao(usuario_id=cast(int, user.id), codigo_hash=_hash_recovery(code)))
        user.totp_ativo = True
        user.totp_falhas = 0
        user.totp_bloqueado_ate = None
        user.tokens_validos_desde = now
        user.atualizado_em = now
        audit.record(session, acao="2fa_ativado", usuario_id=user.id, email=user.email, ctx=ctx)
        session.flush()
        get_limiter().clear("otp_conta", OTP_RULE_CONTA, f"{actor.id}|{ip}")
        return TotpActivation(recovery_codes=codes, token=_issue(session, user, ["pwd", "otp"], now=now, ctx=ctx))


def desligar_2fa(session: Session, user: Usuario, now: datetime) -> None:
    """2FA off for ``user`` (secret, recovery codes and lockout gone) and every earlier token dead:
    the user's own deactivation and an admin's reset. The caller audits it."""
    user.totp_ativo = False
    user.totp_secret = None
    user.totp_ultimo_passo = None
    user.totp_falhas = 0
    user.totp_bloqueado_ate = None
    user.tokens_validos_desde = now
    user.atualizado_em = now
    session.execute(delete(CodigoRecuperacao).where(CodigoRecuperacao.usuario_id == user.id))


def totp_deactivate(*, actor: Actor, password: str, otp: str, ctx: RequestContext | None = None) -> TokenOut:
    """Needs the password and a current code (or a recovery code). Every earlier token dies."""
    with session_scope() as session:
        user = _load_active(session, actor)
        if not user.totp_ativo:
            raise BadRequest("A verificação em duas etapas não está ativa.", code="2fa_inativo")
        try:
            _confirm_password(session, user, password, ctx)
        except Unauthorized:
            session.rollback()
            _audit_alone(
                acao="2fa_desativacao_falha",
                usuario_id=actor.id,
                email=actor.email,
                detalhes={"motivo": "senha_incorreta"},
                ctx=ctx,
            )
            raise
        user_id = cast(int, user.id)
    verify_second_factor(user_id=user_id, code=otp, ctx=ctx, purpose="desativar_2fa")
    with session_scope() as session:
        user = cast(Usuario, session.get(Usuario, user_id))
        now = _now()
        desligar_2fa(session, user, now)
        audit.record(session, acao="2fa_desativado", usuario_id=user_id, email=user.email, ctx=ctx)
        session.flush()
        return _issue(session, user, ["pwd"], now=now, ctx=ctx)


def reencrypt_totp_secrets() -> int:
    """Every stored TOTP secret under the first key of DATA_ENCRYPTION_KEY; returns how many were rewritten.

    Idempotent (a secret already under the first key is left alone) and safe beside a running
    app: each row is rewritten only if it still holds the value read (compare-and-set), so a
    user enrolling meanwhile keeps the new secret. Raises ``crypto.SecretUnreadable`` when no
    key opens a secret, before writing anything.
    """
    with session_scope() as session:
        rows = session.execute(select(Usuario.id, Usuario.totp_secret).where(Usuario.totp_secret.is_not(None))).all()
        novos = [(user_id, old, new) for user_id, old in rows if (new := crypto.reencrypt(old)) is not None]
        regravados = 0
        for user_id, old, new in novos:
            result = session.execute(
                update(Usuario).where(Usuario.id == user_id, Usuario.totp_secret == old).values(totp_secret=new)
            )
            regravados += cast(CursorResult, result).rowcount
        audit.record(session, acao="chave_dados_girada", detalhes={"regravados": regravados, "total": len(rows)})
    return regravados


def recovery_codes_left(actor: Actor) -> int:
    with session_scope() as session:
        return session.execute(
            select(func.count())
            .select_from(CodigoRecuperacao)
            .where(CodigoRecuperacao.usuario_id == actor.id, CodigoRecuperacao.usado_em.is_(None))
        ).scalar_one()


def change_password(*, actor: Actor, senha_atual: str, nova_senha: str, ctx: RequestContext | None = None) -> TokenOut:
    """Every earlier token dies; the caller gets a fresh one with the same ``amr``."""
    with session_scope() as session:
        user = _load_active(session, actor)
        email = user.email
    check_password_policy(nova_senha, email=email)
    if strings_equal(senha_atual or "", nova_senha or ""):
        raise BadRequest("A nova senha deve ser diferente da atual.", code="senha_repetida")
    new_hash = hash_password(nova_senha)
    with session_scope() as session:
        user = _load_active(session, actor)
        try:
            _confirm_password(session, user, senha_atual, ctx)
        except Unauthorized:
            session.rollback()
            _audit_alone(acao="senha_alteracao_falha", usuario_id=actor.id, email=actor.email, ctx=ctx)
            raise
        now = _now()
        user.senha_hash = new_hash
        user.senha_temporaria_ate = None
        user.tokens_validos_desde = now
        user.atualizado_em = now
        audit.record(session, acao="senha_alterada", usuario_id=user.id, email=user.email, ctx=ctx)
        session.flush()
        return _issue(session, user, list(actor.amr), now=now, ctx=ctx)
