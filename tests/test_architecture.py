"""The layer picture holds: entry points never reach the ORM, core never imports a framework."""

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "aurora_app"
pytestmark = pytest.mark.no_db


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module if node.module.startswith("aurora_app") else node.module.split(".")[0])
    return names


@pytest.mark.parametrize("folder", ["ui", "api/routes"])
def test_entry_points_do_not_touch_the_orm(folder):
    offenders = {
        str(p.relative_to(PKG)): sorted(_imports(p) & {"sqlmodel", "sqlalchemy", "aurora_app.core.db"})
        for p in (PKG / folder).rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_core_is_framework_free():
    offenders = {
        str(p.relative_to(PKG)): sorted(_imports(p) & {"reflex", "fastapi"}) for p in (PKG / "core").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_services_never_raise_http_exceptions():
    for p in (PKG / "services").rglob("*.py"):
        assert "HTTPException" not in p.read_text(), p


def test_ai_core_never_imports_ui_api_or_services():
    """Services call the AI core, never the other way round (and no framework in it)."""
    banned = {"reflex", "fastapi", "aurora_app.ui", "aurora_app.api", "aurora_app.services"}
    offenders = {
        str(p.relative_to(PKG)): sorted(n for n in _imports(p) if any(n == b or n.startswith(b + ".") for b in banned))
        for p in (PKG / "ai_core").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_role_rules_live_in_permissoes():
    """A role rule is written once, in services/permissoes.py (auth keeps the admin-area check);
    pages ask for its flags instead of comparing role names."""
    rule = ("sees_everything", ".papel ==", ".papel !=", ".papel in", 'papel == "vendedor"', 'papel != "vendedor"')
    allowed = {"services/permissoes.py", "services/actor.py", "services/auth.py", "services/usuarios.py"}
    offenders = {
        str(p.relative_to(PKG)): [r for r in rule if r in p.read_text()]
        for p in PKG.rglob("*.py")
        if str(p.relative_to(PKG)) not in allowed
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_no_service_reaches_into_another_private_helper():
    offenders = [
        str(p.relative_to(PKG))
        for p in (PKG / "services").rglob("*.py")
        if any(
            f"{m}._" in p.read_text()
            for m in (
                "clientes",
                "leads",
                "contatos",
                "interacoes",
                "tarefas",
                "clientes_service",
                "leads_service",
                "contatos_service",
            )
        )
    ]
    assert offenders == []
