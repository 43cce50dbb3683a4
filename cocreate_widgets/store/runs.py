"""Exercise runs: the agenda, and open / close / reopen / reveal, the timer."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from .base import StoreBase, utcnow
from .errors import NotFound
from .schema import exercise_runs, personal_results, revealed_results
from .types import Run

RUN_STATES = ("draft", "open", "closed", "revealed")


def _run(row: sa.Row) -> Run:
    return Run(**dict(row._mapping))


class RunMixin(StoreBase):
    """The agenda of a workshop and the life of each run in it."""

    def add_run(
        self,
        workshop_id: int,
        question_set: dict[str, Any],
        *,
        wave: int = 1,
        small_group_id: int | None = None,
        reveal_free_text: bool = False,
    ) -> Run:
        """Put an exercise on the agenda (as a draft) with a snapshot of its question set."""

        def action(conn: sa.Connection) -> int:
            position = conn.execute(
                sa.select(sa.func.coalesce(sa.func.max(exercise_runs.c.position), 0)).where(
                    exercise_runs.c.workshop_id == workshop_id
                )
            ).scalar_one()
            new_id = conn.execute(
                sa.insert(exercise_runs).values(
                    workshop_id=workshop_id,
                    exercise_id=question_set["id"],
                    wave=wave,
                    position=position + 1,
                    state="draft",
                    question_set=question_set,
                    small_group_id=small_group_id,
                    reveal_free_text=reveal_free_text,
                    timer_autoclose=False,
                    created_at=utcnow(),
                )
            ).inserted_primary_key[0]
            self._bump(conn, workshop_id)
            return new_id

        return self.run(self._retrying(action))

    def run(self, run_id: int) -> Run:
        """The run with this id (raises ``NotFound``)."""
        with self._read() as conn:
            row = conn.execute(sa.select(exercise_runs).where(exercise_runs.c.id == run_id)).first()
        if row is None:
            raise NotFound(f"run {run_id}")
        return _run(row)

    def runs(self, workshop_id: int, *, states: tuple[str, ...] | None = None) -> list[Run]:
        """The workshop's agenda in order, optionally only runs in the given states."""
        query = sa.select(exercise_runs).where(exercise_runs.c.workshop_id == workshop_id)
        if states:
            query = query.where(exercise_runs.c.state.in_(states))
        with self._read() as conn:
            rows = conn.execute(query.order_by(exercise_runs.c.position)).all()
        return [_run(r) for r in rows]

    def _set_state(self, run_id: int, state: str, **values: Any) -> Run:
        if state not in RUN_STATES:
            raise ValueError(f"unknown state {state!r}")
        run = self.run(run_id)
        with self._write() as conn:
            conn.execute(
                sa.update(exercise_runs)
                .where(exercise_runs.c.id == run_id)
                .values(state=state, **values)
            )
            self._bump(conn, run.workshop_id)
        return self.run(run_id)

    def open_run(self, run_id: int) -> Run:
        """Open a run: participants' screens switch to its form."""
        return self._set_state(run_id, "open", opened_at=utcnow(), closed_at=None)

    def close_run(self, run_id: int) -> Run:
        """Close a run: answers are no longer accepted; the timer stops."""
        return self._set_state(run_id, "closed", closed_at=utcnow(), timer_ends_at=None)

    def reopen_run(self, run_id: int) -> Run:
        """Open a closed or revealed run again; earlier answers stay and can be edited."""
        return self._set_state(run_id, "open", closed_at=None)

    def reveal_run(
        self,
        run_id: int,
        html_by_language: dict[str, str],
        personal: dict[int, dict[str, str]] | None = None,
    ) -> Run:
        """Reveal a run's group result: store what participants and the projector may see.

        ``html_by_language`` is rendered by the facilitator's side from escaped parts;
        ``personal`` maps a participant id to what only they see beside it, by language
        (their partner, their own profile). An open run is closed first, so no answer
        arrives after what was shown.
        """
        run = self.run(run_id)
        now = utcnow()
        with self._write() as conn:
            self._delete_revealed(conn, run_id)
            conn.execute(
                sa.insert(revealed_results),
                [
                    {"run_id": run_id, "language": lang, "html": html, "created_at": now}
                    for lang, html in html_by_language.items()
                ],
            )
            rows = [
                {
                    "run_id": run_id,
                    "participant_id": participant_id,
                    "language": lang,
                    "html": html,
                    "created_at": now,
                }
                for participant_id, by_language in (personal or {}).items()
                for lang, html in by_language.items()
            ]
            if rows:
                conn.execute(sa.insert(personal_results), rows)
            conn.execute(
                sa.update(exercise_runs)
                .where(exercise_runs.c.id == run_id)
                .values(
                    state="revealed",
                    revealed_at=now,
                    closed_at=run.closed_at or now,
                    timer_ends_at=None,
                )
            )
            self._bump(conn, run.workshop_id)
        return self.run(run_id)

    def hide_result(self, run_id: int) -> Run:
        """Take a revealed result off the screens again (the run stays closed)."""
        run = self.run(run_id)
        with self._write() as conn:
            self._delete_revealed(conn, run_id)
            conn.execute(
                sa.update(exercise_runs)
                .where(exercise_runs.c.id == run_id)
                .values(state="closed", revealed_at=None)
            )
            self._bump(conn, run.workshop_id)
        return self.run(run_id)

    def revealed_html(self, run_id: int, language: str) -> str | None:
        """The revealed result in this language (or any language if missing), else None."""
        with self._read() as conn:
            rows = conn.execute(
                sa.select(revealed_results.c.language, revealed_results.c.html).where(
                    revealed_results.c.run_id == run_id
                )
            ).all()
        by_lang = dict(rows)
        return by_lang.get(language) or next(iter(by_lang.values()), None)

    def personal_html(self, run_id: int, participant_id: int, language: str) -> str | None:
        """What only this participant sees of a revealed run, in this language (or any)."""
        with self._read() as conn:
            rows = conn.execute(
                sa.select(personal_results.c.language, personal_results.c.html).where(
                    personal_results.c.run_id == run_id,
                    personal_results.c.participant_id == participant_id,
                )
            ).all()
        by_lang = dict(rows)
        return by_lang.get(language) or next(iter(by_lang.values()), None)

    @staticmethod
    def _delete_revealed(conn: sa.Connection, run_id: int) -> None:
        conn.execute(sa.delete(revealed_results).where(revealed_results.c.run_id == run_id))
        conn.execute(sa.delete(personal_results).where(personal_results.c.run_id == run_id))

    def set_timer(self, run_id: int, minutes: float, *, autoclose: bool = False) -> Run:
        """Start a countdown everyone sees; with ``autoclose`` the run closes at zero."""
        run = self.run(run_id)
        ends = utcnow() + timedelta(seconds=round(minutes * 60))
        with self._write() as conn:
            conn.execute(
                sa.update(exercise_runs)
                .where(exercise_runs.c.id == run_id)
                .values(timer_ends_at=ends, timer_autoclose=autoclose)
            )
            self._bump(conn, run.workshop_id)
        return self.run(run_id)

    def extend_timer(self, run_id: int, minutes: float) -> Run:
        """Add time to a running countdown (or start one from now)."""
        run = self.run(run_id)
        base = max(run.timer_ends_at or utcnow(), utcnow())
        with self._write() as conn:
            conn.execute(
                sa.update(exercise_runs)
                .where(exercise_runs.c.id == run_id)
                .values(timer_ends_at=base + timedelta(seconds=round(minutes * 60)))
            )
            self._bump(conn, run.workshop_id)
        return self.run(run_id)

    def stop_timer(self, run_id: int) -> Run:
        """Remove the countdown."""
        run = self.run(run_id)
        with self._write() as conn:
            conn.execute(
                sa.update(exercise_runs)
                .where(exercise_runs.c.id == run_id)
                .values(timer_ends_at=None)
            )
            self._bump(conn, run.workshop_id)
        return self.run(run_id)

    def close_expired_runs(self, workshop_id: int, now: datetime | None = None) -> int:
        """Close open runs whose auto-closing timer has passed; returns how many closed.

        Any kernel that sees a timer reach zero may call this: it is idempotent.
        """
        now = now or utcnow()
        condition = sa.and_(
            exercise_runs.c.workshop_id == workshop_id,
            exercise_runs.c.state == "open",
            exercise_runs.c.timer_autoclose.is_(True),
            exercise_runs.c.timer_ends_at <= now,
        )
        with self._write() as conn:
            closed = conn.execute(
                sa.update(exercise_runs)
                .where(condition)
                .values(state="closed", closed_at=now, timer_ends_at=None)
            ).rowcount
            if closed:
                self._bump(conn, workshop_id)
        return closed
