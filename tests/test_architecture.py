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
    offenders = {str(p.relative_to(PKG)): sorted(_imports(p) & {"reflex", "fastapi"}) for p in (PKG / "core").rglob("*.py")}
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
