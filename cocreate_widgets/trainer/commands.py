"""The trainer kit's subcommands of ``cocreate``: their arguments and dispatch.

``cli.py`` calls :func:`add_trainer_commands` while building its parser and
:func:`run_trainer_command` first when running; ``None`` means "not a trainer command".
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

TRAINER_COMMANDS = ("new-exercise", "check", "test-notebooks", "translations", "preview")


def add_trainer_commands(subparsers: argparse._SubParsersAction) -> None:
    """Add the trainer kit's subcommands, and ``--reset`` to ``demo`` if it is there."""
    new = subparsers.add_parser(
        "new-exercise", help="scaffold a question set and a workbook for a new exercise"
    )
    new.add_argument("name", help="the exercise's id: lower-case letters, digits and _")
    new.add_argument("--group", default="course", help="workbooks/GROUP/ (default: course)")
    new.add_argument(
        "--dir",
        dest="folder",
        help="write DIR/exercises/NAME.yaml and DIR/NAME.ipynb instead of the project's folders",
    )
    check = subparsers.add_parser(
        "check", help="check question sets, workbooks and catalogues; lists every problem"
    )
    check.add_argument(
        "path", nargs="?", help="a file or folder (default: data/exercises and workbooks)"
    )
    check.add_argument(
        "--outputs",
        action="store_true",
        help="also run the notebooks (nbval) to compare their committed outputs: slower",
    )
    test = subparsers.add_parser(
        "test-notebooks", help="run nbval on a folder of workbooks with the project's settings"
    )
    test.add_argument("path", nargs="?", help="a notebook or folder (default: workbooks)")
    translations = subparsers.add_parser(
        "translations", help="list the texts missing in a language"
    )
    translations.add_argument(
        "--lang", help="one language code (default: nl, en and every catalogue's language)"
    )
    preview = subparsers.add_parser(
        "preview", help="an HTML page with an exercise's form and results with invented answers"
    )
    preview.add_argument("exercise", help="the exercise's id")
    preview.add_argument("--out", required=True, help="the HTML file to write")
    preview.add_argument("--lang", default="nl", help="language of the page (default: nl)")
    demo = subparsers.choices.get("demo")
    if demo is not None:
        demo.add_argument(
            "--reset",
            action="store_true",
            help="course mode: recreate the database with the demo workshops afresh "
            "(refused when it holds any other workshop)",
        )


def run_trainer_command(args: argparse.Namespace) -> int | None:
    """Run a trainer kit command; ``None`` when ``args`` is another command."""
    command = getattr(args, "command", None)
    if command == "demo" and getattr(args, "reset", False):
        return _reset(args.db)
    if command == "new-exercise":
        return _new_exercise(args)
    if command == "check":
        from .check import print_report, run_check

        path = Path(args.path) if args.path else None
        if path is not None and not path.exists():
            return _fail(f"{path} does not exist")
        return print_report(run_check(path, outputs=args.outputs))
    if command == "test-notebooks":
        from .notebook_tests import run_nbval

        return run_nbval(Path(args.path) if args.path else None)
    if command == "translations":
        from .translations import print_translations

        return print_translations(args.lang)
    if command == "preview":
        from .preview import run_preview

        return run_preview(args.exercise, Path(args.out), args.lang)
    return None


def _fail(message: str) -> int:
    print(f"cocreate: {message}", file=sys.stderr)
    return 1


def _new_exercise(args: argparse.Namespace) -> int:
    from .new_exercise import ScaffoldError, new_exercise

    folder = Path(args.folder) if args.folder else None
    try:
        made = new_exercise(args.name, args.group, folder)
    except ScaffoldError as error:
        return _fail(str(error))
    except OSError as error:
        return _fail(f"cannot write the files: {error.strerror or error}")
    print(f"Wrote {made.exercise_file}")
    print(f"Wrote {made.notebook_file}")
    print("Next: replace every TODO, then run `cocreate check` and `cocreate test-notebooks`.")
    if folder is not None:
        print(
            f"To serve it, copy {made.exercise_file.name} into the app's data dir "
            "(data/exercises, or $COCREATE_DATA_DIR/exercises); see docs/trainer-commands.md."
        )
    return 0


def _reset(db: str | None) -> int:
    from ..store import default_database_url
    from .demo_reset import ResetRefused, reset_demo

    url = db or default_database_url()
    if "://" not in url:
        url = f"sqlite:///{Path(url).resolve()}"
    try:
        workshop = reset_demo(url)
    except ResetRefused as error:
        return _fail(f"demo not reset: {error}")
    print(
        f"The demo workshops are fresh again; main demo '{workshop.title}', join code "
        f"{workshop.join_code}."
    )
    return 0
