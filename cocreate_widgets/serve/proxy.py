"""An nginx configuration for several participants' servers behind one proxy (``cocreate
proxy-config``); see ``docs/scaling.md``.

Debian's nginx has no cookie stickiness, and a Voila page's kernel websocket must reach the
server that rendered the page. So every participants' server answers under its own base URL
(``/p1/``, ``/p2/``, ...), and the proxy sends a new visitor of ``/`` with a 302 to one of them
(``split_clients``), keeping the query string so that join links (``?code=...``) and personal
links (``?code=...&p=...``) still work. Everything after that carries the prefix, so it goes
to the same server. The facilitators' server answers under ``/facilitator/``. TLS ends at the
proxy; the servers behind it speak plain HTTP on their own addresses.

Everything here is pure: :func:`nginx_config` returns the text and starts nothing.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from pathlib import Path

FACILITATOR_PREFIX = "facilitator"
#: a kernel websocket stays open for a whole workshop; a read timeout would cut it
PROXY_TIMEOUT = "3600s"
_HOST_PORT = re.compile(r"^(?P<host>[A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\]):(?P<port>\d{1,5})$")
_SERVER_NAME = re.compile(r"^[A-Za-z0-9.*_-]+$")


@dataclass(frozen=True)
class ProxyLayout:
    """What the proxy fronts: the participants' servers (``host:port`` each, in the order of
    their base URLs ``/p1/``, ``/p2/``, ...), the facilitators' server, the name and the
    certificate."""

    participants: tuple[str, ...]
    facilitator: str
    server_name: str
    certfile: Path
    keyfile: Path
    listen_port: int = 443
    http_port: int | None = None
    listen_address: str = ""

    def __post_init__(self) -> None:
        if not self.participants:
            raise ValueError("--servers must be at least 1")
        addresses = [*self.participants, self.facilitator]
        for address in addresses:
            if not _HOST_PORT.match(address) or not 0 < int(address.rsplit(":", 1)[1]) < 65536:
                raise ValueError(f"{address!r} is not a host:port address")
        if len(set(addresses)) != len(addresses):
            raise ValueError("every server needs its own address (host:port)")
        if not _SERVER_NAME.match(self.server_name):
            raise ValueError(f"--server-name: {self.server_name!r} is not a host name")
        for port in (self.listen_port, self.http_port):
            if port is not None and not 0 < port < 65536:
                raise ValueError(f"port {port} is out of range")
        if self.listen_address and not re.fullmatch(r"[0-9A-Fa-f.:\[\]]+", self.listen_address):
            raise ValueError(f"--listen-address: {self.listen_address!r} is not an IP address")
        for path in (self.certfile, self.keyfile):
            if not str(path) or any(c in str(path) for c in ";{}\n\"'"):
                raise ValueError(f"{path!r} cannot go into an nginx configuration")

    @property
    def prefixes(self) -> list[str]:
        """The base URL of each participants' server, without slashes: ``p1``, ``p2``, ..."""
        return [f"p{number}" for number in range(1, len(self.participants) + 1)]


def participant_ports(servers: int, port_base: int, facilitator_port: int) -> list[int]:
    """Ports for ``servers`` participants' servers from ``port_base`` on, skipping the
    facilitators' port (so ``--participant-port-base 8866 --facilitator-port 8867`` gives
    8866, 8868, 8869, ...)."""
    if servers < 1:
        raise ValueError("--servers must be at least 1")
    ports: list[int] = []
    port = port_base
    while len(ports) < servers:
        if port != facilitator_port:
            ports.append(port)
        port += 1
    if ports[-1] > 65535:
        raise ValueError("the participants' ports run past 65535")
    return ports


def _split_clients(prefixes: list[str]) -> list[str]:
    """``split_clients`` lines giving each prefix an equal share (the last takes the rest)."""
    share = f"{100 / len(prefixes):.2f}".rstrip("0").rstrip(".")
    lines = [f"        {share}% {prefix};" for prefix in prefixes[:-1]]
    lines.append(f"        * {prefixes[-1]};")
    return lines


def _listen(layout: ProxyLayout, port: int, extra: str = "") -> str:
    address = f"{layout.listen_address}:{port}" if layout.listen_address else str(port)
    return f"        listen {address}{extra};"


def nginx_config(layout: ProxyLayout) -> str:
    """A whole ``nginx.conf`` for ``nginx -p PREFIX -c FILE``: pid file, logs and temporary
    files live in the prefix folder, so it needs neither root nor Debian's default site."""
    upstreams: list[str] = []
    locations: list[str] = []
    for prefix, address in zip(layout.prefixes, layout.participants, strict=True):
        upstreams += [f"    upstream cocreate_{prefix} {{", f"        server {address};", "    }"]
        locations += [
            f"        location /{prefix}/ {{",
            f"            proxy_pass http://cocreate_{prefix};",
            "        }",
        ]
    upstreams += [
        f"    upstream cocreate_{FACILITATOR_PREFIX} {{",
        f"        server {layout.facilitator};",
        "    }",
    ]
    locations += [
        f"        location /{FACILITATOR_PREFIX}/ {{",
        f"            proxy_pass http://cocreate_{FACILITATOR_PREFIX};",
        "        }",
        f"        location = /{FACILITATOR_PREFIX} {{",
        f"            return 301 /{FACILITATOR_PREFIX}/;",
        "        }",
    ]
    redirect: list[str] = []
    if layout.http_port is not None:
        redirect = [
            "    # plain HTTP only sends visitors to HTTPS",
            "    server {",
            _listen(layout, layout.http_port),
            f"        server_name {layout.server_name};",
            "        return 301 https://$host$request_uri;",
            "    }",
        ]
    servers = ", ".join(
        f"/{p}/ -> {a}" for p, a in zip(layout.prefixes, layout.participants, strict=True)
    )
    lines = [
        "# cocreate: several participants' servers behind one proxy (docs/scaling.md).",
        f"# Participants' servers: {servers}",
        f"# Facilitators' server: /{FACILITATOR_PREFIX}/ -> {layout.facilitator}",
        "# Run: nginx -p PREFIX -c THIS_FILE  (pid file, logs, temporary files in PREFIX)",
        "worker_processes auto;",
        "pid nginx.pid;",
        "error_log error.log warn;",
        "",
        "events {",
        "    worker_connections 4096;",
        "}",
        "",
        "http {",
        "    access_log access.log;",
        "    client_body_temp_path temp-body;",
        "    proxy_temp_path temp-proxy;",
        "    fastcgi_temp_path temp-fastcgi;",
        "    uwsgi_temp_path temp-uwsgi;",
        "    scgi_temp_path temp-scgi;",
        "    server_tokens off;",
        "    default_type application/octet-stream;",
        "",
        "    map $http_upgrade $connection_upgrade {",
        "        default upgrade;",
        "        '' close;",
        "    }",
        "",
        "    # A new visitor goes to one participants' server; the page, its files and its",
        "    # kernel's websocket then all carry that server's prefix.",
        '    split_clients "${remote_addr}${request_id}" $cocreate_server {',
        *_split_clients(layout.prefixes),
        "    }",
        "",
        *upstreams,
        "",
        *redirect,
        "    server {",
        _listen(layout, layout.listen_port, " ssl"),
        f"        server_name {layout.server_name};",
        f"        ssl_certificate {layout.certfile};",
        f"        ssl_certificate_key {layout.keyfile};",
        "        ssl_protocols TLSv1.2 TLSv1.3;",
        "        ssl_session_cache shared:cocreate_tls:10m;",
        '        add_header Strict-Transport-Security "max-age=31536000" always;',
        "        # Location headers stay relative: right behind any port forwarding",
        "        absolute_redirect off;",
        "",
        "        proxy_http_version 1.1;",
        "        proxy_set_header Host $http_host;",
        "        proxy_set_header Upgrade $http_upgrade;",
        "        proxy_set_header Connection $connection_upgrade;",
        "        proxy_set_header X-Real-IP $remote_addr;",
        "        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "        proxy_set_header X-Forwarded-Proto $scheme;",
        f"        proxy_read_timeout {PROXY_TIMEOUT};",
        f"        proxy_send_timeout {PROXY_TIMEOUT};",
        "        proxy_buffering off;",
        "",
        "        # the join link (and the QR code) point here: spread, keeping ?code=...&p=...",
        "        location = / {",
        "            return 302 /$cocreate_server/$is_args$args;",
        "        }",
        *locations,
        "        location / {",
        "            return 404;",
        "        }",
        "    }",
        "}",
        "",
    ]
    return "\n".join(lines)


def add_proxy_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``cocreate proxy-config``."""
    parser.add_argument(
        "--servers", type=int, default=2, help="participants' servers (/p1/, /p2/, ...)"
    )
    parser.add_argument(
        "--participant-port-base",
        type=int,
        default=8866,
        help="port of /p1/; the next servers count up, skipping the facilitators' port",
    )
    parser.add_argument("--facilitator-port", type=int, default=8867)
    parser.add_argument(
        "--backend-host", default="127.0.0.1", help="where the servers run (default: here)"
    )
    parser.add_argument(
        "--participant-server",
        action="append",
        metavar="HOST:PORT",
        help="a participants' server on another machine (repeat; replaces --servers)",
    )
    parser.add_argument("--facilitator-server", metavar="HOST:PORT")
    parser.add_argument("--server-name", required=True, help="the public host name")
    parser.add_argument("--certfile", type=Path, required=True, help="TLS certificate (PEM)")
    parser.add_argument("--keyfile", type=Path, required=True, help="TLS private key (PEM)")
    parser.add_argument("--listen-port", type=int, default=443, help="HTTPS port (443)")
    parser.add_argument("--listen-address", default="", help="address to listen on (all)")
    parser.add_argument(
        "--http-port", type=int, help="also listen on this plain-HTTP port, redirecting to HTTPS"
    )


def layout_from_args(args: argparse.Namespace) -> ProxyLayout:
    """Turn parsed ``cocreate proxy-config`` arguments into a :class:`ProxyLayout`."""
    if args.participant_server:
        participants = tuple(args.participant_server)
    else:
        ports = participant_ports(args.servers, args.participant_port_base, args.facilitator_port)
        participants = tuple(f"{args.backend_host}:{port}" for port in ports)
    facilitator = args.facilitator_server or f"{args.backend_host}:{args.facilitator_port}"
    return ProxyLayout(
        participants=participants,
        facilitator=facilitator,
        server_name=args.server_name,
        certfile=Path(args.certfile).resolve(),
        keyfile=Path(args.keyfile).resolve(),
        listen_port=args.listen_port,
        http_port=args.http_port,
        listen_address=args.listen_address,
    )
