"""The story page: one self-contained, escaped HTML file with the publishable stories only,
and ``cocreate stories-page`` writing it (with clear one-line errors)."""

from __future__ import annotations

from datetime import date

import pytest

from cocreate_widgets.cli import main
from cocreate_widgets.exercises import load_exercise_by_id
from cocreate_widgets.stories.page import stories_page
from cocreate_widgets.stories.review import approve_story, reject_story, run_stories

EXERCISE = load_exercise_by_id("experience_story")


@pytest.fixture
def platform(sqlite_store):
    """A platform with four stories: approved+publish, approved+no, rejected, pending."""
    store = sqlite_store
    workshop = store.create_workshop("Wijk <Noord>", consent_text="Akkoord?")
    run = store.open_run(store.add_run(workshop.id, EXERCISE.to_dict()).id)
    people = {
        "Anna": ("Eindelijk hielp het <b>wijkteam</b> & de huisarts.", "yes", "Anna"),
        "Bert": ("Privéverhaal over mijn buren.", "no", ""),
        "Carla": ("Afgewezen verhaal met roddel.", "yes", ""),
        "Dirk": ("Nog niet gelezen verhaal.", "yes", ""),
    }
    for name, (text, publish, first) in people.items():
        person = store.add_participant(workshop.id, pseudonym=name, role="patient")
        values = {"story": text, "themes": ["loneliness", "housing"], "publish": publish}
        if first:
            values |= {"name_as": "first_name", "name_text": first}
        store.submit_answers(run.id, person.id, values)
    by_author = {s.text.split()[0]: s for s in run_stories(store, run)}
    approve_story(store, by_author["Eindelijk"], EXERCISE, by_author["Eindelijk"].text)
    approve_story(store, by_author["Privéverhaal"], EXERCISE, by_author["Privéverhaal"].text)
    reject_story(store, by_author["Afgewezen"], EXERCISE, "Roddel over buren")
    return store, workshop, run


def test_page_holds_only_publishable_stories_escaped(platform):
    """Is the approved, agreed story on the page (escaped, with name and topics), and no
    other one?"""
    store, workshop, run = platform
    html = stories_page(
        run_stories(store, run), EXERCISE, "nl", "Wijk <Noord>", made_on=date(2026, 1, 2)
    )
    assert "Eindelijk hielp het &lt;b&gt;wijkteam&lt;/b&gt; &amp; de huisarts." in html
    assert "<b>wijkteam" not in html and "<title>Wijk &lt;Noord&gt;</title>" in html
    assert "— Anna" in html and "Eenzaamheid" in html and "Wonen" in html
    for hidden in ("Privéverhaal", "Afgewezen", "roddel", "Nog niet gelezen"):
        assert hidden.lower() not in html.lower()
    assert "2026-01-02" in html


def test_page_is_self_contained_and_phone_and_print_friendly(platform):
    """Does the page load nothing from elsewhere, and carry a viewport and print styles?"""
    store, _workshop, run = platform
    html = stories_page(run_stories(store, run), EXERCISE, "en", "Platform")
    assert "<script" not in html and "http" not in html.replace("http-equiv", "")
    assert "src=" not in html and "<link" not in html
    assert "name='viewport'" in html and "@media print" in html
    assert "1 experience stories" in html


def test_empty_page_says_so(sqlite_store):
    """Does a page without publishable stories say that there are none yet?"""
    html = stories_page([], EXERCISE, "nl", "Leeg")
    assert "nog geen verhalen" in html


def test_cli_writes_the_page(platform, tmp_path, capsys):
    """Does ``cocreate stories-page CODE --out PATH`` write the page and say where?"""
    store, workshop, _run = platform
    url = store.engine.url.render_as_string(hide_password=False)
    out = tmp_path / "verhalen.html"
    assert main(["stories-page", workshop.join_code, "--out", str(out), "--db", url]) == 0
    assert "Wrote" in capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    assert "Eindelijk hielp" in text and "Privéverhaal" not in text


def test_cli_errors_are_one_line(platform, tmp_path, capsys):
    """Are an unknown workshop, one without stories and an unwritable path each one line
    on stderr with exit code 1?"""
    store, workshop, _run = platform
    url = store.engine.url.render_as_string(hide_password=False)
    out = str(tmp_path / "p.html")
    assert main(["stories-page", "NOPE99", "--out", out, "--db", url]) == 1
    assert "no workshop" in capsys.readouterr().err
    other = store.create_workshop("Zonder verhalen")
    assert main(["stories-page", other.join_code, "--out", out, "--db", url]) == 1
    assert "geen ervaringsverhalen" in capsys.readouterr().err
    missing = str(tmp_path / "nope" / "p.html")
    assert main(["stories-page", workshop.join_code, "--out", missing, "--db", url]) == 1
    err = capsys.readouterr().err
    assert "does not exist" in err and "Traceback" not in err


def test_download_button_offers_the_page(platform):
    """Does the workbook's button build the page on click and offer it as a download?"""
    from cocreate_widgets.stories.page import page_download
    from cocreate_widgets.workbook import Workbook

    store, workshop, _run = platform
    wb = Workbook("experience_story", store=store, workshop_id=workshop.id)
    box = page_download(wb)
    button, output = box.children
    assert output.value == ""
    button.click()
    assert "1 verhalen" in output.value and "data:text/html;base64," in output.value
    assert f"verhalen-{workshop.join_code}.html" in output.value
