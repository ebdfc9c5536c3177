"""Command line: ``python -m aurora_app.cli <command>`` (or the ``aurora`` script)."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from aurora_app.core.config import PROJECT_ROOT, get_settings


def _alembic_config():
    from alembic.config import Config

    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.attributes["url"] = get_settings().DATABASE_URL
    return cfg


def cmd_init_db(_: argparse.Namespace) -> int:
    from alembic import command

    settings = get_settings()
    if settings.is_sqlite:
        path = settings.DATABASE_URL.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(_alembic_config(), "head")
    print("Banco de dados migrado para a versão mais recente.")
    return 0


def cmd_create_user(args: argparse.Namespace) -> int:
    from aurora_app.services.errors import DomainError
    from aurora_app.services.usuarios import create_user

    password = args.password or getpass.getpass("Senha: ")
    try:
        user = create_user(email=args.email, password=password, papel=args.papel, nome=args.nome)
    except DomainError as exc:
        print(f"Erro: {exc.detail}", file=sys.stderr)
        return 1
    print(f"Usuário criado: #{user.id} {user.email} ({user.papel}).")
    return 0


def cmd_seed_demo(_: argparse.Namespace) -> int:
    from aurora_app.services.demo import DEMO_USERS, seed_demo

    result = seed_demo()
    if result.get("skipped"):
        print("Dados de demonstração já carregados; nada a fazer.")
    else:
        print(
            f"Dados de demonstração carregados: {result['clientes']} clientes, {result['leads']} leads, "
            f"{result['interacoes']} interações."
        )
    print("Logins de demonstração (troque as senhas fora do ambiente de demonstração):")
    for u in DEMO_USERS:
        print(f"  {u.papel:<9} {u.email:<22} senha: {u.password}")
    return 0


def cmd_reindex_ai(_: argparse.Namespace) -> int:
    from aurora_app.ai_core.ingestion import reindex_all
    from aurora_app.ai_core.store import StoreUnavailable, collection_name

    try:
        count = reindex_all(progress=True)
    except StoreUnavailable as exc:
        print(f"Erro: {exc}", file=sys.stderr)
        return 1
    print(f"{count} documentos reindexados na coleção {collection_name()}.")
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    import signal
    import threading

    from aurora_app.ai_core.ingestion import drain, run_worker

    if args.once:
        print(f"{drain(batch=args.lote)} itens da fila de ingestão processados.")
        return 0
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    print("Worker de ingestão da IA em execução (Ctrl+C para parar).", flush=True)
    run_worker(stop, batch=args.lote)
    return 0


def cmd_rotate_data_key(_: argparse.Namespace) -> int:
    """Re-encrypts the secrets at rest with the first key of DATA_ENCRYPTION_KEY (never prints them)."""
    from aurora_app.core.crypto import SecretUnreadable
    from aurora_app.services.auth import reencrypt_totp_secrets

    try:
        count = reencrypt_totp_secrets()
    except SecretUnreadable:
        print(
            "Erro: um segredo TOTP não abre com nenhuma chave de DATA_ENCRYPTION_KEY; inclua a chave antiga "
            'depois da nova ("nova,antiga") e rode de novo. Nada foi alterado.',
            file=sys.stderr,
        )
        return 1
    print(f"{count} segredos TOTP recifrados com a primeira chave de DATA_ENCRYPTION_KEY.")
    return 0


def cmd_lgpd_retencao(args: argparse.Namespace) -> int:
    """LGPD retention policy (issue 16): a dry run by default; ``--aplicar`` anonymises, audited.
    Prints counts and record ids, never personal data."""
    from aurora_app.services.errors import DomainError
    from aurora_app.services.lgpd import retencao

    try:
        r = retencao(aplicar=args.aplicar, anos=args.anos)
    except DomainError as exc:
        print(f"Erro: {exc.detail}", file=sys.stderr)
        return 1
    acao = "Aplicado" if r["aplicado"] else "Simulação (nada foi alterado; use --aplicar)"
    print(f"{acao}: política de retenção de {r['anos']} anos (leads perdidos antes de {r['corte'][:10]}).")
    print(f"  leads perdidos com dados de contato: {len(r['leads'])} {r['leads'][:50]}")
    print(f"  titulares a anonimizar: {r['titulares']} (+ {r['leads_sem_email']} leads sem e-mail)")
    for tipo, n in sorted(r["contagens"].items()):
        if n:
            print(f"    {tipo}: {n}")
    if r["aplicado"]:
        print(f"  registros alterados: {r['registros']}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="aurora", description="Ferramentas de linha de comando do Aurora CRM.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init-db", help="migra o banco de dados para a versão mais recente").set_defaults(fn=cmd_init_db)
    p = sub.add_parser("create-user", help="cria um usuário")
    p.add_argument("--email", required=True)
    p.add_argument("--password", help="omita para digitar sem eco")
    p.add_argument("--papel", required=True, choices=["admin", "gerente", "vendedor"])
    p.add_argument("--nome", required=True)
    p.set_defaults(fn=cmd_create_user)
    sub.add_parser("seed-demo", help="carrega dados de demonstração (idempotente)").set_defaults(fn=cmd_seed_demo)
    sub.add_parser("reindex-ai", help="reindexa interações, leads e clientes no núcleo de IA").set_defaults(
        fn=cmd_reindex_ai
    )
    sub.add_parser(
        "rotate-data-key", help="recifra os segredos TOTP com a primeira chave de DATA_ENCRYPTION_KEY (idempotente)"
    ).set_defaults(fn=cmd_rotate_data_key)
    p = sub.add_parser("worker", help="processa a fila de ingestão da IA (outbox) até ser interrompido")
    p.add_argument("--once", action="store_true", help="esvazia a fila uma vez e sai")
    p.add_argument("--lote", type=int, default=None, help="itens por lote (padrão: AI_WORKER_BATCH)")
    p.set_defaults(fn=cmd_worker)
    p = sub.add_parser("lgpd-retencao", help="política de retenção LGPD: simula (padrão) ou aplica a anonimização")
    modo = p.add_mutually_exclusive_group()
    modo.add_argument("--dry-run", dest="aplicar", action="store_false", help="só relata o que seria anonimizado (padrão)")
    modo.add_argument("--aplicar", dest="aplicar", action="store_true", help="anonimiza de verdade (irreversível, auditado)")
    p.add_argument("--anos", type=int, default=None, help="anos desde a perda do lead (padrão: LGPD_RETENCAO_ANOS)")
    p.set_defaults(fn=cmd_lgpd_retencao, aplicar=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from aurora_app.core.logging import setup_logging

    setup_logging()
    return args.fn(args)


if __name__ == "__main__":
    raise SystemExit(main())
