"""The citizen platform's logs and checks in a workbook: runs of the self-check, record
fields checked in the kernel (a link must be a web address), examples shown safely.

Analysis stays in :mod:`cocreate_widgets.analysis.platform_check` and
:mod:`cocreate_widgets.analysis.stakeholders`; this module only reads the store through the
``Workbook`` and builds widgets and escaped HTML.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

import ipywidgets as widgets
import pandas as pd

from ..analysis import answers_frame
from ..analysis.platform_check import safe_link
from ..answers import AnswerError, clean_text, validate_fields
from ..exercises.model import RecordKind
from ..forms.readable import readable_answer
from ..i18n import t
from ..localtext import pick
from .record_editor import RecordEditor
from .tables import html_table

LINK_FIELD = "link"


def check_runs(wb) -> list[tuple[object, pd.DataFrame]]:
    """(date, answers) of every run of the workbook's exercise in its workshop (not drafts):
    the date the run was opened (else made), in agenda order. Feed it to ``check_means``."""
    if wb.workshop is None:
        return []
    runs = [
        run
        for run in wb.store.runs(wb.workshop.id)
        if run.exercise_id == wb.exercise.id and run.state != "draft"
    ]
    return [
        (run.opened_at or run.created_at, answers_frame(wb.store.answers(run.id))) for run in runs
    ]


def record_option_labels(kind: RecordKind, field_id: str, lang: str) -> dict[str, str]:
    """Option id -> label of one choice field of a record kind (e.g. a status)."""
    field = next(f for f in kind.fields if f.id == field_id)
    return {o.id: pick(o.label, lang) for o in field.options}


def checked_link(value: object, lang: str) -> str | None:
    """A link field's value: None when empty, the address when it is http(s), else an
    ``AnswerError`` with a message in ``lang``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    link = safe_link(clean_text(value) if isinstance(value, str) else value)
    if link is None:
        raise AnswerError(t("platform_check.link_invalid", lang), "platform_check.link_invalid")
    return link


def check_record(
    kind: RecordKind, values: Mapping[str, Any], lang: str
) -> tuple[dict[str, Any], dict[str, str]]:
    """Check a record's values as the editor does: (cleaned values, messages by field id).

    Every field is checked like an answer; a field named ``link`` must also be a web
    address (http or https).
    """
    cleaned, errors = validate_fields(kind.fields, values, lang)
    if LINK_FIELD in cleaned:
        try:
            cleaned[LINK_FIELD] = checked_link(cleaned[LINK_FIELD], lang)
        except AnswerError as error:
            del cleaned[LINK_FIELD]
            errors[LINK_FIELD] = error.message
    return cleaned, errors


class LinkRecordEditor(RecordEditor):
    """The record editor, with a ``link`` field that only takes a web address."""

    def _checked(self) -> dict[str, Any] | None:
        data = super()._checked()
        field = self.fields.get(LINK_FIELD)
        if field is None:
            return data
        try:
            link = checked_link(field.value, self.lang)
        except AnswerError as error:
            field.error = error.message
            self.say("answer.check_form", "error")
            return None
        if data is not None:
            data[LINK_FIELD] = link
        return data


def link_records(wb, kind_id: str) -> widgets.VBox:
    """Like ``wb.records(kind_id)``, for a kind with a ``link`` field (checked as above)."""
    kind = wb.exercise.record_kind(kind_id)
    run_id = wb.run.id if wb.run else None
    return wb.follow(
        LinkRecordEditor(wb.store, wb.lang, kind, run_id=run_id, community_id=wb.community_id)
    )


def examples_html(records: pd.DataFrame, kind: RecordKind, lang: str) -> str:
    """The examples from elsewhere as a table: every text escaped, a link only when it is a
    web address (opened in a new tab, no referrer), otherwise its text or a dash."""
    headers = [pick(f.label, lang) for f in kind.fields]
    rows_html = []
    for record in records.to_dict("records") if not records.empty else []:
        cells = []
        for field in kind.fields:
            value = record.get(field.id)
            value = None if isinstance(value, float) and pd.isna(value) else value
            if field.id == LINK_FIELD:
                link = safe_link(value)
                cells.append(
                    f"<a href='{escape(link, quote=True)}' target='_blank' "
                    f"rel='noopener noreferrer nofollow'>{escape(link)}</a>"
                    if link
                    else escape(readable_answer(field, value, lang))
                )
            else:
                cells.append(escape(readable_answer(field, value, lang)))
        rows_html.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    if not rows_html:
        return html_table(headers, [])
    head = "".join(f"<th scope='col'>{escape(h)}</th>" for h in headers)
    return (
        f"<table class='cc-table'><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows_html)}</tbody></table>"
    )
