"""``cocreate backup`` and ``cocreate restore``: their arguments and dispatch.

``cli.py`` calls :func:`add_backup_commands` while building its parser and
:func:`run_backup_command` when running; ``None`` means "not a backup command".
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

BACKUP_COMMANDS = ("backup", "restore")


def add_backup_commands(subparsers: argparse._SubParsersAction) -> None:
    """Add ``backup`` and ``restore`` to the ``cocreate`` parser."""
    backup = subparsers.add_parser(
        "backup", help="write a consistent copy of the database, also while a workshop runs"
    )
    backup.add_argument("--db", help="database URL or SQLite path (default: COCREATE_DB)")
    backup.add_argument("--out", required=True, help="the backup file to write")
    backup.add_argument("--force", action="store_true", help="replace the file if it exists")
    restore = subparsers.add_parser(
        "restore", help="put a backup back as the database and bring it up to date (SQLite)"
    )
    restore.add_argument("path", help="the backup file (made by `cocreate backup`)")
    restore.add_argument("--db", help="database URL or SQLite path (default: COCREATE_DB)")
    restore.add_argument("--force", action="store_true", help="replace a database that holds data")


def run_backup_command(args: argparse.Namespace) -> int | None:
    """Run ``backup`` or ``restore``; ``None`` when ``args`` is another command."""
    command = getattr(args, "command", None)
    if command not in BACKUP_COMMANDS:
        return None
    from .backup import BackupError, backup_database, database_url, restore_database

    url = database_url(args.db)
    try:
        if command == "backup":
            written = backup_database(url, Path(args.out), force=args.force)
            print(f"Backup written to {written}.")
            return 0
        result = restore_database(Path(args.path), url, force=args.force)
    except (BackupError, OSError) as error:
        print(f"cocreate: {error}", file=sys.stderr)
        return 1
    upgraded = (
        f", upgraded from schema {result.from_revision} to {result.to_revision}"
        if result.from_revision != result.to_revision
        else ""
    )
    print(f"Restored {args.path}{upgraded}.")
    return 0
