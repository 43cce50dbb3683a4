"""What of a run's answers may leave the review of its facilitator: the room's result, the
report and the exported data are all made of these.

Most exercises share every answer (the views decide what to show of them). Some first need a
review: an experience story leaves only once a facilitator approved it, and then only its
masked text. Such an exercise names a filter here by its id; a trainer who copies it under a
new id adds that id too.
"""

from __future__ import annotations

from .exercises.model import Exercise
from .store import Store
from .store.types import Answer, Run

SHARED_ANSWER_FILTERS: dict[str, str] = {
    "experience_story": "cocreate_widgets.stories.review:room_answers",
}
"""Exercise id -> ``module:function(store, run, exercise, answers)`` that keeps only what may
be shared (experience stories: approved, masked texts only)."""


def shared_answers(
    store: Store, run: Run, exercise: Exercise, answers: list[Answer]
) -> list[Answer]:
    """The answers that may be shown to the room or exported: all of them, unless the
    exercise filters them (imported only when needed)."""
    target = SHARED_ANSWER_FILTERS.get(exercise.id)
    if target is None:
        return answers
    module_name, function = target.split(":")
    module = __import__(module_name, fromlist=[function])
    return getattr(module, function)(store, run, exercise, answers)
