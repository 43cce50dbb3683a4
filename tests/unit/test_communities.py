"""A community holds workshops over months: its waves, its records, the console's form."""

from __future__ import annotations

from cocreate_widgets.demo import load_demo
from cocreate_widgets.facilitator.console import Console
from cocreate_widgets.workbook import Workbook


def test_community_records_carry_over_its_waves(store):
    """Does a record added in wave 1 show in wave 2, and stay apart from other workshops?"""
    community = store.create_community("Community Noord")
    first = store.create_workshop("Ronde 1", community_id=community)
    second = store.copy_workshop_for_next_wave(first.id)
    other = store.create_workshop("Losse workshop")
    store.add_record(
        "core_member", {"name": "Anneke"}, workshop_id=first.id, community_id=community
    )
    store.add_record("core_member", {"name": "Eva"}, workshop_id=second.id, community_id=community)
    store.add_record("core_member", {"name": "Niet van ons"}, workshop_id=other.id)
    assert second.community_id == community and second.wave == 2
    names = [r.data["name"] for r in store.records(community_id=community, kind="core_member")]
    assert names == ["Anneke", "Eva"]
    positions = [r.position for r in store.records(community_id=community, kind="core_member")]
    assert positions == [1, 2]
    assert [w.wave for w in store.community_workshops(community)] == [1, 2]
    assert store.community_name(community) == "Community Noord"
    assert store.community_by_name("Community Noord") == community
    assert store.community_by_name("Onbekend") is None


def test_demo_has_a_community_with_two_waves_and_a_platform(sqlite_store):
    """Does the demo load the community's waves and the platform beside the main workshop,
    with the main workshop still the newest (the one a console opens)?"""
    main = load_demo(sqlite_store)
    workshops = sqlite_store.workshops()
    assert workshops[0].id == main.id and main.join_code == "SAMEN7"
    by_code = {w.join_code: w for w in workshops}
    assert {"PARKN2", "PARKN3", "BURGER"} <= set(by_code)
    wave1, wave2 = by_code["PARKN2"], by_code["PARKN3"]
    assert wave1.community_id == wave2.community_id is not None
    assert (wave1.wave, wave2.wave, wave2.previous_workshop_id) == (1, 2, wave1.id)
    assert by_code["BURGER"].community_id is None
    assert load_demo(sqlite_store).id == main.id  # loading again adds nothing
    assert len(sqlite_store.workshops()) == len(workshops)


def test_workbook_in_a_community_reads_and_writes_the_community_records(sqlite_store):
    """Does a workbook opened on wave 2 see, and add to, the records of wave 1?"""
    community = sqlite_store.create_community("Community Zuid")
    first = sqlite_store.create_workshop("Ronde 1", community_id=community)
    sqlite_store.add_record(
        "decision", {"text": "We beginnen"}, workshop_id=first.id, community_id=community
    )
    second = sqlite_store.copy_workshop_for_next_wave(first.id)
    wb = Workbook("shared_vision", store=sqlite_store, workshop_id=second.id)
    assert wb.community_id == community
    assert wb.record_data("decision")["text"].tolist() == ["We beginnen"]
    waves = wb.community_waves()
    assert waves["wave"].tolist() == [1, 2]
    assert waves["title"].tolist() == ["Ronde 1", "Ronde 1"]
    alone = Workbook(
        "shared_vision",
        store=sqlite_store,
        workshop_id=sqlite_store.create_workshop("Los").id,
    )
    assert alone.community_id is None and alone.record_data("decision").empty
    assert alone.community_waves()["wave"].tolist() == [1]


def test_console_starts_a_community_and_its_next_wave(sqlite_store):
    """Does a community name typed in the console create it once, and does the next wave
    stay in it?"""
    console = Console(sqlite_store)
    console.setup.title.value = "Ronde 1"
    console.setup.community.value = "  Community   Oost "
    first = console.setup.create()
    assert first is not None and first.community_id is not None
    assert sqlite_store.communities() == [(first.community_id, "Community Oost")]
    assert "Community Oost" in console.setup.community.options
    assert console.setup.community.value == ""
    console.setup.title.value = "Tweede bijeenkomst"
    console.setup.community.value = "Community Oost"
    again = console.setup.create()
    assert again.community_id == first.community_id
    wave = console.setup.copy_for_next_wave()
    assert wave.community_id == first.community_id and wave.wave == again.wave + 1
    labels = [label for label, _id in console.setup.picker.options]
    assert all("Community Oost" in label for label in labels)
    console.setup.title.value = "Te lang"
    console.setup.community.value = "x" * 201
    assert console.setup.create() is None
    assert len(sqlite_store.workshops()) == 3
