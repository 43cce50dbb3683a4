"""Start the two Voila servers, wait until both answer, and stop them together."""

from __future__ import annotations

import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .auth import facilitator_token, hashed_password
from .config import (
    ENV_TOKEN,
    HEALTH_PATH,
    ServeOptions,
    ServerSpec,
    build_server,
    facilitator_url,
    participant_url,
)

LABELS = {"participant": "participants", "facilitator": "facilitators"}


@dataclass
class Suite:
    """The two running servers and what a caller needs to reach them."""

    participant: subprocess.Popen[bytes] | None  # None with ``--only facilitator``
    facilitator: subprocess.Popen[bytes] | None  # None with ``--only participant``
    participant_url: str
    facilitator_url: str
    token: str | None
    config_dir: Path
    specs: list[ServerSpec] = field(default_factory=list)

    def processes(self) -> list[subprocess.Popen[bytes]]:
        """The running server processes (both, or the one ``--only`` started)."""
        return [p for p in (self.participant, self.facilitator) if p is not None]

    def stop(self, timeout: float = 15.0) -> None:
        """Stop both servers (SIGTERM, then SIGKILL) and remove the private config."""
        stop_processes(self.processes(), timeout)
        for path in self.config_dir.rglob("*"):
            if path.is_file():
                path.unlink()
        for path in sorted(self.config_dir.rglob("*"), reverse=True):
            path.rmdir()
        self.config_dir.rmdir()


def lan_address() -> str | None:
    """This machine's address on the local network (no packet is sent), or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("192.0.2.1", 9))  # TEST-NET-1: only picks the outgoing interface
            return sock.getsockname()[0]
        except OSError:
            return None


def write_config(spec: ServerSpec, config_dir: Path) -> None:
    """Write a server's private ``voila.json`` (mode 0600: it may hold the token)."""
    config_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = config_dir / "voila.json"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(spec.config, fh, indent=1)


def _pump(stream: IO[bytes], label: str, out: IO[str]) -> None:
    """Copy a server's log lines to ``out``, each prefixed with the server's name."""
    for raw in iter(stream.readline, b""):
        line = raw.decode("utf-8", "replace").rstrip()
        print(f"[{label}] {line}", file=out, flush=True)
    stream.close()


def start_server(
    spec: ServerSpec, config_dir: Path, log: IO[str] | None
) -> subprocess.Popen[bytes]:
    """Start one server process with its own config folder and environment."""
    write_config(spec, config_dir)
    proc = subprocess.Popen(
        spec.argv,
        env=spec.env,
        cwd=str(config_dir),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # Ctrl-C goes to us; we forward it
    )
    assert proc.stdout is not None
    threading.Thread(
        target=_pump, args=(proc.stdout, LABELS[spec.role], log or sys.stderr), daemon=True
    ).start()
    return proc


def wait_until_up(url: str, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    """Poll the health probe until the server answers; raise if it dies or times out."""
    context = ssl._create_unverified_context()  # our own (maybe self-signed) certificate
    deadline = time.monotonic() + timeout
    probe = url.rstrip("/") + HEALTH_PATH
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server for {url} stopped (exit code {proc.returncode})")
        try:
            with urllib.request.urlopen(probe, timeout=2, context=context) as resp:
                if resp.status < 500:
                    return
        except urllib.error.HTTPError as err:
            if err.code < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"the server for {url} did not answer within {timeout:.0f} s")


def stop_processes(procs: list[subprocess.Popen[bytes]], timeout: float = 15.0) -> None:
    """SIGTERM each process (Voila then ends its kernels), SIGKILL what is left."""
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for proc in procs:
        try:
            proc.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def start_suite(options: ServeOptions, log: IO[str] | None = None, timeout: float = 90.0) -> Suite:
    """Start both servers and return once both answer (stop them on any failure)."""
    base_env = dict(os.environ)
    if options.password_file and not (options.token or base_env.get(ENV_TOKEN)):
        token: str | None = None
        password = hashed_password(options.password_file)
    else:
        token = facilitator_token(options.token, base_env)
        password = hashed_password(options.password_file) if options.password_file else None
    host = lan_address() if options.lan else None
    config_dir = Path(tempfile.mkdtemp(prefix="cocreate-serve-"))
    specs = [
        build_server(options, "participant", config_dir / "participant", base_env, lan_host=host),
        build_server(
            options,
            "facilitator",
            config_dir / "facilitator",
            base_env,
            token=token,
            hashed_password=password,
            lan_host=host,
        ),
    ]
    specs = [spec for spec in specs if spec.role in options.roles]
    procs: list[subprocess.Popen[bytes]] = []
    try:
        for spec in specs:
            procs.append(start_server(spec, config_dir / spec.role, log))
        for spec, proc in zip(specs, procs, strict=True):
            wait_until_up(spec.local_url, proc, timeout)
    except BaseException:
        stop_processes(procs)
        raise
    by_role = {spec.role: proc for spec, proc in zip(specs, procs, strict=True)}
    return Suite(
        participant=by_role.get("participant"),
        facilitator=by_role.get("facilitator"),
        participant_url=participant_url(options, host),
        facilitator_url=facilitator_url(options, host),
        token=token,
        config_dir=config_dir,
        specs=specs,
    )


def banner(suite: Suite, options: ServeOptions) -> str:
    """What the facilitator reads after the start: both addresses and the login."""
    login = (
        f"{suite.facilitator_url}?token={suite.token}"
        if suite.token
        else f"{suite.facilitator_url} (password login)"
    )
    lines = ["cocreate is running."]
    if suite.participant is not None:
        lines.append(f"  Participants (join link, QR code): {suite.participant_url}")
    if suite.facilitator is not None:
        lines.append(f"  Facilitators (log in once per browser): {login}")
    if not options.lan and not options.public_url:
        lines.append("  Only this computer can connect; use --lan for the room's Wi-Fi.")
    lines.append("Stop with Ctrl-C.")
    return "\n".join(lines)


def serve_forever(options: ServeOptions, out: IO[str] | None = None) -> int:
    """Run both servers until Ctrl-C/SIGTERM or until one of them stops; 0 on a clean stop."""
    out = out or sys.stdout
    stopping = threading.Event()

    def on_signal(signum: int, _frame: object) -> None:
        stopping.set()

    previous: dict[int, Callable[..., object] | int | None] = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        previous[sig] = signal.signal(sig, on_signal)
    try:
        try:
            suite = start_suite(options)
        except (RuntimeError, TimeoutError, OSError, ValueError) as err:
            print(f"cocreate serve: {err}", file=sys.stderr)
            return 1
        print(banner(suite, options), file=out, flush=True)
        code = 0
        while not stopping.wait(0.5):
            dead = [p for p in suite.processes() if p.poll() is not None]
            if dead:
                print("cocreate serve: a server stopped; stopping the other.", file=sys.stderr)
                code = 1
                break
        print("Stopping...", file=out, flush=True)
        suite.stop()
        return code
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]
