import json
import logging

from aurora_app.core.config import get_settings
from aurora_app.core.logging import redact, setup_logging


def test_json_lines_with_secrets_redacted():
    setup_logging(force=True)
    log = logging.getLogger("aurora.teste")
    token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJh"
    log.info("login ok password=Segredo123 token %s", token)
    log.error("falha com Authorization: Bearer abc.def.ghi e cpf ***.456.789-**")
    for h in logging.getLogger().handlers:
        h.flush()
    from pathlib import Path

    app_lines = (Path(get_settings().LOG_DIR) / "app.log").read_text().splitlines()
    err_lines = (Path(get_settings().LOG_DIR) / "error.log").read_text().splitlines()
    records = [json.loads(line) for line in app_lines]
    assert {"ts", "level", "logger", "message"} <= records[-1].keys()
    text = "\n".join(app_lines + err_lines)
    assert "Segredo123" not in text and token not in text and "abc.def.ghi" not in text
    assert "456.789" not in text
    assert any(json.loads(line)["level"] == "ERROR" for line in err_lines)
    assert all(json.loads(line)["level"] != "INFO" for line in err_lines)


def test_redact_keeps_ordinary_text():
    assert redact("cliente 123 criado") == "cliente 123 criado"
    assert "[redigido]" in redact('{"senha": "x y z"}')
