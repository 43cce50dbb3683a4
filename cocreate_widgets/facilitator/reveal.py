"""Reveal: render what the room may see, once, on the facilitator's side, and store it."""

from __future__ import annotations

from ..exercises.model import Exercise
from ..personal import personal_results
from ..results import render_results
from ..shared_answers import shared_answers
from ..store import Store
from ..store.types import Run


def reveal_run(store: Store, run: Run, *, free_text: bool | None = None) -> Run:
    """Close the run if open, render the room's view in every language, and store it,
    with what each participant sees of their own where the exercise has that (a partner).

    Participants' kernels then only read the stored HTML: they need no pandas or plotting.
    """
    exercise = Exercise.from_dict(run.question_set)
    if run.state == "open":
        run = store.close_run(run.id)
    answers = shared_answers(store, run, exercise, store.answers(run.id))
    show_text = run.reveal_free_text if free_text is None else free_text
    html = {
        lang: render_results(exercise, answers, lang, audience="room", free_text=show_text)
        for lang in exercise.languages
    }
    return store.reveal_run(run.id, html, personal_results(store, run, exercise))
