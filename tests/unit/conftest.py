"""Fixtures for driving the apps in Python: a workshop with the shared-vision run open."""

from __future__ import annotations

import pytest

from cocreate_widgets.exercises import load_exercise_by_id


@pytest.fixture
def vision():
    """The shared-vision exercise as loaded from data/exercises."""
    return load_exercise_by_id("shared_vision")


@pytest.fixture
def live(sqlite_store, vision):
    """A workshop with the shared-vision run open: (store, workshop, run)."""
    workshop = sqlite_store.create_workshop("Test", consent_text="Akkoord?")
    run = sqlite_store.open_run(sqlite_store.add_run(workshop.id, vision.to_dict()).id)
    return sqlite_store, workshop, run


def _join(app, code: str, *, name: str = "Anna", role: str = "patient"):
    app.client.query = {"code": code}
    screen = app.join_screen
    screen.name_field.value = name
    screen.role_field.value = role
    screen.consent_field.value = ["yes"]
    return screen.join()


@pytest.fixture
def join():
    """Join through the participant app's screens as a participant would."""
    return _join
