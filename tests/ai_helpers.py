"""A small CRM history for the AI tests: won and lost deals, a colleague's confidential note."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aurora_app.ai_core import ingestion
from aurora_app.models.interacao import InteracaoCreate
from aurora_app.services import interacoes, leads
from aurora_app.services.actor import Actor
from tests.builders import actor_of, cria_cliente, cria_lead, usuario

CONFIDENCIAL = "CONFIDENCIAL: o diretor da rede de farmácias pediu comissão por fora para aprovar o ERP"


def nota(texto: str, tipo: str = "nota") -> InteracaoCreate:
    return InteracaoCreate(tipo=tipo, descricao=texto)


def lead_com_historia(
    actor: Actor,
    nome: str,
    empresa: str,
    notas: list[tuple[str, str]],
    estagio: str | None = None,
    motivo: str | None = None,
) -> Any:
    lead = cria_lead(actor, nome=nome, empresa=empresa)
    for tipo, texto in notas:
        interacoes.add(actor=actor, lead_id=lead.id, data=nota(texto, tipo))
    if estagio:
        lead = leads.move(actor=actor, lead_id=lead.id, estagio=estagio, motivo_perda=motivo)
    return lead


@dataclass
class Mundo:
    dono: Actor
    colega: Actor
    gerente: Actor
    alvo: Any
    ganho: Any
    perdidos: list[Any]
    confidencial: Any
    cliente: Any


def mundo() -> Mundo:
    dono = actor_of(usuario("vendedor"))
    colega = actor_of(usuario("vendedor"))
    gerente = actor_of(usuario("gerente"))
    ganho = lead_com_historia(
        dono,
        "ERP para rede de farmácias",
        "Drogarias Bem Estar",
        [
            ("reuniao", "Reunião com a diretoria financeira para demonstrar o módulo fiscal do ERP para farmácias"),
            ("email", "Enviada proposta com desconto no plano anual e implantação em 30 dias"),
        ],
        estagio="ganho",
    )
    perdidos = [
        lead_com_historia(
            dono,
            f"ERP para farmácia {n}",
            f"Farmácia {n}",
            [
                ("ligacao", f"Ligação com o dono da farmácia {n}: achou o ERP caro para o tamanho da loja"),
            ],
            estagio="perdido",
            motivo="Preço acima do orçamento",
        )
        for n in ("Central", "Popular")
    ]
    confidencial = lead_com_historia(colega, "ERP para farmácias do colega", "Rede Sigilo", [("nota", CONFIDENCIAL)])
    alvo = lead_com_historia(
        dono,
        "ERP para farmácia de bairro",
        "Farmácia Vida",
        [
            ("nota", "Dona da farmácia quer controlar estoque de medicamentos e emitir notas fiscais"),
        ],
    )
    cliente = cria_cliente(
        dono,
        razao_social="Drogaria São Jorge Ltda",
        nome_fantasia="Drogaria São Jorge",
        cnae_principal="Comércio varejista de produtos farmacêuticos",
    )
    interacoes.add(actor=dono, cliente_id=cliente.id, data=nota("Cliente elogiou o suporte do ERP na virada do mês"))
    ingestion.drain()
    return Mundo(dono, colega, gerente, alvo, ganho, perdidos, confidencial, cliente)


def textos(items: list[dict[str, Any]]) -> str:
    return " ".join([i["texto"] for i in items] + [f["trecho"] for i in items for f in i["fontes"]])
