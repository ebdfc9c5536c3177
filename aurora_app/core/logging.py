"""JSON-lines logs in LOG_DIR/app.log and LOG_DIR/error.log, rotated, with secrets redacted."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from concurrent_log_handler import ConcurrentRotatingFileHandler
from pythonjsonlogger.json import JsonFormatter

from aurora_app.core.config import get_settings

_PATTERNS = [
    # JWTs and bearer tokens
    (re.compile(r"eyJ[\w-]+\.[\w-]+\.[\w-]+"), "[jwt-redigido]"),
    (re.compile(r"(?i)(bearer\s+)[\w.~+/=-]+"), r"\1[redigido]"),
    # key=value / "key": "value" pairs whose name says secret
    (
        re.compile(
            r"(?i)([\"']?(?:password|senha|otp|secret|token|api[_-]?key|authorization|codigo|recovery)[\w-]*[\"']?\s*[:=]\s*)"
            r"(\"[^\"]*\"|'[^']*'|[^\s,;&}]+)"
        ),
        r"\1[redigido]",
    ),
    (re.compile(r"otpauth://\S+"), "otpauth://[redigido]"),
    # CPF, masked or not
    (re.compile(r"(?<![\w*])[\d*]{3}\.?[\d*]{3}\.?[\d*]{3}-?[\d*]{2}(?![\w*])"), "[cpf-redigido]"),
]


def redact(text: str) -> str:
    for pattern, repl in _PATTERNS:
        text = pattern.sub(repl, text)
    return text


class RedactingFilter(logging.Filter):
    """Last line of defence: formats the message and scrubs anything that looks secret."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string must not kill logging
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        for key, value in list(record.__dict__.items()):
            if key not in _STD_ATTRS and isinstance(value, str):
                setattr(record, key, redact(value))
        return True


_STD_ATTRS = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}
_configured = False
_base_factory = logging.getLogRecordFactory()


def _redacting_factory(*args, **kwargs) -> logging.LogRecord:
    """Redact at creation, so every handler (files, console, test capture) sees the clean text."""
    record = _base_factory(*args, **kwargs)
    RedactingFilter().filter(record)
    return record


def setup_logging(force: bool = False) -> None:
    global _configured
    if _configured and not force:
        return
    settings = get_settings()
    logging.setLogRecordFactory(_redacting_factory)
    log_dir = Path(settings.LOG_DIR)
    log_dir.mkdir(parents=True, exist_ok=True)
    fmt = JsonFormatter(
        "%(asctime)s %(levelname)s %(name)s %(message)s",
        rename_fields={"asctime": "ts", "levelname": "level", "name": "logger"},
        json_ensure_ascii=False,
    )
    redactor = RedactingFilter()
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_aurora", False):
            root.removeHandler(h)
            h.close()
    for filename, level in (("app.log", logging.INFO), ("error.log", logging.ERROR)):
        # Several Reflex workers write the same files: rotation takes a file lock (a plain
        # RotatingFileHandler per process would rotate under the others and lose lines).
        handler = ConcurrentRotatingFileHandler(
            str(log_dir / filename), maxBytes=10 * 1024 * 1024, backupCount=5, encoding="utf-8"
        )
        handler.setLevel(level)
        handler.setFormatter(fmt)
        handler.addFilter(redactor)
        handler._aurora = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(getattr(logging, settings.LOG_LEVEL.upper(), logging.INFO))
    # Library loggers that would echo request bodies or URLs with credentials stay quiet.
    for noisy in ("httpx", "httpcore", "sqlalchemy.engine", "passlib", "multipart"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    _configured = True
