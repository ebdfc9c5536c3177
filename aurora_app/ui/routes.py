"""Every URL of the UI, in one place (SPEC §7)."""

PAINEL = "/"
LOGIN = "/login"
CLIENTES = "/clientes"
CLIENTE_DETALHE = "/clientes/[id]"
LEADS = "/leads"
LEAD_DETALHE = "/leads/[id]"
CNPJ = "/cnpj"
SEGURANCA = "/conta/seguranca"
ADMIN = "/admin"
LGPD = "/admin/lgpd"
TAREFAS = "/tarefas"
LIXEIRA = "/lixeira"


def cliente_url(cliente_id: int | str) -> str:
    return f"/clientes/{cliente_id}"


def lead_url(lead_id: int | str) -> str:
    return f"/leads/{lead_id}"
