"""The facilitator's quick poll: type a new idea, put a one-question poll on the agenda.

The idea is checked while it is typed (not empty, at most ``IDEA_MAX_LENGTH`` characters);
the message stands next to the field in the facilitator's language and the button stays
off until the idea is fine. The button is the workbook's ``offer_run``: the question set is
built when it is clicked (``analysis.theme_meetings.quick_poll_question_set``) and the
facilitator opens the poll from the console.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from ..analysis.theme_meetings import IDEA_MAX_LENGTH, idea_problem, quick_poll_question_set
from ..i18n import t
from ..safety import notice_html, safe_callback


class QuickPollPanel:
    """An idea field, its message and the button that puts the poll on the agenda."""

    def __init__(self, poll_workbook: Any, lang: str = "nl", max_length: int = IDEA_MAX_LENGTH):
        self.workbook = poll_workbook
        self.lang = lang
        self.max_length = max_length
        self.idea = widgets.Textarea(
            placeholder=t("theme_meetings.idea.placeholder", lang),
            layout=widgets.Layout(width="100%", max_width="420px", height="4em"),
        )
        self.idea.description = t("theme_meetings.idea.label", lang)
        self.idea.style.description_width = "initial"
        self.message = widgets.HTML()
        self.offer = poll_workbook.offer_run(self.build, t("theme_meetings.idea.button", lang))
        self.button: widgets.Button = self.offer.children[0]
        self.idea.observe(
            safe_callback(self._show_error)(lambda _change: self.check()), names="value"
        )
        self.check()
        self.widget = widgets.VBox([self.idea, self.message, self.offer])

    def _show_error(self, _error: BaseException) -> None:
        self.message.value = notice_html(t("theme_meetings.idea.failed", self.lang), "warning")

    def check(self) -> str | None:
        """Show why the idea cannot be polled yet (nothing while it is empty and untouched);
        the button is on only for a fine idea. Returns the problem code or None."""
        problem = idea_problem(self.idea.value, self.max_length)
        self.button.disabled = problem is not None
        if problem is None or (problem == "empty" and not self.idea.value):
            self.message.value = ""
        else:
            text = t(f"theme_meetings.idea.{problem}", self.lang, max=self.max_length)
            self.message.value = notice_html(text, "warning")
        return problem

    def build(self) -> dict[str, Any]:
        """The poll's question set for the idea typed now (``ValueError`` when it is not
        fine; the workbook's button then tells so)."""
        if self.check() is not None:
            raise ValueError("the idea cannot be polled")
        return quick_poll_question_set(
            self.workbook.exercise.to_dict(), self.idea.value, max_length=self.max_length
        )


def quick_poll_panel(poll_workbook: Any, lang: str = "nl") -> widgets.VBox:
    """The quick poll panel for a ``Workbook("quick_poll")``."""
    return QuickPollPanel(poll_workbook, lang).widget
