"""The retention period is set when a workshop is created, checked next to its field, and
carried to the next wave."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cocreate_widgets.facilitator import Console
from cocreate_widgets.facilitator.setup import RETENTION_MAX_DAYS, parse_retention


@pytest.mark.parametrize("text", ["0", "-3", "3.5", "drie", "٣", "99999", "1e3", "3 dagen"])
def test_bad_retention_is_refused_next_to_the_field_and_nothing_is_created(sqlite_store, text):
    console = Console(sqlite_store)
    console.setup.title.value = "Ronde 1"
    console.setup.retention.value = text
    assert console.setup.create() is None
    assert str(RETENTION_MAX_DAYS) in console.setup.retention_error.value
    assert sqlite_store.workshops() == []


def test_retention_is_stored_and_carried_to_the_next_wave(sqlite_store):
    console = Console(sqlite_store)
    console.setup.title.value = "Ronde 1"
    console.setup.retention.value = " 365 "
    created = console.setup.create()
    assert created is not None and console.setup.retention_error.value == ""
    assert sqlite_store.workshop(created.id).retention_days == 365
    console.setup.workshop_id = created.id
    following = console.setup.copy_for_next_wave()
    assert sqlite_store.workshop(following.id).retention_days == 365


def test_empty_retention_means_until_purged(sqlite_store):
    assert parse_retention("  ") is None
    console = Console(sqlite_store)
    console.setup.title.value = "Ronde 1"
    created = console.setup.create()
    assert sqlite_store.workshop(created.id).retention_days is None


def test_the_join_screen_says_until_when_data_is_kept(sqlite_store):
    """Does the consent step name the end of the retention period, and only when there is one?"""
    from cocreate_widgets.participant.join import JoinScreen

    kept = sqlite_store.create_workshop("Met termijn")
    sqlite_store.set_retention(kept.id, 30)
    until = (sqlite_store.workshop(kept.id).created_at + timedelta(days=30)).strftime("%d-%m-%Y")
    screen = JoinScreen(sqlite_store, "nl", lambda *_: None, code=kept.join_code)
    assert f"bewaard tot {until}" in screen.consent_text.value
    open_ended = sqlite_store.create_workshop("Zonder termijn")
    screen = JoinScreen(sqlite_store, "nl", lambda *_: None, code=open_ended.join_code)
    assert "bewaard tot" not in screen.consent_text.value
