"""The platform's story page: one self-contained HTML file with the publishable stories.

Only stories that a facilitator approved and whose author agreed to publication are on it,
each with its masked text, the name its author chose (or "anonymous") and its topics. Every
text is escaped; the page loads nothing from elsewhere (no scripts, fonts or images) and
reads well on a phone and on paper.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from html import escape
from pathlib import Path

import ipywidgets as widgets

from ..exercises.model import Exercise
from ..i18n import t
from ..localtext import pick
from ..store import Store
from ..store.types import Workshop
from .review import THEMES, Story, display_name, publishable, story_runs, workshop_stories

PAGE_CSS = """
:root { --text: #1b1b1b; --muted: #4a4a4a; --line: #c9c9c9; --accent: #01665e; }
* { box-sizing: border-box; }
html { font-family: "Noto Sans", "DejaVu Sans", system-ui, sans-serif; font-size: 17px;
  line-height: 1.55; color: var(--text); background: #fff; }
body { margin: 0 auto; max-width: 40rem; padding: 1rem 1rem 3rem; }
h1 { font-size: 1.6rem; line-height: 1.25; color: var(--accent); margin: 0.5rem 0; }
.cc-lead { color: var(--muted); }
.cc-story { border-top: 1px solid var(--line); padding: 1rem 0; break-inside: avoid; }
.cc-story p { margin: 0 0 0.6rem; white-space: pre-line; overflow-wrap: anywhere; }
.cc-by { font-weight: 600; margin: 0; }
.cc-themes { list-style: none; padding: 0; margin: 0.4rem 0 0; display: flex; flex-wrap: wrap;
  gap: 0.35rem; }
.cc-themes li { border: 1px solid var(--accent); border-radius: 1rem; padding: 0 0.6rem;
  font-size: 0.85rem; color: var(--accent); }
.cc-empty, footer { color: var(--muted); }
footer { border-top: 1px solid var(--line); margin-top: 2rem; padding-top: 0.6rem;
  font-size: 0.85rem; }
@media (max-width: 30rem) { html { font-size: 16px; } body { padding: 0.6rem; } }
@media print {
  html { font-size: 11pt; } body { max-width: none; padding: 0; }
  .cc-themes li { border-color: #000; color: #000; }
  h1 { color: #000; }
}
"""


def _story_html(story: Story, theme_labels: dict[str, str], lang: str) -> str:
    themes = "".join(f"<li>{escape(theme_labels.get(th, th))}</li>" for th in story.themes)
    paragraphs = "".join(
        f"<p>{escape(part.strip())}</p>" for part in story.masked_text.split("\n\n") if part.strip()
    )
    label = escape(t("stories.page.topics", lang))
    return (
        f"<article class='cc-story'>{paragraphs}"
        f"<p class='cc-by'>— {escape(display_name(story, lang))}</p>"
        f"<ul class='cc-themes' aria-label='{label}'>{themes}</ul></article>"
    )


def stories_page(
    stories: Iterable[Story],
    exercise: Exercise,
    lang: str,
    title: str,
    *,
    made_on: date | None = None,
) -> str:
    """The page as one HTML document: only the publishable stories, escaped, with their
    chosen name and topics (labels from ``exercise``), in ``lang``."""
    shown = publishable(stories)
    theme_labels = {o.id: pick(o.label, lang) for o in exercise.question(THEMES).options}
    body = [_story_html(s, theme_labels, lang) for s in shown]
    if not body:
        body = [f"<p class='cc-empty'>{escape(t('stories.page.empty', lang))}</p>"]
    made = (made_on or date.today()).isoformat()
    return (
        "<!DOCTYPE html>\n"
        f"<html lang='{escape(lang)}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">"
        f"<title>{escape(title)}</title><style>{PAGE_CSS}</style></head><body>"
        f"<header><h1>{escape(title)}</h1>"
        f"<p class='cc-lead'>{escape(t('stories.page.lead', lang, n=len(shown)))}</p></header>"
        f"<main>{''.join(body)}</main>"
        f"<footer>{escape(t('stories.page.footer', lang, date=made))}</footer>"
        "</body></html>\n"
    )


def workshop_page(store: Store, workshop: Workshop, lang: str | None = None) -> str:
    """The page of a workshop's experience stories (all its story runs), in ``lang`` or the
    workshop's language."""
    lang = lang or workshop.language
    runs = story_runs(store, workshop.id)
    if not runs:
        raise LookupError(t("stories.page.no_run", lang))
    exercise = Exercise.from_dict(runs[-1].question_set)
    title = t("stories.page.title", lang, title=workshop.title)
    return stories_page(workshop_stories(store, workshop.id), exercise, lang, title)


def write_workshop_page(
    store: Store, workshop: Workshop, path: Path, lang: str | None = None
) -> Path:
    """Write the workshop's story page to ``path`` (UTF-8); returns the path."""
    path.write_text(workshop_page(store, workshop, lang), encoding="utf-8")
    return path


def page_download(workbook) -> widgets.VBox:
    """A button that builds the page of the workbook's workshop when clicked and offers it
    as a download link (running the notebook builds nothing)."""
    import base64

    from ..safety import notice_html, safe_callback

    button = widgets.Button(description=t("stories.page.button", workbook.lang))
    button.layout.width = "auto"
    output = widgets.HTML()

    def on_error(_error: BaseException) -> None:
        output.value = notice_html(t("form.unexpected", workbook.lang), "error")

    def build(_button) -> None:
        if workbook.workshop is None:
            output.value = notice_html(t("workbook.no_workshop", workbook.lang), "warning")
            return
        html = workshop_page(workbook.store, workbook.workshop, workbook.lang)
        count = len(publishable(workshop_stories(workbook.store, workbook.workshop.id)))
        data = base64.b64encode(html.encode("utf-8")).decode("ascii")
        name = f"verhalen-{workbook.workshop.join_code}.html"
        output.value = (
            notice_html(t("stories.page.ready", workbook.lang, n=count), "success")
            + f"<a class='cc-download' download='{escape(name)}' "
            f"href='data:text/html;base64,{data}'>{escape(t('export.download', workbook.lang))}</a>"
        )

    button.on_click(safe_callback(on_error)(build))
    return widgets.VBox([button, output])
