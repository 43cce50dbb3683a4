"""``cocreate export WORKSHOP --format xlsx|csv|html|pdf --out PATH``: the work behind it.

Everything that can go wrong for the user — an unknown workshop or exercise, a path that
cannot be written, a report engine that is not there — is one line on stderr and exit code 1,
never a traceback. Progress is a text bar on stderr; the written path goes to stdout.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from ..store import NotFound, Store, StoreError, normalise_join_code
from ..store.types import Workshop
from .data import ExportError
from .files import check_output_path, export_workshop

BAR_WIDTH = 30
LANGUAGES = ("nl", "en")


class CommandError(Exception):
    """What the command tells the user before it stops (exit code 1)."""


def run_export(store: Store, args: argparse.Namespace) -> int:
    """Run ``cocreate export`` with parsed arguments; returns the exit code."""
    try:
        workshop = find_workshop(store, args.workshop)
        run_id = find_run(store, workshop, args.exercise)
        out = check_output_path(Path(args.out))
    except CommandError as error:
        return _fail(str(error))
    except OSError as error:
        return _fail(cannot_write(Path(args.out), error))
    lang = args.lang or (workshop.language if workshop.language in LANGUAGES else LANGUAGES[0])
    if args.names and workshop.anonymity == "none":
        print("cocreate: this workshop is anonymous: participants stay codes", file=sys.stderr)
    options = {"lang": lang, "names": args.names, "run_id": run_id}
    bar = ProgressBar(sys.stderr)
    try:
        if args.fmt in ("html", "pdf"):
            written = _report(store, workshop.id, args.fmt, out, bar, options)
        else:
            written = export_workshop(store, workshop.id, args.fmt, out, progress=bar, **options)
    except CommandError as error:
        bar.close()
        return _fail(str(error))
    except OSError as error:
        bar.close()
        return _fail(cannot_write(out, error))
    except (StoreError, ExportError) as error:
        bar.close()
        return _fail(shown(str(error)))
    bar.close()
    print(f"Wrote {written}")
    return 0


def _report(store: Store, workshop_id: int, fmt: str, out: Path, bar, options: dict) -> Path:
    try:
        from .report import write_report
    except ImportError:
        raise CommandError("the report format is not available yet") from None
    try:
        return write_report(store, workshop_id, fmt, out, progress=bar, **options)
    except ImportError as error:
        missing = error.name or "a library"
        raise CommandError(f"the {fmt} report needs {missing}, which is not installed") from None


def find_workshop(store: Store, given: str) -> Workshop:
    """The workshop with this join code (any status) or this numeric id."""
    code = normalise_join_code(given)
    if code:
        for workshop in store.workshops():
            if workshop.join_code == code:
                return workshop
    if given.strip().isdigit():
        try:
            return store.workshop(int(given))
        except NotFound:
            pass
    raise CommandError(f"no workshop with code or id '{shown(given)}'")


def find_run(store: Store, workshop: Workshop, exercise: str | None) -> int | None:
    """The run to export: None for all; else the only run of that exercise, or that run id."""
    if exercise is None:
        return None
    runs = store.runs(workshop.id)
    matching = [run for run in runs if run.exercise_id == exercise]
    if len(matching) == 1:
        return matching[0].id
    if len(matching) > 1:
        ids = ", ".join(str(run.id) for run in matching)
        raise CommandError(
            f"exercise '{shown(exercise)}' runs {len(matching)} times in workshop "
            f"{workshop.id} ({workshop.join_code}): give the id of one run: {ids}"
        )
    by_id = [run for run in runs if exercise.strip().isdigit() and run.id == int(exercise)]
    if by_id:
        return by_id[0].id
    known = ", ".join(dict.fromkeys(run.exercise_id for run in runs)) or "none yet"
    raise CommandError(
        f"no exercise '{shown(exercise)}' in workshop {workshop.id} ({workshop.join_code}); "
        f"its exercises: {shown(known)}"
    )


def cannot_write(out: Path, error: OSError) -> str:
    """One line that says why ``out`` cannot be written."""
    if isinstance(error, IsADirectoryError):
        why = "it is a folder; give a file name"
    elif isinstance(error, FileNotFoundError):
        why = f"the folder {out.parent} does not exist"
    elif isinstance(error, NotADirectoryError):
        why = f"{out.parent} is not a folder"
    elif isinstance(error, PermissionError):
        why = "permission denied"
    else:
        why = error.strerror or str(error)
    return f"cannot write {shown(str(out))}: {shown(why)}"


def shown(text: str) -> str:
    """Text safe to print on a terminal: control characters (escape codes …) become ``?``."""
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def _fail(message: str) -> int:
    print(f"cocreate: {message}", file=sys.stderr)
    return 1


class ProgressBar:
    """A one-line text progress bar, redrawn in place: ``[#####.....]  50% step``."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.last: tuple[int, str] | None = None
        self.width = 0

    def __call__(self, fraction: float, step: str) -> None:
        """Draw the bar at ``fraction`` (0 to 1) with the step's description."""
        fraction = max(0.0, min(1.0, float(fraction)))
        state = (round(fraction * 100), shown(step)[:60])
        if state == self.last:
            return
        self.last = state
        filled = round(fraction * BAR_WIDTH)
        line = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {state[0]:3d}% {state[1]}"
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()
        self.width = len(line)

    def close(self) -> None:
        """End the bar's line (if one was drawn)."""
        if self.last is not None:
            self.stream.write("\n")
            self.stream.flush()
            self.last = None
