"""/api/v1/lgpd (SPEC §9): the LGPD console. Thin translation to services.lgpd, which checks
who may (admin past 2FA or encarregado; others 403 ``sem_permissao``, an admin without 2FA
403 ``2fa_requerido``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import HTMLResponse
from pydantic import ConfigDict, Field

from aurora_app.api.deps import Ctx, CurrentUser
from aurora_app.models.cliente import MAX_DB_INT
from aurora_app.models.entrada import DataHora, Entrada
from aurora_app.services import lgpd
from aurora_app.services.lgpd import ConsentimentoRead, SolicitacaoRead
from aurora_app.services.paging import MAX_LIMIT, Page

router = APIRouter(prefix="/lgpd", tags=["lgpd"])


class _Corpo(Entrada):
    model_config = ConfigDict(extra="forbid")  # a typo is a 422, never silently ignored


Id = Annotated[int, Path(ge=1, le=MAX_DB_INT)]


class AnonimizarIn(_Corpo):
    email: str = Field(max_length=254)
    motivo: str = Field(max_length=500)
    solicitacao_id: int | None = Field(default=None, ge=1, le=MAX_DB_INT)


class SolicitacaoCreate(_Corpo):
    tipo: str = Field(
        max_length=30, description="acesso, correcao, anonimizacao, portabilidade, revogacao_consentimento"
    )
    titular_nome: str | None = Field(default=None, max_length=120)
    titular_email: str | None = Field(default=None, max_length=254)
    descricao: str | None = Field(default=None, max_length=2000)
    recebida_em: DataHora | None = None


class SolicitacaoUpdate(_Corpo):
    estado: str | None = Field(default=None, max_length=20, description="aberta, em_andamento, concluida, recusada")
    responsavel_id: int | None = Field(default=None, ge=1, le=MAX_DB_INT)
    resposta: str | None = Field(default=None, max_length=2000)


@router.get("/titulares")
def search_titulares(
    actor: CurrentUser, q: Annotated[str, Query(max_length=254, description="e-mail, telefone, CPF ou nome")]
) -> dict[str, Any]:
    """Onde a pessoa aparece: contatos, leads, clientes, usuários, interações, sócios em cache."""
    return lgpd.titulares(actor=actor, q=q)


@router.get(
    "/titulares/exportar",
    response_model=None,
    responses={200: {"content": {"application/json": {}, "text/html": {"schema": {"type": "string"}}}}},
)
def export_titular(
    actor: CurrentUser,
    ctx: Ctx,
    email: Annotated[str, Query(max_length=254)],
    formato: Annotated[str, Query(pattern="^(json|html)$", description="json (padrão) ou html legível")] = "json",
) -> dict[str, Any] | HTMLResponse:
    """Tudo o que o Aurora guarda sobre o titular, com base legal e histórico de consentimento (auditado)."""
    dados = lgpd.exportar(actor=actor, email=email, ctx=ctx)
    if formato == "html":
        return HTMLResponse(lgpd.exportar_html(dados))
    return dados


@router.get("/anonimizar/previa")
def get_anonimizacao_previa(actor: CurrentUser, email: Annotated[str, Query(max_length=254)]) -> dict[str, int]:
    """Quantos registros a anonimização mudaria, por tipo (a confirmação)."""
    return lgpd.previa_anonimizacao(actor=actor, email=email)


@router.post("/anonimizar")
def anonymize_titular(body: AnonimizarIn, actor: CurrentUser, ctx: Ctx) -> dict[str, Any]:
    """Irreversível: o titular vira "Titular anonimizado #n" em todo lugar, IA incluída (auditado)."""
    return lgpd.anonimizar(
        actor=actor, email=body.email, motivo=body.motivo, solicitacao_id=body.solicitacao_id, ctx=ctx
    )


@router.get("/solicitacoes", response_model=Page[SolicitacaoRead])
def list_solicitacoes(
    actor: CurrentUser,
    estado: Annotated[str | None, Query(max_length=20)] = None,
    atrasadas: bool = False,
    limite: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> Page[SolicitacaoRead]:
    """Solicitações de titulares com o prazo legal (15 dias, art. 19)."""
    return lgpd.listar_solicitacoes(actor=actor, estado=estado, atrasadas=atrasadas, limite=limite, cursor=cursor)


@router.post("/solicitacoes", response_model=SolicitacaoRead, status_code=201)
def create_solicitacao(body: SolicitacaoCreate, actor: CurrentUser, ctx: Ctx) -> SolicitacaoRead:
    return lgpd.criar_solicitacao(actor=actor, ctx=ctx, **body.model_dump())


@router.patch("/solicitacoes/{solicitacao_id}", response_model=SolicitacaoRead)
def update_solicitacao(solicitacao_id: Id, body: SolicitacaoUpdate, actor: CurrentUser, ctx: Ctx) -> SolicitacaoRead:
    return lgpd.atualizar_solicitacao(
        actor=actor, solicitacao_id=solicitacao_id, ctx=ctx, **body.model_dump(exclude_unset=True)
    )


@router.get("/contatos/{contato_id}/consentimento", response_model=list[ConsentimentoRead])
def list_consentimento_historico(contato_id: Id, actor: CurrentUser) -> list[ConsentimentoRead]:
    """Histórico da base legal e do consentimento de um contato (quem pode ler o contato)."""
    return lgpd.historico_consentimento(actor=actor, contato_id=contato_id)


@router.post("/contatos/{contato_id}/revogar-consentimento")
def revoke_consentimento(contato_id: Id, actor: CurrentUser, ctx: Ctx) -> dict[str, Any]:
    """O titular revogou o consentimento: registrado no contato e aberta uma solicitação (quem pode editar o contato)."""
    return lgpd.revogar_consentimento(actor=actor, contato_id=contato_id, ctx=ctx)


class EncarregadoIn(_Corpo):
    encarregado: bool


@router.put("/encarregados/{usuario_id}", status_code=204)
def set_encarregado(usuario_id: Id, body: EncarregadoIn, actor: CurrentUser, ctx: Ctx) -> None:
    """Um administrador (com 2FA) marca ou desmarca um usuário como encarregado de dados."""
    lgpd.definir_encarregado(actor=actor, usuario_id=usuario_id, encarregado=body.encarregado, ctx=ctx)
