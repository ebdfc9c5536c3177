"""Clientes (SPEC §3, §4): CRUD with optimistic locking, search, keyset paging, CSV in and out.

Rules that hold for the REST API and the Reflex pages alike:
- everyone reads every live cliente (a vendedor must see a CNPJ is taken before creating it);
- a vendedor edits and deletes only the clientes they are responsável for; gerente and admin
  edit everything. A vendedor creating a cliente becomes its responsável;
- one live cliente per CNPJ, enforced by the partial unique index ``uq_cliente_cnpj_vivo``
  (concurrent creates: exactly one wins, the others get 409 ``cnpj_duplicado`` + ``cliente_id``);
- PATCH carries ``versao``; the write is ``UPDATE ... WHERE id = :id AND versao = :v`` so a stale
  version can never overwrite (409 ``conflito_versao``);
- soft delete frees the CNPJ; creates, updates, deletes, imports and exports are audited.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, cast

from pydantic import ValidationError
from sqlalchemy import bindparam, func, insert, select
from sqlalchemy import update as sa_update
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from aurora_app.ai_core import ingestion
from aurora_app.core.cnpj import CNPJInvalido, formatar_cnpj, normalizar_cnpj
from aurora_app.core.db import session_scope
from aurora_app.core.geracoes import invalidar
from aurora_app.core.tempo import data_hora_br
from aurora_app.models import Cliente, Usuario
from aurora_app.models.base import utcnow
from aurora_app.models.cliente import (
    CAMPOS_CLIENTE,
    UFS,
    AnaliseImportacao,
    ClienteCreate,
    ClienteRead,
    ClienteUpdate,
    ImportErro,
    ImportResult,
    LinhaAmostra,
    busca_cliente,
)
from aurora_app.services import audit, csv_io, permissoes
from aurora_app.services.actor import Actor
from aurora_app.services.audit import RequestContext
from aurora_app.services.consulta import check_id, cond_busca, contar, inserir_auditado, remover_logico
from aurora_app.services.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from aurora_app.services.paging import (
    Page,
    after_cursor,
    build_page,
    check_limit,
    encode_cursor,
    page_ordenada,
    seek_ordem,
)
from aurora_app.services.validacao import erros as erros_validacao

__all__ = [
    "ClienteCreate",
    "ClienteRead",
    "ClienteUpdate",
    "ImportResult",
    "create",
    "delete",
    "export_csv",
    "find_live_by_cnpj",
    "get",
    "import_csv",
    "list_clientes",
    "pode_editar",
    "update",
    "vivo",
]

MAX_IMPORT_BYTES = 10 * 1024 * 1024
MAX_IMPORT_LINHAS = 50_000
LOTE = 500

NAO_ENCONTRADO = "Cliente não encontrado."
SEM_PERMISSAO = "Você só pode alterar clientes dos quais é responsável."
CONFLITO_VERSAO = "Este cliente foi alterado por outra pessoa. Recarregue os dados e tente novamente."


class PayloadTooLarge(DomainError):
    status = 413
    default_code = "arquivo_grande_demais"


# --- helpers -------------------------------------------------------------------------------


def _cnpj(value: str | None) -> str:
    try:
        return normalizar_cnpj(value or "")
    except CNPJInvalido as exc:
        raise Invalid(str(exc), code="cnpj_invalido", campo="cnpj") from exc


def pode_editar(actor: Actor, cliente: Cliente | ClienteRead) -> bool:
    """Gerente/admin edit everything; a vendedor only what they are responsável for."""
    return permissoes.dono_ou_gestor(actor, cliente.responsavel_id)


def _nome_usuario(session: Session, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    return session.execute(select(Usuario.nome).where(Usuario.id == user_id)).scalar_one_or_none()


_LOOKUP = object()


def to_read(session: Session | None, row: Cliente, nome: Any = _LOOKUP) -> ClienteRead:
    data = row.model_dump()
    data["responsavel_nome"] = _nome_usuario(cast(Session, session), row.responsavel_id) if nome is _LOOKUP else nome
    return ClienteRead.model_validate(data)


def _check_responsavel(session: Session, user_id: int) -> None:
    ativo = session.execute(select(Usuario.ativo).where(Usuario.id == user_id)).scalar_one_or_none()
    if not ativo:
        raise Invalid("Responsável não encontrado ou inativo.", code="responsavel_invalido", campo="responsavel_id")


def vivo(session: Session, cliente_id: int) -> Cliente:
    """The live cliente with that id in the caller's session (404 for an unknown or removed one)."""
    check_id(cliente_id, "cliente_id")
    row = session.execute(
        select(Cliente)
        .where(Cliente.id == cliente_id, Cliente.removido_em.is_(None))
        .execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if row is None:
        raise NotFound(NAO_ENCONTRADO, code="nao_encontrado")
    return row


def _live_id_by_cnpj(cnpj: str) -> int | None:
    with session_scope() as s:
        return s.execute(
            select(Cliente.id).where(Cliente.cnpj == cnpj, Cliente.removido_em.is_(None))
        ).scalar_one_or_none()


def _is_cnpj_unique_violation(exc: IntegrityError) -> bool:
    text = str(exc.orig)
    return "uq_cliente_cnpj_vivo" in text or "cliente.cnpj" in text


def _duplicado(cnpj: str, cliente_id: int | None) -> Conflict:
    return Conflict(
        f"Já existe um cliente com o CNPJ {formatar_cnpj(cnpj)}.",
        code="cnpj_duplicado",
        extra={"cliente_id": cliente_id},
        campo="cnpj",
    )


def _conds(*, busca: str | None, uf: str | None, responsavel_id: int | None) -> list[Any]:
    conds: list[Any] = [Cliente.removido_em.is_(None)]
    if uf:
        if not isinstance(uf, str) or uf.strip().upper() not in UFS:
            raise Invalid("UF inválida: use a sigla de um dos 27 estados, ex.: SP.", code="uf_invalida", campo="uf")
        conds.append(Cliente.uf == uf.strip().upper())
    if responsavel_id is not None:
        conds.append(Cliente.responsavel_id == check_id(responsavel_id, "responsavel_id"))
    # Whole words and prefixes through the full-text index; mid-word fragments by trigrams.
    cond = cond_busca(Cliente.busca, busca, Cliente.cnpj, palavras_entre=tuple(conds))
    if cond is not None:
        conds.append(cond)
    return conds


# --- use cases -----------------------------------------------------------------------------


def create(*, actor: Actor, data: ClienteCreate, ctx: RequestContext | None = None) -> ClienteRead:
    cnpj = _cnpj(data.cnpj)
    responsavel = permissoes.responsavel_na_criacao(actor, data.responsavel_id, acao="cadastram clientes")
    values = data.model_dump(exclude={"cnpj", "responsavel_id"})
    try:
        with session_scope() as s:
            _check_responsavel(s, responsavel)
            now = utcnow()
            row = Cliente(
                **values,
                cnpj=cnpj,
                responsavel_id=responsavel,
                busca=busca_cliente(data.razao_social, data.nome_fantasia, cnpj),
                criado_em=now,
                atualizado_em=now,
                versao=1,
            )
            inserir_auditado(
                s, row, usuario_id=actor.id, detalhes={"cnpj": cnpj, "razao_social": row.razao_social}, ctx=ctx
            )
            read = to_read(s, row)
    except IntegrityError as exc:
        if _is_cnpj_unique_violation(exc):
            raise _duplicado(cnpj, _live_id_by_cnpj(cnpj)) from exc
        raise
    invalidar("cliente")
    return read


def get(*, actor: Actor, cliente_id: int) -> ClienteRead:
    with session_scope() as s:
        return to_read(s, vivo(s, cliente_id))


def find_live_by_cnpj(*, cnpj: str) -> ClienteRead | None:
    """The live cliente with this CNPJ (any mask accepted), or None. 422 for an invalid CNPJ."""
    bare = _cnpj(cnpj)
    with session_scope() as s:
        row = s.execute(select(Cliente).where(Cliente.cnpj == bare, Cliente.removido_em.is_(None))).scalar_one_or_none()
        return to_read(s, row) if row else None


def update(*, actor: Actor, cliente_id: int, data: ClienteUpdate, ctx: RequestContext | None = None) -> ClienteRead:
    changes = data.changes()
    if "cnpj" in changes:
        changes["cnpj"] = _cnpj(changes["cnpj"])
    try:
        with session_scope() as s:
            row = vivo(s, cliente_id)
            if not pode_editar(actor, row):
                raise Forbidden(SEM_PERMISSAO, code="sem_permissao")
            if "responsavel_id" in changes and changes["responsavel_id"] != row.responsavel_id:
                permissoes.exigir_transferencia(actor, "clientes")
                if changes["responsavel_id"] is not None:
                    _check_responsavel(s, changes["responsavel_id"])
            # SPEC §4: a stale versao is a 409; without one the change applies (last write wins).
            conds = [Cliente.id == cliente_id, Cliente.removido_em.is_(None)]
            if data.versao is not None:
                if row.versao != data.versao:
                    raise Conflict(CONFLITO_VERSAO, code="conflito_versao", extra={"versao_atual": row.versao})
                conds.append(Cliente.versao == data.versao)
            merged = {k: changes.get(k, getattr(row, k)) for k in ("razao_social", "nome_fantasia", "cnpj")}
            result = s.execute(
                sa_update(Cliente)
                .where(*conds)
                .values(**changes, busca=busca_cliente(**merged), versao=Cliente.versao + 1, atualizado_em=utcnow())
                .execution_options(synchronize_session=False)
            )
            if cast(CursorResult, result).rowcount != 1:
                raise Conflict(CONFLITO_VERSAO, code="conflito_versao")
            diff = audit.mudancas({k: getattr(row, k) for k in changes}, changes)
            if diff:
                audit.record(
                    s,
                    acao="cliente_alterado",
                    usuario_id=actor.id,
                    entidade="cliente",
                    entidade_id=cliente_id,
                    detalhes={"razao_social": row.razao_social, "mudancas": audit.nomear_responsavel(s, diff)},
                    ctx=ctx,
                )
            ingestion.enqueue(s, "cliente", cliente_id)
            read = to_read(s, vivo(s, cliente_id))
    except IntegrityError as exc:
        if "cnpj" in changes and _is_cnpj_unique_violation(exc):
            raise _duplicado(changes["cnpj"], _live_id_by_cnpj(changes["cnpj"])) from exc
        raise
    invalidar("cliente")
    return read


def delete(*, actor: Actor, cliente_id: int, ctx: RequestContext | None = None) -> None:
    """Soft delete: the row stays (timeline, leads, audit) and the CNPJ may be registered again."""
    with session_scope() as s:
        row = vivo(s, cliente_id)
        if not pode_editar(actor, row):
            raise Forbidden("Você só pode excluir clientes dos quais é responsável.", code="sem_permissao")
        detalhes = {"cnpj": row.cnpj, "razao_social": row.razao_social}
        remover_logico(s, Cliente, cliente_id, NAO_ENCONTRADO, usuario_id=actor.id, detalhes=detalhes, ctx=ctx)
    invalidar("cliente")


ORDENS = ("-criado_em", "criado_em", "razao_social", "-razao_social")


def _coluna_ordem(ordem: str) -> Any:
    # By name: the folded search text, which starts with the razão social (case and accents
    # folded alike on both databases, so "Águia" sorts beside "aguia").
    return Cliente.busca if ordem.lstrip("-") == "razao_social" else Cliente.criado_em


def list_clientes(
    *,
    actor: Actor,
    busca: str | None = None,
    uf: str | None = None,
    responsavel_id: int | None = None,
    limite: int = 50,
    cursor: str | None = None,
    ordem: str | None = None,
) -> Page[ClienteRead]:
    """Newest first (or ``ordem``: one of ``ORDENS``, ``-`` for descending), keyset paged in that
    order. Every role reads every live cliente (SPEC §3)."""
    limite = check_limit(limite)
    ordem = ordem or "-criado_em"
    if ordem not in ORDENS:
        raise Invalid(
            "Ordem inválida: use criado_em ou razao_social (com - para decrescente).",
            code="ordem_invalida",
            campo="ordem",
        )
    conds = _conds(busca=busca, uf=uf, responsavel_id=responsavel_id)
    coluna = _coluna_ordem(ordem)
    if ordem == "-criado_em":  # the original cursors (and their index range scan)
        seek = after_cursor(Cliente.criado_em, Cliente.id, cursor)
        seeks = [seek] if seek is not None else []
    else:
        ler = str if coluna is Cliente.busca else datetime.fromisoformat
        seeks = [seek_ordem(ordem, cursor, coluna, Cliente.id, ler)] if cursor else []
    ordenacao = (coluna.desc(), Cliente.id.desc()) if ordem.startswith("-") else (coluna.asc(), Cliente.id.asc())
    with session_scope() as s:
        total = contar(
            s, "cliente", (busca, uf, responsavel_id), select(func.count()).select_from(Cliente).where(*conds)
        )
        stmt = (
            select(Cliente, Usuario.nome)
            .outerjoin(Usuario, Usuario.id == Cliente.responsavel_id)
            .where(*conds, *seeks)
            .order_by(*ordenacao)
            .limit(limite + 1)
        )
        rows = s.execute(stmt).all()
        reads = [to_read(s, row, nome) for row, nome in rows]
        chaves = {row.id: row.busca for row, _ in rows}
    if ordem == "-criado_em":
        return build_page(reads, limite, total, lambda r: r)
    valor = (lambda r: chaves[r.id]) if coluna is Cliente.busca else (lambda r: r.criado_em.isoformat())
    return page_ordenada(reads, limite, total, ordem, valor)


# --- CSV -----------------------------------------------------------------------------------


def _parse_csv(
    content: bytes, mapeamento: dict[str, str | None] | None = None
) -> tuple[list[tuple[int, str, dict[str, str]]], list[ImportErro]]:
    """Rows as (line, cnpj, non-empty values) plus the errors found without the database."""
    text = csv_io.decodificar(content)
    cols, header, rows = csv_io.ler(text, csv_io.checar_mapeamento(mapeamento))
    if "cnpj" not in cols:
        raise Invalid(
            "O arquivo precisa de uma linha de cabeçalho com a coluna cnpj (e razao_social para clientes novos).",
            code="csv_sem_cnpj",
        )
    parsed: list[tuple[int, str, dict[str, str]]] = []
    erros: list[ImportErro] = []
    vistos: dict[str, int] = {}
    count = 0
    for linha, record in rows:
        if not any(cell.strip() for cell in record):
            continue
        count += 1
        if count > MAX_IMPORT_LINHAS:
            raise PayloadTooLarge(
                f"O arquivo passa de {MAX_IMPORT_LINHAS} linhas; divida-o em partes.", code="arquivo_grande_demais"
            )
        if len(record) > len(header) and any(c.strip() for c in record[len(header) :]):
            erros.append(
                ImportErro(linha=linha, detalhe=f"A linha tem {len(record)} colunas; o cabeçalho tem {len(header)}.")
            )
            continue
        values = {
            field: csv_io.desarmar(cell.strip())
            for field, cell in zip(cols, record, strict=False)
            if field and cell.strip()
        }
        try:
            cnpj = normalizar_cnpj(values.pop("cnpj", ""))
        except CNPJInvalido as exc:
            erros.append(ImportErro(linha=linha, detalhe=str(exc)))
            continue
        if cnpj in vistos:
            erros.append(
                ImportErro(
                    linha=linha, detalhe=f"CNPJ {formatar_cnpj(cnpj)} repetido no arquivo (já na linha {vistos[cnpj]})."
                )
            )
            continue
        vistos[cnpj] = linha
        parsed.append((linha, cnpj, values))
    return parsed, erros


def _erro_validacao(linha: int, exc: ValidationError) -> ImportErro:
    return ImportErro(linha=linha, detalhe="; ".join(erros_validacao(exc)))


_CAMPOS_CSV = tuple(f for f in csv_io.CAMPOS_IMPORT if f not in ("cnpj", "responsavel"))


def _usuarios_por_email(parsed: list[tuple[int, str, dict[str, str]]]) -> dict[str, int]:
    """Active users named in the file's ``responsavel`` column, by lower-case e-mail (one query)."""
    emails = {v["responsavel"].strip().lower() for _, _, v in parsed if v.get("responsavel")}
    if not emails:
        return {}
    with session_scope() as s:
        rows = s.execute(
            select(func.lower(Usuario.email), Usuario.id).where(func.lower(Usuario.email).in_(emails), Usuario.ativo)
        ).all()
    return {email: cast(int, uid) for email, uid in rows}


def _responsavel_da_linha(
    actor: Actor, values: dict[str, str], por_email: dict[str, int], atual: Cliente | None
) -> int | None:
    """The row's ``responsavel`` e-mail as a user id (None: the default — the caller for a new
    cliente, unchanged for an existing one). The same rules as the form: a vendedor registers in
    their own name and may not hand a cliente to someone else. Raises ``Invalid`` with the reason."""
    email = values.pop("responsavel", "").strip()
    if not email:
        return None
    uid = por_email.get(email.lower())
    if uid is None:
        raise Invalid(f"Responsável {email[:80]} não é um usuário ativo.", code="responsavel_invalido")
    if atual is None:
        try:
            return permissoes.responsavel_na_criacao(actor, uid, acao="cadastram clientes")
        except Forbidden as exc:
            raise Invalid(exc.detail, code="sem_permissao") from None
    if uid != atual.responsavel_id and not permissoes.pode_transferir(actor):
        raise Invalid("Sem permissão para reatribuir o cliente: só gerentes e administradores.", code="sem_permissao")
    return uid


_t = Cliente.__table__  # type: ignore[attr-defined]  # set by SQLModel's metaclass
# Compiled once and cached: executemany sends 500 rows per call without re-building SQL.
_UPDATE_IMPORT = (
    sa_update(_t)
    .where(_t.c.id == bindparam("b_id"), _t.c.versao == bindparam("b_versao"), _t.c.removido_em.is_(None))
    .values(
        **{f: bindparam(f"b_{f}") for f in (*_CAMPOS_CSV, "responsavel_id", "busca")},
        versao=_t.c.versao + 1,
        atualizado_em=bindparam("b_agora"),
    )
)


def _bulk_update(batch: list[tuple[int, Cliente, dict[str, Any]]], now) -> set[int]:  # noqa: ANN001
    """Ids of the rows written. ``UPDATE ... WHERE id = :id AND versao = :v`` as one executemany;
    if the total rowcount shows that some row changed meanwhile, the batch is rolled back and
    redone row by row so exactly those rows are reported and the others written."""
    params = [
        {"b_id": row.id, "b_versao": row.versao, "b_agora": now, **{f"b_{k}": v for k, v in novo.items()}}
        for _, row, novo in batch
    ]
    try:
        with session_scope() as s:
            if s.connection().execute(_UPDATE_IMPORT, params).rowcount == len(params):
                ingestion.enqueue(s, "cliente", [cast(int, row.id) for _, row, _ in batch])
                return {cast(int, row.id) for _, row, _ in batch}
            raise _LoteDivergente
    except _LoteDivergente:
        pass
    feitos: set[int] = set()
    with session_scope() as s:
        conn = s.connection()
        for p in params:
            if conn.execute(_UPDATE_IMPORT, p).rowcount == 1:
                feitos.add(p["b_id"])
        ingestion.enqueue(s, "cliente", feitos)
    return feitos


def _vivos_por_cnpj(cnpjs: list[str]):  # noqa: ANN202
    """SELECT of the live clientes' ids with these CNPJs (for the AI outbox after a bulk insert)."""
    return select(Cliente.id).where(Cliente.cnpj.in_(cnpjs), Cliente.removido_em.is_(None))


class _LoteDivergente(Exception):
    """Internal: roll the batch back and redo it row by row."""


def _checar_tamanho(content: bytes) -> None:
    if len(content) > MAX_IMPORT_BYTES:
        raise PayloadTooLarge(
            f"Arquivo grande demais: o limite é {MAX_IMPORT_BYTES // (1024 * 1024)} MB.", code="arquivo_grande_demais"
        )


AMOSTRA = 10


def analisar_csv(*, actor: Actor, content: bytes, mapeamento: dict[str, str | None] | None = None) -> AnaliseImportacao:
    """Before importing: the file's columns, how each maps to a cliente field (the header match,
    or ``mapeamento``), and the first rows as they would be imported, each with its problem —
    the same checks as :func:`import_csv`, nothing written."""
    _checar_tamanho(content)
    text = csv_io.decodificar(content)
    mapa = csv_io.checar_mapeamento(mapeamento)
    cols, header, _ = csv_io.ler(text, mapa)
    analise = AnaliseImportacao(
        colunas=header, mapeamento={h: c for h, c in zip(header, cols, strict=False)}, campos=list(csv_io.CAMPOS_IMPORT)
    )
    try:
        parsed, erros = _parse_csv(content, mapa)
    except Invalid as exc:  # no cnpj column yet: the user maps one
        analise.problema = exc.detail
        return analise
    with session_scope() as s:
        vivos = {
            row.cnpj: row
            for row in s.execute(
                select(Cliente).where(
                    Cliente.cnpj.in_([c for _, c, _ in parsed[:AMOSTRA]]), Cliente.removido_em.is_(None)
                )
            ).scalars()
        }
    por_linha = {e.linha: e.detalhe for e in erros}
    por_email = _usuarios_por_email(parsed[:AMOSTRA])
    for linha, cnpj, values in parsed[:AMOSTRA]:
        problema = por_linha.get(linha, "")
        atual = vivos.get(cnpj)
        campos = dict(values)
        try:
            _responsavel_da_linha(actor, campos, por_email, atual)  # takes ``responsavel`` out of ``campos``
            if problema:
                pass
            elif atual is None:
                ClienteCreate.model_validate({**campos, "cnpj": cnpj})
            elif not pode_editar(actor, atual):
                problema = "Sem permissão: o cliente tem outro responsável."
            else:
                ClienteUpdate.model_validate({**campos, "versao": atual.versao})
        except Invalid as exc:
            problema = exc.detail
        except ValidationError as exc:
            problema = _erro_validacao(linha, exc).detalhe
        analise.amostra.append(
            LinhaAmostra(
                linha=linha, valores={"cnpj": formatar_cnpj(cnpj), **values}, problema=problema, novo=atual is None
            )
        )
    primeira = parsed[0][0] if parsed else None
    analise.amostra += [
        LinhaAmostra(linha=e.linha, valores={}, problema=e.detalhe, novo=False)
        for e in erros
        if primeira is None or e.linha < primeira + AMOSTRA
    ][: max(0, AMOSTRA - len(analise.amostra))]
    analise.amostra.sort(key=lambda a: a.linha)
    return analise


def linhas_rejeitadas_csv(*, content: bytes, erros: list[ImportErro]) -> str:
    """The rows an import refused, as they were in the file, with a ``motivo`` column: fix them in
    a spreadsheet and import the file again. Cells are guarded against formulas."""
    _checar_tamanho(content)
    motivos = {e.linha: e.detalhe for e in erros}
    _, header, rows = csv_io.ler(csv_io.decodificar(content))
    saida = [[*header, "motivo"]]
    saida += [[*record, motivos[linha]] for linha, record in rows if linha in motivos]
    return csv_io.BOM + csv_io.linhas(saida)


def import_csv(
    *,
    actor: Actor,
    content: bytes,
    ctx: RequestContext | None = None,
    mapeamento: dict[str, str | None] | None = None,
    progresso: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Upsert by CNPJ. Rows are validated fully before anything is written, so a bad row is
    reported and skipped, never half-written; good rows are written in batches of 500 (one
    transaction each). An empty cell keeps the current value of an existing cliente. New
    clientes get the caller as responsável; a vendedor cannot update someone else's cliente.
    ``progresso(rows settled, rows)`` is called after the checks and after each batch (the
    page's progress bar)."""
    _checar_tamanho(content)
    parsed, erros = _parse_csv(content, mapeamento)
    # Every data row ends in exactly one bucket: criados + atualizados + inalterados + erros == linhas.
    result = ImportResult(linhas=len(parsed) + len(erros))

    existing: dict[str, Cliente] = {}
    cnpjs = [cnpj for _, cnpj, _ in parsed]
    with session_scope() as s:
        for i in range(0, len(cnpjs), LOTE):
            chunk = cnpjs[i : i + LOTE]
            for row in s.execute(
                select(Cliente).where(Cliente.cnpj.in_(chunk), Cliente.removido_em.is_(None))
            ).scalars():
                existing[row.cnpj] = row

    inserts: list[tuple[int, dict[str, Any]]] = []
    updates: list[tuple[int, Cliente, dict[str, Any]]] = []
    now = utcnow()
    por_email = _usuarios_por_email(parsed)
    for linha, cnpj, values in parsed:
        row = existing.get(cnpj)
        try:
            responsavel = _responsavel_da_linha(actor, values, por_email, row)
        except Invalid as exc:
            erros.append(ImportErro(linha=linha, detalhe=exc.detail))
            continue
        try:
            if row is None:
                data = ClienteCreate.model_validate({**values, "cnpj": cnpj})
                fields = data.model_dump(exclude={"cnpj", "responsavel_id"})
                inserts.append(
                    (
                        linha,
                        {
                            **fields,
                            "cnpj": cnpj,
                            "responsavel_id": responsavel or actor.id,
                            "busca": busca_cliente(data.razao_social, data.nome_fantasia, cnpj),
                            "criado_em": now,
                            "atualizado_em": now,
                            "versao": 1,
                            "removido_em": None,
                        },
                    )
                )
            else:
                if not pode_editar(actor, row):
                    erros.append(
                        ImportErro(
                            linha=linha,
                            detalhe=f"Sem permissão para alterar o cliente {formatar_cnpj(cnpj)}: ele tem outro responsável.",
                        )
                    )
                    continue
                changes = ClienteUpdate.model_validate({**values, "versao": row.versao}).changes()
                if responsavel is not None:
                    changes["responsavel_id"] = responsavel
                updates.append((linha, row, changes))
        except ValidationError as exc:
            erros.append(_erro_validacao(linha, exc))

    def _avisar() -> None:
        if progresso is not None:
            progresso(len(erros) + result.criados + result.atualizados + result.inalterados, result.linhas)

    _avisar()
    # Inserts: a batch per transaction; if a batch collides (a CNPJ created meanwhile), redo it row by row.
    for i in range(0, len(inserts), LOTE):
        batch = inserts[i : i + LOTE]
        try:
            with session_scope() as s:
                s.execute(insert(Cliente), [values for _, values in batch])
                ingestion.enqueue(s, "cliente", _vivos_por_cnpj([values["cnpj"] for _, values in batch]))
            result.criados += len(batch)
        except IntegrityError:
            for linha, values in batch:
                try:
                    with session_scope() as s:
                        s.execute(insert(Cliente), [values])
                        ingestion.enqueue(s, "cliente", _vivos_por_cnpj([values["cnpj"]]))
                    result.criados += 1
                except IntegrityError:
                    erros.append(
                        ImportErro(
                            linha=linha,
                            detalhe=f"CNPJ {formatar_cnpj(values['cnpj'])} foi cadastrado por outra pessoa durante a importação.",
                        )
                    )
        _avisar()

    for i in range(0, len(updates), LOTE):
        lote_upd: list[tuple[int, Cliente, dict[str, Any]]] = []
        for linha, row, changes in updates[i : i + LOTE]:
            novo = {k: changes.get(k, getattr(row, k)) for k in (*_CAMPOS_CSV, "responsavel_id")}
            if all(novo[k] == getattr(row, k) for k in novo):
                result.inalterados += 1
                continue
            novo["busca"] = busca_cliente(novo["razao_social"], novo["nome_fantasia"], row.cnpj)
            lote_upd.append((linha, row, novo))
        if not lote_upd:
            _avisar()
            continue
        feitos = _bulk_update(lote_upd, now)
        for linha, row, _ in lote_upd:
            if row.id in feitos:
                result.atualizados += 1
            else:
                erros.append(
                    ImportErro(
                        linha=linha,
                        detalhe="O cliente foi alterado por outra pessoa durante a importação; importe a linha de novo.",
                    )
                )
        _avisar()

    result.erros = sorted(erros, key=lambda e: e.linha)
    if result.criados or result.atualizados:
        invalidar("cliente")
    with session_scope() as s:
        audit.record(
            s,
            acao="clientes_importados",
            usuario_id=actor.id,
            entidade="cliente",
            detalhes={
                "linhas": result.linhas,
                "criados": result.criados,
                "atualizados": result.atualizados,
                "inalterados": result.inalterados,
                "erros": len(result.erros),
            },
            ctx=ctx,
        )
    return result


# ``responsavel_email`` comes back in through the import (its ``responsavel`` column); the name is for people.
EXPORT_COLUNAS = (*CAMPOS_CLIENTE, "responsavel_nome", "responsavel_email", "criado_em")


def _fmt_telefone(t: str | None) -> str | None:
    if not t:
        return t
    return f"({t[:2]}) {t[2:-4]}-{t[-4:]}" if len(t) in (10, 11) else t


def _fmt_cep(c: str | None) -> str | None:
    return f"{c[:5]}-{c[5:]}" if c and len(c) == 8 else c


def export_csv(
    *,
    actor: Actor,
    busca: str | None = None,
    uf: str | None = None,
    responsavel_id: int | None = None,
    ids: list[int] | None = None,
    ctx: RequestContext | None = None,
) -> Iterator[str]:
    """The current filter (or the selected ``ids``) as CSV for Excel (BOM, ';', CRLF), in chunks
    of 1,000 rows. Who may export is a rule (``permissoes.pode_exportar``: gerente and admin unless
    configured).

    Filters are validated and the export audited *before* the first chunk, so errors are
    clean 4xx; the rows are then read page by page (keyset), never all at once. CNPJ, CEP and
    phone go out masked so spreadsheets keep them as text; formula-like cells get a quote."""
    permissoes.exigir_exportacao(actor)
    conds = _conds(busca=busca, uf=uf, responsavel_id=responsavel_id)
    if (selecionados := csv_io.selecao(ids)) is not None:
        conds.append(Cliente.id.in_(selecionados))
    with session_scope() as s:
        filtros = {k: v for k, v in {"busca": busca, "uf": uf, "responsavel_id": responsavel_id}.items() if v}
        if selecionados is not None:
            filtros["selecionados"] = len(selecionados)
        audit.record(
            s,
            acao="clientes_exportados",
            usuario_id=actor.id,
            entidade="cliente",
            detalhes={"filtros": filtros},
            ctx=ctx,
        )

    def _pagina(cursor: str | None, n: int) -> tuple[list[tuple[Any, ...]], str | None]:
        seek = after_cursor(Cliente.criado_em, Cliente.id, cursor)
        with session_scope() as s:
            rows = s.execute(
                select(Cliente, Usuario.nome, Usuario.email)
                .outerjoin(Usuario, Usuario.id == Cliente.responsavel_id)
                .where(*conds, *([seek] if seek is not None else []))
                .order_by(Cliente.criado_em.desc(), Cliente.id.desc())
                .limit(n)
            ).all()
        celulas = [
            (
                formatar_cnpj(c.cnpj),
                c.razao_social,
                c.nome_fantasia,
                c.email,
                _fmt_telefone(c.telefone),
                _fmt_cep(c.cep),
                c.logradouro,
                c.numero,
                c.complemento,
                c.bairro,
                c.municipio,
                c.uf,
                c.cnae_principal,
                c.situacao_cadastral,
                c.porte,
                nome,
                email,
                data_hora_br(c.criado_em),  # Brasília time, as everywhere a person reads a date
            )
            for c, nome, email in rows
        ]
        ultimo = rows[-1][0] if len(rows) == n else None
        return celulas, encode_cursor(ultimo.criado_em, ultimo.id) if ultimo else None

    return csv_io.exportar(EXPORT_COLUNAS, _pagina)
