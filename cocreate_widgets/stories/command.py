"""``cocreate stories-page WORKSHOP --out PATH``: the work behind it.

An unknown workshop, a workshop without experience stories or a path that cannot be written
is one line on stderr and exit code 1, never a traceback; the written path goes to stdout.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..export.command import CommandError, cannot_write, find_workshop
from ..export.files import check_output_path
from ..store import Store
from .page import write_workshop_page


def run_stories_page(store: Store, args: argparse.Namespace) -> int:
    """Write the workshop's story page; returns the exit code."""
    try:
        workshop = find_workshop(store, args.workshop)
        out = check_output_path(Path(args.out))
        written = write_workshop_page(store, workshop, out, args.lang)
    except (CommandError, LookupError) as error:
        print(f"cocreate: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"cocreate: {cannot_write(Path(args.out), error)}", file=sys.stderr)
        return 1
    print(f"Wrote {written}")
    return 0
