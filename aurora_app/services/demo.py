"""A realistic Brazilian demo data set (SPEC §5): users, clientes with valid CNPJs (some
alphanumeric), leads in every stage over the last 12 months, and interactions. Idempotent."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import cast

from sqlalchemy import func, select

from aurora_app.ai_core import ingestion
from aurora_app.core.cnpj import calcular_dv
from aurora_app.core.db import session_scope
from aurora_app.core.security import hash_password
from aurora_app.models import Cliente, Estagio, Interacao, Lead, Origem, TipoInteracao, Usuario
from aurora_app.models.base import fold
from aurora_app.services import audit

DEMO_PASSWORD = "Aurora-Demo-2026"  # noqa: S105 - the documented demo login (seed-demo only)


@dataclass(frozen=True)
class DemoUser:
    email: str
    nome: str
    papel: str
    password: str = DEMO_PASSWORD


DEMO_ADMIN = DemoUser("admin@aurora.dev", "Ana Administradora", "admin")
DEMO_GERENTE = DemoUser("gerente@aurora.dev", "Gustavo Gerente", "gerente")
DEMO_VENDEDORES = (
    DemoUser("vendedor@aurora.dev", "Valéria Vendedora", "vendedor"),
    DemoUser("bruno@aurora.dev", "Bruno Siqueira", "vendedor"),
    DemoUser("carla@aurora.dev", "Carla Nogueira", "vendedor"),
)
DEMO_USERS = (DEMO_ADMIN, DEMO_GERENTE, *DEMO_VENDEDORES)

# (razão social, nome fantasia, município, UF, CNAE principal, porte)
EMPRESAS = [
    (
        "Ipê Amarelo Alimentos Ltda",
        "Ipê Alimentos",
        "Campinas",
        "SP",
        "1091-1/02 Fabricação de produtos de panificação",
        "Pequeno porte",
    ),
    (
        "Construtora Horizonte Azul S.A.",
        "Horizonte Azul",
        "Belo Horizonte",
        "MG",
        "4120-4/00 Construção de edifícios",
        "Demais",
    ),
    (
        "Tecnologia Jabuticaba Sistemas Ltda",
        "Jabuticaba Tech",
        "Recife",
        "PE",
        "6201-5/01 Desenvolvimento de programas de computador sob encomenda",
        "Microempresa",
    ),
    (
        "Transportes Rota do Sertão Ltda",
        "Rota do Sertão",
        "Petrolina",
        "PE",
        "4930-2/02 Transporte rodoviário de carga",
        "Pequeno porte",
    ),
    (
        "Café Serra da Mantiqueira Comércio Ltda",
        "Café Mantiqueira",
        "Poços de Caldas",
        "MG",
        "4637-1/02 Comércio atacadista de café",
        "Pequeno porte",
    ),
    (
        "Clínica Sorriso Pleno Odontologia Ltda",
        "Sorriso Pleno",
        "Curitiba",
        "PR",
        "8630-5/04 Atividade odontológica",
        "Microempresa",
    ),
    (
        "Metalúrgica Ferro & Aço do Vale Ltda",
        "Ferro & Aço",
        "Joinville",
        "SC",
        "2599-3/99 Fabricação de outros produtos de metal",
        "Demais",
    ),
    ("Agropecuária Cerrado Verde Ltda", "Cerrado Verde", "Rio Verde", "GO", "0115-6/00 Cultivo de soja", "Demais"),
    (
        "Farmácia São João Batista Ltda",
        "Drogaria São João",
        "Porto Alegre",
        "RS",
        "4771-7/01 Comércio varejista de produtos farmacêuticos",
        "Pequeno porte",
    ),
    (
        "Escola Pequeno Príncipe Educação Ltda",
        "Pequeno Príncipe",
        "Salvador",
        "BA",
        "8513-9/00 Ensino fundamental",
        "Pequeno porte",
    ),
    (
        "Açaí da Amazônia Distribuidora Ltda",
        "Açaí Amazônia",
        "Belém",
        "PA",
        "4637-1/99 Comércio atacadista de outros produtos alimentícios",
        "Microempresa",
    ),
    ("Hotel Brisa do Mar Turismo Ltda", "Brisa do Mar", "Fortaleza", "CE", "5510-8/01 Hotéis", "Pequeno porte"),
    (
        "Laticínios Vaca Malhada Ltda",
        "Vaca Malhada",
        "Juiz de Fora",
        "MG",
        "1052-0/00 Fabricação de laticínios",
        "Pequeno porte",
    ),
    (
        "Energia Solar Sol Nascente Ltda",
        "Sol Nascente",
        "Natal",
        "RN",
        "4321-5/00 Instalação e manutenção elétrica",
        "Microempresa",
    ),
    (
        "Confecções Renda de Bilro Ltda",
        "Renda de Bilro",
        "Aracaju",
        "SE",
        "1412-6/01 Confecção de peças do vestuário",
        "Microempresa",
    ),
    (
        "Logística Porto Seguro Armazéns S.A.",
        "Porto Seguro Log",
        "Santos",
        "SP",
        "5211-7/99 Depósitos de mercadorias para terceiros",
        "Demais",
    ),
    (
        "Consultoria Pau-Brasil Gestão Empresarial Ltda",
        "Pau-Brasil Consultoria",
        "Rio de Janeiro",
        "RJ",
        "7020-4/00 Consultoria em gestão empresarial",
        "Microempresa",
    ),
    (
        "Cerâmica Terra Roxa Ltda",
        "Terra Roxa",
        "Londrina",
        "PR",
        "2342-7/02 Fabricação de produtos cerâmicos",
        "Pequeno porte",
    ),
    (
        "Vinícola Vale dos Vinhedos Ltda",
        "Vale dos Vinhedos",
        "Bento Gonçalves",
        "RS",
        "1112-7/00 Fabricação de vinho",
        "Pequeno porte",
    ),
    ("Supermercado Bom Preço do Norte Ltda", "Bom Preço", "Manaus", "AM", "4711-3/02 Supermercados", "Demais"),
    (
        "Gráfica Papel & Tinta Ltda",
        "Papel & Tinta",
        "Goiânia",
        "GO",
        "1813-0/01 Impressão de material para uso publicitário",
        "Microempresa",
    ),
    (
        "Academia Corpo em Movimento Ltda",
        "Corpo em Movimento",
        "Florianópolis",
        "SC",
        "9313-1/00 Atividades de condicionamento físico",
        "Microempresa",
    ),
    (
        "Pescados Maré Alta Comércio Ltda",
        "Maré Alta",
        "Vitória",
        "ES",
        "4634-6/03 Comércio atacadista de pescados",
        "Pequeno porte",
    ),
    (
        "Móveis Jacarandá Indústria Ltda",
        "Jacarandá Móveis",
        "Bento Gonçalves",
        "RS",
        "3101-2/00 Fabricação de móveis de madeira",
        "Pequeno porte",
    ),
]
CONTATOS = [
    "Mariana Costa",
    "João Pereira",
    "Fernanda Lima",
    "Ricardo Alves",
    "Patrícia Souza",
    "Lucas Oliveira",
    "Juliana Rocha",
    "Marcelo Santos",
    "Camila Ribeiro",
    "Rafael Martins",
    "Beatriz Carvalho",
    "Thiago Gomes",
]
BAIRROS = ["Centro", "Jardim América", "Vila Nova", "Boa Vista", "Industrial", "Santa Cecília"]
RUAS = ["Rua das Palmeiras", "Avenida Brasil", "Rua XV de Novembro", "Avenida Getúlio Vargas", "Rua Sete de Setembro"]
NOTAS = [
    "Cliente pediu proposta com desconto para pagamento à vista.",
    "Reunião de alinhamento: interesse no plano anual, decisor é o diretor financeiro.",
    "Ligação sem sucesso, retornar na próxima semana.",
    "Enviado e-mail com apresentação comercial e estudo de caso.",
    "Concorrente ofereceu preço menor; destacar suporte local e integração com ERP.",
    "Demonstração do produto agendada com a equipe de operações.",
    "Cliente satisfeito com a implantação; possível indicação para parceiro.",
    "Solicitou prazo de 60 dias para aprovação do orçamento.",
]
MOTIVOS_PERDA = ["Preço acima do orçamento", "Escolheu concorrente", "Projeto adiado", "Sem resposta do decisor"]


def demo_cnpj(rng: random.Random, alfanumerico: bool) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ" if alfanumerico else "0123456789"
    raiz = "".join(rng.choice(alphabet) for _ in range(8))
    base = raiz + "0001"
    return base + calcular_dv(base)


def seed_demo(*, seed: int = 2026) -> dict[str, int]:
    """Loads the demo data once. Returns counts; ``{"skipped": 1}`` when it is already there."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not crypto
    now = datetime.now(UTC)
    with session_scope() as session:
        if session.execute(
            select(func.count()).select_from(Usuario).where(func.lower(Usuario.email) == DEMO_ADMIN.email)
        ).scalar():
            return {"skipped": 1}
        users: dict[str, Usuario] = {}
        for du in DEMO_USERS:
            user = Usuario(email=du.email, nome=du.nome, papel=du.papel, senha_hash=hash_password(du.password))
            session.add(user)
            users[du.email] = user
        session.flush()
        vendedores = [users[v.email] for v in DEMO_VENDEDORES]
        audit.record(session, acao="seed_demo", detalhes={"usuarios": len(users)})

        clientes: list[Cliente] = []
        for i, (razao, fantasia, municipio, uf, cnae, porte) in enumerate(EMPRESAS):
            cnpj = demo_cnpj(rng, alfanumerico=i % 5 == 4)
            criado = now - timedelta(days=rng.randint(30, 360), hours=rng.randint(0, 23))
            c = Cliente(
                cnpj=cnpj,
                razao_social=razao,
                nome_fantasia=fantasia,
                email=f"contato@{fold(fantasia).replace(' ', '').replace('&', 'e').replace('-', '')}.com.br",
                telefone=f"{rng.randint(11, 99)}9{rng.randint(10000000, 99999999)}",
                cep=f"{rng.randint(10000000, 99999999)}",
                logradouro=rng.choice(RUAS),
                numero=str(rng.randint(10, 2500)),
                bairro=rng.choice(BAIRROS),
                municipio=municipio,
                uf=uf,
                cnae_principal=cnae,
                situacao_cadastral="Ativa",
                porte=porte,
                responsavel_id=vendedores[i % len(vendedores)].id,
                busca=fold(f"{razao} {fantasia} {cnpj}"),
                criado_em=criado,
                atualizado_em=criado,
            )
            session.add(c)
            clientes.append(c)
        session.flush()

        estagios = list(Estagio)
        leads: list[Lead] = []
        for i in range(60):
            empresa = EMPRESAS[rng.randrange(len(EMPRESAS))]
            estagio = estagios[i % len(estagios)] if i < 12 else rng.choice(estagios)
            criado = now - timedelta(days=rng.randint(0, 364), hours=rng.randint(0, 23))
            dono = vendedores[i % len(vendedores)]
            valor = Decimal(rng.randrange(2_000_00, 250_000_00, 50)) / 100
            lead = Lead(
                nome=f"{rng.choice(['Licenças', 'Implantação', 'Renovação', 'Expansão', 'Consultoria'])} {empresa[1]}",
                empresa=empresa[1],
                cnpj=demo_cnpj(rng, alfanumerico=i % 7 == 0),
                contato=rng.choice(CONTATOS),
                email=f"compras{i}@exemplo.com.br",
                telefone=f"{rng.randint(11, 99)}9{rng.randint(10000000, 99999999)}",
                origem=rng.choice(list(Origem)).value,
                estagio=estagio.value,
                valor=valor,
                previsao_fechamento=(criado + timedelta(days=rng.randint(15, 120))).date(),
                responsavel_id=dono.id,
                criado_em=criado,
                atualizado_em=criado,
            )
            if estagio in (Estagio.ganho, Estagio.perdido):
                lead.fechado_em = min(now, criado + timedelta(days=rng.randint(5, 60)))
            if estagio is Estagio.perdido:
                lead.motivo_perda = rng.choice(MOTIVOS_PERDA)
            lead.busca = fold(f"{lead.nome} {lead.empresa} {lead.contato} {lead.cnpj}")
            session.add(lead)
            leads.append(lead)
        session.flush()

        interacoes = 0
        tipos = list(TipoInteracao)
        alvos: list[Cliente | Lead] = [*clientes, *leads]
        for alvo in alvos:
            for _ in range(rng.randint(1, 3)):
                tipo = rng.choice(tipos)
                quando = alvo.criado_em + timedelta(days=rng.randint(0, 25), hours=rng.randint(1, 8))
                quando = min(quando, now)
                autor = session.get(Usuario, alvo.responsavel_id) or vendedores[0]
                it = Interacao(
                    tipo=tipo.value,
                    descricao=rng.choice(NOTAS),
                    autor_id=autor.id,
                    criado_em=quando,
                    cliente_id=alvo.id if isinstance(alvo, Cliente) else None,
                    lead_id=alvo.id if isinstance(alvo, Lead) else None,
                )
                if tipo is TipoInteracao.tarefa:
                    it.vence_em = quando + timedelta(days=rng.randint(1, 14))
                    it.concluida = it.vence_em < now and rng.random() < 0.7
                    it.concluida_em = it.vence_em if it.concluida else None
                session.add(it)
                interacoes += 1
        ingestion.enqueue(session, "cliente", [cast(int, c.id) for c in clientes])  # the AI worker picks them up
        ingestion.enqueue(session, "lead", [cast(int, lead.id) for lead in leads])
        return {"usuarios": len(users), "clientes": len(clientes), "leads": len(leads), "interacoes": interacoes}
