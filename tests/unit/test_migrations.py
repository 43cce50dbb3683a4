"""Alembic upgrades on a copy with data: a database made at the first schema revision, filled
with plain SQL the way the first version of cocreate wrote it, then upgraded to head."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from cocreate_widgets.store import Store
from cocreate_widgets.store.migrate import alembic_config, upgrade
from cocreate_widgets.store.schema import metadata

FIRST_REVISION = "0001"
AT = datetime(2026, 3, 12, 14, 30, 5, 123456)
ROLES = [
    {"id": "patient", "side": "patient", "label": {"nl": "Patiënt", "en": "Patient"}},
    {"id": "nurse", "side": "care", "label": {"nl": "Verpleegkundige", "en": "Nurse"}},
]
QUESTION_SET = {
    "id": "shared_vision",
    "title": {"nl": "Gedeelde visie", "en": "Shared vision"},
    "questions": [{"id": "why", "type": "text", "label": {"nl": "Waarom?", "en": "Why?"}}],
}


def _insert(conn: sa.Connection, table: str, **row: Any) -> int:
    """Insert one row with plain SQL (no table definitions of today's code) and return its id."""
    types = _column_types(conn, table)  # the stored types: JSON, DATETIME, BOOLEAN ...
    params = [sa.bindparam(name, value, type_=types[name]) for name, value in row.items()]
    columns = ", ".join(row)
    values = ", ".join(f":{name}" for name in row)
    returning = " RETURNING id" if "id" in types else ""
    statement = sa.text(f"INSERT INTO {table} ({columns}) VALUES ({values}){returning}")
    result = conn.execute(statement.bindparams(*params))
    return result.scalar_one() if returning else 0


def _column_types(conn: sa.Connection, table: str) -> dict[str, Any]:
    return {column["name"]: column["type"] for column in sa.inspect(conn).get_columns(table)}


def fill_first_schema(url: str) -> dict[str, Any]:
    """Migrate an empty database to the first revision and fill it as the first version did.

    Returns the ids and values that a test looks for after upgrading.
    """
    engine = sa.create_engine(url)
    upgrade(engine, FIRST_REVISION)
    with engine.begin() as conn:
        community = _insert(conn, "communities", name="Parkinson Noord", created_at=AT)
        workshop = _insert(
            conn,
            "workshops",
            community_id=community,
            title="Samen beter — wave 1",
            language="nl",
            anonymity="optional",
            consent_text="Ik doe vrijwillig mee.",
            join_code="OLD123",
            code_expires_at=None,
            status="active",
            wave=1,
            previous_workshop_id=None,
            roles=ROLES,
            created_at=AT,
            change_seq=7,
        )
        people = {}
        for pseudonym, name, role in [
            ("Merel", "Merel de Vries", "patient"),
            ("Sanne", None, "nurse"),
            ("Joost", "Joost Bakker", "patient"),
        ]:
            people[pseudonym] = _insert(
                conn,
                "participants",
                workshop_id=workshop,
                pseudonym=pseudonym,
                name=name,
                role=role,
                organisation="Zorggroep Noord" if role == "nurse" else None,
                language="nl",
                consent_at=AT,
                token=f"token-{pseudonym.lower()}",
                on_behalf=pseudonym == "Joost",
                created_at=AT,
                removed_at=None,
                merged_into_id=None,
            )
        group = _insert(conn, "small_groups", workshop_id=workshop, name="Tafel 1", created_at=AT)
        for member in people.values():
            _insert(conn, "group_members", group_id=group, participant_id=member)
        run = _insert(
            conn,
            "exercise_runs",
            workshop_id=workshop,
            exercise_id="shared_vision",
            wave=1,
            position=0,
            state="revealed",
            question_set=QUESTION_SET,
            small_group_id=None,
            reveal_free_text=True,
            opened_at=AT,
            closed_at=AT,
            revealed_at=AT,
            timer_ends_at=None,
            timer_autoclose=False,
            created_at=AT,
        )
        answers = {
            "Merel": [{"why": "Eerst"}, {"why": "Samen beslissen — 'echt' samen"}],
            "Sanne": [{"why": "Tijd voor het gesprek 🙂"}],
        }
        for pseudonym, versions in answers.items():
            for version, values in enumerate(versions, start=1):
                for question, value in values.items():
                    _insert(
                        conn,
                        "responses",
                        run_id=run,
                        participant_id=people[pseudonym],
                        question_id=question,
                        version=version,
                        value=value,
                        submitted_at=AT,
                        entered_by="participant",
                    )
        _insert(
            conn,
            "drafts",
            run_id=run,
            participant_id=people["Joost"],
            question_id="why",
            value="half af",
            updated_at=AT,
        )
        goal = _insert(
            conn,
            "records",
            workshop_id=workshop,
            community_id=community,
            run_id=run,
            kind="goal",
            data={"text": "Eén aanspreekpunt", "owner": "Sanne", "tags": ["zorg", "regie"]},
            position=0,
            version=3,
            created_at=AT,
            updated_at=AT,
            deleted_at=None,
        )
        _insert(
            conn,
            "revealed_results",
            run_id=run,
            language="nl",
            html="<p>Gedeelde visie</p>",
            created_at=AT,
        )
    engine.dispose()
    return {
        "community": community,
        "workshop": workshop,
        "people": people,
        "group": group,
        "run": run,
        "goal": goal,
        "answers": {pseudonym: versions[-1] for pseudonym, versions in answers.items()},
    }


def check_filled_rows(store: Store, made: dict[str, Any]) -> None:
    """Assert that everything :func:`fill_first_schema` wrote reads back through ``Store``."""
    [workshop] = store.workshops()
    assert workshop.id == made["workshop"] and workshop.join_code == "OLD123"
    assert workshop.title == "Samen beter — wave 1" and workshop.change_seq == 7
    assert [(r.id, r.side) for r in workshop.roles] == [("patient", "patient"), ("nurse", "care")]
    assert workshop.roles[0].label["nl"] == "Patiënt" and workshop.created_at == AT
    assert store.community_workshops(made["community"])[0].id == workshop.id
    roster = store.roster(workshop.id)
    assert [p.pseudonym for p in roster] == ["Merel", "Sanne", "Joost"]
    assert [p.name for p in roster] == ["Merel de Vries", None, "Joost Bakker"]
    assert [p.on_behalf for p in roster] == [False, False, True]
    assert roster[1].organisation == "Zorggroep Noord" and roster[0].consent_at == AT
    assert store.participant_by_token(workshop.id, "token-sanne").id == made["people"]["Sanne"]
    [run] = store.runs(workshop.id)
    assert run.id == made["run"] and run.state == "revealed" and run.question_set == QUESTION_SET
    assert run.reveal_free_text is True and run.timer_autoclose is False
    latest = {(a.pseudonym, a.question_id): (a.value, a.version) for a in store.answers(run.id)}
    assert latest == {
        ("Merel", "why"): ("Samen beslissen — 'echt' samen", 2),
        ("Sanne", "why"): ("Tijd voor het gesprek 🙂", 1),
    }
    assert len(store.answer_history(run.id, made["people"]["Merel"])) == 2
    assert store.drafts(run.id, made["people"]["Joost"]) == {"why": "half af"}
    [goal] = store.records(workshop_id=workshop.id, kind="goal")
    assert goal.id == made["goal"] and goal.version == 3
    assert goal.data == {"text": "Eén aanspreekpunt", "owner": "Sanne", "tags": ["zorg", "regie"]}
    assert store.revealed_html(run.id, "nl") == "<p>Gedeelde visie</p>"
    [group] = store.workshop_small_groups(workshop.id)
    assert group["id"] == made["group"]


@pytest.fixture
def empty_url(database_url, tmp_path) -> str:
    """An empty database (no tables at all) on each database the suite runs on."""
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'first-schema.sqlite'}"
    engine = sa.create_engine(database_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()
    return database_url


def test_first_revision_is_the_root_of_the_migrations():
    """Is revision 0001 the one revision every other migration grows from?"""
    from alembic.script import ScriptDirectory

    from cocreate_widgets.store.backup import known_revisions

    engine = sa.create_engine("sqlite://")
    scripts = ScriptDirectory.from_config(alembic_config(engine))
    engine.dispose()
    assert scripts.get_bases() == [FIRST_REVISION]
    assert scripts.get_current_head() != FIRST_REVISION  # else the upgrade tests test nothing
    assert FIRST_REVISION in known_revisions()


def test_upgrade_from_first_schema_keeps_every_row(empty_url):
    """Upgraded from the first schema to head, is every row still there and readable?"""
    made = fill_first_schema(empty_url)
    engine = sa.create_engine(empty_url)
    first_tables = set(sa.inspect(engine).get_table_names())
    engine.dispose()
    assert "personal_results" not in first_tables  # really the first schema

    store = Store(empty_url)
    try:
        store.upgrade()
        with store.engine.connect() as conn:
            tables = set(sa.inspect(conn).get_table_names())
            assert compare_metadata(MigrationContext.configure(conn), metadata) == []
            head = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        new_tables = set(metadata.tables) - first_tables
        assert new_tables and new_tables <= tables
        assert head != FIRST_REVISION
        check_filled_rows(store, made)
    finally:
        store.dispose()


def test_upgraded_database_takes_new_rows(empty_url):
    """After the upgrade, do new participants, answers and records go in beside the old ones?"""
    made = fill_first_schema(empty_url)
    store = Store(empty_url)
    try:
        store.upgrade()
        workshop = store.workshop(made["workshop"])
        newcomer = store.add_participant(workshop.id, pseudonym="Noor", role="patient")
        run = store.reopen_run(made["run"])
        assert store.submit_answers(run.id, newcomer.id, {"why": "Nieuw"}) == 1
        assert store.submit_answers(run.id, made["people"]["Merel"], {"why": "Derde"}) == 3
        store.add_record("goal", {"text": "Nog een doel"}, workshop_id=workshop.id)
        assert len(store.roster(workshop.id)) == 4
        assert len(store.records(workshop_id=workshop.id)) == 2
        assert {a.pseudonym for a in store.answers(run.id)} == {"Merel", "Sanne", "Noor"}
        store.create_workshop("Na de upgrade")  # the id sequences survived the upgrade
        assert len(store.workshops()) == 2
    finally:
        store.dispose()
