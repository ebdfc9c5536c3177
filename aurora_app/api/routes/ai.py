"""/api/v1/ai: suggestions, semantic search and feedback (rules in aurora_app.services.ai)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, status
from pydantic import BaseModel, ConfigDict, Field, StrictInt, field_validator

from aurora_app.api.deps import CurrentUser
from aurora_app.models.cliente import MAX_DB_INT
from aurora_app.models.entrada import Entrada
from aurora_app.services import ai

router = APIRouter(prefix="/ai", tags=["ia"])

Id = Annotated[int | None, Query(ge=1, le=MAX_DB_INT)]


class Fonte(BaseModel):
    tipo: Literal["interacao", "lead", "cliente"]
    id: int
    trecho: str
    lead_id: int | None = None
    cliente_id: int | None = None


class Sugestao(BaseModel):
    id: str
    tipo: str
    texto: str
    score: float
    fontes: list[Fonte]


class Sugestoes(BaseModel):
    items: list[Sugestao]
    aviso: str | None = Field(default=None, description="mensagem quando ainda não há sugestões")


class ItemBusca(BaseModel):
    tipo: Literal["interacao", "lead", "cliente"]
    id: int
    trecho: str
    score: float
    cliente_id: int | None = None
    lead_id: int | None = None
    titulo: str = ""


class Busca(BaseModel):
    items: list[ItemBusca]


class VotoIn(Entrada):
    model_config = ConfigDict(extra="forbid")
    sugestao_id: str = Field(min_length=3, max_length=80)
    voto: StrictInt = Field(description="1 = útil, -1 = não útil")

    @field_validator("voto")
    @classmethod
    def _voto(cls, value: int) -> int:
        if value not in (1, -1):
            raise ValueError("O voto deve ser 1 (útil) ou -1 (não útil).")
        return value


class VotoOut(BaseModel):
    sugestao_id: str
    voto: int
    criado_em: datetime


@router.get(
    "/sugestoes",
    response_model=Sugestoes,
    responses={404: {"description": "nao_encontrado"}, 503: {"description": "ia_indisponivel"}},
)
def list_sugestoes(actor: CurrentUser, lead_id: Id = None, cliente_id: Id = None) -> Any:
    """Sugestões fundamentadas (cada uma cita os registros de onde veio) para um lead ou um cliente."""
    return ai.sugestoes(actor=actor, lead_id=lead_id, cliente_id=cliente_id)


@router.get("/busca", response_model=Busca)
def search_ai(
    actor: CurrentUser,
    q: Annotated[str, Query(min_length=1, max_length=ai.MAX_Q)],
    limite: Annotated[int, Query(ge=1, le=50)] = 10,
) -> Any:
    """Busca semântica no que você pode ver (clientes, seus leads e as interações)."""
    return ai.busca(actor=actor, q=q, limite=limite)


@router.post("/feedback", response_model=VotoOut, status_code=status.HTTP_201_CREATED)
def vote_sugestao(data: VotoIn, actor: CurrentUser) -> Any:
    """Voto 👍 (1) ou 👎 (-1) numa sugestão; muda a ordem das próximas sugestões."""
    return ai.votar(actor=actor, sugestao_id=data.sugestao_id, voto=data.voto)
