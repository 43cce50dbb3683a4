"""What one participant sees of a revealed run, beside the room's result.

Some exercises give each participant something of their own when the facilitator reveals:
their partner (``find_partner``), their own skills profile next to the group's
(``leadership_skills``). Like the room's result, it is rendered on the facilitator's side
from escaped parts and stored per participant; a participant's kernel only reads it.

A renderer is found by the exercise's id. A trainer who copies one of these exercises under
a new id adds the new id to ``RENDERERS`` to keep the personal result.
"""

from __future__ import annotations

from collections.abc import Callable

from ..exercises.model import Exercise
from ..store import Store
from ..store.types import Run

PersonalRenderer = Callable[[Store, Run, Exercise, str], dict[int, str]]
"""(store, run, exercise, language) -> participant id -> HTML fragment."""

RENDERERS: dict[str, str] = {
    "find_partner": "partner:partner_cards",
    "leadership_skills": "skills:skills_cards",
}


def renderer_for(exercise_id: str) -> PersonalRenderer | None:
    """The personal-result renderer of this exercise, or None (imported when needed)."""
    target = RENDERERS.get(exercise_id)
    if target is None:
        return None
    module_name, function = target.split(":")
    module = __import__(f"{__name__}.{module_name}", fromlist=[function])
    return getattr(module, function)


def personal_results(store: Store, run: Run, exercise: Exercise) -> dict[int, dict[str, str]]:
    """Participant id -> language -> HTML of what only they see; empty for most exercises."""
    renderer = renderer_for(exercise.id)
    if renderer is None:
        return {}
    result: dict[int, dict[str, str]] = {}
    for lang in exercise.languages:
        for participant_id, html in renderer(store, run, exercise, lang).items():
            result.setdefault(participant_id, {})[lang] = html
    return result
