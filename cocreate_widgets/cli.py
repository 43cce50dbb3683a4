"""The ``cocreate`` command: ``cocreate serve | ...`` (subcommands mount themselves here)."""

from __future__ import annotations

import argparse

from .serve import add_serve_arguments, main_serve


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with one subparser per subcommand."""
    parser = argparse.ArgumentParser(prog="cocreate")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the participant app and the workbooks")
    add_serve_arguments(serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``cocreate`` script."""
    import sys

    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        return main_serve(argv[1:])
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
