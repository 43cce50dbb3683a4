"""``cocreate serve``: the command-line options and the entry point."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from .config import (
    DEFAULT_GRACE_MINUTES,
    DEFAULT_PORT_FACILITATOR,
    DEFAULT_PORT_PARTICIPANT,
    DEFAULT_ROOM,
    ENV_DB,
    LANGUAGES,
    ServeOptions,
)
from .limits import DEFAULT_LOGIN_LIMIT


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``cocreate serve`` to ``parser``."""
    defaults = ServeOptions.__dataclass_fields__
    parser.add_argument(
        "--app",
        type=Path,
        default=defaults["participant_app"].default,
        help="the participant app notebook (default: apps/participant.ipynb)",
    )
    parser.add_argument(
        "--workbooks",
        type=Path,
        default=defaults["workbooks"].default,
        help="folder the facilitators' server serves (default: workbooks/)",
    )
    parser.add_argument(
        "--lan", action="store_true", help="listen on every interface (the room's Wi-Fi)"
    )
    parser.add_argument(
        "--public-url", help="the participants' address phones can reach (QR code, join link)"
    )
    parser.add_argument("--certfile", type=Path, help="TLS certificate (PEM) for HTTPS")
    parser.add_argument("--keyfile", type=Path, help="TLS private key (PEM) for HTTPS")
    parser.add_argument("--port-participant", type=int, default=DEFAULT_PORT_PARTICIPANT)
    parser.add_argument("--port-facilitator", type=int, default=DEFAULT_PORT_FACILITATOR)
    parser.add_argument(
        "--room",
        type=int,
        default=DEFAULT_ROOM,
        help="expected participants; sizes the pool of ready kernels",
    )
    parser.add_argument("--pool-size", type=int, help="ready kernels (overrides --room)")
    parser.add_argument(
        "--grace-minutes",
        type=float,
        default=DEFAULT_GRACE_MINUTES,
        help="a participant's kernel without a connection lives this long (locked phone)",
    )
    parser.add_argument("--lang", choices=LANGUAGES, default="nl", help="workshop language")
    parser.add_argument(
        "--token", help="facilitators' login token (default: COCREATE_TOKEN or a new one)"
    )
    parser.add_argument(
        "--password-file",
        type=Path,
        help="facilitators log in with a password: a file with a jupyter_server hash or text",
    )
    parser.add_argument("--db", help=f"database URL or path (default: ${ENV_DB})")
    parser.add_argument(
        "--page-limit",
        type=int,
        help="page loads per phone (client address) per 10 minutes; default twice --room, "
        "at least 20; 0 turns the limit off",
    )
    parser.add_argument(
        "--login-limit",
        type=int,
        default=DEFAULT_LOGIN_LIMIT,
        help="failed facilitator logins per client per 10 minutes (0: off)",
    )
    parser.add_argument(
        "--trusted-proxy",
        help="address(es) of a proxy in front (e.g. 127.0.0.1): its X-Real-IP or "
        "X-Forwarded-For names the client for the limits",
    )
    parser.add_argument("--log-level", default="WARN", choices=["DEBUG", "INFO", "WARN", "ERROR"])
    parser.add_argument(
        "--base-url",
        default="/",
        help="the path the servers answer under, e.g. /p1/ behind a proxy (docs/scaling.md)",
    )
    parser.add_argument(
        "--only",
        choices=["participant", "facilitator"],
        help="start only this server (several participants' servers behind one proxy)",
    )


def options_from_args(args: argparse.Namespace) -> ServeOptions:
    """Turn parsed arguments into :class:`ServeOptions`."""
    return ServeOptions(
        participant_app=args.app,
        workbooks=args.workbooks,
        lan=args.lan,
        public_url=args.public_url,
        certfile=args.certfile,
        keyfile=args.keyfile,
        port_participant=args.port_participant,
        port_facilitator=args.port_facilitator,
        room=args.room,
        pool_size=args.pool_size,
        grace_minutes=args.grace_minutes,
        lang=args.lang,
        token=args.token,
        password_file=args.password_file,
        db=args.db or os.environ.get(ENV_DB),
        log_level=args.log_level,
        base_url=getattr(args, "base_url", "/"),
        only=getattr(args, "only", None),
        page_limit=getattr(args, "page_limit", None),
        login_limit=getattr(args, "login_limit", DEFAULT_LOGIN_LIMIT),
        trusted_proxy=getattr(args, "trusted_proxy", None),
    )


def main_serve(argv: list[str] | None = None) -> int:
    """Run ``cocreate serve`` with ``argv``; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="cocreate serve",
        description="Serve the participant app and the facilitators' workbooks with Voila.",
    )
    add_serve_arguments(parser)
    args = parser.parse_args(argv)
    try:
        options = options_from_args(args)
    except ValueError as err:
        parser.error(str(err))
    for path, what in ((options.participant_app, "--app"), (options.workbooks, "--workbooks")):
        if not Path(path).exists():
            parser.error(f"{what}: {path} does not exist")
    from .runner import serve_forever

    return serve_forever(options)
