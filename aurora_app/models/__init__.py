"""SQLModel tables, one module per entity. Importing this package registers them all."""

from aurora_app.models.ai import AiFeedback, AiOutbox
from aurora_app.models.auditoria import Auditoria
from aurora_app.models.cliente import Cliente
from aurora_app.models.contato import BaseLegal, Contato
from aurora_app.models.interacao import Interacao, TipoInteracao
from aurora_app.models.lead import ESTAGIOS_ABERTOS, ESTAGIOS_FECHADOS, Estagio, Lead, Origem
from aurora_app.models.lgpd import Anonimizacao, ConsentimentoHistorico, SolicitacaoTitular
from aurora_app.models.usuario import CodigoRecuperacao, Papel, Sessao, TokenRevogado, Usuario
from aurora_app.models.visao import VisaoSalva

__all__ = [
    "ESTAGIOS_ABERTOS",
    "ESTAGIOS_FECHADOS",
    "AiFeedback",
    "AiOutbox",
    "Anonimizacao",
    "Auditoria",
    "BaseLegal",
    "Cliente",
    "CodigoRecuperacao",
    "ConsentimentoHistorico",
    "Contato",
    "Estagio",
    "Interacao",
    "Lead",
    "Origem",
    "Papel",
    "Sessao",
    "SolicitacaoTitular",
    "TipoInteracao",
    "TokenRevogado",
    "Usuario",
    "VisaoSalva",
]
