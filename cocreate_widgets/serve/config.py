"""Options of ``cocreate serve`` and the Voila configuration built from them.

Everything here is pure: it turns a :class:`ServeOptions` into the command line, the
traitlets configuration (written to a private ``voila.json``) and the environment of each of
the two Voila servers, without starting anything.
"""

from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from jupyter_core.paths import jupyter_runtime_dir

from .limits import DEFAULT_LOGIN_LIMIT, default_page_limit, parse_trusted_proxies

Role = Literal["participant", "facilitator"]

REPO_ROOT = Path(__file__).resolve().parents[2]
TEMPLATES_ROOT = Path(__file__).resolve().parents[1] / "templates"
TEMPLATE_NAME = "cocreate"
APP_MODULE = "cocreate_widgets.serve.app"
HEALTH_PATH = "/cocreate/health"
IDENTITY_PROVIDER = "cocreate_widgets.serve.login.CocreateIdentityProvider"

DEFAULT_PORT_PARTICIPANT = 8866
DEFAULT_PORT_FACILITATOR = 8867
DEFAULT_ROOM = 30
DEFAULT_GRACE_MINUTES = 10.0
FACILITATOR_MIN_GRACE_MINUTES = 60.0
MAX_POOL = 12
LANGUAGES = ("nl", "en")

#: Kernel start and first output under a burst of joins on two cores can take far longer
#: than nbclient's 4 s IOPub default; a page must never stay empty because of it.
IOPUB_TIMEOUT_S = 60
STARTUP_TIMEOUT_S = 120
HTTP_KEEP_ALIVE_S = 5
#: Refill the pool only after a burst's on-demand kernels have started: refills that start
#: at once compete with them for the CPU (measured: a burst of 8 on two cores took 1.8x as
#: long as bare Voila with a 0.5 s delay).
FILL_DELAY_S = 5.0

CELL_ERROR_TEXT = {
    "nl": "Er ging hier iets mis. Laad de pagina opnieuw of vraag de begeleider om hulp.",
    "en": "Something went wrong here. Reload the page or ask the facilitator for help.",
}
CELL_TIMEOUT_TEXT = {
    "nl": "Dit duurde te lang. Laad de pagina opnieuw.",
    "en": "This took too long. Reload the page.",
}

ENV_TOKEN = "COCREATE_TOKEN"
ENV_DB = "COCREATE_DB"
ENV_PUBLIC_URL = "COCREATE_PUBLIC_URL"
ENV_ROLE = "COCREATE_ROLE"
ENV_LANG = "COCREATE_LANG"
ENV_FACILITATOR_URL = "COCREATE_FACILITATOR_URL"
#: never handed to a kernel or to the Voila processes' environment
SECRET_ENV = (ENV_TOKEN,)


@dataclass(frozen=True)
class ServeOptions:
    """Everything ``cocreate serve`` needs to start the two servers."""

    participant_app: Path = REPO_ROOT / "apps" / "participant.ipynb"
    workbooks: Path = REPO_ROOT / "workbooks"
    lan: bool = False
    public_url: str | None = None
    certfile: Path | None = None
    keyfile: Path | None = None
    port_participant: int = DEFAULT_PORT_PARTICIPANT
    port_facilitator: int = DEFAULT_PORT_FACILITATOR
    room: int = DEFAULT_ROOM
    pool_size: int | None = None
    grace_minutes: float = DEFAULT_GRACE_MINUTES
    lang: str = "nl"
    token: str | None = None
    password_file: Path | None = None
    db: str | None = None
    log_level: str = "WARN"
    extra_env: dict[str, str] = field(default_factory=dict)
    #: the path both servers answer under, e.g. ``/p1/`` behind a proxy (docs/scaling.md)
    base_url: str = "/"
    #: start only this server (several participants' servers behind one proxy)
    only: Role | None = None
    #: page loads per client per 10 minutes on the participants' server (None: from the
    #: room, see limits.default_page_limit; 0: off)
    page_limit: int | None = None
    #: failed facilitator logins per client per 10 minutes (0: off)
    login_limit: int = DEFAULT_LOGIN_LIMIT
    #: proxy address(es), comma-separated, whose X-Real-IP / X-Forwarded-For name the client
    trusted_proxy: str | None = None

    def __post_init__(self) -> None:
        if self.room < 1:
            raise ValueError("--room must be at least 1")
        if self.grace_minutes <= 0:
            raise ValueError("--grace-minutes must be positive")
        if self.lang not in LANGUAGES:
            raise ValueError(f"--lang must be one of {', '.join(LANGUAGES)}")
        if bool(self.certfile) != bool(self.keyfile):
            raise ValueError("--certfile and --keyfile go together")
        if self.port_participant == self.port_facilitator:
            raise ValueError("the two servers need different ports")
        if self.pool_size is not None and self.pool_size < 0:
            raise ValueError("--pool-size must not be negative")
        if self.only not in (None, "participant", "facilitator"):
            raise ValueError("--only must be participant or facilitator")
        if (self.page_limit or 0) < 0 or self.login_limit < 0:
            raise ValueError("--page-limit and --login-limit must not be negative")
        parse_trusted_proxies(self.trusted_proxy)  # a ValueError names the bad address
        object.__setattr__(self, "base_url", normalized_base_url(self.base_url))

    @property
    def roles(self) -> tuple[Role, ...]:
        """The servers to start: both, or only the one ``--only`` names."""
        return (self.only,) if self.only else ("participant", "facilitator")

    @property
    def tls(self) -> bool:
        """True when the servers speak HTTPS."""
        return self.certfile is not None

    @property
    def scheme(self) -> str:
        """``https`` with a certificate, else ``http``."""
        return "https" if self.tls else "http"


@dataclass(frozen=True)
class ServerSpec:
    """How to start one Voila server: command line, config file content, environment."""

    role: Role
    argv: list[str]
    config: dict[str, Any]
    env: dict[str, str]
    port: int
    local_url: str


def normalized_base_url(text: str) -> str:
    """A base URL as Voila wants it, ``/p1/``: slashes around plain path segments."""
    segments = [s for s in text.strip().split("/") if s]
    for segment in segments:
        if segment in (".", "..") or not re.fullmatch(r"[A-Za-z0-9._~-]+", segment):
            raise ValueError(f"--base-url: {text!r} is not a plain path such as /p1/")
    return "/" + "".join(f"{s}/" for s in segments)


def bind_address(options: ServeOptions) -> str:
    """The address both servers listen on: loopback, or every interface with ``--lan``."""
    return "0.0.0.0" if options.lan else "127.0.0.1"


def room_pool_size(options: ServeOptions) -> int:
    """Pre-started participant kernels: a third of the room (at least 2, at most 12).

    The pool absorbs the first wave of a burst at once and is refilled after each join; a
    bigger pool costs about 54 MB per idle kernel for the whole session.
    """
    if options.pool_size is not None:
        return options.pool_size
    return max(2, min(MAX_POOL, math.ceil(options.room / 3)))


def local_url(options: ServeOptions, role: Role) -> str:
    """The URL at which this machine reaches a server (loopback, for health checks)."""
    port = options.port_participant if role == "participant" else options.port_facilitator
    return f"{options.scheme}://127.0.0.1:{port}{options.base_url}"


def participant_url(options: ServeOptions, lan_host: str | None = None) -> str:
    """The join link for phones: ``--public-url``, else the LAN address, else loopback."""
    if options.public_url:
        return options.public_url.rstrip("/") + "/"
    host = lan_host if options.lan and lan_host else "127.0.0.1"
    return f"{options.scheme}://{host}:{options.port_participant}{options.base_url}"


def facilitator_url(options: ServeOptions, lan_host: str | None = None) -> str:
    """The facilitators' address (without the token)."""
    host = lan_host if options.lan and lan_host else "127.0.0.1"
    return f"{options.scheme}://{host}:{options.port_facilitator}{options.base_url}"


def security_headers(role: Role) -> dict[str, str]:
    """HTTP headers set on every response: CSP, no sniffing, no referrer to other sites.

    ``connect-src 'self'`` also makes the browser refuse any request to another host. The
    participant app may not be framed at all; the facilitators' views only by themselves.
    """
    frame = "'none'" if role == "participant" else "'self'"
    csp = "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {frame}",
        ]
    )
    return {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        # no-referrer makes Chromium send "Origin: null" with form posts, which
        # jupyter_server refuses: the facilitators' login form needs same-origin
        "Referrer-Policy": "no-referrer" if role == "participant" else "same-origin",
        "X-Frame-Options": "DENY" if role == "participant" else "SAMEORIGIN",
    }


def page_limit(options: ServeOptions) -> int:
    """Page loads per client per window: ``--page-limit``, else twice the room (min 20)."""
    if options.page_limit is not None:
        return options.page_limit
    return default_page_limit(options.room)


def grace_seconds(options: ServeOptions, role: Role) -> int:
    """How long a kernel without a connection lives on (facilitators get at least an hour)."""
    minutes = options.grace_minutes
    if role == "facilitator":
        minutes = max(minutes, FACILITATOR_MIN_GRACE_MINUTES)
    return int(minutes * 60)


def cull_interval(grace_s: int) -> int:
    """How often the culler looks: often enough to end a kernel soon after its grace."""
    return max(5, min(60, grace_s // 4))


#: A Unix socket path has at most 107 bytes; an ipc kernel's sockets are named
#: ``<runtime dir>/kernel-<36-character id>-ipc-<n>``.
IPC_RUNTIME_DIR_MAX = 60


def kernel_transport(runtime_dir: str | None = None) -> str:
    """``ipc`` (Unix sockets) for the kernels' ZMQ channels where the socket paths fit, else
    ``tcp``. Over TCP every kernel takes five free ports at start; under a burst of starts
    two kernels can race for one ("Address already in use"), and a kernel that fails so has
    been seen to hang the whole server in Voila's clean-up (docs/capacity.md)."""
    if runtime_dir is None:
        runtime_dir = jupyter_runtime_dir()
    return "ipc" if len(runtime_dir.encode()) <= IPC_RUNTIME_DIR_MAX else "tcp"


def voila_config(
    options: ServeOptions,
    role: Role,
    token: str | None = None,
    hashed_password: str | None = None,
) -> dict[str, Any]:
    """The traitlets configuration of one server (content of its private ``voila.json``).

    Secrets (token, password hash) go here rather than on the command line, so that they do
    not show in the process list.
    """
    port = options.port_participant if role == "participant" else options.port_facilitator
    grace_s = grace_seconds(options, role)
    tornado_settings: dict[str, Any] = {
        "headers": security_headers(role),
        "xsrf_cookie_kwargs": {"samesite": "Strict", "secure": options.tls, "path": "/"},
        "allow_remote_access": options.lan or bool(options.public_url),
        "serve_traceback": False,
    }
    voila: dict[str, Any] = {
        "ip": bind_address(options),
        "port": port,
        "port_retries": 0,
        "base_url": options.base_url,
        "open_browser": False,
        "log_level": options.log_level,
        "tornado_settings": tornado_settings,
        # constant-time token check, failed logins limited, no password change (login.py)
        "identity_provider_class": IDENTITY_PROVIDER,
    }
    conf: dict[str, Any] = {
        "Voila": voila,
        "CocreateVoila": {
            "role": role,
            "certfile": str(options.certfile) if options.certfile else "",
            "keyfile": str(options.keyfile) if options.keyfile else "",
            "cull_disconnected_after": grace_s,
            "cull_check_interval": cull_interval(grace_s),
            "room": options.room if role == "participant" else 0,
            "page_limit": page_limit(options) if role == "participant" else 0,
            "login_limit": options.login_limit if role == "facilitator" else 0,
            "trusted_proxies": [str(n) for n in parse_trusted_proxies(options.trusted_proxy)],
        },
        "VoilaConfiguration": {
            "template": TEMPLATE_NAME,
            "show_tracebacks": False,
            "allow_template_override": "NO",
            "allow_theme_override": "NOTEBOOK",
            "strip_sources": True,
            "http_keep_alive_timeout": HTTP_KEEP_ALIVE_S,
        },
        "VoilaExecutor": {
            "show_tracebacks": False,
            "iopub_timeout": IOPUB_TIMEOUT_S,
            "startup_timeout": STARTUP_TIMEOUT_S,
            "raise_on_iopub_timeout": False,
            "cell_error_instruction": CELL_ERROR_TEXT[options.lang],
            "cell_timeout_instruction": CELL_TIMEOUT_TEXT[options.lang],
        },
        "VoilaExporter": {"language_code": options.lang},
        "KernelManager": {"transport": kernel_transport()},
        "MappingKernelManager": {
            "cull_idle_timeout": grace_s,
            "cull_interval": cull_interval(grace_s),
            "cull_connected": False,
            "cull_busy": False,
        },
    }
    if role == "participant":
        # Only our own culler (serve/app.py) ends participants' kernels: it counts the grace
        # from the moment a kernel has no connection. jupyter_server's idle culler counts from
        # the last output, so it could end a pooled kernel just handed to a loading page.
        conf["MappingKernelManager"]["cull_idle_timeout"] = 0
        pool = room_pool_size(options)
        app_name = options.participant_app.name
        conf["VoilaConfiguration"].update(
            {
                "preheat_kernel": pool > 0,
                "default_pool_size": pool,
                # nothing but the app itself: no file of the folder is served
                "file_allowlist": [],
                "file_denylist": [".*"],
            }
        )
        conf["VoilaKernelManager"] = {
            "kernel_pools_config": {
                "default": {"pool_size": pool},
                app_name: {"pool_size": pool},
            },
            "fill_delay": FILL_DELAY_S,
        }
        conf["PasswordIdentityProvider"] = {"token": ""}
    else:
        conf["VoilaConfiguration"].update(
            {
                "preheat_kernel": False,
                "file_allowlist": [r".*\.(png|jpg|jpeg|gif|svg|webp|pdf|csv|xlsx)"],
                "file_denylist": [r".*\.(ipynb|py|db|sqlite|sqlite3|env|yaml|yml)", r"(.*/)?\..*"],
            }
        )
        voila["token"] = token or ""
        if hashed_password:
            conf["PasswordIdentityProvider"] = {"hashed_password": hashed_password}
    return conf


def server_env(
    options: ServeOptions,
    role: Role,
    base_env: dict[str, str],
    lan_host: str | None = None,
) -> dict[str, str]:
    """The environment of one Voila process, which its kernels inherit.

    Sets ``COCREATE_ROLE``, ``COCREATE_PUBLIC_URL`` (the join link for the QR code),
    ``COCREATE_LANG``, passes ``COCREATE_DB`` through, points ``JUPYTER_PATH`` at the
    template and drops secrets such as ``COCREATE_TOKEN``.
    """
    env = {k: v for k, v in base_env.items() if k not in SECRET_ENV}
    env.update(options.extra_env)
    env[ENV_ROLE] = role
    env[ENV_PUBLIC_URL] = participant_url(options, lan_host)
    env[ENV_LANG] = options.lang
    if role == "facilitator":
        env[ENV_FACILITATOR_URL] = facilitator_url(options, lan_host)
    if options.db:
        env[ENV_DB] = options.db
    jupyter_path = [str(TEMPLATES_ROOT)]
    if base_env.get("JUPYTER_PATH"):
        jupyter_path.append(base_env["JUPYTER_PATH"])
    env["JUPYTER_PATH"] = ":".join(jupyter_path)
    python_path = [str(REPO_ROOT)]
    if base_env.get("PYTHONPATH"):
        python_path.append(base_env["PYTHONPATH"])
    env["PYTHONPATH"] = ":".join(python_path)
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return env


def voila_argv(options: ServeOptions, role: Role, config_dir: Path) -> list[str]:
    """The command line of one server: our Voila subclass, its private config, its target."""
    target = options.participant_app if role == "participant" else options.workbooks
    return [
        sys.executable,
        "-m",
        APP_MODULE,
        "--Voila.config_file_paths",
        str(config_dir),
        "--no-browser",
        str(Path(target).resolve()),
    ]


def build_server(
    options: ServeOptions,
    role: Role,
    config_dir: Path,
    base_env: dict[str, str],
    token: str | None = None,
    hashed_password: str | None = None,
    lan_host: str | None = None,
) -> ServerSpec:
    """Everything needed to start one server, built from the options."""
    port = options.port_participant if role == "participant" else options.port_facilitator
    return ServerSpec(
        role=role,
        argv=voila_argv(options, role, config_dir),
        config=voila_config(options, role, token=token, hashed_password=hashed_password),
        env=server_env(options, role, base_env, lan_host=lan_host),
        port=port,
        local_url=local_url(options, role),
    )
