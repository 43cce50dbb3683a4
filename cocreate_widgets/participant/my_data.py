"""A participant's own data: what the workshop keeps about them, a download, and withdrawal.

The data comes from ``Store.participant_data`` (the same as the facilitator's download and
``cocreate privacy export``); this module only shows it, in the participant's language with
every stored text escaped. Withdrawing consent erases everything (``Store.withdraw_consent``)
after a confirmation step; the app then forgets the participant on this device.
Light on purpose: this runs in participant kernels (no pandas, no plotting).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import datetime
from html import escape
from typing import Any

import ipywidgets as widgets

from ..exercises.model import Exercise, Question
from ..forms.readable import readable_answer
from ..i18n import t
from ..safety import notice_html, safe_callback
from ..store import Store

PERSON_FIELDS = (
    "pseudonym",
    "name",
    "organisation",
    "role_label",
    "language",
    "joined_at",
    "consent_at",
    "consent_text",
)
MOMENT_FIELDS = ("joined_at", "consent_at")
LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}

# (run id, question id) -> the question, to put an answer in words; None when unknown
QuestionLookup = Callable[[int, str], Question | None]


def data_json(data: dict[str, Any]) -> str:
    """The data as readable JSON (anything JSON does not know, e.g. a datetime, as text)."""
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def json_download_link(data: dict[str, Any], file_name: str, label: str) -> str:
    """A link that downloads ``data`` as a JSON file, carried in the page like the exports."""
    encoded = base64.b64encode(data_json(data).encode("utf-8")).decode("ascii")
    return (
        f"<a class='cc-download' download='{escape(file_name)}' "
        f"href='data:application/json;charset=utf-8;base64,{encoded}'>{escape(label)}</a>"
    )


def readable_moment(value: Any) -> str:
    """A stored moment (ISO text or datetime, UTC) as ``2026-11-23 04:05 UTC``."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return "" if value is None else str(value)


def plain_value(value: Any, lang: str) -> str:
    """Any stored value in words, for a question that cannot be looked up any more."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return t("yes_no.yes" if value else "yes_no.no", lang)
    if isinstance(value, list):
        return ", ".join(plain_value(item, lang) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {plain_value(item, lang)}" for key, item in value.items())
    return str(value)


def answer_in_words(question: Question | None, value: Any, lang: str) -> str:
    """An answer as the participant reads it: option labels, agreement words, plain text."""
    if question is not None:
        try:
            return readable_answer(question, value, lang)
        except (TypeError, ValueError, AttributeError, KeyError):
            pass  # a value stored under an older question set: shown as stored
    return plain_value(value, lang)


def _definition_list(rows: list[tuple[str, str]]) -> str:
    items = "".join(f"<dt>{escape(label)}</dt><dd>{escape(text)}</dd>" for label, text in rows)
    return f"<dl>{items}</dl>"


def _section(title: str, body: str, lang: str) -> str:
    shown = body or f"<p>{escape(t('privacy.nothing', lang))}</p>"
    return f"<section><h3>{escape(title)}</h3>{shown}</section>"


def _per_run(
    entries: list[dict[str, Any]], lang: str, question_of: QuestionLookup | None, *, sent: bool
) -> str:
    """Answers or drafts per exercise: its title, when sent, then each question and answer."""
    parts = []
    for entry in entries:
        run_id = entry.get("run_id")
        title = str(entry.get("exercise_title") or entry.get("exercise_id") or "")
        notes = []
        if sent and entry.get("submitted_at"):
            notes.append(t("privacy.sent_at", lang, moment=readable_moment(entry["submitted_at"])))
        versions = entry.get("versions")
        if sent and isinstance(versions, int) and versions > 1:
            notes.append(t("privacy.versions", lang, n=versions))
        rows = []
        for item in entry.get("questions") or []:
            qid = str(item.get("question_id") or "")
            question = question_of(run_id, qid) if question_of and run_id else None
            label = str(item.get("question") or qid)
            rows.append((label, answer_in_words(question, item.get("value"), lang)))
        note = f"<p class='cc-n'>{escape(' · '.join(notes))}</p>" if notes else ""
        parts.append(f"<h4>{escape(title)}</h4>{note}{_definition_list(rows)}")
    return "".join(parts)


def _items(texts: list[str]) -> str:
    if not texts:
        return ""
    return "<ul>" + "".join(f"<li>{escape(text)}</li>" for text in texts) + "</ul>"


def my_data_html(
    data: dict[str, Any], lang: str, *, question_of: QuestionLookup | None = None
) -> str:
    """Everything ``Store.participant_data`` holds about one person, readable and escaped."""
    person = data.get("participant") or {}
    workshop = data.get("workshop") or {}
    about = [(t("privacy.field.workshop", lang), str(workshop.get("title") or ""))]
    for key in PERSON_FIELDS:
        value = person.get(key)
        if value is None or value == "":
            continue
        if key in MOMENT_FIELDS:
            text = readable_moment(value)
        elif key == "language":
            text = LANGUAGE_NAMES.get(str(value), str(value))
        else:
            text = str(value)
        label_key = "role" if key == "role_label" else key
        about.append((t(f"privacy.field.{label_key}", lang), text))
    sections = [
        _section(t("privacy.about_you", lang), _definition_list(about), lang),
        _section(
            t("privacy.answers", lang),
            _per_run(data.get("answers") or [], lang, question_of, sent=True),
            lang,
        ),
        _section(
            t("privacy.drafts", lang),
            _per_run(data.get("drafts") or [], lang, question_of, sent=False),
            lang,
        ),
    ]
    shown_results = data.get("personal_results") or []
    in_my_language = [r for r in shown_results if r.get("language") == lang]
    personal = [
        f"{r.get('exercise_title') or ''}: {r.get('text') or ''}"
        for r in in_my_language or shown_results
    ]
    groups = [str(name) for name in data.get("small_groups") or []]
    records = [
        f"{r.get('kind')}: {plain_value(r.get('data'), lang)}" for r in data.get("records") or []
    ]
    for title, texts in (
        ("privacy.personal_results", personal),
        ("privacy.small_groups", groups),
        ("privacy.records", records),
    ):
        if texts:  # rare: shown only when there is something
            sections.append(_section(t(title, lang), _items(texts), lang))
    return "<div class='cc-my-data'>" + "".join(sections) + "</div>"


# The few rules this screen needs beyond the theme (the theme file belongs to everyone).
MY_DATA_CSS = """<style>
.cc-my-data section { margin: 0.8em 0 1.2em; }
.cc-my-data h3 { font-size: 1.15rem; margin: 0.4em 0; overflow-wrap: anywhere; }
.cc-my-data h4 { font-size: 1rem; margin: 0.8em 0 0.2em; overflow-wrap: anywhere; }
.cc-my-data dl { margin: 0; }
.cc-my-data dt, .cc-my-data dd { float: none; width: auto; text-align: left; display: block;
  padding: 0; overflow-wrap: anywhere; }
.cc-my-data dt { font-weight: 600; margin: 0.6em 0 0; }
.cc-my-data dd { margin: 0; white-space: pre-wrap; }
.cc-my-data li { overflow-wrap: anywhere; }
.cc-withdraw-step { border: 2px solid #b42318; border-radius: 8px; padding: 0.2em 1em 0.8em;
  margin: 1em 0; }
.cc-my-data-actions .jupyter-button, .cc-withdraw-step .jupyter-button { margin: 0.3em 0.4em 0.3em 0; }
</style>"""


def goodbye_html(lang: str) -> str:
    """The last screen after withdrawing: everything is erased, the device forgets."""
    return (
        f"<div class='cc-goodbye' role='status'><h1 class='cc-title'>"
        f"{escape(t('privacy.goodbye_title', lang))}</h1>"
        f"<p>{escape(t('privacy.goodbye', lang))}</p></div>"
    )


class MyDataScreen:
    """What is stored about the participant; download it; withdraw consent and erase it.

    ``on_back()`` returns to the workshop; ``on_withdrawn(counts)`` is called once everything
    is erased. ``ask_withdraw()`` shows the confirmation step; only ``withdraw()`` erases,
    and only after that step was shown.
    """

    def __init__(
        self,
        store: Store,
        participant_id: int,
        lang: str,
        *,
        on_back: Callable[[], None],
        on_withdrawn: Callable[[dict[str, int]], None],
    ) -> None:
        self.store = store
        self.participant_id = participant_id
        self.lang = lang
        self.on_back = on_back
        self.on_withdrawn = on_withdrawn
        self.confirming = False
        guard = safe_callback(self._on_error)
        self.title = widgets.HTML(
            f"<h2 class='cc-title'>{escape(t('privacy.my_data_title', lang))}</h2>"
            f"<p>{escape(t('privacy.my_data_intro', lang))}</p>"
        )
        self.content = widgets.HTML()
        self.download = widgets.HTML()
        self.message = widgets.HTML()
        self.back_button = widgets.Button(description=t("privacy.back", lang))
        self.back_button.on_click(guard(lambda _b: self.on_back()))
        self.withdraw_button = widgets.Button(
            description=t("privacy.withdraw", lang), button_style="danger"
        )
        self.withdraw_button.on_click(guard(lambda _b: self.ask_withdraw()))
        self.confirm_button = widgets.Button(
            description=t("privacy.withdraw_confirm", lang), button_style="danger"
        )
        self.confirm_button.on_click(guard(lambda _b: self.withdraw()))
        self.cancel_button = widgets.Button(description=t("privacy.withdraw_cancel", lang))
        self.cancel_button.on_click(guard(lambda _b: self.cancel_withdraw()))
        for button in (
            self.back_button,
            self.withdraw_button,
            self.confirm_button,
            self.cancel_button,
        ):
            button.layout.width = "auto"
            button.layout.max_width = "100%"
        self.confirm_step = widgets.VBox(
            [
                widgets.HTML(notice_html(t("privacy.withdraw_explain", lang), "warning")),
                widgets.HBox(
                    [self.confirm_button, self.cancel_button],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
            ]
        )
        self.confirm_step.add_class("cc-withdraw-step")
        self.confirm_step.layout.display = "none"
        actions = widgets.HBox(
            [self.back_button, self.withdraw_button], layout=widgets.Layout(flex_flow="row wrap")
        )
        actions.add_class("cc-my-data-actions")
        self.widget = widgets.VBox(
            [
                widgets.HTML(MY_DATA_CSS),
                self.title,
                self.download,
                self.content,
                actions,
                self.confirm_step,
                self.message,
            ]
        )
        self.widget.add_class("cc-my-data-screen")
        self.refresh()

    def _on_error(self, _error: BaseException) -> None:
        self.message.value = notice_html(t("form.unexpected", self.lang), "error")

    def _questions(self) -> QuestionLookup:
        """Look up an answer's question in the question set its run was opened with."""
        me = self.store.participant(self.participant_id)
        exercises = {
            run.id: Exercise.from_dict(run.question_set) for run in self.store.runs(me.workshop_id)
        }

        def question_of(run_id: int, question_id: str) -> Question | None:
            exercise = exercises.get(run_id)
            if exercise is None:
                return None
            return next((q for q in exercise.questions if q.id == question_id), None)

        return question_of

    def refresh(self) -> dict[str, Any]:
        """Read the data again and show it, with a fresh download link; returns the data."""
        data = self.store.participant_data(self.participant_id)
        self.content.value = my_data_html(data, self.lang, question_of=self._questions())
        self.download.value = json_download_link(
            data, f"my-data-{self.participant_id}.json", t("privacy.download_mine", self.lang)
        )
        return data

    def ask_withdraw(self) -> None:
        """Show the confirmation step: what withdrawing means, yes or no."""
        self.confirming = True
        self.confirm_step.layout.display = ""
        self.withdraw_button.disabled = True

    def cancel_withdraw(self) -> None:
        """Keep everything; hide the confirmation step."""
        self.confirming = False
        self.confirm_step.layout.display = "none"
        self.withdraw_button.disabled = False

    def withdraw(self) -> dict[str, int] | None:
        """Withdraw consent and erase everything (only after the confirmation step)."""
        if not self.confirming:
            self.ask_withdraw()
            return None
        self.confirm_button.disabled = self.cancel_button.disabled = True
        try:
            counts = self.store.withdraw_consent(self.participant_id)
        finally:  # on a failure the participant can try again
            self.confirm_button.disabled = self.cancel_button.disabled = False
        self.download.value = self.content.value = ""
        self.on_withdrawn(counts)
        return counts
