"""Results as HTML: the facilitator's live view and the room's revealed view of a run.

Built from escaped parts only: every user text passes ``html.escape`` and charts come from
``charts`` as SVG whose text is XML-escaped. The room's view shows aggregates only, never a
name, and hides results of fewer than ``MIN_GROUP_SIZE`` answers; free text only when the
facilitator chose to release it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Literal

import pandas as pd

from . import charts
from .analysis import (
    MIN_GROUP_SIZE,
    answers_frame,
    choice_counts,
    item_field_values,
    question_values,
    ranking_scores,
    rating_distribution,
    statement_consensus,
    text_answers,
    totals,
    word_counts,
)
from .exercises.model import Exercise, Question
from .forms.readable import readable_item
from .i18n import t
from .localtext import pick
from .store.types import Answer

Audience = Literal["facilitator", "room"]
TEXT_TYPES = ("short_text", "long_text")


def render_results(
    exercise: Exercise,
    answers: Sequence[Answer],
    lang: str,
    *,
    audience: Audience = "facilitator",
    free_text: bool = False,
    role_labels: Mapping[str, str] | None = None,
) -> str:
    """The results of one run as an HTML fragment for the given audience.

    ``role_labels`` (role id -> label) names the roles in the facilitator's answer tables.
    """
    frame = answers_frame(answers)
    participants = frame["participant_id"].nunique()
    parts = [
        f'<div class="cc-results" lang="{escape(lang)}">',
        f"<h2>{escape(pick(exercise.title, lang))}</h2>",
        f'<p class="cc-results-count">{escape(t("results.participants", lang, n=participants))}</p>',
    ]
    if audience == "room" and participants < MIN_GROUP_SIZE:
        parts.append(_note(t("results.too_few", lang, min=MIN_GROUP_SIZE)))
        parts.append("</div>")
        return "\n".join(parts)
    statements = [q for q in exercise.questions if q.type == "agreement"]
    if len(statements) > 1:
        parts.append(_statements_section(frame, statements, lang))
    for question in exercise.questions:
        if question.type == "agreement" and len(statements) > 1:
            continue
        parts.append(_question_section(frame, question, lang, audience, free_text, role_labels))
    parts.append("</div>")
    return "\n".join(parts)


def _note(text: str) -> str:
    return f'<p class="cc-note">{escape(text)}</p>'


def _heading(question: Question, lang: str, n: int) -> str:
    return (
        f"<h3>{escape(pick(question.label, lang))}</h3>"
        f'<p class="cc-n">{escape(t("results.answers_count", lang, n=n))}</p>'
    )


def _statements_section(frame: pd.DataFrame, statements: Sequence[Question], lang: str) -> str:
    """All agreement statements in one diverging chart, with a consensus table."""
    ids = [q.id for q in statements]
    table = statement_consensus(frame, ids)
    counts = [rating_distribution(frame, qid, range(1, 6))[0].tolist() for qid in ids]
    labels = [pick(q.label, lang) for q in statements]
    levels = [t(f"agreement.{i}", lang) for i in range(1, 6)]
    svg = charts.likert_chart(counts, labels, levels)
    keys = ("results.statement", "results.n", "results.mean", "results.spread", "results.verdict")
    names = [escape(t(key, lang)) for key in keys]
    rows = []
    for question, row in zip(statements, table.itertuples(), strict=True):
        cells = (
            escape(pick(question.label, lang)),
            str(row.n),
            "–" if row.n == 0 else f"{row.mean:.1f}",
            "–" if row.n == 0 else f"{row.spread:.1f}",
            escape(t(f"results.verdict.{row.verdict}", lang)),
        )
        tds = "".join(
            f'<td data-label="{name}">{cell}</td>' if i else f"<td>{cell}</td>"
            for i, (name, cell) in enumerate(zip(names, cells, strict=True))
        )
        rows.append(f'<tr class="cc-verdict-{escape(row.verdict)}">{tds}</tr>')
    head = "".join(f"<th scope='col'>{name}</th>" for name in names)
    return (
        f'<section class="cc-question"><h3>{escape(t("results.statements", lang))}</h3>'
        f"{charts.figure_html(svg, t('results.statements', lang))}"
        f'<table class="cc-table cc-stack"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody>'
        "</table></section>"
    )


def _question_section(
    frame: pd.DataFrame,
    question: Question,
    lang: str,
    audience: Audience,
    free_text: bool,
    role_labels: Mapping[str, str] | None = None,
) -> str:
    answered = question_values(frame, question.id)
    n = len(answered)
    body = [f'<section class="cc-question">{_heading(question, lang, n)}']
    if n == 0:
        body.append(_note(t("results.no_answers", lang)))
    elif question.type in TEXT_TYPES or question.type in ("date", "repeating_list"):
        if question.type == "repeating_list":
            body.extend(_item_field_charts(frame, question, lang))
        body.append(_text_body(frame, question, lang, audience, free_text, role_labels))
    else:
        labels, values, unit, stats = _numbers(frame, question, lang)
        if stats:
            body.append(_note(t("results.mean_spread", lang, **stats)))
        svg = charts.bar_chart(values, labels, unit=unit)
        body.append(charts.figure_html(svg, pick(question.label, lang)))
    body.append("</section>")
    return "".join(body)


def _numbers(
    frame: pd.DataFrame, question: Question, lang: str
) -> tuple[list[str], list[int], str, dict[str, str]]:
    """Labels and numbers for the bar chart of a question with numeric or choice answers."""
    option_label = {o.id: pick(o.label, lang) for o in question.options}
    if question.type in ("agreement", "scale"):
        low, high = (1, 5) if question.type == "agreement" else _scale_range(question)
        counts, stats = rating_distribution(frame, question.id, range(low, high + 1))
        labels = [
            t(f"agreement.{level}", lang) if question.type == "agreement" else str(level)
            for level in counts.index
        ]
        shown = {"mean": f"{stats['mean']:.1f}", "spread": f"{stats['spread']:.1f}"}
        return labels, counts.tolist(), "", shown
    if question.type == "yes_no":
        counts = choice_counts(frame, question.id, [True, False])
        return [t("yes_no.yes", lang), t("yes_no.no", lang)], counts.tolist(), "", {}
    if question.type in ("single_choice", "multiple_choice"):
        counts = choice_counts(frame, question.id, question.option_ids)
        return [option_label[o] for o in counts.index], counts.tolist(), "", {}
    if question.type == "ranking":
        scores = ranking_scores(frame, question.id, question.option_ids)
        unit = t("results.points", lang)
        return [option_label[o] for o in scores.index], scores.tolist(), unit, {}
    sums = totals(frame, question.id, question.option_ids)
    unit = t("results.dots" if question.type == "dot_voting" else "results.points", lang)
    return [option_label[o] for o in sums.index], sums.tolist(), unit, {}


def _item_field_charts(frame: pd.DataFrame, question: Question, lang: str) -> list[str]:
    """For a list whose items have choice or scale fields: a bar chart per such field,
    counting the items (e.g. how many activities at each level), so the room sees a result
    without reading anyone's text."""
    parts = []
    for field in question.fields:
        values = item_field_values(frame, question.id, field.id)
        if field.type == "single_choice":
            labels = [pick(o.label, lang) for o in field.options]
            counts = [sum(1 for v in values if v == o.id) for o in field.options]
        elif field.type == "scale":
            low, high = _scale_range(field)
            numbers = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
            labels = [str(level) for level in range(low, high + 1)]
            counts = [numbers.count(level) for level in range(low, high + 1)]
        else:
            continue
        label = pick(field.label, lang)
        parts.append(
            f"<h4>{escape(label)}</h4>{charts.figure_html(charts.bar_chart(counts, labels), label)}"
        )
    return parts


def _scale_range(question: Question) -> tuple[int, int]:
    return int(question.setting("min")), int(question.setting("max"))


def _text_body(
    frame: pd.DataFrame,
    question: Question,
    lang: str,
    audience: Audience,
    free_text: bool,
    role_labels: Mapping[str, str] | None = None,
) -> str:
    parts = []
    if question.type in TEXT_TYPES:
        words = word_counts(frame, question.id)
        if len(words):
            items = "".join(
                f"<li>{escape(word)} <span class='cc-count'>({count})</span></li>"
                for word, count in words.items()
            )
            parts.append(
                f"<p>{escape(t('results.frequent_words', lang))}</p><ul class='cc-words'>{items}</ul>"
            )
    if audience == "facilitator" or free_text:
        with_names = audience == "facilitator"
        parts.append(_answers_table(frame, question, lang, with_names, role_labels or {}))
    return "".join(parts)


def _answers_table(
    frame: pd.DataFrame,
    question: Question,
    lang: str,
    with_names: bool,
    role_labels: Mapping[str, str],
) -> str:
    table = text_answers(frame, question.id)
    head = [t("results.answer", lang)]
    if with_names:
        head = [t("results.who", lang), t("results.role", lang), *head]
    rows = []
    for row in table.itertuples():
        if _left_empty(row.answer):  # an optional question someone skipped: no row of "nan"
            continue
        cells = [_answer_text(row.answer, question, lang)]
        if with_names:
            role = role_labels.get(row.role, row.role)
            cells = [escape(row.pseudonym), escape(role), *cells]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    header = "".join(f"<th scope='col'>{escape(h)}</th>" for h in head)
    return (
        f'<table class="cc-table"><thead><tr>{header}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _left_empty(value: object) -> bool:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return True
    return isinstance(value, str | list | dict) and not value


def _answer_text(value: object, question: Question, lang: str) -> str:
    """One answer as escaped HTML; a repeating list becomes a list of its items."""
    if question.type == "repeating_list" and isinstance(value, list):
        items = []
        for item in value:
            fields = "; ".join(
                f"{escape(name)}: {escape(text)}"
                for name, text in readable_item(question, item, lang)
            )
            items.append(f"<li>{fields}</li>")
        return f"<ul>{''.join(items)}</ul>"
    return escape(str(value)).replace("\n", "<br>")
