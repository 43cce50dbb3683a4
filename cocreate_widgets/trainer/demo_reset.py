"""``cocreate demo --reset``: the demo workshops afresh, for the next course.

The store cannot delete a workshop's rows yet, so a reset recreates the database file: that
is only safe when the database holds nothing but demo workshops. With any other workshop (or
community) in it, or on a server database, the reset refuses and says why; a non-demo
workshop is never deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
import yaml

from ..demo import demo_file, load_demo, more_demo_files
from ..store import Store
from ..store.types import Workshop


class ResetRefused(Exception):
    """Why the demo was not reset (nothing was changed)."""


@dataclass(frozen=True)
class DemoIdentity:
    """What the demo creates: its workshops' join codes and its communities' names."""

    join_codes: frozenset[str]
    communities: frozenset[str]


def demo_identity() -> DemoIdentity:
    """The join codes and community names of every demo file (main and ``more/``)."""
    codes, communities = set(), set()
    for path in [demo_file(), *more_demo_files()]:
        spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        codes.add(str(spec["join_code"]))
        if spec.get("community"):
            communities.add(str(spec["community"]))
    return DemoIdentity(frozenset(codes), frozenset(communities))


def other_workshops(store: Store, identity: DemoIdentity) -> list[Workshop]:
    """The workshops that are not the demo's."""
    return [w for w in store.workshops() if w.join_code not in identity.join_codes]


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (``None`` for another database or an in-memory one)."""
    parsed = sa.engine.make_url(url)
    if not parsed.drivername.startswith("sqlite") or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def reset_demo(url: str) -> Workshop:
    """Recreate the SQLite database at ``url`` with the demo workshops loaded afresh.

    Raises :class:`ResetRefused` (and changes nothing) when the database is not a SQLite
    file, or holds a workshop or community that the demo did not create.
    """
    path = sqlite_file(url)
    if path is None:
        raise ResetRefused(
            "a reset recreates the database file, so it works on a SQLite file only; "
            "this database is not one (the store cannot delete workshops yet)"
        )
    identity = demo_identity()
    if path.exists():
        store = Store(url)
        try:
            store.upgrade()
            others = other_workshops(store, identity)
            other_communities = [
                n for _i, n in store.communities() if n not in identity.communities
            ]
        finally:
            store.dispose()
        if others:
            listed = ", ".join(f"'{w.title}' ({w.join_code})" for w in others[:5])
            more = f" and {len(others) - 5} more" if len(others) > 5 else ""
            raise ResetRefused(
                f"the database holds workshops that are not the demo's: {listed}{more}; "
                "nothing was changed. Use a database of its own for a course "
                "(cocreate demo --reset --db course.sqlite)"
            )
        if other_communities:
            raise ResetRefused(
                "the database holds communities that are not the demo's: "
                f"{', '.join(other_communities)}; nothing was changed"
            )
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    store = Store(url)
    try:
        store.upgrade()
        return load_demo(store)
    finally:
        store.dispose()
