"""``GET /api/v1/cnpj/{cnpj}``: the CNPJ lookup of SPEC §6 (thin: the service holds the rules)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from aurora_app.api.deps import CurrentUser
from aurora_app.integrations.cnpja_schema import CNPJConsulta
from aurora_app.services import cnpj as cnpj_service

router = APIRouter(prefix="/cnpj", tags=["cnpj"])

_ERR = {"content": {"application/json": {"example": {"detail": "...", "code": "..."}}}}


@router.get(
    "/{cnpj:path}",
    response_model=CNPJConsulta,
    summary="Consulta um CNPJ (cache → CNPJá pago → CNPJá gratuito)",
    responses={
        401: {"description": "Autenticação necessária", **_ERR},
        404: {"description": "`cnpj_nao_encontrado`: CNPJ desconhecido na Receita", **_ERR},
        422: {"description": "`cnpj_invalido`", **_ERR},
        429: {"description": "`muitas_consultas`, com `Retry-After`", **_ERR},
        503: {"description": "`consulta_indisponivel`, com `Retry-After`", **_ERR},
    },
)
async def lookup_cnpj(cnpj: str, actor: CurrentUser) -> Response:
    """Aceita máscara (`12.ABC.345/01DE-35`), minúsculas e números ou letras (CNPJ alfanumérico)."""
    consulta = await cnpj_service.consultar(actor=actor, cnpj=cnpj)
    # Already a validated model: serialise once (FastAPI would validate and encode it again,
    # which is a visible share of a cached lookup). The schema stays documented above.
    return Response(consulta.model_dump_json(), media_type="application/json")
