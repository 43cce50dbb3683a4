"""``cocreate privacy export|erase|retention|purge``: their arguments and dispatch.

``cli.py`` calls :func:`add_privacy_commands` while building its parser and
:func:`run_privacy_command` when running; ``None`` means "not a privacy command".
Bad input (an unknown join code or participant, an ambiguous pseudonym, a retention that is
no number of days) is one line on stderr and exit code 2, never a traceback; a refused
confirmation or a file that cannot be written is exit code 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sqlalchemy as sa

PRIVACY_COMMAND = "privacy"
BAD_INPUT = 2
NOT_DONE = 1
NO_RETENTION = ("none", "geen", "-")


class PrivacyInputError(Exception):
    """Input the command refuses; the message is shown as it is (exit code 2)."""


def add_privacy_commands(subparsers: argparse._SubParsersAction) -> None:
    """Add ``privacy`` with its actions export, erase, retention and purge."""
    privacy = subparsers.add_parser(
        PRIVACY_COMMAND,
        help="one participant's data (export, erase), retention and purge of a workshop",
    )
    actions = privacy.add_subparsers(dest="privacy_action", required=True)
    export = actions.add_parser("export", help="write everything stored about one participant")
    _add_person_arguments(export)
    export.add_argument("--out", help="the JSON file to write (default: print it)")
    erase = actions.add_parser(
        "erase", help="erase everything stored about one participant (no one else's data)"
    )
    _add_person_arguments(erase)
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    retention = actions.add_parser(
        "retention", help="keep a workshop's personal data DAYS days after it was created"
    )
    retention.add_argument("workshop", help="the workshop's join code or numeric id")
    retention.add_argument("days", help="a number of days, or 'none': until purged by hand")
    retention.add_argument("--db", help="database URL or SQLite path (default: COCREATE_DB)")
    purge = actions.add_parser(
        "purge",
        help="remove a workshop's personal data, keep the aggregates later waves compare with",
    )
    purge.add_argument("--workshop", help="the workshop's join code or numeric id")
    purge.add_argument(
        "--expired", action="store_true", help="every workshop whose retention period passed"
    )
    purge.add_argument("--dry-run", action="store_true", help="only say what would go")
    purge.add_argument(
        "--yes", action="store_true", help="do not ask before purging a named workshop"
    )
    purge.add_argument("--db", help="database URL or SQLite path (default: COCREATE_DB)")


def _add_person_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workshop", required=True, help="the workshop's join code or id")
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--participant", metavar="ID", help="the participant's id (the roster)")
    who.add_argument("--pseudonym", metavar="NAME", help="the participant's pseudonym or name")
    parser.add_argument("--db", help="database URL or SQLite path (default: COCREATE_DB)")


def run_privacy_command(
    args: argparse.Namespace, ask: Callable[[str], str] | None = None
) -> int | None:
    """Run ``privacy ...``; ``None`` when ``args`` is another command.

    ``ask`` asks the user a question and returns the answer (default: ``input``).
    """
    if getattr(args, "command", None) != PRIVACY_COMMAND:
        return None
    from .backup import database_url
    from .errors import StoreError

    ask = ask or _ask
    try:
        store = _open_store(database_url(args.db))
    except Exception as error:  # a URL or file the database driver refuses
        return _fail(f"cannot open the database: {_shown(str(error))}", BAD_INPUT)
    try:
        action = {
            "export": _export,
            "erase": _erase,
            "retention": _retention,
            "purge": _purge,
        }[args.privacy_action]
        return action(store, args, ask)
    except (PrivacyInputError, ValueError) as error:
        return _fail(_shown(str(error)), BAD_INPUT)
    except StoreError as error:
        return _fail(_shown(str(error)), BAD_INPUT)
    except sa.exc.SQLAlchemyError as error:  # e.g. the database went away or stayed locked
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        return _fail(f"the database refused: {_shown(first_line)}")
    finally:
        store.dispose()


def _open_store(url: str):
    from . import Store

    store = Store(url)
    store.upgrade()
    return store


def _ask(question: str) -> str:
    try:
        return input(question)
    except EOFError:
        return ""


def _export(store, args: argparse.Namespace, ask) -> int:
    workshop = find_workshop(store, args.workshop)
    person = find_participant(store, workshop, args.participant, args.pseudonym)
    text = json.dumps(store.participant_data(person.id), ensure_ascii=False, indent=2) + "\n"
    if not args.out:
        sys.stdout.write(text)
        return 0
    out = Path(args.out)
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as error:
        return _fail(f"cannot write {_shown(str(out))}: {_shown(error.strerror or str(error))}")
    print(f"Data of {_who(person)} written to {out}.")
    return 0


def _erase(store, args: argparse.Namespace, ask) -> int:
    workshop = find_workshop(store, args.workshop)
    person = find_participant(store, workshop, args.participant, args.pseudonym)
    if person.erased_at is not None:
        print(f"{_who(person)} was already erased on {person.erased_at:%Y-%m-%d}.")
        return 0
    if not args.yes:
        question = (
            f"Erase every answer, draft and result of {_who(person)} in {workshop.join_code} "
            "and their name in the records? This cannot be undone. Type 'yes': "
        )
        if ask(question).strip().lower() not in ("yes", "y", "ja", "j"):
            print("Nothing erased.")
            return NOT_DONE
    counts = store.erase_participant(person.id)
    print(f"Erased {_who(person)} of {workshop.join_code}: {_summary(counts)}.")
    return 0


def _retention(store, args: argparse.Namespace, ask) -> int:
    workshop = find_workshop(store, args.workshop)
    days = parse_days(args.days)
    store.set_retention(workshop.id, days)
    if days is None:
        print(f"{workshop.join_code} keeps its data until it is purged by hand.")
    else:
        until = store.retention_expires_at(workshop.id)
        print(
            f"{workshop.join_code} keeps its personal data {days} days, "
            f"until {until:%Y-%m-%d %H:%M} UTC; then `cocreate privacy purge --expired` "
            "removes it."
        )
    return 0


def _purge(store, args: argparse.Namespace, ask) -> int:
    if not args.workshop and not args.expired:
        raise PrivacyInputError("say which: --workshop CODE, or --expired")
    if args.workshop:
        workshop = find_workshop(store, args.workshop)
        if args.expired and workshop.id not in store.expired_workshops():
            print(f"{workshop.join_code}: its retention period has not passed; nothing purged.")
            return 0
        if not args.dry_run and not args.yes:
            question = (
                f"Purge the personal data of {workshop.join_code} ({_shown(workshop.title)})? "
                "Names, free texts and personal results go; this cannot be undone. "
                "Type 'yes': "
            )
            if ask(question).strip().lower() not in ("yes", "y", "ja", "j"):
                print("Nothing purged.")
                return NOT_DONE
        results = [store.purge_workshop(workshop.id, dry_run=args.dry_run)]
    else:
        results = store.purge_expired(dry_run=args.dry_run)
        if not results:
            print("No workshop has passed its retention period.")
            return 0
    verb = "Would purge" if args.dry_run else "Purged"
    for result in results:
        counts = {k: v for k, v in result.items() if k not in ("workshop_id", "join_code")}
        print(f"{verb} {result['join_code']}: {_summary(counts)}.")
    return 0


def find_workshop(store, given: str):
    """The workshop with this join code (whatever its status) or numeric id."""
    from .errors import NotFound
    from .workshops import normalise_join_code

    code = normalise_join_code(given)
    if code:
        for workshop in store.workshops():
            if workshop.join_code == code:
                return workshop
    if str(given).strip().isdigit():
        try:
            return store.workshop(int(given))
        except NotFound:
            pass
    raise PrivacyInputError(f"no workshop with code or id '{_shown(str(given))}'")


def find_participant(store, workshop, participant: str | None, pseudonym: str | None):
    """The participant of this workshop with this id, or the one with this pseudonym or
    name (case and spaces ignored); an ambiguous name lists the matches."""
    roster = store.roster(workshop.id, include_removed=True)
    if participant is not None:
        wanted = str(participant).strip()
        found = [p for p in roster if wanted.isdigit() and p.id == int(wanted)]
        if not found:
            raise PrivacyInputError(
                f"no participant {_shown(wanted)} in workshop {workshop.join_code}"
            )
        return found[0]
    key = " ".join(str(pseudonym or "").split()).casefold()
    found = [
        p
        for p in roster
        if p.erased_at is None
        and key
        and key in {" ".join(n.split()).casefold() for n in (p.pseudonym, p.name) if n}
    ]
    if not found:
        raise PrivacyInputError(
            f"no participant called '{_shown(str(pseudonym))}' in workshop {workshop.join_code}"
        )
    if len(found) > 1:
        listed = "; ".join(f"{_who(p)}, {p.role}" for p in found)
        raise PrivacyInputError(
            f"{len(found)} participants are called '{_shown(str(pseudonym))}' in "
            f"{workshop.join_code}: {listed}. Give one with --participant ID."
        )
    return found[0]


def parse_days(given: str) -> int | None:
    """A retention period: a whole number of days of at least 1, or none."""
    text = str(given).strip().lower()
    if text in NO_RETENTION:
        return None
    from .retention import MAX_RETENTION_DAYS

    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_RETENTION_DAYS:
        raise PrivacyInputError(
            f"the retention period is a whole number of days (1 to {MAX_RETENTION_DAYS}) "
            f"or 'none', not '{_shown(str(given))}'"
        )
    return int(text)


def _who(person) -> str:
    return f"{_shown(person.pseudonym)} (participant {person.id})"


def _summary(counts: dict[str, Any]) -> str:
    return ", ".join(f"{key.replace('_', ' ')} {value}" for key, value in counts.items())


def _shown(text: str) -> str:
    """Text safe to print on a terminal: control characters become ``?``."""
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def _fail(message: str, code: int = NOT_DONE) -> int:
    print(f"cocreate: {message}", file=sys.stderr)
    return code
