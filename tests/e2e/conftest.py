"""Browser journeys: a real `reflex run --env prod` driven by Playwright through Chromium.

The session starts one production server for all e2e tests:

- It holds an exclusive ``flock`` on ``.cache/e2e.lock`` for the whole session: several people
  (and CI) run tests in one tree, and two Reflex builds in one ``.web`` folder would collide.
- Database: a fresh SQLite file in a tmp dir by default. When ``DATABASE_URL`` points at
  PostgreSQL (CI's second pass), a throwaway database is created on that server instead and
  dropped at the end, so the browser app runs on the same engine as the rest of that pass.
  ``REDIS_URL``, when set, is passed on (Reflex then keeps state in Redis, several workers)
  with a key prefix of its own.
- The schema comes from ``python -m aurora_app.cli init-db`` and the demo data from
  ``seed-demo``; the demo logins are read from what ``seed-demo`` prints.
- The server runs in its own process group with the environment of ``scripts/env.sh`` (the one
  the Makefile uses) and is stopped with SIGINT to the group, SIGKILL after a grace period.

Environment knobs: ``AURORA_CHROMIUM`` (browser binary), ``AURORA_E2E_START_TIMEOUT`` (s, 180),
``AURORA_E2E_LOCK_TIMEOUT`` (s, 1200), ``AURORA_E2E_ENV`` (``AURORA_ENV`` of the server,
``development``), ``AURORA_E2E_BASE_URL`` (use a server that is already running; no build).
"""

from __future__ import annotations

import fcntl
import importlib.util
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.fakes.cnpja_server import VALID_KEYS, FakeCNPJa

ROOT = Path(__file__).resolve().parents[2]
E2E_DIR = Path(__file__).resolve().parent
LOCK_FILE = ROOT / ".cache" / "e2e.lock"
SCREENSHOT_DIR = ROOT / "test-results" / "screenshots"

# Read before any other fixture touches os.environ (the root conftest rewrites some of it).
BASE_DATABASE_URL = os.environ.get("DATABASE_URL", "")
BASE_REDIS_URL = os.environ.get("REDIS_URL", "")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Variables of the outer environment that must not leak into the server under test.
_SCRUBBED = (
    "DATABASE_URL",
    "REDIS_URL",
    "REFLEX_REDIS_URL",
    "REDIS_PREFIX",
    "PROMETHEUS_MULTIPROC_DIR",
    "SECRET_KEY",
    "AURORA_ENV",
    "LOG_DIR",
    "CHROMA_PATH",
    "CHROMA_URL",
    "PYTEST_CURRENT_TEST",
)

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Everything under tests/e2e is a browser journey, needs no per-test database, and runs last.

    Last, because Playwright's sync API keeps an event loop running in the main thread from the
    first browser test to the end of the session: a later test calling ``asyncio.run()`` would
    fail with "Cannot run the event loop while another loop is running".
    """
    e2e, others = [], []
    for item in items:
        if E2E_DIR in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.no_db)
            e2e.append(item)
        else:
            others.append(item)
    items[:] = others + e2e


# --------------------------------------------------------------------------- helpers


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _http_ok(url: str, timeout: float = 3.0) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return 200 <= response.status < 400
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _tail(path: Path, lines: int = 80) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no output)"


def parse_logins(output: str) -> dict[str, str]:
    """``{email: password}`` from what seed-demo prints (one login per line, any separator)."""
    logins: dict[str, str] = {}
    for line in output.splitlines():
        match = EMAIL_RE.search(line)
        if not match:
            continue
        rest = line[match.end() :]
        rest = re.sub(r"(?i)^\W*(senha|password)\W*", "", rest.strip(" \t:/|,-=>"))
        candidates = [t.strip("\"'`,;()[]") for t in re.split(r"\s+", rest) if t.strip("\"'`,;()[]")]
        # The password is the first token after the email that is not a label or a role.
        for token in candidates:
            if token.lower().rstrip(":") in {
                "senha",
                "password",
                "papel",
                "admin",
                "gerente",
                "vendedor",
                "/",
                "|",
                "-",
            }:
                continue
            logins.setdefault(match.group(0).lower(), token)
            break
    return logins


def _constants_logins() -> dict[str, str]:
    """Demo logins exposed as constants (``DEMO_USERS``/``DEMO_PASSWORD``), when a module has them."""
    found: dict[str, str] = {}
    for name in ("aurora_app.services.demo", "aurora_app.cli"):
        if importlib.util.find_spec(name) is None:
            continue
        try:
            module = __import__(name, fromlist=["_"])
        except Exception:  # noqa: BLE001 - only a convenience
            continue
        password = getattr(module, "DEMO_PASSWORD", None)
        users = getattr(module, "DEMO_USERS", None) or []
        for user in users:
            if isinstance(user, dict):
                email, pwd = user.get("email"), user.get("password") or user.get("senha") or password
            elif isinstance(user, (tuple, list)) and user:
                email, pwd = user[0], (user[1] if len(user) > 1 and "@" not in str(user[1]) else password)
            else:
                email, pwd = getattr(user, "email", None), getattr(user, "password", None) or password
            if email and pwd and isinstance(pwd, str):
                found.setdefault(str(email).lower(), pwd)
    return found


def _demo_roles() -> dict[str, str]:
    """``{papel: email}`` of the first demo user of each role, from ``aurora_app.services.demo``."""
    try:
        from aurora_app.services.demo import DEMO_USERS
    except Exception:  # noqa: BLE001 - only a convenience
        return {}
    roles: dict[str, str] = {}
    for user in DEMO_USERS:
        papel, email = getattr(user, "papel", None), getattr(user, "email", None)
        if papel and email:
            roles.setdefault(str(papel).lower(), str(email).lower())
    return roles


@dataclass
class AppServer:
    base_url: str
    env: dict[str, str]
    log_file: Path | None
    logins: dict[str, str] = field(default_factory=dict)
    seed_output: str = ""

    def url(self, path: str = "/") -> str:
        return self.base_url.rstrip("/") + path

    def login_for(self, papel_or_email: str = "admin") -> tuple[str, str]:
        """(email, password) of a demo user: an exact email, or the first whose email names the role."""
        key = papel_or_email.lower()
        key = _demo_roles().get(key, key)
        if key in self.logins:
            return key, self.logins[key]
        for email, password in self.logins.items():
            if email.split("@")[0].startswith(key):
                return email, password
        pytest.skip(f"seed-demo exposes no {papel_or_email!r} login (got {sorted(self.logins)})")


# --------------------------------------------------------------------------- the session's server


@pytest.fixture(autouse=True)
def _paciencia() -> Iterator[None]:
    """The machine is shared (CI runs beside other work): every browser assertion gets the
    patience of the page actions (15 s), not Playwright's 5 s default."""
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture(scope="session")
def _e2e_lock() -> Iterator[None]:
    """Exclusive for the whole session: one Reflex build in .web at a time."""
    LOCK_FILE.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + float(os.environ.get("AURORA_E2E_LOCK_TIMEOUT", "1200"))
    with LOCK_FILE.open("a+") as handle:
        announced = False
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    pytest.fail(f"{LOCK_FILE} is held by another e2e session (waited too long)")
                if not announced:
                    print(f"\n[e2e] waiting for {LOCK_FILE} (another e2e session is running)", file=sys.stderr)
                    announced = True
                time.sleep(1)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def _e2e_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throwaway database: SQLite file by default, a fresh database on DATABASE_URL's PostgreSQL."""
    if BASE_DATABASE_URL.startswith(("postgresql", "postgres")):
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        from aurora_app.core.config import normalise_database_url

        server = make_url(normalise_database_url(BASE_DATABASE_URL))
        name = f"aurora_e2e_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield server.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('e2e-db') / 'aurora.db'}"


def _server_env(tmp: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _SCRUBBED}
    for sub in ("logs", "chroma", "prometheus"):
        (tmp / sub).mkdir(parents=True, exist_ok=True)
    env.update(
        AURORA_ENV=os.environ.get("AURORA_E2E_ENV", "development"),
        DATABASE_URL=database_url,
        SECRET_KEY=secrets.token_urlsafe(48),
        LOG_DIR=str(tmp / "logs"),
        CHROMA_PATH=str(tmp / "chroma"),
        PROMETHEUS_MULTIPROC_DIR=str(tmp / "prometheus"),
        AI_EMBEDDING=os.environ.get("AURORA_E2E_AI_EMBEDDING", "use"),  # the real default, not the tests' hash
        PYTHON=sys.executable,
        PYTHONUNBUFFERED="1",
    )
    if BASE_REDIS_URL:
        env["REDIS_URL"] = BASE_REDIS_URL
        env["REDIS_PREFIX"] = f"e2e-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    return env


def _cli(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    """``python -m aurora_app.cli <args>`` with the env of scripts/env.sh; returns its stdout."""
    cmd = ["bash", "-c", '. scripts/env.sh && exec "$PYTHON" -m aurora_app.cli "$@"', "cli", *args]
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        pytest.fail(f"aurora_app.cli {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result.stdout + result.stderr


def _prepare_database(env: dict[str, str]) -> tuple[str, dict[str, str]]:
    if importlib.util.find_spec("aurora_app.cli") is None:
        # The CLI has not landed yet: migrate with Alembic directly, no demo data.
        subprocess.run(
            [sys.executable, "-m", "alembic", "upgrade", "head"], cwd=ROOT, env=env, check=True, capture_output=True
        )
        return "", {}
    _cli(env, "init-db")
    output = _cli(env, "seed-demo")
    logins = parse_logins(output)
    for email, password in _constants_logins().items():
        logins.setdefault(email, password)
    return output, logins


def _stop(process: subprocess.Popen[bytes], grace: float = 20.0) -> None:
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGINT, grace), (signal.SIGKILL, 10.0)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
    # Workers that outlived their parent belong to the same group.
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@pytest.fixture(scope="session")
def fake_cnpja_server() -> Iterator[FakeCNPJa]:
    """The app under test talks to a local fake CNPJá (browser tests never need the internet)."""
    with FakeCNPJa() as fake:
        yield fake


@pytest.fixture
def fake_cnpja(fake_cnpja_server: FakeCNPJa) -> FakeCNPJa:
    """The session's fake CNPJá with its counters and behaviour reset for this test."""
    fake_cnpja_server.reset()
    return fake_cnpja_server


@pytest.fixture(scope="session")
def app_server(
    _e2e_lock: None, _e2e_database: str, fake_cnpja_server: FakeCNPJa, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AppServer]:
    """Base URL (``http://127.0.0.1:<port>``) of a production build of the app, with demo data."""
    tmp = tmp_path_factory.mktemp("e2e-server")
    env = _server_env(tmp, _e2e_database)
    env.update(
        CNPJA_PAID_URL=fake_cnpja_server.paid_url,
        CNPJA_FREE_URL=fake_cnpja_server.free_url,
        CNPJA_PRIMARY_KEY=VALID_KEYS[0],
        CNPJA_SECONDARY_KEY=VALID_KEYS[1],
        CNPJA_AUTH_TYPE="",
    )

    external = os.environ.get("AURORA_E2E_BASE_URL")
    if external:
        yield AppServer(base_url=external.rstrip("/"), env=env, log_file=None, logins=_constants_logins())
        return

    seed_output, logins = _prepare_database(env)

    port = _free_port()
    log_file = tmp / "reflex.log"
    command = (
        '. scripts/env.sh && exec "$PYTHON" -m reflex run --env prod '
        f"--frontend-port {port} --backend-port {port} --backend-host 127.0.0.1"
    )
    started = time.monotonic()
    with log_file.open("wb") as log:
        process = subprocess.Popen(
            ["bash", "-c", command],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # own process group: SIGINT reaches reflex, granian and bun
        )
    base_url = f"http://127.0.0.1:{port}"
    timeout = float(os.environ.get("AURORA_E2E_START_TIMEOUT", "180"))
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(f"reflex exited with {process.returncode} before serving:\n{_tail(log_file)}")
            if _http_ok(f"{base_url}/ping") and _http_ok(f"{base_url}/"):
                break
            if time.monotonic() - started > timeout:
                pytest.fail(f"reflex did not serve {base_url}/ within {timeout:.0f} s:\n{_tail(log_file)}")
            time.sleep(0.5)
        print(f"\n[e2e] app up at {base_url} in {time.monotonic() - started:.1f} s (log: {log_file})", file=sys.stderr)
        yield AppServer(base_url=base_url, env=env, log_file=log_file, logins=logins, seed_output=seed_output)
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def base_url(app_server: AppServer) -> str:
    """pytest-playwright's base URL: ``page.goto("/clientes")`` works in e2e tests."""
    return app_server.base_url


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's Chromium (or $AURORA_CHROMIUM); Playwright's own download when neither exists."""
    args = {**browser_type_launch_args, "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS]}
    executable = os.environ.get("AURORA_CHROMIUM") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else ""
    )
    if executable:
        args["executable_path"] = executable
    return args


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict, base_url: str) -> dict:
    return {
        **browser_context_args,
        "base_url": base_url,
        "locale": "pt-BR",
        "timezone_id": "America/Sao_Paulo",
        "viewport": {"width": 1366, "height": 900},
    }


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """``test-results/screenshots/`` (git-ignored)."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR


# Records CSP violations in the page itself (they also show as console errors).
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push({directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile});
});
"""


@dataclass
class BrowserLog:
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def csp_errors(self) -> list[str]:
        return [m for m in self.console_errors if "Content Security Policy" in m or "Content-Security-Policy" in m]


@pytest.fixture
def browser_log(page) -> BrowserLog:  # noqa: ANN001 - playwright's Page
    """Console errors and uncaught exceptions of ``page``, from the first navigation on."""
    log = BrowserLog()
    page.add_init_script(CSP_RECORDER)
    page.on("console", lambda msg: log.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: log.page_errors.append(str(exc)))
    return log


TOKEN_STORAGE_KEY = "aurora_token"  # where the UI keeps the access token (aurora_app/ui/state/auth.py)
PASSWORD_INPUT = "input[type=password]"


def has_login_form(page, timeout: float = 3_000) -> bool:  # noqa: ANN001
    try:
        page.locator(PASSWORD_INPUT).first.wait_for(state="visible", timeout=timeout)
    except Exception:  # noqa: BLE001 - playwright's TimeoutError
        return False
    return True


def login(page, email: str, password: str, *, otp: str | None = None) -> None:  # noqa: ANN001
    """Log in through the ``/login`` form (email, password, then the code step when ``otp`` is given)."""
    if "/login" not in page.url:
        page.goto("/login")
    page.locator("input[type=email], input[name=email]").first.fill(email)
    page.locator(PASSWORD_INPUT).first.fill(password)
    page.locator("button[type=submit], form button").first.click()
    if otp is not None:
        code = page.locator("input[name=otp], input[autocomplete=one-time-code]").first
        code.wait_for(timeout=10_000)
        code.fill(otp)
        page.locator("button[type=submit], form button").first.click()
    page.wait_for_url(lambda url: "/login" not in url, timeout=15_000)


def login_with_token(page, email: str, password: str) -> None:  # noqa: ANN001
    """No login form (yet): get a token from the REST API and put it where the UI keeps it."""
    answer = page.request.post("/api/v1/auth/login", data={"email": email, "password": password})
    assert answer.ok, f"POST /api/v1/auth/login: {answer.status} {answer.text()}"
    page.evaluate("([k, t]) => localStorage.setItem(k, t)", [TOKEN_STORAGE_KEY, answer.json()["access_token"]])


def sign_in(page, app_server: AppServer, papel: str = "admin") -> None:  # noqa: ANN001
    """As a demo user: through the form when /login has one, else with a REST token."""
    email, password = app_server.login_for(papel)
    if "/login" not in page.url:
        page.goto("/login")
        page.wait_for_load_state("networkidle")
    if has_login_form(page):
        login(page, email, password)
    else:
        login_with_token(page, email, password)


SETTLED_JS = "() => location.pathname.startsWith('/login') || document.body.innerText.includes('Sair')"


def _wait_settled(page, timeout: float = 30_000) -> None:  # noqa: ANN001
    """A guarded page either redirects to /login or shows the signed-in menu ("Sair") once its
    ``on_load`` ran; on a loaded machine that can come after "networkidle" (the websocket)."""
    try:
        page.wait_for_function(SETTLED_JS, timeout=timeout)
    except Exception:  # noqa: BLE001 - playwright's TimeoutError: let the caller's checks speak
        pass


def goto_as(page, app_server: AppServer, path: str, papel: str = "admin"):  # noqa: ANN001, ANN201
    """Open ``path``; sign in as a demo user first if the app sends the browser to /login.

    Returns the response of the last navigation to ``path``.
    """
    response = page.goto(path)
    page.wait_for_load_state("networkidle")
    if not path.startswith("/login"):
        _wait_settled(page)
    if "/login" in page.url and not path.startswith("/login"):
        sign_in(page, app_server, papel)
        response = page.goto(path)
        page.wait_for_load_state("networkidle")
        _wait_settled(page)
    return response


# --------------------------------------------------------------------------- the edge (tests/deploy/edge.py)


@pytest.fixture(scope="session")
def edge_browser(browser_type, browser_type_launch_args: dict) -> Iterator:  # noqa: ANN001
    """Chromium that resolves the edge's test names to their loopback addresses."""
    from tests.deploy.edge import REPLICAS_ADDR, REPLICAS_NAME, WAF_ADDR, WAF_NAME

    rules = f"MAP {WAF_NAME} {WAF_ADDR}, MAP {REPLICAS_NAME} {REPLICAS_ADDR}"
    args = {
        **browser_type_launch_args,
        "args": [*browser_type_launch_args.get("args", []), f"--host-resolver-rules={rules}"],
    }
    browser = browser_type.launch(**args)
    try:
        yield browser
    finally:
        browser.close()
