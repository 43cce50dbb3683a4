"""The store: the one place that talks to the database.

Everything else — participant app, console, workbooks, command line — goes through
:class:`Store`, like nbgrader's ``Gradebook``::

    store = Store()                 # COCREATE_DB, else var/cocreate.sqlite
    store.upgrade()                 # create or migrate the tables (not in participant kernels)
    ws = store.create_workshop("Samen beter", language="nl")
"""

from __future__ import annotations

from .engine import default_database_url, make_engine
from .errors import (
    NotFound,
    ParticipantRemoved,
    RecordConflict,
    RunNotOpen,
    StoreError,
    UnknownJoinCode,
)
from .participants import ParticipantMixin
from .records import RecordMixin
from .responses import ResponseMixin
from .retention import RetentionMixin
from .runs import RUN_STATES, RunMixin
from .types import Answer, Participant, PollState, Record, Role, Run, Workshop
from .workshops import ANONYMITY_CHOICES, WorkshopMixin, normalise_join_code


class Store(WorkshopMixin, ParticipantMixin, RunMixin, ResponseMixin, RecordMixin, RetentionMixin):
    """Façade over the database for workshops, participants, runs, answers and records."""

    def upgrade(self) -> None:
        """Bring the database schema to the newest version (Alembic migrations)."""
        from .migrate import upgrade

        upgrade(self.engine)


__all__ = [
    "ANONYMITY_CHOICES",
    "RUN_STATES",
    "Answer",
    "NotFound",
    "Participant",
    "ParticipantRemoved",
    "PollState",
    "Record",
    "RecordConflict",
    "Role",
    "Run",
    "RunNotOpen",
    "Store",
    "StoreError",
    "UnknownJoinCode",
    "Workshop",
    "default_database_url",
    "make_engine",
    "normalise_join_code",
]
