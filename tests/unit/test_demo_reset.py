"""`cocreate demo --reset`: the demo workshops afresh, and never a workshop that is not the demo's.

A small demo (one main workshop, one community wave) in a temporary data dir keeps these
tests fast; the last test checks that the reset knows every workshop the real demo creates.
"""

from __future__ import annotations

import shutil

import pytest

from cocreate_widgets.cli import main
from cocreate_widgets.paths import data_dir
from cocreate_widgets.store import Store
from cocreate_widgets.trainer.demo_reset import ResetRefused, demo_identity, reset_demo

MAIN = """\
title: Kleine demo
language: nl
anonymity: optional
join_code: SAMEN7
consent_text: Akkoord?
runs:
  - exercise: quick_check
    state: open
    answers:
      - who: {pseudonym: Marja, role: patient}
        values: {ok: true}
"""

WAVE = """\
title: Kleine community, ronde 1
community: Kleine community (demo)
wave: 1
language: nl
anonymity: optional
join_code: PARKN2
consent_text: Akkoord?
runs: []
"""

QUICK_CHECK = """\
id: quick_check
title: {nl: Snel, en: Quick}
questions:
  - id: ok
    type: yes_no
    label: {nl: "Goed zo?", en: "All right?"}
"""


@pytest.fixture
def small_demo(tmp_path, monkeypatch):
    """A data dir with a small demo; returns the URL of a SQLite file (not created yet)."""
    data = tmp_path / "data"
    (data / "exercises").mkdir(parents=True)
    shutil.copy(data_dir() / "roles.yaml", data / "roles.yaml")
    (data / "exercises" / "quick_check.yaml").write_text(QUICK_CHECK, encoding="utf-8")
    (data / "demo" / "more").mkdir(parents=True)
    (data / "demo" / "workshop.yaml").write_text(MAIN, encoding="utf-8")
    (data / "demo" / "more" / "wave1.yaml").write_text(WAVE, encoding="utf-8")
    monkeypatch.setenv("COCREATE_DATA_DIR", str(data))
    return f"sqlite:///{tmp_path / 'course.sqlite'}"


def codes(url: str) -> list[str]:
    """The join codes in the database, sorted."""
    store = Store(url)
    try:
        return sorted(w.join_code for w in store.workshops())
    finally:
        store.dispose()


def test_reset_brings_back_the_demo_as_loaded(small_demo):
    """After a course added people to the demo, does a reset give the fresh demo?"""
    reset_demo(small_demo)
    store = Store(small_demo)
    demo = store.workshop_by_code("SAMEN7")
    store.add_participant(demo.id, pseudonym="Cursist", role="patient")
    assert len(store.roster(demo.id)) == 2
    store.dispose()
    workshop = reset_demo(small_demo)
    store = Store(small_demo)
    assert [p.pseudonym for p in store.roster(workshop.id)] == ["Marja"]
    assert store.community_by_name("Kleine community (demo)") is not None
    store.dispose()
    assert codes(small_demo) == ["PARKN2", "SAMEN7"]


def test_reset_refuses_when_another_workshop_is_there(small_demo, capsys):
    """With a workshop of its own in the database, is the reset refused and nothing lost?"""
    reset_demo(small_demo)
    store = Store(small_demo)
    own = store.create_workshop("Echte workshop", consent_text="Akkoord?")
    store.dispose()
    db = small_demo.removeprefix("sqlite:///")
    assert main(["demo", "--reset", "--db", db]) == 1
    err = capsys.readouterr().err
    assert "not the demo's: 'Echte workshop'" in err and "nothing was changed" in err
    store = Store(small_demo)
    assert store.workshop(own.id).title == "Echte workshop"
    store.dispose()
    assert own.join_code in codes(small_demo)


def test_reset_refuses_when_another_community_is_there(small_demo):
    """Is a community the demo did not make kept (reset refused)?"""
    reset_demo(small_demo)
    store = Store(small_demo)
    store.create_community("Eigen community")
    store.dispose()
    with pytest.raises(ResetRefused, match="Eigen community"):
        reset_demo(small_demo)


def test_reset_refuses_a_server_database():
    """On PostgreSQL (no file to recreate, no delete in the store) is it refused up front?"""
    with pytest.raises(ResetRefused, match="SQLite file only"):
        reset_demo("postgresql://cocreate@localhost/cocreate")


def test_demo_without_reset_still_keeps_what_is_there(small_demo, capsys):
    """Does plain `cocreate demo` still load once and keep an existing demo?"""
    db = small_demo.removeprefix("sqlite:///")
    assert main(["demo", "--db", db]) == 0
    assert main(["demo", "--reset", "--db", db]) == 0
    assert "fresh again" in capsys.readouterr().out
    assert codes(small_demo) == ["PARKN2", "SAMEN7"]


def test_the_reset_knows_every_workshop_of_the_real_demo():
    """Are the main demo, both community waves and the citizen platform demo workshops?"""
    identity = demo_identity()
    assert {"SAMEN7", "PARKN2", "PARKN3", "BURGER"} <= identity.join_codes
    more = sorted((data_dir() / "demo" / "more").glob("*.yaml"))
    assert len(identity.join_codes) == len(more) + 1
