"""The workshop report: one self-contained HTML page, and the same page as an A4 PDF.

The PDF tests read the PDF back with poppler's tools (``pdftoppm``, ``pdftotext``,
``pdffonts``): without them they are skipped, except in CI (env ``CI`` set), where a missing
tool is a broken setup and fails, as in the browser tests.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cocreate_widgets.exercises.model import Exercise, Option, Question, RecordKind
from cocreate_widgets.export.people import Scrubber, participant_codes
from cocreate_widgets.export.report import pdf_bytes, report_css, report_html, write_report
from cocreate_widgets.localtext import pick
from cocreate_widgets.store import Store

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
EMOJI = "👩🏽‍⚕️"
ARABIC = "مرحبا بالعالم"
HEBREW = "שלום עולם, זה עובד"
LONG = " ".join(f"woord{n % 97}" for n in range(1500))[:10_000]
TITLE = f"Samen {SCRIPT} beter {IMG} ✓ {EMOJI}"
PSEUDONYMS = (IMG, "سارة", f"Noor {EMOJI}", "Tamar")


# -- helpers ------------------------------------------------------------------------------------


def need_tool(name: str) -> str:
    """The path of a command-line tool; skip without it, except in CI (then fail)."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing in CI (poppler-utils)")
        pytest.skip(f"{name} is not installed (apt-get install poppler-utils)")
    return path


def need_weasyprint() -> None:
    """Skip without WeasyPrint, except in CI (then fail)."""
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("weasyprint is missing in CI")
        pytest.skip("weasyprint is not installed")


class Markup(HTMLParser):
    """Collects the elements and attributes of a page, to see what is markup."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)


def markup_of(page: str) -> Markup:
    parser = Markup()
    parser.feed(page)
    return parser


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        [need_tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def pdf_fonts(pdf: Path) -> list[dict[str, str]]:
    """The fonts of a PDF as ``pdffonts`` lists them (name, type, encoding, emb)."""
    lines = subprocess.run(
        [need_tool("pdffonts"), str(pdf)], check=True, capture_output=True, text=True
    ).stdout.splitlines()
    # columns are fixed-width, as the line of dashes under the header shows
    spans = [m.span() for m in re.finditer(r"-+", lines[1])]
    names = ("name", "type", "encoding", "emb", "sub", "uni")
    return [
        {key: line[a:b].strip() for key, (a, b) in zip(names, spans, strict=False)}
        for line in lines[2:]
    ]


def blank_pages(pdf: Path, folder: Path) -> list[int]:
    """The pages (1-based) with nothing above the footer, rendered at 50 dpi."""
    from PIL import Image

    subprocess.run(
        [need_tool("pdftoppm"), "-r", "50", "-png", str(pdf), str(folder / "page")], check=True
    )
    pages = sorted(folder.glob("page-*.png"))
    assert pages
    blank = []
    for number, path in enumerate(pages, start=1):
        with Image.open(path) as image:
            grey = image.convert("L")
            body = grey.crop((0, 0, grey.width, int(grey.height * 0.9)))  # not the footer
            inked = sum(body.histogram()[:200])
        if inked < 150:
            blank.append(number)
    return blank


def check_glyphs(pdf: Path, warnings: list[str]) -> None:
    """No glyph is missing: WeasyPrint drew no .notdef box (it warns, and it gives a font
    with such a box its own 'Custom' encoding), no bitmap fallback font, no U+FFFD."""
    assert not [w for w in warnings if ".notdef" in w]
    fonts = pdf_fonts(pdf)
    assert fonts
    for font in fonts:
        assert font["type"] != "Type 3", font
        assert font["encoding"] == "Identity-H", font
        assert font["emb"] == "yes", font
    text = pdf_text(pdf)
    assert "\ufffd" not in text
    assert "□" not in text


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    """What WeasyPrint warned about so far in the test."""
    return [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")]


# -- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(demo_copy, tmp_path_factory) -> tuple[Store, int]:
    """The demo workshop in a store of its own, shared by this module's read-only tests."""
    store = demo_copy(tmp_path_factory.mktemp("demo"))
    workshop = store.workshop_by_code("SAMEN7")
    yield store, workshop.id
    store.dispose()


@pytest.fixture(scope="module")
def demo_pages(demo) -> dict[str, str]:
    """The demo report in Dutch and English (without names)."""
    store, workshop_id = demo
    return {lang: report_html(store, workshop_id, lang=lang) for lang in ("nl", "en")}


def trial_exercise() -> Exercise:
    """A small exercise whose title and options carry markup-looking text."""
    return Exercise(
        id="report_trial",
        title={"nl": f"Proef {SCRIPT} {EMOJI}", "en": f"Trial {SCRIPT} {EMOJI}"},
        intro={"nl": "Een proef.", "en": "A trial."},
        source={"nl": "Eigen werk", "en": "Own work"},
        questions=(
            Question(
                id="story",
                type="long_text",
                label={"nl": "Vertel", "en": "Tell"},
                settings={"max_length": 10_000},
            ),
            Question(
                id="pick",
                type="single_choice",
                label={"nl": "Kies", "en": "Choose"},
                options=(
                    Option("a", {"nl": f"Optie {IMG}", "en": f"Option {IMG}"}),
                    Option("b", {"nl": ARABIC, "en": ARABIC}),
                ),
            ),
        ),
        records=(
            RecordKind(
                id="action",
                label={"nl": "Actie", "en": "Action"},
                fields=(
                    Question(id="what", type="short_text", label={"nl": "Wat", "en": "What"}),
                    Question(id="when", type="date", label={"nl": "Wanneer", "en": "When"}),
                ),
            ),
        ),
    )


@pytest.fixture
def trial(sqlite_store) -> tuple[Store, int, int]:
    """A workshop full of hostile and far-away text: (store, workshop id, run id)."""
    store = sqlite_store
    workshop = store.create_workshop(TITLE, language="nl")
    run = store.add_run(workshop.id, trial_exercise().to_dict(), reveal_free_text=True)
    store.open_run(run.id)
    stories = (SCRIPT, LONG, ARABIC, f"{HEBREW} {EMOJI}")
    for pseudonym, story, choice in zip(PSEUDONYMS, stories, "abba", strict=True):
        person = store.add_participant(workshop.id, pseudonym=pseudonym, role="patient")
        store.submit_answers(run.id, person.id, {"story": story, "pick": choice})
    store.add_record(
        "decision", {"text": f"{SCRIPT} {ARABIC}"}, workshop_id=workshop.id, run_id=run.id
    )
    store.add_record(
        "action",
        {"what": f"{IMG} {HEBREW}", "when": "2027-01-31"},
        workshop_id=workshop.id,
        run_id=run.id,
    )
    store.close_run(run.id)
    return store, workshop.id, run.id


# -- the demo report ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_demo_report_holds_every_run_with_its_chart_and_records(demo, demo_pages, lang):
    """Does the report hold, per run, its title, a chart, and what the group recorded?"""
    store, workshop_id = demo
    page = demo_pages[lang]
    sections = page.split("<section class='cc-report-run'")[1:]
    runs = store.runs(workshop_id)
    assert len(sections) == len(runs)
    for run, section in zip(runs, sections, strict=True):
        assert escape(pick(run.title, lang)) in section
        assert "<svg" in section  # its chart, inline
        records = store.records(workshop_id=workshop_id, run_id=run.id)
        decisions = [r for r in records if r.kind == "decision"]
        others = [r for r in records if r.kind != "decision"]
        assert section.count("<li>") >= len(decisions)
        assert section.count("<tr>") >= len(others)
    roster = store.roster(workshop_id, include_removed=True)
    scrub = Scrubber.for_roster(roster, participant_codes(roster))
    for record in store.records(workshop_id=workshop_id):
        for value in record.data.values():
            if isinstance(value, str) and len(value) > 3 and not re.fullmatch(r"[\w-]+", value):
                assert escape(scrub(value)) in page, value
    assert page.count("class='cc-report-decisions'") == 1  # the demo's one run with a decision


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_demo_report_names_no_one_by_default(demo, demo_pages, lang):
    """Without names, no pseudonym of the roster appears anywhere (not even typed in)?"""
    store, workshop_id = demo
    page = demo_pages[lang]
    roster = store.roster(workshop_id)
    assert len(roster) > 5
    for person in roster:
        assert not re.search(rf"(?<!\w){re.escape(escape(person.pseudonym))}(?!\w)", page)
    assert "P0" in page  # a name typed into a record became its code


def test_demo_report_with_names_shows_them(demo):
    """With names, the roster and the answer tables show the pseudonyms."""
    store, workshop_id = demo
    page = report_html(store, workshop_id, lang="en", names=True)
    for person in store.roster(workshop_id):
        assert escape(person.pseudonym) in page


def test_report_of_one_run_holds_only_that_run(demo):
    """With run_id, does the report hold that exercise and no other?"""
    store, workshop_id = demo
    runs = store.runs(workshop_id)
    chosen = next(r for r in runs if r.exercise_id == "plan")
    page = report_html(store, workshop_id, lang="nl", run_id=chosen.id)
    assert page.count("<section class='cc-report-run'") == 1
    assert escape(pick(chosen.title, "nl")) in page
    for other in runs:
        if other.exercise_id != chosen.exercise_id:
            assert f"<h2 dir='auto'>1. {escape(pick(other.title, 'nl'))}" not in page
            assert f"id='run-{other.id}'" not in page
    assert "<nav" not in page


def test_report_refuses_a_run_of_another_workshop(demo, sqlite_store):
    """A run of another workshop is refused with a ValueError (ExportError)."""
    store, workshop_id = demo
    other = store.create_workshop("Ander")
    run = store.runs(workshop_id)[0]
    with pytest.raises(ValueError):
        report_html(store, other.id, lang="nl", run_id=run.id)


def test_the_page_asks_nothing_from_outside(demo_pages):
    """Is the page self-contained: inline style, inline SVG, no link, script or image URL?"""
    page = demo_pages["nl"]
    markup = markup_of(page)
    assert "script" not in markup.tags
    assert "link" not in markup.tags
    assert "img" not in markup.tags
    assert "style" in markup.tags and "svg" in markup.tags
    assert "Content-Security-Policy" in page
    assert not re.search(r"(src|href)=['\"]?(https?:|//)", page)
    assert "@import" not in page and "url(http" not in page
    ids = re.findall(r'\bid=["\']([^"\']+)["\']', page)
    assert len(ids) == len(set(ids))  # many charts on one page, no id twice


# -- hostile and far-away text ------------------------------------------------------------------


@pytest.mark.parametrize("names", [False, True])
def test_user_text_is_escaped_never_markup(trial, names):
    """Script and img tags typed into a title, answer, pseudonym or record stay text."""
    store, workshop_id, _ = trial
    page = report_html(store, workshop_id, lang="en", names=names)
    markup = markup_of(page)
    assert "script" not in markup.tags
    assert "img" not in markup.tags
    assert not [name for name, _ in markup.attributes if name.startswith("on")]
    assert SCRIPT not in page and "<img" not in page
    assert escape(TITLE) in page  # the workshop title
    assert escape(f"Trial {SCRIPT}") in page  # the exercise title
    assert escape(SCRIPT) in page  # an answer
    assert escape(f"Option {IMG}") in page  # an option
    assert escape(f"{SCRIPT} {ARABIC}") in page  # a decision
    assert escape(IMG) in page  # a record (and, with names, a pseudonym)


def test_far_away_text_and_long_answers_come_out_intact(trial):
    """Emoji, Arabic, Hebrew and a 10,000-character answer appear whole."""
    store, workshop_id, _ = trial
    page = report_html(store, workshop_id, lang="nl", names=True)
    for text in (EMOJI, ARABIC, HEBREW, f"{HEBREW} {EMOJI}", LONG, f"Noor {EMOJI}", "سارة"):
        assert escape(text) in page, text[:40]
    assert len(LONG) == 10_000


def test_an_anonymous_workshop_names_no_one_even_when_asked(trial):
    """A workshop without names shows none, even with names=True."""
    store, workshop_id, _ = trial
    store.update_workshop(workshop_id, anonymity="none")
    page = report_html(store, workshop_id, lang="en", names=True)
    for pseudonym in ("Tamar", "سارة", f"Noor {EMOJI}"):
        assert escape(pseudonym) not in page
    assert ARABIC in page  # the released free texts are still there


def test_write_report_writes_html_and_reports_progress(trial, tmp_path):
    """write_report writes the page and tells its progress up to 1.0."""
    store, workshop_id, _ = trial
    steps: list[tuple[float, str]] = []
    out = write_report(
        store,
        workshop_id,
        "html",
        tmp_path / "report.html",
        lang="en",
        progress=lambda fraction, step: steps.append((fraction, step)),
    )
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    fractions = [f for f, _ in steps]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert all(isinstance(step, str) and step for _, step in steps)
    with pytest.raises(FileNotFoundError):
        write_report(store, workshop_id, "html", tmp_path / "missing" / "r.html")
    with pytest.raises(ValueError):
        write_report(store, workshop_id, "docx", tmp_path / "r.docx")  # type: ignore[arg-type]


# -- the PDF ------------------------------------------------------------------------------------


def test_pdf_of_far_away_text_has_every_glyph(trial, tmp_path, caplog):
    """The PDF holds the title, the exercise and the Arabic text, every page inked, no
    glyph drawn as a box."""
    need_weasyprint()
    caplog.set_level(logging.WARNING, logger="weasyprint")
    store, workshop_id, _ = trial
    pdf = write_report(store, workshop_id, "pdf", tmp_path / "trial.pdf", lang="en", names=True)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = pdf_text(pdf)
    flat = " ".join(text.split())
    assert "Samen <script>alert(1)</script> beter" in flat
    assert "Trial <script>alert(1)</script>" in flat
    assert ARABIC in text
    assert "שלום" in text
    assert blank_pages(pdf, tmp_path) == []
    check_glyphs(pdf, warnings_of(caplog))
    families = " ".join(font["name"] for font in pdf_fonts(pdf))
    for family in ("Noto-Sans-Arabic", "Noto-Sans-Hebrew", "Noto-Color-Emoji"):
        assert family in families


def test_demo_report_pdf_every_page_has_content(demo, tmp_path, caplog):
    """The demo report as PDF: A4 pages, none blank, title and exercises readable."""
    need_weasyprint()
    caplog.set_level(logging.WARNING, logger="weasyprint")
    store, workshop_id = demo
    pdf = write_report(store, workshop_id, "pdf", tmp_path / "demo.pdf", lang="nl")
    text = pdf_text(pdf)
    assert store.workshop(workshop_id).title in text
    first = store.runs(workshop_id)[0]
    assert pick(first.title, "nl") in text
    assert "Pagina 2 van" in text
    assert blank_pages(pdf, tmp_path) == []
    check_glyphs(pdf, warnings_of(caplog))


def test_the_glyph_check_sees_a_box(tmp_path, caplog):
    """The missing-glyph check is not vacuous: a character no font has fails it."""
    need_weasyprint()
    caplog.set_level(logging.WARNING, logger="weasyprint")
    page = f"<html><head><meta charset='utf-8'><style>{report_css()}</style></head>"
    pdf = tmp_path / "box.pdf"
    pdf.write_bytes(pdf_bytes(page + "<body><p>A \u0378 B</p></body></html>"))
    with pytest.raises(AssertionError):
        check_glyphs(pdf, warnings_of(caplog))
    caplog.clear()
    with pytest.raises(AssertionError):  # without the warning: the font's encoding tells
        check_glyphs(pdf, [])
