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
    proc = subprocess.run(
        [sys.executable, "-m", "aurora_app.cli", "init-db"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert db.exists()


def test_create_user_and_refusals(capsys):
    assert (
        main(
            [
                "create-user",
                "--email",
                "Nova@Aurora.dev",
                "--password",
                "uma frase bem longa",
                "--papel",
                "gerente",
                "--nome",
                "Nova",
            ]
        )
        == 0
    )
    assert "nova@aurora.dev" in capsys.readouterr().out
    assert (
        main(
            [
                "create-user",
                "--email",
                "nova@aurora.dev",
                "--password",
                "outra frase longa",
                "--papel",
                "gerente",
                "--nome",
                "Dup",
            ]
        )
        == 1
    )
    assert "Já existe" in capsys.readouterr().err
    assert (
        main(["create-user", "--email", "x@aurora.dev", "--password", "12345678", "--papel", "admin", "--nome", "X"])
        == 1
    )
    assert "comum" in capsys.readouterr().err


def test_seed_demo_is_realistic_and_idempotent(capsys):
    assert main(["seed-demo"]) == 0
    out = capsys.readouterr().out
    for u in DEMO_USERS:
        assert u.email in out
    with session_scope() as s:
        counts = {
            m.__name__: s.execute(select(func.count()).select_from(m)).scalar()
            for m in (Usuario, Cliente, Lead, Interacao)
        }
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
        again = {
            m.__name__: s.execute(select(func.count()).select_from(m)).scalar()
            for m in (Usuario, Cliente, Lead, Interacao)
        }
    assert again == counts


def test_rotate_data_key_reencrypts_with_the_first_key(capsys, monkeypatch, make_user):
    import pyotp
    from cryptography.fernet import Fernet
    from sqlalchemy import update

    from aurora_app.core import crypto
    from aurora_app.core.config import get_settings, reset_settings_cache
    from aurora_app.services import auth

    old = get_settings().DATA_ENCRYPTION_KEY
    new = Fernet.generate_key().decode()
    secrets_ = {}
    for n in range(3):
        user = make_user("vendedor")
        secrets_[user.id] = pyotp.random_base32(length=32)
        value = crypto.encrypt(secrets_[user.id], keys=old) if n else secrets_[user.id]  # one left in plain text
        with session_scope() as s:
            s.execute(update(Usuario).where(Usuario.id == user.id).values(totp_secret=value, totp_ativo=True))
    make_user("gerente")  # no 2FA: nothing to rotate

    monkeypatch.setenv("DATA_ENCRYPTION_KEY", f"{new},{old}")
    reset_settings_cache()
    assert main(["rotate-data-key"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("3 segredos TOTP recifrados")
    with session_scope() as s:
        stored = dict(s.execute(select(Usuario.id, Usuario.totp_secret).where(Usuario.totp_secret.is_not(None))).all())
    assert set(stored) == set(secrets_)
    for user_id, token in stored.items():
        assert crypto.decrypt(token, keys=new) == secrets_[user_id]  # the old key is no longer needed
        assert secrets_[user_id] not in out
    assert old not in out and new not in out

    assert main(["rotate-data-key"]) == 0  # idempotent
    assert capsys.readouterr().out.startswith("0 segredos TOTP recifrados")

    monkeypatch.setenv("DATA_ENCRYPTION_KEY", Fernet.generate_key().decode())  # neither key: refuse, change nothing
    reset_settings_cache()
    assert main(["rotate-data-key"]) == 1
    assert "nenhuma chave" in capsys.readouterr().err
    with session_scope() as s:
        assert (
            dict(s.execute(select(Usuario.id, Usuario.totp_secret).where(Usuario.totp_secret.is_not(None))).all())
            == stored
        )

    monkeypatch.setenv("DATA_ENCRYPTION_KEY", new)  # after rotation the old key can leave the list
    reset_settings_cache()
    assert auth._totp_secret(_row(next(iter(stored)))) == secrets_[next(iter(stored))]


def _row(user_id: int) -> Usuario:
    with session_scope() as s:
        return s.get(Usuario, user_id)
