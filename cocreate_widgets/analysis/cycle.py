"""The cycle of a community for person-centred care (seed 001): which steps were done in
which wave, and when.

A step is an exercise of the group ``community``; a wave is one of the community's
workshops. A step counts as **done** in a wave when one of its runs there was opened
(a draft on the agenda is not done). ``first_opened`` is the earliest opening,
``last_closed`` the latest closing (None while a run is still open).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import Any

import pandas as pd

RUN_COLUMNS = ["workshop_id", "wave", "run_id", "exercise_id", "state", "opened_at", "closed_at"]
OVERVIEW_COLUMNS = ["step", "wave", "done", "runs", "first_opened", "last_closed"]

COMMUNITY_STEP_ORDER: tuple[str, ...] = (
    "right_approach",
    "core_team",
    "needs_survey",
    "improvement_proposals",
    "concept_test",
    "team_preferences",
    "theme_meeting",
    "quick_poll",
    "maintain_results",
    "principles_reflection",
)
"""The community's exercises in the order of the method's steps (workbooks 0-7)."""


def community_steps(exercises: Iterable[Any], group: str = "community") -> list[Any]:
    """The exercises of the group in the order of the method (a trainer's own steps last,
    by id)."""
    rank = {step: i for i, step in enumerate(COMMUNITY_STEP_ORDER)}
    chosen = [e for e in exercises if e.group == group]
    return sorted(chosen, key=lambda e: (rank.get(e.id, len(rank)), e.id))


def runs_frame(store: Any, workshop_ids: Iterable[int]) -> pd.DataFrame:
    """Every run of the workshops: the columns in ``RUN_COLUMNS``.

    ``store`` is a :class:`~cocreate_widgets.store.Store` (only ``runs`` is used);
    ``wave`` is the run's wave.
    """
    rows = [
        (r.workshop_id, r.wave, r.id, r.exercise_id, r.state, r.opened_at, r.closed_at)
        for workshop_id in workshop_ids
        for r in store.runs(int(workshop_id))
    ]
    return pd.DataFrame(rows, columns=RUN_COLUMNS)


def _day(value: object) -> dt.date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def cycle_overview(steps: Sequence[str], waves: Sequence[int], runs: pd.DataFrame) -> pd.DataFrame:
    """One row per step and wave (steps in the given order, waves as given): ``done``,
    ``runs`` (opened runs), ``first_opened`` and ``last_closed`` (dates or None)."""
    rows = []
    opened = runs[runs["opened_at"].notna()] if not runs.empty else runs
    for step in steps:
        for wave in waves:
            part = (
                opened[(opened["exercise_id"] == step) & (opened["wave"] == wave)]
                if not opened.empty
                else opened
            )
            opened_days = [d for d in map(_day, part.get("opened_at", [])) if d]
            closed_days = [d for d in map(_day, part.get("closed_at", [])) if d]
            still_open = len(closed_days) < len(part)
            rows.append(
                {
                    "step": step,
                    "wave": int(wave),
                    "done": bool(len(part)),
                    "runs": int(len(part)),
                    "first_opened": min(opened_days) if opened_days else None,
                    "last_closed": max(closed_days) if closed_days and not still_open else None,
                }
            )
    return pd.DataFrame(rows, columns=OVERVIEW_COLUMNS)


def steps_never_done(overview: pd.DataFrame) -> list[str]:
    """The steps not done in any wave, in overview order."""
    if overview.empty:
        return []
    done = overview.groupby("step", sort=False)["done"].any()
    return [step for step, was_done in done.items() if not was_done]


def cycle_html(
    overview: pd.DataFrame,
    step_labels: Mapping[str, str],
    wave_label: str,
    step_header: str,
    not_done: str,
) -> str:
    """A compact table for a phone: a row per step, a column per wave; a done cell shows
    "✓" and the date it was first opened (and the number of runs when more than one), a
    cell never done shows ``not_done`` as text. Every text is escaped."""
    waves = list(dict.fromkeys(overview["wave"])) if not overview.empty else []
    head = f"<th scope='col'>{escape(step_header)}</th>" + "".join(
        f"<th scope='col'>{escape(wave_label)} {int(w)}</th>" for w in waves
    )
    body = []
    for step in dict.fromkeys(overview["step"]) if not overview.empty else []:
        cells = []
        for wave in waves:
            row = overview[(overview["step"] == step) & (overview["wave"] == wave)].iloc[0]
            if row["done"]:
                day = row["first_opened"]
                text = "✓ " + (day.isoformat() if day else "")
                if row["runs"] > 1:
                    text += f" (×{int(row['runs'])})"
                cells.append(f"<td class='cc-done'>{escape(text.strip())}</td>")
            else:
                cells.append(f"<td class='cc-not-done'>— {escape(not_done)}</td>")
        label = step_labels.get(step, step)
        body.append(f"<tr><th scope='row'>{escape(label)}</th>{''.join(cells)}</tr>")
    style = (
        "<style>.cc-cycle{border-collapse:collapse;font-size:0.95em}.cc-cycle td,.cc-cycle th"
        "{padding:3px 6px;text-align:left;border-bottom:1px solid #ddd;vertical-align:top}"
        ".cc-cycle td{white-space:nowrap}.cc-cycle td.cc-not-done{font-style:italic;color:#555}</style>"
    )
    return (
        f"{style}<div style='overflow-x:auto;max-width:100%'><table class='cc-cycle'>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )
