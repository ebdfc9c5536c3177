"""One titular present everywhere personal data lives (issue 16): a contact, a lead's contact
fields, interaction texts, a CNPJ partner list (cache) and the AI store."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlmodel import SQLModel

from aurora_app.ai_core import ingestion
from aurora_app.core.db import session_scope
from aurora_app.integrations.cnpja import ConsultaCache
from aurora_app.integrations.cnpja_schema import CNPJConsulta, Socio
from aurora_app.models.base import utcnow
from aurora_app.models.contato import ContatoCreate
from aurora_app.models.interacao import InteracaoCreate
from aurora_app.services import contatos, interacoes, leads
from aurora_app.services.actor import Actor
from tests.builders import actor_of, cria_cliente, cria_lead, usuario

NOME = "Maria Aparecida Quintela"
EMAIL = "maria.quintela@exemplo.com.br"
TELEFONE = "11987654321"
CPF = "52998224725"
# Every way the titular may be written; none may remain anywhere afterwards.
RASTROS = ("maria.quintela", "quintela", "98765-4321", "987654321", "529.982.247-25", CPF)


@dataclass
class Mundo:
    admin: Actor
    vendedor: Actor
    cliente: Any
    contato: Any
    lead: Any
    outro_lead: Any
    cnpj: str


def admin_2fa() -> Actor:
    u = usuario("admin")
    return Actor(id=u.id, email=u.email, nome=u.nome, papel=u.papel, amr=("pwd", "otp"))


def mundo() -> Mundo:
    admin = admin_2fa()
    vendedor = actor_of(usuario("vendedor"))
    cliente = cria_cliente(vendedor, razao_social="Farmácia Quinta Ltda")
    contato = contatos.create(
        actor=vendedor,
        cliente_id=cliente.id,
        data=ContatoCreate(
            nome=NOME,
            cargo="Diretora",
            email=EMAIL.upper(),
            telefone="(11) 98765-4321",
            base_legal="consentimento",
            consentimento_em="2026-01-10T12:00:00Z",
            consentimento_origem="formulário do site",
        ),
    )
    lead = cria_lead(
        vendedor,
        nome="ERP para a rede",
        empresa="Farmácia Quinta",
        contato=NOME,
        email=EMAIL,
        telefone=TELEFONE,
        valor="12500.00",
        cliente_id=cliente.id,
    )
    outro_lead = cria_lead(
        vendedor, nome="Outro negócio", contato="Joaquim Neto", email="joaquim@outra.com.br", valor="800.00"
    )
    interacoes.add(
        actor=vendedor,
        lead_id=lead.id,
        data=InteracaoCreate(
            tipo="ligacao",
            descricao=f"Liguei para {NOME} no (11) 98765-4321; pediu a proposta em {EMAIL}, CPF 529.982.247-25.",
        ),
    )
    interacoes.add(
        actor=vendedor,
        cliente_id=cliente.id,
        data=InteracaoCreate(
            tipo="nota", descricao="Reunião com maria aparecida quintela sobre estoque de medicamentos."
        ),
    )
    interacoes.add(
        actor=vendedor,
        lead_id=outro_lead.id,
        data=InteracaoCreate(tipo="nota", descricao="Joaquim pediu desconto no plano anual."),
    )
    leads.move(actor=vendedor, lead_id=lead.id, estagio="ganho")
    ConsultaCache().put(
        CNPJConsulta(
            cnpj=cliente.cnpj,
            razao_social="FARMACIA QUINTA LTDA",
            fonte="cnpja_gratuito",
            consultado_em=utcnow(),
            socios=[
                Socio(
                    nome=NOME.upper(),
                    tipo="pessoa_fisica",
                    documento="***982247**",
                    qualificacao="Sócia-Administradora",
                ),
                Socio(nome="JOAQUIM NETO", tipo="pessoa_fisica", documento="***111222**"),
            ],
        )
    )
    ingestion.drain()  # the AI store holds the lead and its timeline
    return Mundo(
        admin=admin,
        vendedor=vendedor,
        cliente=cliente,
        contato=contato,
        lead=lead,
        outro_lead=outro_lead,
        cnpj=cliente.cnpj,
    )


def rastros_no_banco() -> list[str]:
    """``tabela.coluna`` of every stored value that still holds a trace of the titular."""
    achados = []
    with session_scope() as s:
        for table in SQLModel.metadata.sorted_tables:
            for row in s.execute(select(table)).mappings():
                for col, value in row.items():
                    if isinstance(value, str) and any(r in value.lower() for r in RASTROS):
                        achados.append(f"{table.name}.{col}")
    return achados


def rastros_em(texto: str) -> list[str]:
    baixo = texto.lower()
    return [r for r in RASTROS if r in baixo]


def centavos(valor: Any) -> Decimal:
    return Decimal(str(valor))
