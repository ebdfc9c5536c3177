"""A labelled Portuguese CRM set: 66 notes in 6 topics and 12 paraphrased queries (2 per topic).

The queries avoid the notes' own words where they can, so a model must match meaning, not
spelling. Used by the quality test and by ``bench/bench_ai.py`` (precision@5 per embedding).
"""

from __future__ import annotations

NOTAS: dict[str, list[str]] = {
    "preco": [
        "Cliente achou o valor da licença alto e pediu desconto de 15% para fechar este mês",
        "Comprador disse que o concorrente ofereceu proposta 20% mais barata",
        "Diretoria financeira só aprova se o preço couber no orçamento do próximo trimestre",
        "Pediram parcelamento em 12 vezes sem juros porque o caixa está apertado",
        "Negociamos redução na mensalidade em troca de contrato de dois anos",
        "O orçamento deles para software foi cortado pela metade neste ano",
        "Reclamaram que o reajuste anual ficou caro demais comparado à inflação",
        "Cliente quer um plano mais barato com menos funcionalidades",
        "Enviei tabela com o custo por usuário; acharam salgado para a equipe pequena",
        "Perguntaram se há desconto para pagamento à vista",
        "O gerente de compras pediu para revisar a proposta comercial, valor acima do esperado",
    ],
    "suporte": [
        "Sistema travou na emissão de nota fiscal e o chamado ficou dois dias sem resposta",
        "Cliente relatou erro de integração com o ERP ao sincronizar pedidos",
        "A API devolve erro 500 quando enviam arquivos grandes",
        "Usuários não conseguem fazer login desde a atualização de ontem",
        "Abrimos ticket urgente: relatório de vendas mostra números duplicados",
        "Técnico remoto corrigiu a configuração do certificado digital",
        "Reclamação sobre lentidão no aplicativo durante o horário de pico",
        "O backup automático falhou três noites seguidas",
        "Equipe de TI do cliente pediu documentação da integração via webhook",
        "Bug na tela de cadastro apaga o telefone ao salvar",
        "Suporte de segundo nível escalou o problema de sincronização para o desenvolvimento",
    ],
    "entrega": [
        "Carga saiu do centro de distribuição com três dias de atraso",
        "Transportadora extraviou parte dos equipamentos no trajeto para Recife",
        "Cliente pediu rastreamento do caminhão com os servidores",
        "Entrega dos leitores de código de barras remarcada para a semana que vem",
        "Produto chegou com a embalagem danificada e precisa de troca",
        "Frete ficou mais caro por causa da rota até o interior do Pará",
        "Confirmada a data de chegada dos terminais na filial de Campinas",
        "O pedido ficou parado na alfândega aguardando liberação",
        "Motorista não encontrou o endereço e voltou com a mercadoria",
        "Combinamos entrega parcial: metade agora, o restante em 15 dias",
        "Cliente reclamou que o prazo de entrega prometido não foi cumprido",
    ],
    "contrato": [
        "Jurídico do cliente pediu alteração na cláusula de multa rescisória",
        "Contrato vence em março; iniciar conversa de renovação em janeiro",
        "Enviada minuta do aditivo contratual para assinatura eletrônica",
        "Cliente quer incluir cláusula de confidencialidade e LGPD no acordo",
        "Renovação automática foi contestada pelo departamento jurídico",
        "Assinaram o termo de rescisão amigável do contrato antigo",
        "Pediram SLA de disponibilidade de 99,9% por escrito no contrato",
        "Advogado revisou o acordo de nível de serviço e devolveu com comentários",
        "Vigência do contrato estendida por mais 24 meses",
        "Procuração do representante legal estava vencida; aguardando nova via",
        "Cliente solicitou cópia assinada do contrato para auditoria interna",
    ],
    "implantacao": [
        "Kickoff da implantação marcado com o time de operações do cliente",
        "Treinamento dos usuários-chave concluído em duas turmas",
        "Migração dos dados do sistema antigo prevista para o fim de semana",
        "Cronograma de implantação atrasou porque o cliente não enviou as planilhas",
        "Consultor ficará três dias na fábrica para parametrizar o sistema",
        "Go-live adiado para validar os relatórios fiscais",
        "Criamos o ambiente de homologação para os testes do cliente",
        "Equipe do cliente precisa de mais uma capacitação sobre o módulo financeiro",
        "Importação do cadastro de produtos concluída sem erros",
        "Reunião de encerramento do projeto de implantação com aceite formal",
        "Plano de treinamento online para os vendedores das filiais",
    ],
    "expansao": [
        "Cliente quer adicionar 50 novas licenças para a filial do Sul",
        "Interesse em contratar também o módulo de BI",
        "Abriram duas lojas novas e vão precisar de mais terminais",
        "Oportunidade de upsell: plano empresarial com usuários ilimitados",
        "Diretor comentou que pretendem levar o sistema para as outras unidades do grupo",
        "Pediram proposta para integrar a operação recém-adquirida",
        "Crescimento da equipe comercial exige mais acessos ao CRM",
        "Estão avaliando ampliar o contrato para incluir o e-commerce",
        "Cliente satisfeito quer expandir o uso para o setor de compras",
        "Nova unidade em Manaus vai começar a usar a plataforma em abril",
        "Solicitaram cotação de pacote adicional de armazenamento",
    ],
}

CONSULTAS: list[tuple[str, str]] = [
    ("preco", "o cliente acha que está muito caro"),
    ("preco", "pedido de abatimento no valor para assinar"),
    ("suporte", "falha técnica no software impede o trabalho"),
    ("suporte", "problema no programa aberto como chamado"),
    ("entrega", "a mercadoria não chegou na data combinada"),
    ("entrega", "envio dos equipamentos pela transportadora"),
    ("contrato", "questões legais sobre o acordo assinado"),
    ("contrato", "renovar a vigência do termo comercial"),
    ("implantacao", "colocar o sistema em funcionamento e capacitar a equipe"),
    ("implantacao", "onboarding e configuração inicial do produto"),
    ("expansao", "comprar mais usuários porque a empresa cresceu"),
    ("expansao", "vender módulos adicionais para quem já é cliente"),
]


def documentos() -> list[tuple[str, str]]:
    """(topic, text) for every note."""
    return [(topico, texto) for topico, textos in NOTAS.items() for texto in textos]


def precisao_at_5(embedding) -> float:  # noqa: ANN001
    """Mean precision@5 of the 12 queries over the 66 notes (cosine, vectors are L2-normalised)."""
    import numpy as np

    docs = documentos()
    m = embedding.encode([t for _, t in docs])
    m = m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-9)
    total = 0.0
    for topico, q in CONSULTAS:
        v = embedding.encode_query([q])[0]
        top = np.argsort(-(m @ (v / max(np.linalg.norm(v), 1e-9))))[:5]
        total += sum(docs[i][0] == topico for i in top) / 5
    return total / len(CONSULTAS)
