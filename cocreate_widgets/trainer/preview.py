"""``cocreate preview EXERCISE --out page.html``: form and results with invented answers.

No workshop and no participants are needed: the answers are invented (valid for each
question type, checked by :func:`..answers.validate_answer`) in a temporary SQLite database,
and the results are what the room's screen shows (:func:`..results.render_results`). The
form is a static rendering of the questions. One self-contained page: the stylesheet and
the charts (SVG) are inside it, and every text from the question set is escaped.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
from html import escape
from pathlib import Path
from typing import Any

from ..answers import AnswerError, validate_answer
from ..exercises import load_exercise_by_id
from ..exercises.errors import ExerciseFileError
from ..exercises.model import Exercise, Question
from ..localtext import pick
from ..results import render_results
from ..store import Store
from ..theme import theme_css

PEOPLE: tuple[tuple[str, str], ...] = (
    ("Anna", "patient"),
    ("Bert", "relative"),
    ("Chris", "doctor"),
    ("Dilan", "nurse"),
    ("Els", "other_care"),
    ("Femke", "coordinator"),
    ("Gijs", "patient"),
    ("Hatice", "manager"),
)
TEXTS = {
    "nl": (
        "Meer tijd voor het gesprek",
        "Samen beslissen",
        "Korte lijnen",
        "Een vast aanspreekpunt",
    ),
    "en": ("More time to talk", "Deciding together", "Short lines", "One contact person"),
}


def invent_value(question: Question, person: int, rng: random.Random, lang: str) -> Any:
    """An invented answer of person ``person`` that is valid for ``question`` (or ``None``)."""
    ids = list(question.option_ids)
    kind = question.type
    if kind in ("short_text", "long_text"):
        texts = TEXTS.get(lang, TEXTS["en"])
        value: Any = texts[person % len(texts)][: question.setting("max_length") or 10000]
    elif kind == "single_choice":
        value = rng.choice(ids)
    elif kind == "multiple_choice":
        low = question.setting("min_selected") or 0
        high = question.setting("max_selected") or len(ids)
        value = rng.sample(ids, rng.randint(max(low, 1), max(min(high, len(ids)), 1)))
    elif kind == "agreement":
        value = rng.randint(1, 5)
    elif kind == "scale":
        value = rng.randint(question.setting("min") or 0, question.setting("max") or 10)
    elif kind == "ranking":
        value = rng.sample(ids, len(ids))
    elif kind == "allocation":
        value = _spread(ids, question.setting("total") or 100, None, rng)
    elif kind == "dot_voting":
        value = _spread(ids, question.setting("dots") or 3, question.setting("max_per_option"), rng)
    elif kind == "yes_no":
        value = rng.random() < 0.6
    elif kind == "date":
        value = _date(question, rng)
    elif kind == "repeating_list":
        count = max(question.setting("min_items") or 0, 1)
        count = min(count + rng.randint(0, 1), question.setting("max_items") or 20)
        value = [
            {f.id: invent_value(f, person + i, rng, lang) for f in question.fields}
            for i in range(count)
        ]
    else:
        return None
    try:
        return validate_answer(question, value, lang)
    except AnswerError:
        return None


def _spread(ids: list[str], total: int, cap: int | None, rng: random.Random) -> dict[str, int]:
    """``total`` points (or dots) over the options, at most ``cap`` each."""
    counts = dict.fromkeys(ids, 0)
    cap = cap or total
    left = min(total, cap * len(ids))
    while left:
        option = rng.choice(ids)
        step = min(left, cap - counts[option], max(1, total // 10))
        if step > 0:
            counts[option] += step
            left -= step
    return counts


def _date(question: Question, rng: random.Random) -> str:
    low = question.setting("min_date")
    high = question.setting("max_date")
    start = dt.date.fromisoformat(low) if low else dt.date(2026, 1, 1)
    end = dt.date.fromisoformat(high) if high else start + dt.timedelta(days=180)
    return (start + dt.timedelta(days=rng.randint(0, max((end - start).days, 0)))).isoformat()


def invented_results(exercise: Exercise, lang: str, seed: int = 7) -> str:
    """The room's results screen for invented answers of eight people (HTML fragment)."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="cocreate-preview-") as folder:
        store = Store(f"sqlite:///{Path(folder) / 'preview.sqlite'}")
        try:
            store.upgrade()
            workshop = store.create_workshop("Preview", language=lang, consent_text="-")
            run = store.open_run(store.add_run(workshop.id, exercise.to_dict()).id)
            for number, (pseudonym, role) in enumerate(PEOPLE):
                person = store.add_participant(workshop.id, pseudonym=pseudonym, role=role)
                values = {q.id: invent_value(q, number, rng, lang) for q in exercise.questions}
                store.submit_answers(run.id, person.id, values)
            answers = store.answers(run.id)
        finally:
            store.dispose()
    return render_results(exercise, answers, lang, audience="room")


def _control(question: Question, lang: str) -> str:
    """A static picture of a question's input: options, a scale's ends, a list's fields."""
    kind = question.type
    if question.options:
        mark = {"single_choice": "○", "multiple_choice": "☐"}.get(kind, "·")
        items = "".join(f"<li>{mark} {escape(pick(o.label, lang))}</li>" for o in question.options)
        return f"<ul class='cc-preview-options'>{items}</ul>"
    if kind == "scale":
        low, high = question.setting("min") or 0, question.setting("max") or 10
        ends = [pick(question.setting(k) or {}, lang) for k in ("min_label", "max_label")]
        return f"<p>{low} {escape(ends[0])} … {high} {escape(ends[1])}</p>"
    if kind == "agreement":
        return "<p>1 … 5</p>"
    if kind == "yes_no":
        return "<p>○ ja / yes &nbsp; ○ nee / no</p>"
    if kind == "date":
        return "<p>[ jjjj-mm-dd ]</p>"
    if kind == "repeating_list":
        fields = "".join(
            f"<li>{escape(pick(f.label, lang))}{_control(f, lang)}</li>" for f in question.fields
        )
        return f"<ol class='cc-preview-fields'>{fields}</ol>"
    rows = 4 if kind == "long_text" else 1
    return f"<textarea rows='{rows}' disabled aria-label='{escape(pick(question.label, lang))}'></textarea>"


def form_html(exercise: Exercise, lang: str) -> str:
    """The participant's form as static HTML (nothing can be submitted)."""
    parts = [
        "<div class='cc-participant'>",
        f"<h2>{escape(pick(exercise.title, lang))}</h2>",
        f"<p>{escape(pick(exercise.intro, lang))}</p>",
    ]
    for number, question in enumerate(exercise.questions, start=1):
        star = " *" if question.required else ""
        parts.append(f"<section><h3>{number}. {escape(pick(question.label, lang))}{star}</h3>")
        if question.help:
            parts.append(f"<p class='cc-help'>{escape(pick(question.help, lang))}</p>")
        parts.append(_control(question, lang) + "</section>")
    parts.append("</div>")
    return "\n".join(parts)


def preview_page(exercise: Exercise, lang: str = "nl") -> str:
    """One self-contained HTML page: the form, then the results with invented answers."""
    title = escape(pick(exercise.title, lang))
    return (
        f"<!doctype html>\n<html lang='{escape(lang)}'><head><meta charset='utf-8'>"
        f"<title>{title} · preview</title><style>{theme_css()}\n"
        "body{font-family:sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem}"
        ".cc-preview-note{background:#fff3cd;padding:.5rem}</style></head><body>"
        "<p class='cc-preview-note'>Voorbeeld met verzonnen antwoorden · "
        "<em>Preview with invented answers</em></p>"
        "<h1>Formulier · <em>Form</em></h1>"
        f"{form_html(exercise, lang)}"
        "<h1>Resultaten · <em>Results</em></h1>"
        f"{invented_results(exercise, lang)}"
        "</body></html>\n"
    )


def run_preview(exercise_id: str, out: Path, lang: str = "nl") -> int:
    """Write the preview page of ``exercise_id`` to ``out``; the exit code."""
    try:
        exercise = load_exercise_by_id(exercise_id)
    except KeyError:
        print(f"cocreate: there is no exercise '{exercise_id}'", file=sys.stderr)
        return 1
    except ExerciseFileError as error:
        print(f"cocreate: the exercise file has problems:\n{error}", file=sys.stderr)
        return 1
    page = preview_page(exercise, lang)
    try:
        out.write_text(page, encoding="utf-8")
    except OSError as error:
        print(f"cocreate: cannot write {out}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"Wrote {out}")
    return 0
