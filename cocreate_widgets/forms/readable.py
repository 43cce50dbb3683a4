"""Stored answers as words a person reads (no pandas: this also runs in participant kernels)."""

from __future__ import annotations

from html import escape
from typing import Any

from ..exercises.model import Exercise, Question
from ..i18n import t
from ..localtext import pick


def readable_answer(question: Question, value: Any, lang: str) -> str:
    """One stored answer in words: option labels, agreement words, 'label: points'."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    labels = {o.id: pick(o.label, lang) for o in question.options}
    kind = question.type
    if kind == "agreement" and isinstance(value, int):
        return t(f"agreement.{value}", lang)
    if kind == "yes_no":
        return t("yes_no.yes" if value else "yes_no.no", lang)
    if kind in ("single_choice",):
        return labels.get(value, str(value))
    if kind in ("multiple_choice", "ranking") and isinstance(value, list):
        joiner = " › " if kind == "ranking" else ", "
        return joiner.join(labels.get(v, str(v)) for v in value)
    if kind in ("allocation", "dot_voting") and isinstance(value, dict):
        return ", ".join(f"{labels.get(k, k)}: {n}" for k, n in value.items() if n)
    if kind == "repeating_list" and isinstance(value, list):
        return " · ".join(
            "; ".join(f"{name}: {text}" for name, text in readable_item(question, item, lang))
            for item in value
        )
    return str(value)


def readable_item(question: Question, item: Any, lang: str) -> list[tuple[str, str]]:
    """One item of a ``repeating_list`` as (field label, value in words) for its filled fields.

    A choice shows its option's label, a scale its number (0 too); a key that is no longer
    a field of the question (the file changed) is shown as it was stored.
    """
    if not isinstance(item, dict):
        return []
    fields = {f.id: f for f in question.fields}
    shown: list[tuple[str, str]] = []
    for key, value in item.items():
        if value is None or value == "":
            continue
        field = fields.get(key)
        if field is None:
            shown.append((str(key), str(value)))
        else:
            # a label asked as a question ("Who needs to know?") reads "Who needs to know: …"
            label = pick(field.label, lang).rstrip(" ?:")
            shown.append((label, readable_answer(field, value, lang)))
    return shown


def own_answers_html(exercise: Exercise, answers: dict[str, Any], lang: str) -> str:
    """A folded list of the participant's latest answers, every text escaped."""
    if not answers:
        return ""
    items = "".join(
        f"<dt>{escape(pick(q.label, lang))}</dt>"
        f"<dd>{escape(readable_answer(q, answers.get(q.id), lang))}</dd>"
        for q in exercise.questions
    )
    return (
        f"<details class='cc-own-answers'><summary>{escape(t('follow.own_answers', lang))}"
        f"</summary><dl>{items}</dl></details>"
    )
