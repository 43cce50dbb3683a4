"""Experience stories, the facilitator's side: review every story before anyone reads it.

The queue lists the stories of the run (pending first) with their masked text. For the
chosen story the panel shows what was masked (kind, original, replacement), the masked text
to correct, and two actions: approve (the corrected text is checked again: no e-mail
address, phone number, postcode, street address or roster name may be left) and reject
(a reason is required and kept). A story its author changes afterwards is pending again.
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from ..exercises.model import Exercise
from ..i18n import t
from ..localtext import pick
from ..safety import notice_html
from ..store import Store
from ..store.types import Run
from ..stories.review import (
    APPROVED,
    PENDING,
    REJECTED,
    THEMES,
    ReviewError,
    Story,
    approve_story,
    display_name,
    name_problem,
    reject_story,
    roster_names,
    run_stories,
)
from .panels import Panel
from .tables import html_table

_ORDER = {PENDING: 0, REJECTED: 1, APPROVED: 2}
_QUEUE_PREVIEW = 90


class StoryReviewPanel(Panel):
    """The review queue of one ``experience_story`` run, with approve, edit and reject."""

    def __init__(self, store: Store, lang: str, run: Run, *, use_deduce: bool = True) -> None:
        super().__init__(store, lang)
        self.run = run
        self.workshop_id = run.workshop_id
        self.exercise = Exercise.from_dict(run.question_set)
        self.use_deduce = use_deduce
        self.stories: list[Story] = []
        self.names: list[str] = []
        self._masks: dict[tuple[str, str], object] = {}
        self._shown: tuple | None = None
        self.queue = widgets.HTML()
        self.picker = widgets.Dropdown(description=t("stories.review.pick", lang))
        self.picker.observe(self.guard(lambda _c: self._show_story()), names="value")
        self.details = widgets.HTML()
        self.spans = widgets.HTML()
        self.masked = widgets.Textarea(
            description=t("stories.review.masked_text", lang),
            layout=widgets.Layout(width="100%", height="10em"),
        )
        self.masked_message = widgets.HTML()
        self.reason = widgets.Textarea(
            description=t("stories.review.reason", lang),
            layout=widgets.Layout(width="100%", height="4em"),
        )
        self.reason_message = widgets.HTML()
        self.approve_button = self.button("stories.review.approve", self.approve, "success")
        self.reject_button = self.button("stories.review.reject", self.reject, "danger")
        self.widget = widgets.VBox(
            [
                self.queue,
                self.picker,
                self.details,
                self.spans,
                self.masked,
                self.masked_message,
                self.approve_button,
                self.reason,
                self.reason_message,
                self.reject_button,
                self.message,
            ]
        )
        self.widget.add_class("cc-story-review")

    # reading -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the stories and reviews again, and redraw (the text being edited is kept
        unless the chosen story itself changed)."""
        self.run = self.store.run(self.run.id)
        self.names = roster_names(self.store, self.run.workshop_id)
        self.stories = sorted(
            run_stories(self.store, self.run), key=lambda s: (_ORDER[s.status], s.participant_id)
        )
        self.queue.value = self._queue_table()
        options = [(self._story_label(s), s.key) for s in self.stories]
        if list(self.picker.options) != options:
            keep = self.picker.value
            self.picker.options = options
            keys = [key for _label, key in options]
            self.picker.value = keep if keep in keys else (keys[0] if keys else None)
        self._show_story()

    def story(self) -> Story | None:
        """The chosen story, or None."""
        return next((s for s in self.stories if s.key == self.picker.value), None)

    def masking(self, story: Story):
        """The automatic masking of a story's text (cached per version of the story)."""
        from ..stories.masking import mask_text

        cache_key = (story.key, story.submitted_at.isoformat())
        if cache_key not in self._masks:
            self._masks[cache_key] = mask_text(
                story.text, names=self.names, lang=self.lang, use_deduce=self.use_deduce
            )
        return self._masks[cache_key]

    def shown_text(self, story: Story) -> str:
        """What the queue shows of a story: the approved text, else the automatic masking."""
        if story.status == APPROVED:
            return story.masked_text
        return self.masking(story).text

    # drawing -------------------------------------------------------------------------

    def _status(self, story: Story) -> str:
        status = t(f"stories.status.{story.status}", self.lang)
        if story.edited_after_review:
            status += " · " + t("stories.review.edited", self.lang)
        return status

    def _story_label(self, story: Story) -> str:
        return t("stories.review.story_n", self.lang, story=story.key) + f" · {self._status(story)}"

    def _themes(self, story: Story) -> str:
        labels = {o.id: pick(o.label, self.lang) for o in self.exercise.question(THEMES).options}
        return ", ".join(labels.get(theme, theme) for theme in story.themes) or "–"

    def _queue_table(self) -> str:
        if not self.stories:
            return notice_html(t("stories.review.none", self.lang), "info")
        rows = []
        for story in self.stories:
            text = self.shown_text(story) if story.status != REJECTED else story.reason
            if len(text) > _QUEUE_PREVIEW:
                text = text[:_QUEUE_PREVIEW].rstrip() + "…"
            rows.append((story.key, self._status(story), self._themes(story), text))
        headers = [t(f"stories.review.col.{c}", self.lang) for c in ("key", "status", "themes")]
        headers.append(t("stories.review.col.text", self.lang))
        pending = sum(s.status == PENDING for s in self.stories)
        caption = t("stories.review.caption", self.lang, n=len(self.stories), pending=pending)
        return html_table(headers, rows, caption)

    def _show_story(self) -> None:
        story = self.story()
        shown = None if story is None else (story.key, story.submitted_at, story.status)
        if shown == self._shown:
            return
        self._shown = shown
        self.masked_message.value = ""
        self.reason_message.value = ""
        if story is None:
            self.details.value = ""
            self.spans.value = ""
            self.masked.value = ""
            self.reason.value = ""
            return
        masking = self.masking(story)
        publish = t(
            "stories.review.publish_yes" if story.publish else "stories.review.publish_no",
            self.lang,
        )
        lines = [
            f"<p><strong>{escape(self._status(story))}</strong> · {escape(publish)} · "
            f"{escape(t('stories.review.name', self.lang))}: {escape(display_name(story, self.lang))}</p>",
            f"<p>{escape(t('stories.review.col.themes', self.lang))}: {escape(self._themes(story))}</p>",
        ]
        if name_problem(story):
            lines.append(notice_html(t("stories.review.name_problem", self.lang), "warning"))
        if story.status == REJECTED:
            lines.append(
                notice_html(
                    t("stories.review.rejected_because", self.lang, reason=story.reason), "info"
                )
            )
        self.details.value = "".join(lines)
        if masking.spans:
            rows = [
                (t(f"stories.kind.{span.kind}", self.lang), span.original, span.replacement)
                for span in masking.spans
            ]
            headers = [
                t(f"stories.review.col.{c}", self.lang) for c in ("kind", "original", "replacement")
            ]
            self.spans.value = html_table(headers, rows, t("stories.review.spans", self.lang))
        else:
            self.spans.value = notice_html(t("stories.review.nothing_masked", self.lang), "info")
        self.masked.value = story.masked_text if story.status == APPROVED else masking.text
        self.reason.value = story.reason

    # acting --------------------------------------------------------------------------

    def approve(self) -> None:
        """Approve the chosen story with the (edited) masked text; a text that still holds
        an e-mail address, phone number, address or roster name is refused next to it."""
        story = self.story()
        if story is None:
            self.say("stories.review.choose", "warning")
            return
        try:
            approve_story(
                self.store,
                story,
                self.exercise,
                self.masked.value,
                names=self.names,
                lang=self.lang,
            )
        except ReviewError as error:
            self.masked_message.value = notice_html(error.message(self.lang), "error")
            return
        self._shown = None
        self.refresh()
        self.say("stories.review.approved", "success")

    def reject(self) -> None:
        """Reject the chosen story; without a reason nothing is saved and the field says so."""
        story = self.story()
        if story is None:
            self.say("stories.review.choose", "warning")
            return
        try:
            reject_story(self.store, story, self.exercise, self.reason.value, lang=self.lang)
        except ReviewError as error:
            self.reason_message.value = notice_html(error.message(self.lang), "error")
            return
        self._shown = None
        self.refresh()
        self.say("stories.review.rejected", "success")


def story_review(workbook) -> widgets.Widget:
    """The review panel of a workbook's ``experience_story`` run, kept current as stories
    arrive and change."""
    if workbook.run is None:
        return widgets.HTML(notice_html(t("workbook.no_run", workbook.lang), "warning"))
    return workbook.follow(StoryReviewPanel(workbook.store, workbook.lang, workbook.run))
