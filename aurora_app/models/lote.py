"""Bulk actions (SPEC §4 ``POST /leads/lote``; ``POST /clientes/lote``): the requests and the
per-record answer."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, model_validator
from pydantic import Field as PField

from aurora_app.models.cliente import IdRef, texto
from aurora_app.models.lead import EstagioIn

MAX_LOTE = 200
MAX_SELECAO = 1000  # rows one selection holds: the lists' "every match of the filter", an export of ids


class LoteLeads(BaseModel):
    """``reatribuir`` needs ``responsavel_id``; ``mover`` needs ``estagio`` (and ``motivo_perda``
    for ``perdido``); ``excluir`` sends each lead to the trash. Repeated ids count once."""

    model_config = ConfigDict(extra="forbid")
    ids: Annotated[list[IdRef], PField(min_length=1, max_length=MAX_LOTE)]
    acao: Literal["reatribuir", "mover", "excluir"]
    responsavel_id: IdRef | None = None
    estagio: EstagioIn | None = None
    motivo_perda: Annotated[str | None, texto(500, multiline=True)] = None

    @model_validator(mode="after")
    def _check(self) -> LoteLeads:
        if self.acao == "reatribuir" and self.responsavel_id is None:
            raise ValueError("Para reatribuir, informe o novo responsável (responsavel_id).")
        if self.acao == "mover" and self.estagio is None:
            raise ValueError("Para mover, informe o estágio de destino (estagio).")
        self.ids = list(dict.fromkeys(self.ids))
        return self


class LoteClientes(BaseModel):
    """``reatribuir`` needs ``responsavel_id``; ``excluir`` sends each cliente to the trash.
    Repeated ids count once."""

    model_config = ConfigDict(extra="forbid")
    ids: Annotated[list[IdRef], PField(min_length=1, max_length=MAX_LOTE)]
    acao: Literal["reatribuir", "excluir"]
    responsavel_id: IdRef | None = None

    @model_validator(mode="after")
    def _check(self) -> LoteClientes:
        if self.acao == "reatribuir" and self.responsavel_id is None:
            raise ValueError("Para reatribuir, informe o novo responsável (responsavel_id).")
        self.ids = list(dict.fromkeys(self.ids))
        return self


class LoteErro(BaseModel):
    id: int
    code: str
    detail: str


class LoteResultado(BaseModel):
    atualizados: int = 0
    erros: list[LoteErro] = []


class Selecao(BaseModel):
    """``POST /clientes/exportar`` and ``POST /leads/exportar``: the selected rows (repeated ids count once)."""

    model_config = ConfigDict(extra="forbid")
    ids: Annotated[list[IdRef], PField(min_length=1, max_length=MAX_SELECAO)]
