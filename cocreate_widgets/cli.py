"""The ``cocreate`` command: ``serve``, ``demo [--reset]``, ``db upgrade``, ``export``,
``stories-page``, ``backup`` and ``restore``, and the trainers' ``new-exercise``, ``check``,
``test-notebooks``, ``translations`` and ``preview``."""

from __future__ import annotations

import argparse
import sys

from .exercises.errors import ExerciseFileError
from .serve import add_serve_arguments, main_serve
from .serve.proxy import add_proxy_arguments
from .store.backup_command import add_backup_commands, run_backup_command
from .store.privacy_command import add_privacy_commands, run_privacy_command
from .trainer.commands import add_trainer_commands, run_trainer_command


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with one subparser per subcommand."""
    parser = argparse.ArgumentParser(prog="cocreate")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the participant app and the workbooks")
    add_serve_arguments(serve)
    demo = sub.add_parser("demo", help="load the demo workshop (kept if it is already there)")
    demo.add_argument("--db", help="database URL or SQLite path (default: COCREATE_DB)")
    add_trainer_commands(sub)  # new-exercise, check, test-notebooks, translations, demo --reset
    add_backup_commands(sub)  # backup, restore
    add_privacy_commands(sub)  # privacy export|erase|retention|purge
    db = sub.add_parser("db", help="database maintenance")
    db.add_argument("action", choices=["upgrade"], help="upgrade: create or migrate the tables")
    db.add_argument("--db", help="database URL or SQLite path (default: COCREATE_DB)")
    add_export_arguments(
        sub.add_parser("export", help="write a workshop's data (xlsx, csv) or report (html, pdf)")
    )
    stories = sub.add_parser(
        "stories-page", help="write the approved, publishable experience stories as one web page"
    )
    stories.add_argument("workshop", help="the workshop's join code or numeric id")
    stories.add_argument("--out", required=True, help="the HTML file to write")
    stories.add_argument("--lang", choices=["nl", "en"], help="default: the workshop's language")
    stories.add_argument("--db", help="database URL or SQLite path (default: COCREATE_DB)")
    add_proxy_arguments(
        sub.add_parser(
            "proxy-config",
            help="print an nginx configuration for several participants' servers behind one proxy",
        )
    )
    return parser


def add_export_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``cocreate export`` (the work is in ``export/command.py``)."""
    parser.add_argument("workshop", help="the workshop's join code or numeric id")
    parser.add_argument(
        "--format",
        dest="fmt",
        required=True,
        choices=["xlsx", "csv", "html", "pdf"],
        help="xlsx or csv (a zip): the data; html or pdf: the report",
    )
    parser.add_argument("--out", required=True, help="the file to write")
    parser.add_argument(
        "--lang",
        choices=["nl", "en"],
        help="language of titles and labels (default: the workshop's)",
    )
    parser.add_argument(
        "--names",
        action="store_true",
        help="show names (else pseudonymous codes such as P007); never for an anonymous workshop",
    )
    parser.add_argument(
        "--exercise", metavar="ID", help="only this exercise: its id, or the id of one run"
    )
    parser.add_argument("--db", help="database URL or SQLite path (default: COCREATE_DB)")


def _store(url: str | None):
    from .store import Store, default_database_url

    if url and "://" not in url:
        from pathlib import Path

        url = f"sqlite:///{Path(url).resolve()}"
    store = Store(url or default_database_url())
    store.upgrade()
    return store


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``cocreate`` script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    try:
        return _run(args, argv)
    except ExerciseFileError as error:
        print(f"cocreate: an exercise file has problems:\n{error}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace, argv: list[str]) -> int:
    trainer_exit = run_trainer_command(args)
    if trainer_exit is not None:
        return trainer_exit
    backup_exit = run_backup_command(args)
    if backup_exit is not None:
        return backup_exit
    privacy_exit = run_privacy_command(args)
    if privacy_exit is not None:
        return privacy_exit
    if args.command == "serve":
        _store(args.db).dispose()  # participants' kernels never migrate: do it before they start
        return main_serve(argv[1:])
    if args.command == "demo":
        from .demo import load_demo

        workshop = load_demo(_store(args.db))
        print(f"Demo workshop '{workshop.title}' is ready; join code {workshop.join_code}.")
        return 0
    if args.command == "db":
        _store(args.db).dispose()
        print("The database is up to date.")
        return 0
    if args.command == "export":
        from .export.command import run_export

        store = _store(args.db)
        try:
            return run_export(store, args)
        finally:
            store.dispose()
    if args.command == "proxy-config":
        from .serve.proxy import layout_from_args, nginx_config

        try:
            print(nginx_config(layout_from_args(args)), end="")
        except ValueError as error:
            print(f"cocreate proxy-config: {error}", file=sys.stderr)
            return 2
        return 0
    if args.command == "stories-page":
        from .stories.command import run_stories_page

        store = _store(args.db)
        try:
            return run_stories_page(store, args)
        finally:
            store.dispose()
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
