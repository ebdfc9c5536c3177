"""Real edge programs on loopback for the deploy tests: Debian's nginx + ModSecurity + CRS,
Prometheus, and production replicas of the app (``deploy/serve.py``).

The configuration is the project's (``deploy/waf``, ``deploy/prometheus``); only the paths
that the container has and a test cannot (ports, log folders, upstream addresses) are written
here. ``make edge`` installs the Debian packages; without them these tests skip with the reason.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
WAF_DIR = DEPLOY / "waf"

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PROMETHEUS = shutil.which("prometheus") or "/usr/bin/prometheus"
PROMTOOL = shutil.which("promtool") or "/usr/bin/promtool"
CRS_RULES = Path("/usr/share/modsecurity-crs/rules")
CRS_SETUP = Path("/etc/modsecurity/crs/crs-setup.conf")
MODSEC_MODULE = Path("/usr/lib/nginx/modules/ngx_http_modsecurity_module.so")
NDK_MODULE = Path("/usr/lib/nginx/modules/ndk_http_module.so")
UNICODE_MAPPING = Path("/etc/nginx/unicode.mapping")

# Browser tests through the edge. The built front end opens its websocket on the host name of the page and the port it was
# built for (the session server's). So the WAF listens on that port on another loopback
# address, under a name the browser resolves there (CRS flags numeric Host headers).
WAF_ADDR, WAF_NAME = "127.0.0.2", "waf.aurora.test"
REPLICAS_ADDR, REPLICAS_NAME = "127.0.0.3", "replicas.aurora.test"
# Browser expectations through the edge (ms): the machine is shared, and two replicas behind a
# WAF answer slower than one server.
SLOW = 30_000


def missing_waf() -> str | None:
    """Why the real WAF cannot run here, or None."""
    for what, path in (
        ("nginx", Path(NGINX)),
        ("libnginx-mod-http-modsecurity", MODSEC_MODULE),
        ("modsecurity-crs", CRS_RULES / "REQUEST-942-APPLICATION-ATTACK-SQLI.conf"),
    ):
        if not path.exists():
            return f"{what} is not installed (run `make edge`, as root: apt-get install nginx libnginx-mod-http-modsecurity modsecurity-crs)"
    return None


def missing_prometheus() -> str | None:
    if not (Path(PROMETHEUS).exists() and Path(PROMTOOL).exists()):
        return "Debian's prometheus (prometheus + promtool) is not installed (run `make edge`)"
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_status(url: str, timeout: float = 3.0) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, OSError, ValueError):
        return None


def wait_for(url: str, timeout: float, process: subprocess.Popen | None = None, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}:\n{tail(log)}")
        if http_status(url) == 200:
            return
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer 200 within {timeout:.0f} s:\n{tail(log)}")


def tail(path: Path | None, lines: int = 60) -> str:
    if path is None:
        return ""
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def stop_group(process: subprocess.Popen, grace: float = 15.0) -> None:
    """SIGINT (then SIGKILL) to the process group the child leads."""
    if process.poll() is None:
        for sig, wait in ((signal.SIGINT, grace), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                break
            try:
                process.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


# --------------------------------------------------------------------------- nginx + ModSecurity


def modsecurity_main(tmp: Path) -> Path:
    """The rules file of the loopback WAF: the project's files around Debian's CRS 3.3.4."""
    audit = tmp / "modsecurity" / "audit.log"
    audit.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        f"Include {WAF_DIR / 'modsecurity' / 'modsecurity.conf'}",
        f"SecAuditLog {audit}",
        f"SecTmpDir {tmp}",
        f"SecDataDir {tmp}",
        f"SecUnicodeMapFile {UNICODE_MAPPING} 20127" if UNICODE_MAPPING.exists() else "",
        f"Include {CRS_SETUP}",
        f"Include {WAF_DIR / 'modsecurity' / 'REQUEST-900-EXCLUSION-RULES-BEFORE-CRS.conf'}",
        # Debian's owasp-crs.load uses IncludeOptional, which libmodsecurity3 rejects.
        f"Include {CRS_RULES}/*.conf",
        f"Include {WAF_DIR / 'modsecurity' / 'RESPONSE-999-EXCLUSION-RULES-AFTER-CRS.conf'}",
    ]
    path = tmp / "modsecurity-main.conf"
    path.write_text("\n".join(line for line in lines if line) + "\n")
    return path


@dataclass
class Nginx:
    tmp: Path
    port: int
    upstreams: list[int]
    host: str = "127.0.0.1"
    process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def access_log(self) -> Path:
        return self.tmp / "logs" / "access.log"

    @property
    def error_log(self) -> Path:
        return self.tmp / "logs" / "error.log"

    @property
    def audit_log(self) -> Path:
        return self.tmp / "modsecurity" / "audit.log"

    def write_config(self) -> Path:
        (self.tmp / "logs").mkdir(parents=True, exist_ok=True)
        aurora = self.tmp / "aurora"
        if not aurora.exists():
            aurora.symlink_to(WAF_DIR / "nginx", target_is_directory=True)
        rules = modsecurity_main(self.tmp)
        servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in self.upstreams)
        modules = "".join(f"load_module {m};\n" for m in (NDK_MODULE, MODSEC_MODULE) if m.exists())
        user = "user root;\n" if os.geteuid() == 0 else ""
        temp = "\n".join(
            f"    {kind}_temp_path {self.tmp / ('t-' + kind)};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        conf = f"""{modules}{user}daemon off;
worker_processes 1;
pid {self.tmp / "nginx.pid"};
error_log {self.error_log} notice;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
{temp}
    include aurora/aurora-http.conf;
    modsecurity on;
    modsecurity_rules_file {rules};
    upstream aurora_app {{
{servers}
        keepalive 16;
    }}
    server {{
        listen {self.host}:{self.port};
        access_log {self.access_log} aurora_json;
        location = /__waf_up {{ return 200 "ok"; }}
        include aurora/aurora-server.conf;
    }}
}}
"""
        path = self.tmp / "nginx.conf"
        path.write_text(conf)
        return path

    def check(self) -> subprocess.CompletedProcess:
        conf = self.write_config()
        return subprocess.run(
            [NGINX, "-t", "-p", str(self.tmp), "-c", str(conf)], capture_output=True, text=True, timeout=60
        )

    def start(self) -> Nginx:
        conf = self.write_config()
        log = self.tmp / "nginx.stdout"
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [NGINX, "-p", str(self.tmp), "-c", str(conf)],
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        try:
            wait_for(f"{self.base_url}/__waf_up", 30, self.process, self.error_log)
        except RuntimeError:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if self.process is not None:
            # nginx: SIGQUIT is the graceful stop; the group kill reaps the workers.
            try:
                os.killpg(self.process.pid, signal.SIGQUIT)
                self.process.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
            stop_group(self.process, grace=1)


# --------------------------------------------------------------------------- app replicas


@dataclass
class Replica:
    port: int
    env: dict[str, str]
    log: Path
    process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120) -> Replica:
        """``deploy/serve.py``: the production server on the front end that is already built."""
        command = f'. scripts/env.sh && exec "{sys.executable}" deploy/serve.py --host 127.0.0.1 --port {self.port}'
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                ["bash", "-c", command],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        try:
            wait_for(f"{self.base_url}/health/ready", timeout, self.process, self.log)
        except RuntimeError:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if self.process is not None:
            stop_group(self.process)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


def built_frontend() -> bool:
    return (ROOT / ".web" / "build" / "client" / "index.html").exists()


@dataclass
class Prometheus:
    tmp: Path
    port: int
    targets: list[str]
    process: subprocess.Popen | None = None
    log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log = self.tmp / "prometheus.log"

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def write_config(self) -> Path:
        """deploy/prometheus/prometheus.yml with the app targets of this machine."""
        import yaml

        config = yaml.safe_load((DEPLOY / "prometheus" / "prometheus.yml").read_text())
        config["global"]["scrape_interval"] = "1s"
        config["global"]["evaluation_interval"] = "1s"
        config["rule_files"] = [str(DEPLOY / "prometheus" / "alerts.yml")]
        config.pop("alerting", None)
        for job in config["scrape_configs"]:
            if job["job_name"] == "aurora-app":
                job.pop("dns_sd_configs", None)
                job["static_configs"] = [{"targets": self.targets}]
        config["scrape_configs"] = [j for j in config["scrape_configs"] if j["job_name"] == "aurora-app"]
        path = self.tmp / "prometheus.yml"
        path.write_text(yaml.safe_dump(config, sort_keys=False))
        return path

    def start(self) -> Prometheus:
        conf = self.write_config()
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [
                    PROMETHEUS,
                    f"--config.file={conf}",
                    f"--storage.tsdb.path={self.tmp / 'data'}",
                    f"--web.listen-address=127.0.0.1:{self.port}",
                    "--storage.tsdb.retention.time=1h",
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        try:
            wait_for(f"{self.base_url}/-/ready", 60, self.process, self.log)
        except RuntimeError:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if self.process is not None:
            stop_group(self.process, grace=10)
