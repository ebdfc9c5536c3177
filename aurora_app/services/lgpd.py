"""LGPD console (SPEC §9, issue 16): where a titular appears, export (art. 18 V), anonymisation
(art. 18 IV/VI), the requests register (art. 18, deadline of art. 19) and consent history.

Who: an admin whose token passed 2FA, or a user marked ``encarregado`` (``permissoes.exigir_lgpd``).

Where personal data lives: contatos (nome, cargo, e-mail, phones, consent origin), a lead's
contact fields (contato, e-mail, telefone), clientes' e-mail/telefone (an MEI's are a person's),
users, free text of interactions, partners (sócios) inside cached CNPJ answers, the AI store
(documents built from leads and interactions) and the titulares' own requests.

How a titular is identified: the query is an e-mail, a phone (10–11 digits, optional +55), a CPF
(11 digits) or a name. For export and anonymisation (by e-mail) the identity is widened once
with the phones and full names found on the matched records. Rows are matched by the strong
identifiers (e-mail, phone, CPF); a *full name* (two words or more) is only used to scrub
mentions in the interactions of the records found and to find partner entries in cached CNPJ
answers — a bare first name never scrubs anything (homonyms).

Never logged and never audited: the data itself. The audit row of an anonymisation holds the
counts and the motivo (itself scrubbed of the titular's identifiers).
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import ColumnElement, false, func, or_, select
from sqlmodel import Session

from aurora_app.core.cache import BackendUnavailable, get_cache
from aurora_app.core.db import session_scope
from aurora_app.core.geracoes import invalidar
from aurora_app.models import Cliente, Contato, Interacao, Lead, Usuario
from aurora_app.models.base import fold, utcnow
from aurora_app.models.contato import busca_contato
from aurora_app.models.lead import busca_lead
from aurora_app.models.lgpd import (
    ESTADOS_ABERTOS,
    PRAZO_DIAS,
    Anonimizacao,
    ConsentimentoHistorico,
    EstadoSolicitacao,
    SolicitacaoTitular,
    TipoSolicitacao,
)
from aurora_app.services import audit, permissoes
from aurora_app.services.actor import Actor
from aurora_app.services.audit import RequestContext
from aurora_app.services.consulta import check_id, escape_like
from aurora_app.services.errors import Invalid, NotFound, Unavailable
from aurora_app.services.paging import Page, after_cursor, build_page, check_limit

log = logging.getLogger("aurora.lgpd")

ROTULO = "Titular anonimizado #{n}"
REMOVIDO = "[dado removido]"
CNPJ_PREFIX = "cnpj:v1:"  # integrations.cnpja.ConsultaCache.PREFIX
CNPJ_KEEP_SECONDS = 30 * 86400  # integrations.cnpja.STALE_KEEP_SECONDS
MAX_Q = 254
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NUMEROS = re.compile(r"[+(]?\d[\d().\s/-]{6,}\d")


# --- who may ------------------------------------------------------------------------------------


def _encarregado(s: Session, actor: Actor) -> bool:
    return bool(s.execute(select(Usuario.encarregado).where(Usuario.id == actor.id)).scalar())


def _autorizar(s: Session, actor: Actor) -> None:
    permissoes.exigir_lgpd(actor, encarregado=_encarregado(s, actor))


def pode_usar(actor: Actor) -> bool:
    """Whether the console (page, nav link) is for this caller."""
    with session_scope() as s:
        return permissoes.pode_lgpd(actor, encarregado=_encarregado(s, actor))


def ve_console(actor: Actor) -> bool:
    """Whether the navigation shows the console: admins (an admin without 2FA is told why on the
    page) and encarregados."""
    with session_scope() as s:
        return permissoes.pode_lgpd_papel(actor.papel, encarregado=_encarregado(s, actor))


# --- identity -----------------------------------------------------------------------------------


def _digitos(texto: str) -> str:
    return re.sub(r"\D", "", texto)


def _telefone(digitos: str) -> str:
    return digitos[2:] if len(digitos) in (12, 13) and digitos.startswith("55") else digitos


def _nome_completo(nome: str | None) -> bool:
    return bool(nome) and len(fold(nome).split()) >= 2 and len(nome.strip()) >= 5  # type: ignore[union-attr]


@dataclass
class Identidade:
    emails: set[str] = field(default_factory=set)
    telefones: set[str] = field(default_factory=set)  # 10-11 digits, no country code
    cpfs: set[str] = field(default_factory=set)  # 11 digits
    nomes: set[str] = field(default_factory=set)  # as typed or as stored

    def vazia(self) -> bool:
        return not (self.emails or self.telefones or self.cpfs or self.nomes)

    def nomes_completos(self) -> set[str]:
        return {n for n in self.nomes if _nome_completo(n)}


def interpretar(q: str | None) -> Identidade:
    """What the console's search box holds: an e-mail, a phone, a CPF or a name."""
    q = (q or "").strip()
    if len(q) < 3:
        raise Invalid("Digite ao menos 3 caracteres: e-mail, telefone, CPF ou nome.", code="busca_curta")
    if len(q) > MAX_Q:
        raise Invalid(f"Busca longa demais (máximo {MAX_Q} caracteres).", code="busca_longa")
    ident = Identidade()
    if "@" in q:
        ident.emails.add(q.lower())
        return ident
    digitos = _digitos(q)
    if not re.search(r"[^\d\s().+\-/]", q) and len(digitos) >= 10:
        if len(digitos) == 11:
            ident.cpfs.add(digitos)
        tel = _telefone(digitos)
        if len(tel) in (10, 11):
            ident.telefones.add(tel)
        if not ident.vazia():
            return ident
    ident.nomes.add(q)
    return ident


def _email(email: str | None) -> str:
    email = (email or "").strip().lower()
    if not email or len(email) > 254 or not _EMAIL.match(email):
        raise Invalid("Informe um e-mail válido do titular.", code="email_invalido")
    return email


def _like(column: Any, termo: str) -> ColumnElement[bool]:
    return func.lower(column).like(f"%{escape_like(termo.lower())}%", escape="\\")


def _variantes_telefone(tel: str) -> list[str]:
    ddd, num = tel[:2], tel[2:]
    meio = len(num) - 4
    return [
        tel,
        f"({ddd}) {num[:meio]}-{num[meio:]}",
        f"({ddd}){num[:meio]}-{num[meio:]}",
        f"{num[:meio]}-{num[meio:]}",
        f"{ddd} {num[:meio]}-{num[meio:]}",
        f"{ddd} {num}",
    ]


def _variantes_cpf(cpf: str) -> list[str]:
    return [cpf, f"{cpf[:3]}.{cpf[3:6]}.{cpf[6:9]}-{cpf[9:]}"]


def _menciona(texto: str | None, ident: Identidade, nomes: bool) -> bool:
    if not texto:
        return False
    baixo = texto.lower()
    if any(e in baixo for e in ident.emails):
        return True
    for trecho in _NUMEROS.findall(texto):
        d = _digitos(trecho)
        if d in ident.cpfs or _telefone(d) in ident.telefones:
            return True
    return nomes and any(fold(n) in fold(texto) for n in ident.nomes_completos())


def _escrubar(texto: str | None, ident: Identidade, rotulo: str) -> str | None:
    """``texto`` without the titular's e-mails, phones, CPFs and full names."""
    if not texto:
        return texto
    for e in ident.emails:
        texto = re.sub(re.escape(e), REMOVIDO, texto, flags=re.IGNORECASE)

    def _numero(m: re.Match[str]) -> str:
        d = _digitos(m.group(0))
        return REMOVIDO if d in ident.cpfs or _telefone(d) in ident.telefones else m.group(0)

    texto = _NUMEROS.sub(_numero, texto)
    for nome in sorted(ident.nomes_completos(), key=len, reverse=True):
        texto = _sub_nome(texto, nome, rotulo)
    return texto


def _sub_nome(texto: str, nome: str, rotulo: str) -> str:
    """Replaces ``nome`` (case and accents ignored) by ``rotulo``."""
    alvo = fold(nome)
    dobrado = fold(texto)
    if len(dobrado) != len(texto):  # a character folded into several: fall back to exact matching
        return re.sub(re.escape(nome), rotulo, texto, flags=re.IGNORECASE)
    out, i = [], 0
    while True:
        j = dobrado.find(alvo, i)
        if j < 0:
            out.append(texto[i:])
            return "".join(out)
        out.append(texto[i:j])
        out.append(rotulo)
        i = j + len(alvo)


# --- finding ------------------------------------------------------------------------------------


@dataclass
class Achados:
    contatos: list[Contato] = field(default_factory=list)
    leads: list[Lead] = field(default_factory=list)
    clientes: list[Cliente] = field(default_factory=list)
    usuarios: list[Usuario] = field(default_factory=list)
    interacoes: list[Interacao] = field(default_factory=list)
    socios: list[dict[str, Any]] = field(default_factory=list)  # {"cnpj", "razao_social", "socio"}
    solicitacoes: list[SolicitacaoTitular] = field(default_factory=list)

    def total(self) -> int:
        return sum(
            len(x)
            for x in (
                self.contatos,
                self.leads,
                self.clientes,
                self.usuarios,
                self.interacoes,
                self.socios,
                self.solicitacoes,
            )
        )


def _conds_fortes(email_col: Any, tel_cols: list[Any], ident: Identidade) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = []
    if ident.emails:
        conds.append(func.lower(email_col).in_(sorted(ident.emails)))
    for col in tel_cols:
        if ident.telefones:
            conds.append(col.in_(sorted(ident.telefones)))
    return conds


def _buscar(s: Session, ident: Identidade, *, por_nome: bool) -> Achados:
    """Rows holding the titular. ``por_nome``: a name typed in the search box also matches rows
    (the console shows them; anonymisation uses the strong identifiers only)."""
    a = Achados()
    nomes = [fold(n) for n in ident.nomes] if por_nome else []

    conds = _conds_fortes(Contato.email, [Contato.telefone, Contato.whatsapp], ident)
    conds += [Contato.busca.like(f"%{escape_like(n)}%", escape="\\") for n in nomes]
    if conds:
        a.contatos = list(s.execute(select(Contato).where(or_(*conds)).order_by(Contato.id)).scalars())

    conds = _conds_fortes(Lead.email, [Lead.telefone], ident)
    conds += [_like(Lead.contato, n) for n in ident.nomes] if por_nome else []
    if conds:
        a.leads = list(s.execute(select(Lead).where(or_(*conds)).order_by(Lead.id)).scalars())

    conds = _conds_fortes(Cliente.email, [Cliente.telefone], ident)
    if conds:
        a.clientes = list(s.execute(select(Cliente).where(or_(*conds)).order_by(Cliente.id)).scalars())

    conds = [func.lower(Usuario.email).in_(sorted(ident.emails))] if ident.emails else []
    conds += [_like(Usuario.nome, n) for n in ident.nomes] if por_nome else []
    if conds:
        a.usuarios = list(s.execute(select(Usuario).where(or_(*conds)).order_by(Usuario.id)).scalars())

    a.interacoes = _interacoes(s, ident, a, por_nome=por_nome)
    a.socios = _socios(ident)

    conds = [func.lower(SolicitacaoTitular.titular_email).in_(sorted(ident.emails))] if ident.emails else []
    conds += [_like(SolicitacaoTitular.titular_nome, n) for n in ident.nomes]
    if conds:
        a.solicitacoes = list(
            s.execute(select(SolicitacaoTitular).where(or_(*conds)).order_by(SolicitacaoTitular.id)).scalars()
        )
    return a


def _interacoes(s: Session, ident: Identidade, a: Achados, *, por_nome: bool) -> list[Interacao]:
    """Interactions mentioning an e-mail, phone or CPF anywhere; or a full name, in the timeline
    of a cliente/lead where the titular is (anywhere, when a name was typed in the search box)."""
    padroes = list(ident.emails)
    for tel in ident.telefones:
        padroes += _variantes_telefone(tel)
    for cpf in ident.cpfs:
        padroes += _variantes_cpf(cpf)
    conds: list[ColumnElement[bool]] = [_like(Interacao.descricao, p) for p in padroes]
    completos = ident.nomes_completos()
    if completos:
        nome_cond = or_(*[_like(Interacao.descricao, n) for n in completos])
        if por_nome:
            conds.append(nome_cond)
        else:
            clientes: set[int] = (
                {c.cliente_id for c in a.contatos}
                | {c.id for c in a.clientes if c.id is not None}
                | {ld.cliente_id for ld in a.leads if ld.cliente_id}
            )
            leads: set[int] = {ld.id for ld in a.leads if ld.id is not None}
            alvo = or_(
                Interacao.cliente_id.in_(sorted(clientes)) if clientes else false(),
                Interacao.lead_id.in_(sorted(leads)) if leads else false(),
            )
            conds.append(nome_cond & alvo)
    if not conds:
        return []
    rows = s.execute(select(Interacao).where(or_(*conds)).order_by(Interacao.id)).scalars()
    # The LIKE found candidates (a phone written another way, accents): the text decides.
    return [
        r
        for r in rows
        if _menciona(r.descricao, ident, nomes=True) or any(p.lower() in r.descricao.lower() for p in padroes)
    ]


def _entradas_cnpj() -> list[tuple[str, dict[str, Any]]]:
    cache = get_cache()
    try:
        chaves = cache.keys(CNPJ_PREFIX)
    except BackendUnavailable as exc:
        raise Unavailable(
            "O cache de consultas de CNPJ está indisponível; tente de novo em instantes.",
            code="cache_indisponivel",
            retry_after=10,
        ) from exc
    out = []
    for chave in chaves:
        if chave.startswith(CNPJ_PREFIX + "nf:"):
            continue
        try:
            raw = cache.get(chave)
            entry = json.loads(raw) if raw else None
        except (BackendUnavailable, ValueError):
            continue
        if isinstance(entry, dict) and isinstance(entry.get("data"), dict):
            out.append((chave, entry))
    return out


def _socio_do_titular(socio: dict[str, Any], ident: Identidade) -> bool:
    nome = fold(str(socio.get("nome") or "")).strip()
    if nome and any(fold(n).strip() == nome for n in ident.nomes_completos() | ident.nomes):
        return True
    doc = _digitos(str(socio.get("documento") or ""))
    # The Receita masks a partner's CPF (***456789**): its six middle digits.
    return bool(doc) and any(doc in (cpf, cpf[3:9]) for cpf in ident.cpfs)


def _socios(ident: Identidade) -> list[dict[str, Any]]:
    if not (ident.nomes or ident.cpfs):
        return []
    out = []
    for _chave, entry in _entradas_cnpj():
        data = entry["data"]
        for socio in data.get("socios") or []:
            if isinstance(socio, dict) and _socio_do_titular(socio, ident):
                out.append({"cnpj": data.get("cnpj"), "razao_social": data.get("razao_social"), "socio": socio})
    return out


def cpf_valido(d: str) -> bool:
    if len(d) != 11 or d == d[0] * 11:
        return False
    for n in (9, 10):
        soma = sum(int(d[i]) * (n + 1 - i) for i in range(n))
        if (soma * 10) % 11 % 10 != int(d[n]):
            return False
    return True


def _cpfs_no_texto(texto: str) -> set[str]:
    return {d for d in (_digitos(t) for t in _NUMEROS.findall(texto or "")) if cpf_valido(d)}


def _identidade(s: Session, email: str) -> tuple[Identidade, Achados]:
    """The titular behind ``email``: widened once with the phones and full names of the rows
    found, and with the valid CPFs written in the interactions that mention them."""
    ident = Identidade(emails={email})
    primeiro = _buscar(s, ident, por_nome=False)
    for c in primeiro.contatos:
        ident.telefones |= {t for t in (c.telefone, c.whatsapp) if t}
        ident.nomes |= {c.nome} if _nome_completo(c.nome) else set()
    for ld in primeiro.leads:
        ident.telefones |= {ld.telefone} if ld.telefone else set()
        ident.nomes |= {ld.contato} if ld.contato and _nome_completo(ld.contato) else set()
    for u in primeiro.usuarios:
        ident.nomes |= {u.nome} if _nome_completo(u.nome) else set()
    for sol in primeiro.solicitacoes:
        ident.nomes |= {sol.titular_nome} if sol.titular_nome and _nome_completo(sol.titular_nome) else set()
    segundo = _buscar(s, ident, por_nome=False)
    cpfs = set().union(*(_cpfs_no_texto(i.descricao) for i in segundo.interacoes)) if segundo.interacoes else set()
    if cpfs - ident.cpfs:
        ident.cpfs |= cpfs
        segundo = _buscar(s, ident, por_nome=False)
    return ident, segundo


# --- 1. where a person appears ------------------------------------------------------------------


def _item(tipo: str, id_: Any, nome: str | None, email: str | None, onde: str, link: str | None) -> dict[str, Any]:
    return {"tipo": tipo, "id": id_, "nome": nome, "email": email, "onde": onde, "link": link}


def _itens(s: Session, a: Achados) -> list[dict[str, Any]]:
    ids: set[int | None] = {c.cliente_id for c in a.contatos}
    razao = _razoes(s, ids | {i.cliente_id for i in a.interacoes if i.cliente_id})
    itens = []
    for c in a.contatos:
        estado = " (na lixeira)" if c.removido_em else ""
        itens.append(
            _item(
                "contato",
                c.id,
                c.nome,
                c.email,
                f"Contato de {razao.get(c.cliente_id, 'cliente')}{estado}",
                f"/clientes/{c.cliente_id}",
            )
        )
    for ld in a.leads:
        itens.append(
            _item("lead", ld.id, ld.contato, ld.email, f"Lead “{ld.nome}” (campos de contato)", f"/leads/{ld.id}")
        )
    for cl in a.clientes:
        itens.append(
            _item(
                "cliente",
                cl.id,
                cl.razao_social,
                cl.email,
                "Cliente (e-mail ou telefone da empresa)",
                f"/clientes/{cl.id}",
            )
        )
    for u in a.usuarios:
        itens.append(_item("usuario", u.id, u.nome, u.email, f"Usuário do Aurora ({u.papel})", "/admin"))
    for it in a.interacoes:
        if it.lead_id:
            onde, link = f"Texto de uma interação do lead #{it.lead_id}", f"/leads/{it.lead_id}"
        else:
            onde, link = (
                f"Texto de uma interação de {razao.get(it.cliente_id or 0, 'cliente')}",
                f"/clientes/{it.cliente_id}",
            )
        itens.append(_item("interacao", it.id, None, None, onde, link))
    for sc in a.socios:
        itens.append(
            _item(
                "socio_cnpj",
                sc["cnpj"],
                sc["socio"].get("nome"),
                None,
                f"Sócio de {sc['razao_social']} (consulta de CNPJ em cache)",
                f"/cnpj?cnpj={sc['cnpj']}",
            )
        )
    for sol in a.solicitacoes:
        itens.append(
            _item("solicitacao", sol.id, sol.titular_nome, sol.titular_email, "Solicitação de titular", "/admin/lgpd")
        )
    return itens


def _razoes(s: Session, ids: set[int | None]) -> dict[int, str]:
    ids_ = sorted(i for i in ids if i)
    if not ids_:
        return {}
    return {
        int(r[0]): str(r[1])
        for r in s.execute(select(Cliente.id, Cliente.razao_social).where(Cliente.id.in_(ids_))).all()
    }


def titulares(*, actor: Actor, q: str) -> dict[str, Any]:
    """``{items: [{tipo, id, nome, email, onde, link}]}``: every place the person appears."""
    ident = interpretar(q)
    with session_scope() as s:
        _autorizar(s, actor)
        return {"items": _itens(s, _buscar(s, ident, por_nome=True))}


# --- 2. export (portability) --------------------------------------------------------------------


def _json(v: Any) -> Any:
    if isinstance(v, datetime | date):
        return v.isoformat()
    if isinstance(v, Decimal):
        return str(v)
    return v


def _dados(row: Any, campos: tuple[str, ...]) -> dict[str, Any]:
    return {c: _json(getattr(row, c)) for c in campos}


def _historico(s: Session, contato_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {i: [] for i in contato_ids}
    if not contato_ids:
        return out
    rows = s.execute(
        select(ConsentimentoHistorico)
        .where(ConsentimentoHistorico.contato_id.in_(contato_ids))
        .order_by(ConsentimentoHistorico.criado_em, ConsentimentoHistorico.id)
    ).scalars()
    for h in rows:
        out[h.contato_id].append(
            _dados(h, ("evento", "base_legal", "consentimento_em", "consentimento_origem", "criado_em"))
        )
    return out


BASE_SOCIO = "dados públicos da Receita Federal (art. 7º, §§ 3º e 4º)"
BASE_USUARIO = "execucao_contrato (relação de trabalho com a empresa)"


def exportar(*, actor: Actor, email: str, ctx: RequestContext | None = None) -> dict[str, Any]:
    """Everything held about the titular of ``email``, with each record's legal basis and
    consent history. Audited (counts only). After an anonymisation ``registros`` is empty."""
    email = _email(email)
    with session_scope() as s:
        _autorizar(s, actor)
        _ident, a = _identidade(s, email)
        hist = _historico(s, [c.id for c in a.contatos if c.id is not None])
        base_contato = {c.id: c.base_legal for c in a.contatos}
        razao = _razoes(s, {c.cliente_id for c in a.contatos})
        registros: list[dict[str, Any]] = []
        for c in a.contatos:
            registros.append(
                {
                    "tipo": "contato",
                    "id": c.id,
                    "onde": f"Contato de {razao.get(c.cliente_id, 'cliente')}",
                    "dados": _dados(
                        c,
                        (
                            "nome",
                            "cargo",
                            "email",
                            "telefone",
                            "whatsapp",
                            "cliente_id",
                            "criado_em",
                            "atualizado_em",
                            "removido_em",
                        ),
                    ),
                    "base_legal": c.base_legal,
                    "consentimento": {
                        "em": _json(c.consentimento_em),
                        "origem": c.consentimento_origem,
                        "revogado_em": _json(c.consentimento_revogado_em),
                    },
                    "historico_consentimento": hist.get(c.id or 0, []),
                }
            )
        for ld in a.leads:
            registros.append(
                {
                    "tipo": "lead",
                    "id": ld.id,
                    "onde": f"Lead “{ld.nome}”",
                    "dados": _dados(
                        ld,
                        (
                            "nome",
                            "empresa",
                            "contato",
                            "email",
                            "telefone",
                            "origem",
                            "estagio",
                            "criado_em",
                            "atualizado_em",
                            "removido_em",
                        ),
                    ),
                    "base_legal": base_contato.get(ld.contato_id, "legitimo_interesse"),
                    "consentimento": None,
                    "historico_consentimento": [],
                }
            )
        for cl in a.clientes:
            registros.append(
                {
                    "tipo": "cliente",
                    "id": cl.id,
                    "onde": "Cliente",
                    "dados": _dados(cl, ("razao_social", "email", "telefone")),
                    "base_legal": "execucao_contrato",
                    "consentimento": None,
                    "historico_consentimento": [],
                }
            )
        for u in a.usuarios:
            registros.append(
                {
                    "tipo": "usuario",
                    "id": u.id,
                    "onde": "Usuário do Aurora",
                    "dados": _dados(u, ("nome", "email", "papel", "ativo", "criado_em", "ultimo_login_em")),
                    "base_legal": BASE_USUARIO,
                    "consentimento": None,
                    "historico_consentimento": [],
                }
            )
        for it in a.interacoes:
            registros.append(
                {
                    "tipo": "interacao",
                    "id": it.id,
                    "onde": "Texto de interação",
                    "dados": _dados(it, ("tipo", "descricao", "cliente_id", "lead_id", "criado_em")),
                    "base_legal": "legitimo_interesse",
                    "consentimento": None,
                    "historico_consentimento": [],
                }
            )
        for sc in a.socios:
            registros.append(
                {
                    "tipo": "socio_cnpj",
                    "id": sc["cnpj"],
                    "onde": f"Sócio de {sc['razao_social']}",
                    "dados": sc["socio"],
                    "base_legal": BASE_SOCIO,
                    "consentimento": None,
                    "historico_consentimento": [],
                }
            )
        solicitacoes = [
            _dados(sol, ("id", "tipo", "estado", "recebida_em", "prazo_em", "concluida_em")) for sol in a.solicitacoes
        ]
        audit.record(
            s,
            acao="lgpd_exportacao",
            usuario_id=actor.id,
            email=actor.email,
            entidade="lgpd",
            detalhes={"registros": len(registros)},
            ctx=ctx,
        )
    return {
        "titular": {"email": email} if registros else {},
        "gerado_em": utcnow().isoformat(),
        "controlador": "Aurora CRM",
        "registros": registros,
        "solicitacoes": solicitacoes,
    }


def exportar_html(dados: dict[str, Any]) -> str:
    """The export as a readable page (pt-BR), every value escaped."""
    from html import escape  # noqa: PLC0415

    linhas = [
        f"<h1>Dados pessoais do titular {escape(str(dados['titular'].get('email', '')))}</h1>",
        f"<p>Gerado em {escape(dados['gerado_em'])} por {escape(dados['controlador'])}.</p>",
    ]
    if not dados["registros"]:
        linhas.append("<p>Nenhum dado pessoal deste titular está armazenado.</p>")
    for r in dados["registros"]:
        linhas.append(f"<h2>{escape(str(r['onde']))} ({escape(str(r['tipo']))} #{escape(str(r['id']))})</h2>")
        linhas.append(f"<p>Base legal: {escape(str(r['base_legal']))}</p><dl>")
        for k, v in (r["dados"] or {}).items():
            linhas.append(f"<dt>{escape(str(k))}</dt><dd>{escape('' if v is None else str(v))}</dd>")
        linhas.append("</dl>")
        for h in r.get("historico_consentimento") or []:
            linhas.append(f"<p>Consentimento: {escape(json.dumps(h, ensure_ascii=False))}</p>")
    corpo = "\n".join(linhas)
    return f'<!doctype html><html lang="pt-BR"><meta charset="utf-8"><title>Exportação LGPD</title><body>{corpo}</body></html>'


# --- 3. anonymisation ---------------------------------------------------------------------------


def previa_anonimizacao(*, actor: Actor, email: str) -> dict[str, int]:
    """What an anonymisation of ``email`` would change, as counts per kind (the confirmation)."""
    email = _email(email)
    with session_scope() as s:
        _autorizar(s, actor)
        _ident, a = _identidade(s, email)
        return _contagens(a)


def _contagens(a: Achados) -> dict[str, int]:
    return {
        "contatos": len(a.contatos),
        "leads": len(a.leads),
        "clientes": len(a.clientes),
        "usuarios": len(a.usuarios),
        "interacoes": len(a.interacoes),
        "socios_cnpj": len(a.socios),
        "solicitacoes": len(a.solicitacoes),
    }


def anonimizar(
    *, actor: Actor, email: str, motivo: str, solicitacao_id: int | None = None, ctx: RequestContext | None = None
) -> dict[str, Any]:
    """Irreversible: the titular of ``email`` replaced by "Titular anonimizado #n" everywhere;
    values, dates and stages kept. ``{registros: n}`` (n = records changed)."""
    email = _email(email)
    motivo = (motivo or "").strip()
    if not motivo or len(motivo) > 500:
        raise Invalid("Informe o motivo da anonimização (até 500 caracteres).", code="motivo_invalido")
    check_id(solicitacao_id, "solicitacao_id")
    with session_scope() as s:
        _autorizar(s, actor)
    return _executar(
        email=email,
        motivo=motivo,
        usuario_id=actor.id,
        usuario_email=actor.email,
        ctx=ctx,
        solicitacao_id=solicitacao_id,
    )


def _executar(
    *,
    email: str,
    motivo: str,
    usuario_id: int | None,
    usuario_email: str | None,
    ctx: RequestContext | None,
    solicitacao_id: int | None = None,
) -> dict[str, Any]:
    """The anonymisation itself (callers checked who may: the console, or the retention CLI)."""
    with session_scope() as s:
        ident, a = _identidade(s, email)
        if solicitacao_id is not None and s.get(SolicitacaoTitular, solicitacao_id) is None:
            raise NotFound("Solicitação não encontrada.", code="nao_encontrado")
        reg = Anonimizacao(motivo="…", registros=0, usuario_id=usuario_id, solicitacao_id=solicitacao_id)
        s.add(reg)
        s.flush()
        rotulo = ROTULO.format(n=reg.id)
        motivo_limpo = _escrubar(motivo, ident, rotulo) or ""
        reg.motivo = motivo_limpo[:500]
        _aplicar(s, a, ident, rotulo)
        reg.registros = a.total()
        contagens = _contagens(a)
        _purgar_cnpj(ident)  # before commit: a cache down aborts the whole operation (503)
        audit.record(
            s,
            acao="lgpd_anonimizacao",
            usuario_id=usuario_id,
            email=usuario_email,
            entidade="lgpd_anonimizacao",
            entidade_id=reg.id,
            detalhes={"motivo": motivo_limpo, "contagens": contagens, "solicitacao_id": solicitacao_id},
            ctx=ctx,
        )
        total = a.total()
        ids_ia = (
            [f"interacao:{i.id}" for i in a.interacoes]
            + [f"lead:{ld.id}" for ld in a.leads]
            + [f"cliente:{c.id}" for c in a.clientes]
        )
    invalidar("cliente", "lead", "contato")
    ia_pendente = not _limpar_ia(ids_ia, ident)
    log.info("lgpd: anonimização #%s aplicada (%s registros)", reg.id, total)
    return {"registros": total, "anonimizacao_id": reg.id, "ia_pendente": ia_pendente}


def _aplicar(s: Session, a: Achados, ident: Identidade, rotulo: str) -> None:
    from aurora_app.ai_core import ingestion  # noqa: PLC0415

    agora = utcnow()
    for c in a.contatos:
        c.nome, c.cargo, c.email, c.telefone, c.whatsapp = rotulo, None, None, None, None
        c.consentimento_origem = None
        c.busca = busca_contato(nome=rotulo)
        c.versao += 1
        c.atualizado_em = agora
    if a.contatos:
        for h in s.execute(
            select(ConsentimentoHistorico).where(ConsentimentoHistorico.contato_id.in_([c.id for c in a.contatos]))
        ).scalars():
            h.consentimento_origem = None
    for ld in a.leads:
        ld.contato = rotulo if ld.contato else None
        ld.email, ld.telefone = None, None
        ld.nome = (_escrubar(ld.nome, ident, rotulo) or rotulo)[:200]
        ld.motivo_perda = _escrubar(ld.motivo_perda, ident, rotulo)
        ld.busca = busca_lead(ld.nome, ld.empresa, ld.contato, ld.cnpj)
        ld.versao += 1
        ld.atualizado_em = agora
    for cl in a.clientes:
        if cl.email and cl.email.lower() in ident.emails:
            cl.email = None
        if cl.telefone in ident.telefones:
            cl.telefone = None
        cl.versao += 1
        cl.atualizado_em = agora
    for u in a.usuarios:
        u.nome = rotulo
        u.email = f"anonimizado-{u.id}@anonimizado.invalid"
        u.ativo = False
        u.totp_secret, u.totp_ativo = None, False
        u.tokens_validos_desde = agora
        u.atualizado_em = agora
    for it in a.interacoes:
        it.descricao = _escrubar(it.descricao, ident, rotulo) or REMOVIDO
    for sol in a.solicitacoes:
        sol.titular_nome, sol.titular_email = rotulo, None
        sol.descricao = _escrubar(sol.descricao, ident, rotulo)
        sol.atualizado_em = agora
    s.flush()
    if a.interacoes:
        ingestion.enqueue(s, "interacao", [i.id for i in a.interacoes if i.id is not None])
    if a.leads:
        ingestion.enqueue(s, "lead", [ld.id for ld in a.leads if ld.id is not None])
    if a.clientes:
        ingestion.enqueue(s, "cliente", [c.id for c in a.clientes if c.id is not None])


def _purgar_cnpj(ident: Identidade) -> int:
    """Cached CNPJ answers lose the titular's partner entry (the rest of the answer stays)."""
    if not (ident.nomes or ident.cpfs):
        return 0
    cache = get_cache()
    n = 0
    for chave, entry in _entradas_cnpj():
        socios = entry["data"].get("socios") or []
        restantes = [sc for sc in socios if not (isinstance(sc, dict) and _socio_do_titular(sc, ident))]
        if len(restantes) == len(socios):
            continue
        entry["data"]["socios"] = restantes
        try:
            cache.set(chave, json.dumps(entry, ensure_ascii=False), CNPJ_KEEP_SECONDS)
        except BackendUnavailable as exc:
            raise Unavailable(
                "O cache de consultas de CNPJ está indisponível; tente de novo em instantes.",
                code="cache_indisponivel",
                retry_after=10,
            ) from exc
        n += len(socios) - len(restantes)
    return n


def _trechos(ident: Identidade) -> set[str]:
    """The titular's identifiers as they may be written in a document (Chroma matches exactly)."""
    out: set[str] = set()
    for e in ident.emails:
        out |= {e, e.upper()}
    for t in ident.telefones:
        out |= set(_variantes_telefone(t))
    for c in ident.cpfs:
        out |= set(_variantes_cpf(c))
    for n in ident.nomes_completos():
        out |= {n, n.upper(), n.title()}
    return out


def _limpar_ia(ids: list[str], ident: Identidade) -> bool:
    """Removes the titular's documents from the AI store now (the outbox re-embeds the scrubbed
    records next). False when the store is unreachable: the outbox still overwrites the known
    documents when it comes back."""
    from aurora_app.ai_core import store  # noqa: PLC0415

    try:
        for trecho in _trechos(ident):
            ids.extend(store.ids_contendo(trecho))
        store.delete(ids=sorted(set(ids)))
    except store.StoreUnavailable:
        log.warning("lgpd: base de conhecimento indisponível; documentos serão regravados pela fila")
        return False
    return True


# --- 6. retention -------------------------------------------------------------------------------


def _retencao_alvos(s: Session, anos: int) -> tuple[datetime, list[Lead], set[str]]:
    """Leads lost before the cut-off that still hold contact data, and the e-mails of their
    titulares who appear in no other, living business (an open or won lead, or a lead lost
    after the cut-off): those are kept."""
    corte = utcnow() - timedelta(days=round(365.25 * anos))
    velho = (Lead.estagio == "perdido") & (Lead.fechado_em < corte)
    com_dados = or_(Lead.contato.is_not(None), Lead.email.is_not(None), Lead.telefone.is_not(None))
    leads = list(s.execute(select(Lead).where(velho, com_dados).order_by(Lead.id)).scalars())
    contatos = {
        c.id: c
        for c in s.execute(
            select(Contato).where(Contato.id.in_(sorted({ld.contato_id for ld in leads if ld.contato_id})))
        ).scalars()
    }
    vivos = {
        str(e).lower()
        for (e,) in s.execute(
            select(Lead.email).where(~velho, Lead.email.is_not(None), Lead.removido_em.is_(None))
        ).all()
    }
    vivos |= {
        str(e).lower()
        for (e,) in s.execute(
            select(Contato.email).join(Lead, Lead.contato_id == Contato.id).where(~velho, Contato.email.is_not(None))
        ).all()
    }
    emails: set[str] = set()
    for ld in leads:
        contato = contatos.get(ld.contato_id or 0)
        for e in (ld.email, contato.email if contato else None):
            if e and e.lower() not in vivos:
                emails.add(e.lower())
    return corte, leads, emails


def retencao(*, aplicar: bool = False, anos: int | None = None) -> dict[str, Any]:
    """The retention policy (``LGPD_RETENCAO_ANOS``): contacts of leads lost more than N years
    ago. Dry run (default): what it would anonymise, as counts and record ids (no personal data).
    ``aplicar``: anonymises each titular (``anonimizar``'s machinery) and clears the contact
    fields of old lost leads without an e-mail; audited. For the CLI (no caller: the system)."""
    from aurora_app.core.config import get_settings  # noqa: PLC0415

    anos = anos or get_settings().LGPD_RETENCAO_ANOS
    motivo = f"Política de retenção: contatos de leads perdidos há mais de {anos} anos"
    with session_scope() as s:
        corte, leads, emails = _retencao_alvos(s, anos)
        contagens: dict[str, int] = {}
        for email in sorted(emails):
            _ident, a = _identidade(s, email)
            for k, v in _contagens(a).items():
                contagens[k] = contagens.get(k, 0) + v
        sem_email = [ld.id for ld in leads if not ld.email and not ld.contato_id]
    relatorio: dict[str, Any] = {
        "anos": anos,
        "corte": corte.isoformat(),
        "leads": [ld.id for ld in leads],
        "titulares": len(emails),
        "leads_sem_email": len(sem_email),
        "contagens": contagens,
        "aplicado": False,
        "registros": 0,
    }
    if not aplicar:
        return relatorio
    total = 0
    for email in sorted(emails):
        total += _executar(email=email, motivo=motivo, usuario_id=None, usuario_email=None, ctx=None)["registros"]
    if sem_email:
        with session_scope() as s:
            reg = Anonimizacao(motivo=motivo, registros=0)
            s.add(reg)
            s.flush()
            rotulo = ROTULO.format(n=reg.id)
            rows = list(s.execute(select(Lead).where(Lead.id.in_(sem_email))).scalars())
            nomes = Identidade(nomes={ld.contato for ld in rows if ld.contato})
            a = Achados(leads=rows)
            a.interacoes = [
                i
                for i in s.execute(select(Interacao).where(Interacao.lead_id.in_(sem_email))).scalars()
                if _menciona(i.descricao, nomes, nomes=True)
            ]
            _aplicar(s, a, Identidade(telefones={ld.telefone for ld in rows if ld.telefone}, nomes=nomes.nomes), rotulo)
            reg.registros = a.total()
            total += a.total()
        invalidar("lead")
    with session_scope() as s:
        audit.record(
            s,
            acao="lgpd_retencao_aplicada",
            entidade="lgpd",
            detalhes={"anos": anos, "titulares": len(emails), "leads": len(leads), "registros": total},
        )
    relatorio.update(aplicado=True, registros=total)
    log.info("lgpd: retenção aplicada (%s titulares, %s registros)", len(emails), total)
    return relatorio


# --- 4. requests register -----------------------------------------------------------------------


class SolicitacaoRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    tipo: str
    titular_nome: str | None = None
    titular_email: str | None = None
    descricao: str | None = None
    estado: str
    recebida_em: datetime
    prazo_em: datetime
    responsavel_id: int | None = None
    responsavel_nome: str | None = None
    resposta: str | None = None
    concluida_em: datetime | None = None
    criado_em: datetime
    atualizado_em: datetime
    atrasada: bool = False
    dias_restantes: int = 0


def _tipo(valor: Any) -> str:
    if not isinstance(valor, str) or valor not in TipoSolicitacao.__members__:
        raise Invalid("Tipo de solicitação inválido: use " + ", ".join(TipoSolicitacao) + ".", code="tipo_invalido")
    return valor


def _estado(valor: Any) -> str:
    if not isinstance(valor, str) or valor not in EstadoSolicitacao.__members__:
        raise Invalid("Estado inválido: use " + ", ".join(EstadoSolicitacao) + ".", code="estado_invalido")
    return valor


def _texto(valor: Any, nome: str, maximo: int) -> str | None:
    if valor is None:
        return None
    if not isinstance(valor, str):
        raise Invalid(f"O campo {nome} deve ser um texto.", code="dados_invalidos")
    valor = valor.strip()
    if len(valor) > maximo:
        raise Invalid(f"O campo {nome} aceita até {maximo} caracteres.", code="dados_invalidos")
    return valor or None


def _read_sol(row: SolicitacaoTitular, nomes: dict[int, str], agora: datetime) -> SolicitacaoRead:
    r = SolicitacaoRead.model_validate(row)
    r.responsavel_nome = nomes.get(row.responsavel_id or 0)
    aberta = row.estado in ESTADOS_ABERTOS
    r.atrasada = aberta and row.prazo_em < agora
    r.dias_restantes = (row.prazo_em.date() - agora.date()).days if aberta else 0
    return r


def _nomes(s: Session, ids: set[int | None]) -> dict[int, str]:
    ids_ = sorted(i for i in ids if i)
    if not ids_:
        return {}
    return {int(i): str(n) for i, n in s.execute(select(Usuario.id, Usuario.nome).where(Usuario.id.in_(ids_))).all()}


def criar_solicitacao(
    *,
    actor: Actor,
    tipo: str,
    titular_nome: str | None = None,
    titular_email: str | None = None,
    descricao: str | None = None,
    recebida_em: datetime | None = None,
    ctx: RequestContext | None = None,
) -> SolicitacaoRead:
    tipo = _tipo(tipo)
    nome = _texto(titular_nome, "titular_nome", 120)
    email = _email(titular_email) if titular_email else None
    if not (nome or email):
        raise Invalid("Identifique o titular: nome ou e-mail.", code="titular_obrigatorio")
    agora = utcnow()
    recebida = (
        (recebida_em or agora).astimezone(UTC)
        if (recebida_em or agora).tzinfo
        else (recebida_em or agora).replace(tzinfo=UTC)
    )
    if recebida > agora + timedelta(minutes=5):
        raise Invalid("A data de recebimento não pode estar no futuro.", code="data_invalida")
    with session_scope() as s:
        _autorizar(s, actor)
        row = SolicitacaoTitular(
            tipo=tipo,
            titular_nome=nome,
            titular_email=email,
            descricao=_texto(descricao, "descricao", 2000),
            recebida_em=recebida,
            prazo_em=recebida + timedelta(days=PRAZO_DIAS),
            criado_por_id=actor.id,
        )
        s.add(row)
        s.flush()
        audit.record(
            s,
            acao="lgpd_solicitacao_criada",
            usuario_id=actor.id,
            email=actor.email,
            entidade="lgpd_solicitacao",
            entidade_id=row.id,
            detalhes={"tipo": tipo},
            ctx=ctx,
        )
        return _read_sol(row, _nomes(s, {row.responsavel_id}), agora)


def listar_solicitacoes(
    *,
    actor: Actor,
    estado: str | None = None,
    atrasadas: bool = False,
    limite: int | None = None,
    cursor: str | None = None,
) -> Page[SolicitacaoRead]:
    lim = check_limit(limite)
    agora = utcnow()
    conds: list[Any] = []
    if estado:
        conds.append(SolicitacaoTitular.estado == _estado(estado))
    if atrasadas:
        conds += [
            SolicitacaoTitular.estado.in_([e.value for e in ESTADOS_ABERTOS]),
            SolicitacaoTitular.prazo_em < agora,
        ]
    seek = after_cursor(SolicitacaoTitular.criado_em, SolicitacaoTitular.id, cursor)
    with session_scope() as s:
        _autorizar(s, actor)
        total = s.execute(select(func.count()).select_from(SolicitacaoTitular).where(*conds)).scalar_one()
        stmt = select(SolicitacaoTitular).where(*conds, *([seek] if seek is not None else []))
        rows = list(
            s.execute(
                stmt.order_by(SolicitacaoTitular.criado_em.desc(), SolicitacaoTitular.id.desc()).limit(lim + 1)
            ).scalars()
        )
        nomes = _nomes(s, {r.responsavel_id for r in rows})
        return build_page(rows, lim, total, lambda r: _read_sol(r, nomes, agora))


def atualizar_solicitacao(
    *,
    actor: Actor,
    solicitacao_id: int,
    estado: str | None = None,
    responsavel_id: int | None = None,
    resposta: str | None = None,
    ctx: RequestContext | None = None,
) -> SolicitacaoRead:
    check_id(solicitacao_id, "solicitacao_id")
    check_id(responsavel_id, "responsavel_id")
    agora = utcnow()
    with session_scope() as s:
        _autorizar(s, actor)
        row = s.get(SolicitacaoTitular, solicitacao_id)
        if row is None:
            raise NotFound("Solicitação não encontrada.", code="nao_encontrado")
        mudou: dict[str, Any] = {}
        if estado is not None:
            novo = _estado(estado)
            if novo != row.estado:
                mudou["estado"] = {"de": row.estado, "para": novo}
                row.estado = novo
                row.concluida_em = None if novo in ESTADOS_ABERTOS else agora
                if row.responsavel_id is None:
                    row.responsavel_id = actor.id
        if responsavel_id is not None and responsavel_id != row.responsavel_id:
            u = s.get(Usuario, responsavel_id)
            if u is None or not u.ativo:
                raise Invalid("Responsável inexistente ou inativo.", code="responsavel_invalido")
            if not permissoes.pode_lgpd_papel(u.papel, encarregado=u.encarregado):
                raise Invalid("O responsável deve ser administrador ou encarregado.", code="responsavel_invalido")
            mudou["responsavel_id"] = {"de": row.responsavel_id, "para": responsavel_id}
            row.responsavel_id = responsavel_id
        if resposta is not None:
            row.resposta = _texto(resposta, "resposta", 2000)
            mudou["resposta"] = True
        row.atualizado_em = agora
        audit.record(
            s,
            acao="lgpd_solicitacao_alterada",
            usuario_id=actor.id,
            email=actor.email,
            entidade="lgpd_solicitacao",
            entidade_id=row.id,
            detalhes={"mudancas": mudou},
            ctx=ctx,
        )
        s.flush()
        return _read_sol(row, _nomes(s, {row.responsavel_id}), agora)


def contar_atrasadas() -> int:
    """Open requests past their 15-day deadline (the console and the admin's painel)."""
    with session_scope() as s:
        return int(
            s.execute(
                select(func.count())
                .select_from(SolicitacaoTitular)
                .where(
                    SolicitacaoTitular.estado.in_([e.value for e in ESTADOS_ABERTOS]),
                    SolicitacaoTitular.prazo_em < utcnow(),
                )
            ).scalar_one()
        )


# --- encarregado --------------------------------------------------------------------------------


def definir_encarregado(*, actor: Actor, usuario_id: int, encarregado: bool, ctx: RequestContext | None = None) -> None:
    """An admin past 2FA marks (or unmarks) a user as encarregado (DPO)."""
    from aurora_app.services import auth  # noqa: PLC0415

    auth.require_admin_2fa(actor)
    check_id(usuario_id, "usuario_id")
    with session_scope() as s:
        u = s.get(Usuario, usuario_id)
        if u is None:
            raise NotFound("Usuário não encontrado.", code="nao_encontrado")
        if u.encarregado != bool(encarregado):
            u.encarregado = bool(encarregado)
            u.atualizado_em = utcnow()
            audit.record(
                s,
                acao="lgpd_encarregado_alterado",
                usuario_id=actor.id,
                email=actor.email,
                entidade="usuario",
                entidade_id=u.id,
                detalhes={"encarregado": bool(encarregado)},
                ctx=ctx,
            )


# --- 5. consent history per contact -------------------------------------------------------------


def registrar_consentimento(s: Session, row: Contato, *, evento: str, usuario_id: int | None) -> None:
    """One entry of a contact's consent history, in the caller's transaction (contatos service)."""
    s.add(
        ConsentimentoHistorico(
            contato_id=row.id or 0,
            evento=evento,
            base_legal=row.base_legal,
            consentimento_em=row.consentimento_em,
            consentimento_origem=row.consentimento_origem,
            usuario_id=usuario_id,
        )
    )


class ConsentimentoRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    evento: str
    base_legal: str
    consentimento_em: datetime | None = None
    consentimento_origem: str | None = None
    usuario_nome: str | None = None
    criado_em: datetime


def historico_consentimento(*, actor: Actor, contato_id: int) -> list[ConsentimentoRead]:
    """The contact's legal basis and consent changes, oldest first (anyone who may read it)."""
    from aurora_app.services import contatos  # noqa: PLC0415

    check_id(contato_id, "contato_id")
    with session_scope() as s:
        contatos.contato_vivo(s, contato_id)  # 404 when gone
        rows = list(
            s.execute(
                select(ConsentimentoHistorico)
                .where(ConsentimentoHistorico.contato_id == contato_id)
                .order_by(ConsentimentoHistorico.criado_em, ConsentimentoHistorico.id)
            ).scalars()
        )
        nomes = _nomes(s, {r.usuario_id for r in rows})
        out = []
        for r in rows:
            item = ConsentimentoRead.model_validate(r)
            item.usuario_nome = nomes.get(r.usuario_id or 0)
            out.append(item)
        return out


def revogar_consentimento(*, actor: Actor, contato_id: int, ctx: RequestContext | None = None) -> dict[str, Any]:
    """The titular revoked consent (art. 18 IX): stamped on the contact, written to its history,
    and a request of kind ``revogacao_consentimento`` opened for the encarregado (15 days)."""
    from aurora_app.services import contatos  # noqa: PLC0415 - contatos imports this module

    check_id(contato_id, "contato_id")
    agora = utcnow()
    with session_scope() as s:
        row = contatos.contato_editavel(s, actor, contato_id)
        if row.base_legal != "consentimento":
            raise Invalid(
                "Só há consentimento a revogar quando a base legal é consentimento.", code="sem_consentimento"
            )
        if row.consentimento_revogado_em is not None:
            raise Invalid("O consentimento deste contato já foi revogado.", code="ja_revogado")
        row.consentimento_revogado_em = agora
        row.atualizado_em = agora
        row.versao += 1
        registrar_consentimento(s, row, evento="revogado", usuario_id=actor.id)
        sol = SolicitacaoTitular(
            tipo=TipoSolicitacao.revogacao_consentimento.value,
            titular_nome=row.nome,
            titular_email=row.email,
            descricao=f"Consentimento revogado no contato #{row.id}.",
            recebida_em=agora,
            prazo_em=agora + timedelta(days=PRAZO_DIAS),
            criado_por_id=actor.id,
        )
        s.add(sol)
        s.flush()
        audit.record(
            s,
            acao="contato_consentimento_revogado",
            usuario_id=actor.id,
            entidade="contato",
            entidade_id=row.id,
            detalhes={"solicitacao_id": sol.id},
            ctx=ctx,
        )
        return {"contato_id": row.id, "consentimento_revogado_em": agora, "solicitacao_id": sol.id}


def consentimento_revogado(row: Contato) -> bool:
    """A contact held on consent that was revoked: left out of exports and bulk actions until
    the encarregado handles it (a new consent, another basis, or anonymisation)."""
    return row.base_legal == "consentimento" and row.consentimento_revogado_em is not None
