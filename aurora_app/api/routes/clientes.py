"""/api/v1/clientes: thin translation to aurora_app.services.clientes (rules live there)."""

from __future__ import annotations

import asyncio
import json
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response, status
from fastapi.responses import StreamingResponse
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from aurora_app.api.deps import Ctx, CurrentUser, csv_download
from aurora_app.api.middleware import MULTIPART_FOLGA
from aurora_app.models.cliente import (
    MAX_DB_INT,
    AnaliseImportacao,
    ClienteCreate,
    ClienteRead,
    ClienteUpdate,
    ImportResult,
)
from aurora_app.models.lote import Selecao
from aurora_app.services import clientes, usuarios_lookup
from aurora_app.services.clientes import MAX_IMPORT_BYTES, PayloadTooLarge
from aurora_app.services.errors import BadRequest, DomainError, Invalid
from aurora_app.services.paging import Page

router = APIRouter(tags=["clientes"])

ClienteId = Annotated[int, Path(ge=1, le=MAX_DB_INT, description="id do cliente")]
Busca = Annotated[
    str | None, Query(max_length=200, description="razão social, nome fantasia ou CNPJ (com ou sem máscara)")
]
Uf = Annotated[str | None, Query(max_length=2, description="sigla da UF, ex.: SP")]
ResponsavelId = Annotated[int | None, Query(ge=1, le=MAX_DB_INT)]
Limite = Annotated[int, Query(description="1 a 200")]
Cursor = Annotated[str | None, Query(max_length=200, description="next_cursor da página anterior")]


class UnsupportedMedia(DomainError):
    status = 415
    default_code = "tipo_nao_suportado"


@router.get("/clientes", response_model=Page[ClienteRead])
def list_clientes(
    actor: CurrentUser,
    busca: Busca = None,
    uf: Uf = None,
    responsavel_id: ResponsavelId = None,
    limite: Limite = 50,
    cursor: Cursor = None,
    ordem: Annotated[
        str | None,
        Query(max_length=20, description="criado_em ou razao_social; com - na frente, decrescente (padrão -criado_em)"),
    ] = None,
) -> Page[ClienteRead]:
    return clientes.list_clientes(
        actor=actor, busca=busca, uf=uf, responsavel_id=responsavel_id, limite=limite, cursor=cursor, ordem=ordem
    )


@router.post(
    "/clientes",
    response_model=ClienteRead,
    status_code=status.HTTP_201_CREATED,
    responses={409: {"description": "cnpj_duplicado (com cliente_id)"}, 422: {"description": "cnpj_invalido"}},
)
def create_cliente(data: ClienteCreate, actor: CurrentUser, ctx: Ctx) -> ClienteRead:
    return clientes.create(actor=actor, data=data, ctx=ctx)


@router.get(
    "/clientes/exportar",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}, "description": "CSV para Excel (UTF-8 com BOM, ';')"}},
)
def export_clientes(
    actor: CurrentUser, ctx: Ctx, busca: Busca = None, uf: Uf = None, responsavel_id: ResponsavelId = None
) -> StreamingResponse:
    chunks = clientes.export_csv(actor=actor, busca=busca, uf=uf, responsavel_id=responsavel_id, ctx=ctx)
    return csv_download(chunks, "clientes.csv")


@router.post(
    "/clientes/exportar",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}, "description": "CSV para Excel (UTF-8 com BOM, ';')"}},
)
def export_clientes_selecionados(data: Selecao, actor: CurrentUser, ctx: Ctx) -> StreamingResponse:
    """Só os clientes selecionados (até 1.000 ids)."""
    return csv_download(clientes.export_csv(actor=actor, ids=data.ids, ctx=ctx), "clientes.csv")


# The request body of both import routes: multipart (``arquivo``, optional ``mapeamento``) or text/csv.
_CORPO_CSV = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["arquivo"],
                    "properties": {
                        "arquivo": {"type": "string", "format": "binary"},
                        "mapeamento": {"type": "string", "description": "JSON: coluna do arquivo → campo (ou null)"},
                    },
                }
            },
            "text/csv": {"schema": {"type": "string"}},
        },
    }
}


async def _upload(request: Request) -> tuple[bytes, Any]:
    """The CSV of an import (multipart ``arquivo``, or a ``text/csv`` body) within the size limit,
    and the optional ``mapeamento`` form field (JSON: file column → cliente field or null)."""
    mapeamento: Any = None
    limit = MAX_IMPORT_BYTES + MULTIPART_FOLGA
    too_big = PayloadTooLarge(f"Arquivo grande demais: o limite é {MAX_IMPORT_BYTES // (1024 * 1024)} MB.")
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > limit):
        raise too_big
    received = 0

    async def receive():  # counts bytes even without Content-Length (chunked uploads)
        nonlocal received
        message = await request.receive()
        received += len(message.get("body", b""))
        if received > limit:
            raise too_big
        return message

    limited = Request(request.scope, receive)
    ctype = request.headers.get("content-type", "").lower()
    if ctype.startswith("multipart/form-data"):
        try:
            form = await limited.form(max_files=1, max_fields=5)
        except StarletteHTTPException as exc:
            raise BadRequest(
                "Envio multipart inválido: anexe o CSV no campo 'arquivo'.", code="multipart_invalido"
            ) from exc
        arquivo = form.get("arquivo")
        if not isinstance(arquivo, UploadFile):
            raise BadRequest("Anexe o arquivo CSV no campo 'arquivo'.", code="arquivo_ausente")
        content = await arquivo.read(MAX_IMPORT_BYTES + 1)
        campo = form.get("mapeamento")
        await form.close()
        if isinstance(campo, str) and campo.strip():
            try:
                mapeamento = json.loads(campo)
            except ValueError:
                raise Invalid(
                    "Mapeamento de colunas inválido (JSON).", code="mapeamento_invalido", campo="mapeamento"
                ) from None
    elif ctype.startswith(("text/csv", "text/plain", "application/octet-stream", "application/vnd.ms-excel")):
        content = await limited.body()
    else:
        raise UnsupportedMedia("Envie o CSV como multipart/form-data (campo 'arquivo') ou text/csv.")
    if len(content) > MAX_IMPORT_BYTES:
        raise too_big
    if not content.strip():
        raise BadRequest("O arquivo está vazio.", code="arquivo_vazio")
    return content, mapeamento


@router.post(
    "/clientes/importar",
    response_model=ImportResult,
    openapi_extra=_CORPO_CSV,
    responses={413: {"description": "arquivo_grande_demais (limite 10 MB)"}},
)
async def import_clientes(request: Request, actor: CurrentUser, ctx: Ctx) -> ImportResult:
    """CSV (`,` ou `;`, UTF-8 com/sem BOM ou Latin-1) no campo multipart `arquivo`, ou o CSV
    como corpo `text/csv`. Faz upsert por CNPJ e responde `{criados, atualizados, erros}`."""
    content, mapeamento = await _upload(request)
    return await asyncio.to_thread(clientes.import_csv, actor=actor, content=content, ctx=ctx, mapeamento=mapeamento)


@router.get("/clientes/{cliente_id:int}", response_model=ClienteRead)
def get_cliente(cliente_id: ClienteId, actor: CurrentUser) -> ClienteRead:
    return clientes.get(actor=actor, cliente_id=cliente_id)


@router.patch(
    "/clientes/{cliente_id:int}",
    response_model=ClienteRead,
    responses={409: {"description": "conflito_versao ou cnpj_duplicado"}},
)
def update_cliente(cliente_id: ClienteId, data: ClienteUpdate, actor: CurrentUser, ctx: Ctx) -> ClienteRead:
    return clientes.update(actor=actor, cliente_id=cliente_id, data=data, ctx=ctx)


@router.delete("/clientes/{cliente_id:int}", status_code=status.HTTP_204_NO_CONTENT)
def delete_cliente(cliente_id: ClienteId, actor: CurrentUser, ctx: Ctx) -> Response:
    clientes.delete(actor=actor, cliente_id=cliente_id, ctx=ctx)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/responsaveis", tags=["usuários"])
def list_responsaveis(actor: CurrentUser) -> list[dict[str, int | str]]:
    """Usuários ativos `[{id, nome}]` para filtros e seleção de responsável."""
    return usuarios_lookup.list_responsaveis()


@router.post(
    "/clientes/importar/analise",
    response_model=AnaliseImportacao,
    openapi_extra=_CORPO_CSV,
    responses={413: {"description": "arquivo_grande_demais (limite 10 MB)"}},
)
async def import_analysis(request: Request, actor: CurrentUser) -> AnaliseImportacao:
    """Antes de importar: as colunas do arquivo, o mapeamento para os campos do cliente (automático
    pelo cabeçalho, ou o `mapeamento` enviado) e as primeiras linhas como seriam importadas, cada
    uma com seu problema. Nada é gravado."""
    content, mapeamento = await _upload(request)
    return await asyncio.to_thread(clientes.analisar_csv, actor=actor, content=content, mapeamento=mapeamento)
