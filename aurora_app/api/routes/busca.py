"""/api/v1/busca: the global search (thin translation to services.busca)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from aurora_app.api.deps import CurrentUser
from aurora_app.models.busca import BuscaRead
from aurora_app.services import busca

router = APIRouter(tags=["busca"])


@router.get("/busca", response_model=BuscaRead)
def search_all(
    actor: CurrentUser,
    q: Annotated[str, Query(max_length=200, description="nome, CNPJ (com ou sem máscara), e-mail ou telefone")],
    limite: Annotated[int, Query(description="por tipo, 1 a 20")] = 5,
) -> BuscaRead:
    """Clientes, leads e contatos que o usuário pode ver, os mais recentes primeiro."""
    return busca.buscar(actor=actor, q=q, limite=limite)
