"""The workshop report: one self-contained HTML page, and the same page as an A4 PDF.

The page needs nothing from outside: its stylesheet is inline, charts are inline SVG, and a
Content-Security-Policy forbids every request. It is built from escaped parts only, like
``results.py``: every text a person typed (titles, answers, pseudonyms, records) passes
``html.escape``; the catalogue texts come from ``i18n``. The results of each run are
``render_results`` as the room saw them (aggregates, no names, small groups hidden), or with
the facilitator's answer tables when names are asked for and the workshop is not anonymous.

The PDF is the same HTML printed by WeasyPrint (imported on first use): A4, page numbers,
headings kept with what follows, charts never split. Fonts: Debian's Noto (Latin, Arabic,
Hebrew, colour emoji), DejaVu Sans as the fallback.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime
from html import escape
from pathlib import Path
from typing import Any, Literal

from ..analysis import MIN_GROUP_SIZE
from ..exercises.model import Exercise, Question, RecordKind
from ..forms.readable import readable_answer
from ..i18n import has_key, t
from ..localtext import pick
from ..results import render_results
from ..shared_answers import shared_answers
from ..store import Store
from ..store.types import Answer, Participant, Record, Run, Workshop
from .bundle import Progress
from .data import People, chosen_runs, shows_names
from .files import check_output_path, replacing

ReportFormat = Literal["html", "pdf"]
TEXT_TYPES = ("short_text", "long_text")

CSS_FILE = Path(__file__).with_name("report.css")
# Nothing may be fetched: not by a browser opening the file, not by WeasyPrint.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
DECISION = "decision"
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".woff", ".woff2")
# How much of the work building the HTML is, when a PDF follows (the rest is WeasyPrint's).
HTML_SHARE = 0.55
# The share of a record table's width a column gets, by the type of its field.
COLUMN_WEIGHT = {
    "long_text": 3.0,
    "short_text": 1.8,
    "single_choice": 1.4,
    "date": 1.25,
    "scale": 1.1,
    "yes_no": 1.1,
}


def report_html(
    store: Store,
    workshop_id: int,
    *,
    lang: str,
    names: bool = False,
    run_id: int | None = None,
) -> str:
    """The report of a workshop (or of one run in it) as one self-contained HTML page.

    ``names`` shows who took part and the answer tables with pseudonyms, unless the
    workshop is anonymous (``anonymity == "none"``). Without names, the names and
    pseudonyms of the roster typed into answers and records are replaced by codes
    (``P007``), as in the data exports. Raises ``NotFound`` for an unknown workshop or run,
    ``ExportError`` (a ``ValueError``) for a run of another workshop.
    """
    return _build(store, workshop_id, lang=lang, names=names, run_id=run_id, progress=None)


def write_report(
    store: Store,
    workshop_id: int,
    fmt: ReportFormat,
    out: Path,
    *,
    lang: str = "nl",
    names: bool = False,
    run_id: int | None = None,
    progress: Progress | None = None,
) -> Path:
    """Write the report as ``fmt`` (``"html"`` or ``"pdf"``) to ``out``; returns ``out``.

    As :func:`report_html`. ``progress(fraction, step)`` is told how far the work is, ending
    with ``1.0``. Like the data exports, it raises ``OSError`` before any work when ``out``
    cannot be written, and the file appears only once it is complete.
    """
    if fmt not in ("html", "pdf"):
        raise ValueError(f"a report is html or pdf, not {fmt!r}")
    out = check_output_path(Path(out))
    share = HTML_SHARE if fmt == "pdf" else 0.95

    def tell(fraction: float, step: str) -> None:
        if progress is not None:
            progress(max(0.0, min(1.0, round(fraction, 4))), step)

    html = _build(
        store,
        workshop_id,
        lang=lang,
        names=names,
        run_id=run_id,
        progress=lambda fraction, step: tell(fraction * share, step),
    )
    with replacing(out) as partial:
        if fmt == "html":
            partial.write_text(html, encoding="utf-8")
        else:
            tell(share, t("report.step.pdf", lang))
            partial.write_bytes(pdf_bytes(html))
    tell(1.0, t("report.step.done", lang))
    return out


def pdf_bytes(html: str) -> bytes:
    """A report page printed to PDF by WeasyPrint, fetching nothing from outside.

    Only ``data:`` URLs and the local font files that ``@font-face`` names may be read.
    """
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class LocalFontsOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            local_font = url.startswith("file:") and url.lower().endswith(FONT_SUFFIXES)
            if not (url.startswith("data:") or local_font):
                raise ValueError(f"a report fetches nothing from outside: {url[:80]}")
            return super().fetch(url, headers)

    fetcher = LocalFontsOnly(allowed_protocols={"data", "file"})
    logger = logging.getLogger("weasyprint")
    quiet = _QuietSvgStyles()
    logger.addFilter(quiet)
    try:
        return HTML(string=html, url_fetcher=fetcher).write_pdf()
    finally:
        logger.removeFilter(quiet)


class _QuietSvgStyles(logging.Filter):
    """Drops WeasyPrint's notes on the style attributes of inline SVG (``fill``, ``stroke``
    ...): its SVG renderer uses them; only its HTML cascade does not know them."""

    NOTE = re.compile(r"Ignored `(fill|stroke|text-anchor|clip-rule|paint-order)[\w-]*:")

    def filter(self, record: logging.LogRecord) -> bool:
        return not self.NOTE.match(record.getMessage())


def report_css() -> str:
    """The report's stylesheet (screen and A4 print), as it is put inline in the page."""
    return CSS_FILE.read_text(encoding="utf-8")


# -- the page ---------------------------------------------------------------------------------


def _build(
    store: Store,
    workshop_id: int,
    *,
    lang: str,
    names: bool,
    run_id: int | None,
    progress: Progress | None,
) -> str:
    def tell(fraction: float, step: str) -> None:
        if progress is not None:
            progress(fraction, step)

    tell(0.0, t("report.step.start", lang))
    workshop = store.workshop(workshop_id)
    show_names = shows_names(workshop, names)
    people = People.of(store.roster(workshop.id, include_removed=True), names=show_names)
    runs = chosen_runs(store, workshop.id, run_id)
    records = store.records(workshop_id=workshop.id)
    by_run: dict[int | None, list[Record]] = {}
    for record in records:
        by_run.setdefault(record.run_id, []).append(record)
    if run_id is None:  # a draft run counts only when the group recorded something for it
        runs = [r for r in runs if r.state != "draft" or by_run.get(r.id)]
    roster = store.roster(workshop.id)
    parts = [_header(workshop, runs, lang), _people(roster, workshop, lang, show_names)]
    waves = _repeated(runs)
    if len(runs) > 1:
        parts.append(_contents(runs, lang, waves))
    if not runs:
        parts.append(f"<p class='cc-note'>{escape(t('report.no_runs', lang))}</p>")
    role_labels = {r.id: pick(r.label, lang) for r in workshop.roles}
    for number, run in enumerate(runs, start=1):
        exercise = Exercise.from_dict(run.question_set)
        tell(
            (number - 1) / max(len(runs), 1),
            t("report.step.run", lang, n=number, total=len(runs), title=pick(exercise.title, lang)),
        )
        parts.append(
            _run_section(
                store,
                run,
                exercise,
                by_run.get(run.id, []),
                f"{number}. {_run_title(run, exercise, lang, waves)}",
                lang,
                people,
                role_labels,
            )
        )
    loose = by_run.get(None, []) if run_id is None else []
    if loose:
        parts.append(
            "<section class='cc-report-loose'>"
            f"<h2>{escape(t('report.loose_records', lang))}</h2>"
            f"{_records_body(loose, None, lang, people, level=3)}</section>"
        )
    tell(1.0, t("report.step.html", lang))
    return _page(workshop, lang, "\n".join(parts), one=len(runs) == 1)


def _page(workshop: Workshop, lang: str, body: str, *, one: bool) -> str:
    title = f"{t('report.kind', lang)}: {workshop.title}"
    counters = _css_counters(t("report.page", lang, page="\0page\0", pages="\0pages\0"))
    page_css = "@page { @bottom-right { content: " + counters + "; } }"
    css = report_css() + "\n" + page_css
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="cocreate">\n'
        f"<title>{escape(title)}</title>\n<style>\n{css}</style>\n</head>\n"
        f'<body class="cc-report{" cc-report-one" if one else ""}">\n{body}\n</body>\n</html>\n'
    )


def _css_counters(text: str) -> str:
    """A catalogue text with ``\\0page\\0`` markers as a CSS ``content`` value."""
    pieces = []
    for i, piece in enumerate(text.split("\0")):
        if i % 2:
            pieces.append(f"counter({'pages' if piece == 'pages' else 'page'})")
        elif piece:
            pieces.append('"' + re.sub(r'(["\\])', r"\\\1", piece).replace("\n", " ") + '"')
    return " ".join(pieces) or "counter(page)"


def _header(workshop: Workshop, runs: Sequence[Run], lang: str) -> str:
    opened = [r.opened_at for r in runs if r.opened_at is not None]
    held = min(opened) if opened else workshop.created_at
    language = (
        t(f"report.language.{workshop.language}", lang)
        if has_key(f"report.language.{workshop.language}")
        else workshop.language
    )
    anonymity = (
        t(f"anonymity.{workshop.anonymity}", lang)
        if has_key(f"anonymity.{workshop.anonymity}")
        else workshop.anonymity
    )
    facts = [
        (t("report.date", lang), _date(held, lang)),
        (t("report.language", lang), language),
        (t("report.wave", lang), str(workshop.wave)),
        (t("report.anonymity", lang), anonymity),
        (t("report.made_on", lang), _date(datetime.now(), lang)),
    ]
    rows = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts)
    return (
        '<header class="cc-report-head">'
        f'<p class="cc-report-kind">{escape(t("report.kind", lang))}</p>'
        f'<h1 dir="auto">{escape(workshop.title)}</h1>'
        f'<dl class="cc-report-facts">{rows}</dl></header>'
    )


def _date(value: date | datetime, lang: str) -> str:
    month = t(f"report.month.{value.month}", lang)
    return t("report.date_format", lang, day=value.day, month=month, year=value.year)


def _people(roster: Sequence[Participant], workshop: Workshop, lang: str, show_names: bool) -> str:
    """Who took part: a count per role, and the names only when they may be shown (never
    organisations: like the data exports, the report leaves out what identifies)."""
    heading = f"<h2>{escape(t('report.people', lang))}</h2>"
    if not roster:
        return (
            f"<section class='cc-report-people'>{heading}"
            f"<p class='cc-note'>{escape(t('report.no_people', lang))}</p></section>"
        )
    counts = Counter(p.role for p in roster)
    order = [r.id for r in workshop.roles] + sorted(set(counts) - {r.id for r in workshop.roles})
    head = [t("results.role", lang), t("report.count", lang)]
    if show_names:
        head.append(t("report.names", lang))
    rows = []
    for role_id in order:
        if not counts[role_id]:
            continue
        role = workshop.role(role_id)
        cells = [
            f"<td>{escape(pick(role.label, lang) if role else role_id)}</td>",
            f"<td class='cc-num'>{counts[role_id]}</td>",
        ]
        if show_names:
            who = ", ".join(p.name or p.pseudonym for p in roster if p.role == role_id)
            cells.append(f"<td>{escape(who)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    number_class = " class='cc-num'"
    header = "".join(
        f"<th scope='col'{number_class if i == 1 else ''}>{escape(h)}</th>"
        for i, h in enumerate(head)
    )
    total = (
        f"<tfoot><tr><td>{escape(t('report.total', lang))}</td>"
        f"<td class='cc-num'>{len(roster)}</td>{'<td></td>' if show_names else ''}</tr></tfoot>"
    )
    note = "" if show_names else f"<p class='cc-note'>{escape(t('report.no_names', lang))}</p>"
    widths = (28, 12, 60) if show_names else (75, 25)
    cols = "".join(f"<col style='width: {w}%'>" for w in widths)
    named = " cc-report-named" if show_names else ""
    return (
        f"<section class='cc-report-people'>{heading}"
        f"<table class='cc-table cc-report-roles{named}'><colgroup>{cols}</colgroup>"
        f"<thead><tr>{header}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody>{total}</table>{note}</section>"
    )


def _run_title(run: Run, exercise: Exercise, lang: str, waves: set[str]) -> str:
    """The run's title in words; with its wave when its exercise ran in more than one."""
    title = pick(exercise.title, lang)
    if run.exercise_id in waves:
        return t("report.title_wave", lang, title=title, wave=run.wave)
    return title


def _repeated(runs: Sequence[Run]) -> set[str]:
    """The exercises that ran in more than one wave."""
    waves: dict[str, set[int]] = {}
    for run in runs:
        waves.setdefault(run.exercise_id, set()).add(run.wave)
    return {exercise_id for exercise_id, seen in waves.items() if len(seen) > 1}


def _contents(runs: Sequence[Run], lang: str, waves: set[str]) -> str:
    items = "".join(
        f"<li><a href='#run-{run.id}'><span dir='auto'>"
        f"{escape(_run_title(run, Exercise.from_dict(run.question_set), lang, waves))}"
        "</span></a></li>"
        for run in runs
    )
    return (
        f"<nav class='cc-report-toc' aria-labelledby='cc-toc'>"
        f"<h2 id='cc-toc'>{escape(t('report.contents', lang))}</h2><ol>{items}</ol></nav>"
    )


def _run_section(
    store: Store,
    run: Run,
    exercise: Exercise,
    records: Sequence[Record],
    heading: str,
    lang: str,
    people: People,
    role_labels: dict[str, str],
) -> str:
    state = t(f"state.{run.state}", lang) if has_key(f"state.{run.state}") else run.state
    meta = t("report.state", lang, state=state)
    if run.opened_at is not None:
        meta = t("report.held_on", lang, state=state, date=_date(run.opened_at, lang))
    parts = [
        f"<section class='cc-report-run' id='run-{run.id}'>",
        f"<h2 dir='auto'>{escape(heading)}</h2>",
        f"<p class='cc-report-meta'>{escape(meta)}</p>",
    ]
    intro = pick(exercise.intro, lang)
    parts.extend(_paragraphs(intro))
    source = pick(exercise.source, lang)
    if source:
        parts.append(
            f"<p class='cc-report-source'>{escape(t('report.source', lang))}: {escape(source)}</p>"
        )
    parts.append(f"<h3>{escape(t('report.questions', lang))}</h3>")
    parts.append(_question_list(exercise.questions, lang))
    parts.append(f"<h3>{escape(t('report.results', lang))}</h3>")
    # an exercise that needs a review first (experience stories) shares only what passed it
    answers = shared_answers(store, run, exercise, store.answers(run.id))
    if people.scrub is None:  # names shown
        note = t("report.results_names", lang)
        results = render_results(
            exercise, answers, lang, audience="facilitator", role_labels=role_labels
        )
    else:
        note = t("report.results_room", lang, min=MIN_GROUP_SIZE)
        answers = [_scrubbed(answer, exercise, people) for answer in answers]
        results = render_results(
            exercise, answers, lang, audience="room", free_text=run.reveal_free_text
        )
    parts.append(f"<p class='cc-note cc-report-results-note'>{escape(note)}</p>")
    parts.append(_unique_ids(_demote(results), f"r{run.id}-"))
    parts.append(f"<h3>{escape(t('report.records', lang))}</h3>")
    if records:
        parts.append(_records_body(records, exercise, lang, people, level=4))
    else:
        parts.append(f"<p class='cc-note'>{escape(t('report.no_records', lang))}</p>")
    parts.append("</section>")
    return "\n".join(parts)


def _scrubbed(answer: Answer, exercise: Exercise, people: People) -> Answer:
    """The answer with the roster's names typed into its texts replaced by codes."""
    try:
        question = exercise.question(answer.question_id)
    except KeyError:
        return answer
    value = answer.value
    if question.type in TEXT_TYPES and isinstance(value, str):
        value = people.text(value)
    elif question.type == "repeating_list" and isinstance(value, list):
        texts = {f.id for f in question.fields if f.type in TEXT_TYPES}
        value = [
            {k: people.text(v) if k in texts and isinstance(v, str) else v for k, v in item.items()}
            if isinstance(item, dict)
            else item
            for item in value
        ]
    else:
        return answer
    return dataclasses.replace(answer, value=value, pseudonym="")


def _paragraphs(text: str) -> list[str]:
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text or "") if b.strip()]
    return [f"<p>{escape(b).replace(chr(10), '<br>')}</p>" for b in blocks]


_RESULT_TITLE = re.compile(r"<h2>[^<]*</h2>\n?", re.S)
_HEADING = re.compile(r"<(/?)h([2-5])>")
_SVG = re.compile(r"<svg\b.*?</svg>", re.S)
_TAG = re.compile(r"<[^<>]+>")
_ID = re.compile(r'\bid="([^"]*)"')
_URL = re.compile(r"url\(#([^)\s]*)\)")
_HREF = re.compile(r'href="#([^"]*)"')


def _unique_ids(fragment: str, prefix: str) -> str:
    """Every chart's SVG ids (and the references to them) prefixed, so the many charts on
    one page never share an id. Only tags are touched: text in a chart is escaped, so a
    ``<`` always starts a tag."""

    def chart(number: int, svg: str) -> str:
        mark = f"{prefix}c{number}-"

        def tag(match: re.Match[str]) -> str:
            text = _ID.sub(lambda m: f'id="{mark}{m[1]}"', match[0])
            text = _URL.sub(lambda m: f"url(#{mark}{m[1]})", text)
            return _HREF.sub(lambda m: f'href="#{mark}{m[1]}"', text)

        return _TAG.sub(tag, svg)

    counter = iter(range(1, 1_000_000))
    return _SVG.sub(lambda m: chart(next(counter), m[0]), fragment)


def _demote(results: str) -> str:
    """The results fragment under the run's own headings: its title (the run's, already
    shown) dropped, its headings one level down. Safe on the text: user text in it is
    escaped, so ``<h3>`` there is always markup."""
    results = _RESULT_TITLE.sub("", results, count=1)
    return _HEADING.sub(lambda m: f"<{m[1]}h{int(m[2]) + 1}>", results)


def _question_list(questions: Sequence[Question], lang: str) -> str:
    items = []
    for question in questions:
        body = [
            f"<span class='cc-report-label'>{escape(pick(question.label, lang))}</span> "
            f"<span class='cc-report-type'>({escape(_type_words(question, lang))})</span>"
        ]
        details = _question_details(question, lang)
        if details:
            body.append(f"<ul>{''.join(f'<li>{d}</li>' for d in details)}</ul>")
        items.append(f"<li>{''.join(body)}</li>")
    return f"<ol class='cc-report-questions'>{''.join(items)}</ol>"


def _type_words(question: Question, lang: str) -> str:
    key = f"report.type.{question.type}"
    if not has_key(key):
        return question.type
    settings: dict[str, Any] = {"total": 100, "dots": 3, "min": 0, "max": 10}
    for name in settings:
        value = question.settings.get(name)
        if value is not None:
            settings[name] = value
    return t(key, lang, **settings)


def _question_details(question: Question, lang: str) -> list[str]:
    """The options of a question as escaped HTML list items (or a list's fields)."""
    if question.type == "repeating_list":
        return [
            f"{escape(pick(f.label, lang))} "
            f"<span class='cc-report-type'>({escape(_type_words(f, lang))})</span>"
            for f in question.fields
        ]
    if question.type == "scale":
        ends = []
        for end in ("min", "max"):
            label = question.settings.get(f"{end}_label")
            if label:
                shown = pick(label, lang) if isinstance(label, dict) else str(label)
                ends.append(f"{escape(str(question.setting(end)))}: {escape(shown)}")
        return ends
    return [escape(pick(option.label, lang)) for option in question.options]


# -- records ----------------------------------------------------------------------------------


def _decision_kind(lang: str) -> RecordKind:
    field = Question(id="text", type="long_text", label={lang: t("report.decision_text", lang)})
    return RecordKind(id=DECISION, label={lang: t("report.decisions", lang)}, fields=(field,))


def _kind_of(
    kind_id: str, exercise: Exercise | None, records: Sequence[Record], lang: str
) -> RecordKind:
    """The record kind: from the exercise file, the built-in decision, or made up from the
    stored fields (a kind the exercise no longer declares)."""
    if exercise is not None:
        try:
            return exercise.record_kind(kind_id)
        except KeyError:
            pass
    if kind_id == DECISION:
        return _decision_kind(lang)
    keys = list(dict.fromkeys(key for r in records for key in r.data))
    fields = tuple(Question(id=k, type="short_text", label={lang: k}) for k in keys)
    return RecordKind(id=kind_id, label={lang: kind_id}, fields=fields)


def _records_body(
    records: Sequence[Record], exercise: Exercise | None, lang: str, people: People, level: int
) -> str:
    """The records of a run, kind by kind: decisions as a numbered list, others as tables."""
    declared = [k.id for k in exercise.records] if exercise is not None else []
    kinds = list(dict.fromkeys([DECISION, *declared, *(r.kind for r in records)]))
    parts = []
    for kind_id in kinds:
        mine = [r for r in records if r.kind == kind_id]
        if not mine:
            continue
        kind = _kind_of(kind_id, exercise, mine, lang)
        parts.append(f"<h{level}>{escape(pick(kind.label, lang))}</h{level}>")
        if [f.id for f in kind.fields] == ["text"]:
            items = "".join(
                f"<li>{_cell(kind.fields[0], r.data.get('text'), lang, people)}</li>" for r in mine
            )
            parts.append(f"<ol class='cc-report-decisions'>{items}</ol>")
            continue
        extra = list(
            dict.fromkeys(k for r in mine for k in r.data if k not in {f.id for f in kind.fields})
        )
        fields = [
            *kind.fields,
            *(Question(id=k, type="short_text", label={lang: k}) for k in extra),
        ]
        weights = [COLUMN_WEIGHT.get(f.type, 1.8) for f in fields]
        cols = "".join(f"<col style='width: {100 * w / sum(weights):.1f}%'>" for w in weights)
        head = "".join(
            f"<th scope='col'>{escape(pick(f.label, lang).rstrip(' ?:'))}</th>" for f in fields
        )
        rows = "".join(
            "<tr>"
            + "".join(
                f"<td class='cc-f-{f.type}'>{_cell(f, r.data.get(f.id), lang, people)}</td>"
                for f in fields
            )
            + "</tr>"
            for r in mine
        )
        parts.append(
            f"<table class='cc-table cc-report-records'><colgroup>{cols}</colgroup>"
            f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        )
    return "\n".join(parts)


def _cell(field: Question, value: Any, lang: str, people: People) -> str:
    """One stored value in words (typed names replaced unless shown), escaped, its line
    breaks kept."""
    text = readable_answer(field, value, lang)
    if field.type in TEXT_TYPES:
        text = people.text(text)
    return escape(text).replace("\n", "<br>")
