"""mypy plugin: a SQLModel field read on the class is a SQL column, not its Python value.

SQLModel declares ``removido_em: datetime | None``, so mypy types ``Cliente.removido_em`` as
``datetime | None`` and every query (``Cliente.removido_em.is_(None)``, ``Lead.valor > 0``,
``select(Cliente.id)``) looks wrong to it. At run time SQLAlchemy puts an InstrumentedAttribute
there. This plugin types a field read on a SQLModel class as ``Any`` (what ``sqlmodel.col()``
would otherwise be needed for at every call site); on an instance (``cliente.removido_em``) the
field keeps its declared type, so Optional misuse is still caught.
"""

from __future__ import annotations

from collections.abc import Callable

from mypy.nodes import TypeInfo, Var
from mypy.plugin import AttributeContext, Plugin
from mypy.types import AnyType, Type, TypeOfAny

SQLMODEL = "sqlmodel.main.SQLModel"


def _column(ctx: AttributeContext) -> Type:
    return AnyType(TypeOfAny.special_form)


class SQLModelColumns(Plugin):
    def get_class_attribute_hook(self, fullname: str) -> Callable[[AttributeContext], Type] | None:
        owner, _, attr = fullname.rpartition(".")
        sym = self.lookup_fully_qualified(owner)
        if sym is None or not isinstance(sym.node, TypeInfo) or attr.startswith("_"):
            return None
        info = sym.node
        if not any(base.fullname == SQLMODEL for base in info.mro[1:]):
            return None
        node = info.names.get(attr)
        if node is None or not isinstance(node.node, Var) or node.node.is_classvar:
            return None
        return _column


def plugin(version: str) -> type[Plugin]:
    return SQLModelColumns
