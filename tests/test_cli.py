import subprocess
import sys

from sqlalchemy import func, select

from aurora_app.cli import main
from aurora_app.core.cnpj import cnpj_valido
from aurora_app.core.config import PROJECT_ROOT
from aurora_app.core.db import session_scope
from aurora_app.models import Cliente, Estagio, Interacao, Lead, Usuario
from aurora_app.services.demo import DEMO_USERS


def test_init_db_on_an_empty_sqlite_file(tmp_path):
    db = tmp_path / "sub" / "novo.db"
    env = {"DATABASE_URL": f"sqlite:///{db}", "PATH": "/usr/bin:/bin", "SECRET_KEY": "x" * 40, "LOG_DIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "aurora_app.cli", "init-db"], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert db.exists()


def test_create_user_and_refusals(capsys):
    assert main(["create-user", "--email", "Nova@Aurora.dev", "--password", "uma frase bem longa", "--papel", "gerente", "--nome", "Nova"]) == 0
    assert "nova@aurora.dev" in capsys.readouterr().out
    assert main(["create-user", "--email", "nova@aurora.dev", "--password", "outra frase longa", "--papel", "gerente", "--nome", "Dup"]) == 1
    assert "Já existe" in capsys.readouterr().err
    assert main(["create-user", "--email", "x@aurora.dev", "--password", "12345678", "--papel", "admin", "--nome", "X"]) == 1
    assert "comum" in capsys.readouterr().err


def test_seed_demo_is_realistic_and_idempotent(capsys):
    assert main(["seed-demo"]) == 0
    out = capsys.readouterr().out
    for u in DEMO_USERS:
        assert u.email in out
    with session_scope() as s:
        counts = {m.__name__: s.execute(select(func.count()).select_from(m)).scalar() for m in (Usuario, Cliente, Lead, Interacao)}
        cnpjs = s.execute(select(Cliente.cnpj)).scalars().all()
        estagios = set(s.execute(select(Lead.estagio)).scalars())
        datas = s.execute(select(func.min(Lead.criado_em), func.max(Lead.criado_em))).one()
    assert all(cnpj_valido(c) for c in cnpjs)
    assert any(not c.isdigit() for c in cnpjs), "some alphanumeric CNPJs"
    assert estagios == {e.value for e in Estagio}
    assert (datas[1] - datas[0]).days > 200  # spread over the last 12 months
    assert main(["seed-demo"]) == 0
    assert "já carregados" in capsys.readouterr().out
    with session_scope() as s:
        again = {m.__name__: s.execute(select(func.count()).select_from(m)).scalar() for m in (Usuario, Cliente, Lead, Interacao)}
    assert again == counts
