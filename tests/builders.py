"""The one place for test builders: users (fast, or with a real password), actors, tokens and
headers, valid CNPJs, clientes and leads. The fixtures in tests/conftest.py (``make_user``,
``token_for``, ``auth_headers``) and the per-layer role fixtures are thin wrappers over these."""

from __future__ import annotations

import itertools
import random

from aurora_app.core.cnpj import calcular_dv
from aurora_app.models.cliente import ClienteCreate
from aurora_app.models.lead import LeadCreate
from aurora_app.services import clientes, leads
from aurora_app.services.actor import Actor

_seq = itertools.count(1)
_rng = random.Random(20261129)


def actor_of(user) -> Actor:  # noqa: ANN001
    return Actor(id=user.id, email=user.email, nome=user.nome, papel=user.papel)


def novo_cnpj(alfanumerico: bool = False) -> str:
    """A fresh valid bare CNPJ (numeric by default)."""
    n = next(_seq)
    if alfanumerico:
        base = f"{n:04d}AB{_rng.randrange(10**4):04d}" + "01"
        base = base[:12]
    else:
        base = f"{n:06d}{_rng.randrange(10**2):02d}0001"
    return base + calcular_dv(base)


def mascarar(cnpj: str) -> str:
    return f"{cnpj[:2]}.{cnpj[2:5]}.{cnpj[5:8]}/{cnpj[8:12]}-{cnpj[12:]}"


def cria_cliente(actor: Actor, **kw):
    data = {"cnpj": novo_cnpj(), "razao_social": f"Empresa {next(_seq)} Ltda", **kw}
    return clientes.create(actor=actor, data=ClienteCreate(**data))


def cria_lead(actor: Actor, **kw):
    data = {"nome": f"Oportunidade {next(_seq)}", "valor": "1000.00", **kw}
    return leads.create(actor=actor, data=LeadCreate(**data))


def usuario_com_senha(
    papel: str = "vendedor", email: str | None = None, nome: str | None = None, password: str | None = None
):
    """A user created through the service (argon2id hash): for tests that log in with a password
    (``TEST_PASSWORD`` unless told)."""
    from aurora_app.services.usuarios import create_user
    from tests.conftest import TEST_PASSWORD

    n = next(_seq)
    return create_user(
        email=email or f"{papel}{n}@aurora.test",
        password=password or TEST_PASSWORD,
        nome=nome or f"{papel.title()} {n}",
        papel=papel,
    )


def token(user, amr: tuple[str, ...] = ("pwd",)) -> str:  # noqa: ANN001
    """A token as the login would issue it (``amr`` says whether 2FA was passed)."""
    from aurora_app.core.security import create_access_token

    return create_access_token(user_id=user.id, papel=user.papel, amr=list(amr))[0]


def headers(user, amr: tuple[str, ...] = ("pwd",)) -> dict[str, str]:  # noqa: ANN001
    return {"Authorization": f"Bearer {token(user, amr)}"}


def usuario(papel: str = "vendedor", nome: str | None = None, ativo: bool = True):
    """A user inserted directly (no argon2 hashing: these tests never log in with a password).
    Returns a UsuarioRead, usable with the ``token_for``/``auth_headers`` fixtures."""
    from aurora_app.core.db import session_scope
    from aurora_app.models import Usuario
    from aurora_app.models.schemas import UsuarioRead

    n = next(_seq)
    with session_scope() as s:
        u = Usuario(
            email=f"{papel}.{n}@crm.test",
            nome=nome or f"{papel.title()} {n}",
            papel=papel,
            ativo=ativo,
            senha_hash="$argon2id$not-a-real-hash",
        )
        s.add(u)
        s.flush()
        return UsuarioRead.model_validate(u)
