"""The audit log as a person reads it: pt-BR action names, a readable record, "campo: de → para".

The services store codes and JSON (stable for the API and for queries); this module only
translates them for the /admin page. Unknown actions or fields (recorded by newer code) still
show, with their code made readable.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from aurora_app.core.cnpj import formatar_cnpj
from aurora_app.ui import labels

ACOES = {
    "login_sucesso": "Login", "login_falha": "Login recusado", "login_limitado": "Login bloqueado (tentativas demais)",
    "logout": "Saída", "otp_falha": "Código de verificação errado", "otp_bloqueado": "Verificação em duas etapas bloqueada",
    "otp_limitado": "Códigos de verificação demais", "codigo_recuperacao_usado": "Código de recuperação usado",
    "2fa_setup": "2FA: chave gerada", "2fa_setup_falha": "2FA: geração recusada", "2fa_ativado": "2FA ativada",
    "2fa_ativacao_falha": "2FA: ativação recusada", "2fa_desativado": "2FA desativada",
    "2fa_desativacao_falha": "2FA: desativação recusada", "senha_alterada": "Senha alterada",
    "senha_alteracao_falha": "Troca de senha recusada", "usuario_criado": "Usuário criado",
    "chave_dados_girada": "Chave de dados girada",
    "usuario_atualizado": "Usuário alterado", "usuario_papel_alterado": "Papel alterado",
    "usuario_desativado": "Usuário desativado", "usuario_reativado": "Usuário reativado",
    "cliente_criado": "Cliente criado", "cliente_alterado": "Cliente alterado", "cliente_removido": "Cliente excluído",
    "clientes_importados": "Clientes importados", "clientes_exportados": "Clientes exportados",
    "lead_criado": "Lead criado", "lead_alterado": "Lead alterado", "lead_movido": "Lead mudou de estágio",
    "lead_convertido": "Lead convertido em cliente", "lead_removido": "Lead excluído", "seed_demo": "Dados de demonstração",
    "usuario_senha_redefinida": "Senha redefinida pelo administrador", "usuario_2fa_redefinido": "2FA redefinida pelo administrador",
    "sessao_encerrada": "Sessão encerrada", "sessoes_encerradas": "Outras sessões encerradas",
    "usuario_sessoes_encerradas": "Sessões encerradas pelo administrador", "lead_reordenado": "Lead reordenado no quadro",
    "lgpd_exportacao": "LGPD: dados de titular exportados", "lgpd_anonimizacao": "LGPD: titular anonimizado",
    "lgpd_solicitacao_criada": "LGPD: solicitação registrada", "lgpd_solicitacao_alterada": "LGPD: solicitação atualizada",
    "lgpd_retencao_aplicada": "LGPD: política de retenção aplicada", "lgpd_encarregado_alterado": "LGPD: encarregado definido",
    "contato_consentimento_revogado": "Consentimento revogado",
}  # fmt: skip

ENTIDADES = {"cliente": ("Cliente", "Clientes"), "lead": ("Lead", "Leads"), "usuario": ("Usuário", "Usuários"),
             "contato": ("Contato", "Contatos"), "interacao": ("Interação", "Interações"), "sessao": ("Sessão", "Sessões")}  # fmt: skip
LOTE = {"clientes_importados": "importação de arquivo", "clientes_exportados": "exportação"}

CAMPOS = {
    "nome": "Nome", "empresa": "Empresa", "cnpj": "CNPJ", "contato": "Contato", "email": "E-mail",
    "telefone": "Telefone", "origem": "Origem", "valor": "Valor", "previsao_fechamento": "Previsão de fechamento",
    "responsavel_id": "Responsável", "estagio": "Estágio", "motivo_perda": "Motivo da perda",
    "fechado_em": "Fechado em", "cliente_id": "Cliente", "razao_social": "Razão social",
    "nome_fantasia": "Nome fantasia", "cep": "CEP", "logradouro": "Logradouro", "numero": "Número",
    "complemento": "Complemento", "bairro": "Bairro", "municipio": "Município", "uf": "UF",
    "cnae_principal": "CNAE principal", "situacao_cadastral": "Situação cadastral", "porte": "Porte",
    "papel": "Papel", "ativo": "Ativo", "busca": "Busca", "motivo": "Motivo", "metodo": "Método",
    "lead_id": "Lead", "cliente_criado": "Cliente criado", "valida_ate": "Válida até", "propria": "Própria sessão",
    "ip_da_sessao": "IP da sessão", "quantidade": "Quantidade", "responsavel": "Responsável (e-mail)",
}  # fmt: skip
ESTAGIOS = labels.ESTAGIO_LABEL
PAPEIS = labels.PAPEIS
_ISO_DIA = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_INSTANTE = re.compile(r"^\d{4}-\d{2}-\d{2}T")


def _legivel(codigo: str) -> str:
    texto = codigo.replace("_", " ").strip()
    return texto[:1].upper() + texto[1:]


def rotulo_acao(acao: str) -> str:
    return ACOES.get(acao) or _legivel(acao)


def rotulo_campo(campo: str) -> str:
    return CAMPOS.get(campo) or _legivel(campo)


def valor(campo: str, v: Any) -> str:
    """One stored value as a person reads it."""
    if v is None or v == "":
        return "(vazio)"
    if isinstance(v, bool):
        return "sim" if v else "não"
    if campo == "valor":
        try:
            return labels.brl(Decimal(str(v)))
        except InvalidOperation:
            return str(v)
    if campo in ("estagio", "de", "para") and v in ESTAGIOS:
        return ESTAGIOS[v]
    if campo == "papel" and v in PAPEIS:
        return PAPEIS[v]
    if campo == "cnpj" and isinstance(v, str) and len(v) == 14:
        return formatar_cnpj(v)
    if isinstance(v, str) and _ISO_DIA.match(v):
        return labels.dia(date.fromisoformat(v))
    if isinstance(v, str) and _ISO_INSTANTE.match(v):
        try:
            return labels.data_br(datetime.fromisoformat(v))
        except ValueError:
            return v
    if isinstance(v, dict | list):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def _carregar(detalhes: str | None) -> dict[str, Any]:
    if not detalhes:
        return {}
    try:
        dados = json.loads(detalhes)
    except ValueError:
        return {"texto": detalhes}
    return dados if isinstance(dados, dict) else {"texto": dados}


def registro(acao: str, entidade: str | None, entidade_id: str | None, detalhes: str | None) -> str:
    """``Lead #12 · Contrato X``; ``Clientes (importação de arquivo)`` for actions on many records."""
    if not entidade:
        return "—"
    um, varios = ENTIDADES.get(entidade, (_legivel(entidade), _legivel(entidade)))
    if not entidade_id or entidade_id == "None":
        return f"{varios} ({LOTE.get(acao, 'vários registros')})"
    dados = _carregar(detalhes)
    nome = next((dados[k] for k in ("nome", "razao_social", "email") if isinstance(dados.get(k), str)), "")
    return f"{um} #{entidade_id}" + (f" · {nome}" if nome else "")


def descrever(acao: str, detalhes: str | None) -> str:
    """The details as short pt-BR lines ("Responsável: Ana (#3) → Bruno (#5)")."""
    dados = _carregar(detalhes)
    if not dados:
        return ""
    if acao == "clientes_importados":
        n = {k: int(dados.get(k) or 0) for k in ("linhas", "criados", "atualizados", "inalterados", "erros")}
        return labels.resumo_importacao(**n)
    if acao == "clientes_exportados":
        filtros = dados.get("filtros", {k: dados.get(k) for k in ("busca", "uf", "responsavel_id")})
        partes = [f"{rotulo_campo(k)}: {v}" for k, v in (filtros or {}).items() if v not in (None, "")]
        return "Filtros: " + "; ".join(partes) if partes else "Todos os clientes (sem filtros)"
    linhas: list[str] = []
    mudancas = dados.get("mudancas")
    if isinstance(mudancas, dict):
        for campo, par in mudancas.items():
            if isinstance(par, dict):
                linhas.append(f"{rotulo_campo(campo)}: {valor(campo, par.get('de'))} → {valor(campo, par.get('para'))}")
    elif "de" in dados and "para" in dados:
        campo = "papel" if acao == "usuario_papel_alterado" else "estagio"
        linhas.append(f"{rotulo_campo(campo)}: {valor(campo, dados['de'])} → {valor(campo, dados['para'])}")
    if isinstance(dados.get("campos"), list):  # records written before field diffs existed
        linhas.append("Campos: " + ", ".join(rotulo_campo(str(c)) for c in dados["campos"]))
    ja = {"mudancas", "de", "para", "campos", "nome", "razao_social"}
    for campo, v in dados.items():
        if campo not in ja and not isinstance(v, dict | list):
            linhas.append(f"{rotulo_campo(campo)}: {valor(campo, v)}")
    return "\n".join(linhas)
