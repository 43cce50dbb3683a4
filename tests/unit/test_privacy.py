"""Privacy in the store: one person's export, erasure and withdrawal touching no one else's
rows, retention, and a purge that removes names and free text but keeps the aggregates."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from test_migrations import fill_first_schema

from cocreate_widgets.store import NotFound, Store, UnknownJoinCode
from cocreate_widgets.store.migrate import upgrade
from cocreate_widgets.store.schema import metadata
from cocreate_widgets.store.scrub import html_to_text

QUESTION_SET = {
    "id": "check",
    "title": {"nl": "Controle", "en": "Check"},
    "questions": [
        {
            "id": "stance",
            "type": "single_choice",
            "label": {"nl": "Standpunt", "en": "Stance"},
            "options": [
                {"id": "yes", "label": {"nl": "Ja", "en": "Yes"}},
                {"id": "no", "label": {"nl": "Nee", "en": "No"}},
            ],
        },
        {"id": "score", "type": "scale", "label": {"nl": "Cijfer", "en": "Score"}},
        {"id": "why", "type": "long_text", "label": {"nl": "Waarom?", "en": "Why?"}},
        {
            "id": "steps",
            "type": "repeating_list",
            "label": {"nl": "Stappen", "en": "Steps"},
            "fields": [
                {"id": "what", "type": "short_text", "label": {"nl": "Wat", "en": "What"}},
                {
                    "id": "kind",
                    "type": "single_choice",
                    "label": {"nl": "Soort", "en": "Kind"},
                    "options": [{"id": "small", "label": {"nl": "Klein", "en": "Small"}}],
                },
            ],
        },
    ],
}
ANNA_TEXT = "Mijn dochter Lotte brengt me altijd"
BERT_TEXT = "Het team heeft te weinig tijd"
PEOPLE_WORDS = ("Anna", "Wit", "Zorggroep Oost", "Bert", "Smit", ANNA_TEXT, BERT_TEXT)


def build_workshop(store: Store) -> dict[str, Any]:
    """Two people, Anna and Bert, with answers, drafts, results, groups and records."""
    workshop = store.create_workshop(
        "Privacy", consent_text="Ik doe mee en mag stoppen.", anonymity="optional"
    )
    anna = store.add_participant(
        workshop.id,
        pseudonym="Anna",
        name="Anna de Wit",
        organisation="Zorggroep Oost",
        role="patient",
        language="en",
    )
    bert = store.add_participant(workshop.id, pseudonym="Bert", name="Bert Smit", role="nurse")
    answered = store.add_run(workshop.id, QUESTION_SET, reveal_free_text=True)
    store.open_run(answered.id)
    store.submit_answers(answered.id, anna.id, {"stance": "no", "score": 3, "why": "eerst"})
    store.submit_answers(
        answered.id,
        anna.id,
        {
            "stance": "yes",
            "score": 7,
            "why": ANNA_TEXT,
            "steps": [{"what": "Anna belt de huisarts", "kind": "small"}],
        },
    )
    store.submit_answers(
        answered.id,
        bert.id,
        {"stance": "no", "score": 4, "why": BERT_TEXT, "steps": [{"what": "Bel", "kind": ""}]},
    )
    store.reveal_run(
        answered.id,
        {"nl": f"<p>{ANNA_TEXT}</p><p>{BERT_TEXT}</p>"},
        {
            anna.id: {"en": "<section><h3>Your partner</h3><p>Bert (Nurse)</p></section>"},
            bert.id: {"nl": "<section><h3>Jouw partner</h3><p>Anna (Patiënt)</p></section>"},
        },
    )
    drafting = store.add_run(workshop.id, QUESTION_SET)
    store.open_run(drafting.id)
    store.save_draft(drafting.id, anna.id, "why", "half af")
    store.save_draft(drafting.id, bert.id, "why", "nog bezig")
    store.create_small_group(workshop.id, "Tafel 1", [anna.id, bert.id])
    store.create_small_group(workshop.id, "Tafel van Anna", [anna.id])
    records = {
        "anna_story": store.add_record(
            "story_review",
            {"story_key": f"{answered.id}:{anna.id}", "status": "approved", "masked_text": "…"},
            workshop_id=workshop.id,
            run_id=answered.id,
        ),
        "bert_story": store.add_record(
            "story_review",
            {"story_key": f"{answered.id}:{bert.id}", "status": "rejected", "reason": "namen"},
            workshop_id=workshop.id,
            run_id=answered.id,
        ),
        "matching": store.add_record(
            "partner_matching", {"groups": [[anna.id, bert.id]]}, workshop_id=workshop.id
        ),
        "anna_goal": store.add_record(
            "goal", {"what": "Eén aanspreekpunt", "owner": "Anna"}, workshop_id=workshop.id
        ),
        "shared_action": store.add_record(
            "action",
            {"what": "Folder maken", "owner": "Bert", "others": "Anna de Wit en Bert"},
            workshop_id=workshop.id,
        ),
        "bert_goal": store.add_record(
            "goal", {"what": "Tijd voor gesprek", "owner": "Bert Smit"}, workshop_id=workshop.id
        ),
    }
    return {
        "workshop": workshop,
        "anna": anna,
        "bert": bert,
        "answered": answered,
        "drafting": drafting,
        "records": records,
    }


def row_counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {
            name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for name, table in metadata.tables.items()
        }


def all_text(store: Store, where: dict[str, Any] | None = None) -> str:
    """Every value of every row (of the tables named in ``where``: only rows matching its
    condition), as one text to search."""
    parts = []
    with store.engine.connect() as conn:
        for name, table in metadata.tables.items():
            query = sa.select(table)
            if where is not None:
                if name not in where:
                    continue
                query = query.where(where[name](table))
            for row in conn.execute(query):
                parts.extend(json.dumps(v, ensure_ascii=False, default=str) for v in row)
    return "\n".join(parts)


def word_in(word: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is not None


def test_export_holds_the_persons_data_and_not_the_others(store):
    """Does the export hold Anna's answer, drafts, results, groups and records, readable and
    JSON-serialisable, and nothing of Bert's?"""
    made = build_workshop(store)
    data = store.participant_data(made["anna"].id)
    text = json.dumps(data, ensure_ascii=False)
    person = data["participant"]
    assert person["pseudonym"] == "Anna" and person["name"] == "Anna de Wit"
    assert person["organisation"] == "Zorggroep Oost" and person["role_label"] == "Patient"
    assert person["consent_text"] == "Ik doe mee en mag stoppen." and person["consent_at"]
    assert data["workshop"]["join_code"] == made["workshop"].join_code
    [answers] = data["answers"]
    assert answers["exercise_id"] == "check" and answers["exercise_title"] == "Check"
    assert answers["versions"] == 2
    latest = {q["question_id"]: (q["question"], q["value"]) for q in answers["questions"]}
    assert latest["why"] == ("Why?", ANNA_TEXT) and latest["score"] == ("Score", 7)
    [draft] = data["drafts"]
    assert draft["questions"] == [{"question_id": "why", "question": "Why?", "value": "half af"}]
    [personal] = data["personal_results"]
    assert personal["text"] == "Your partner\nBert (Nurse)"
    assert data["small_groups"] == ["Tafel 1", "Tafel van Anna"]
    mentioned = {r["id"] for r in data["records"]}
    ids = {key: record.id for key, record in made["records"].items()}
    assert mentioned == {ids["anna_story"], ids["matching"], ids["anna_goal"], ids["shared_action"]}
    assert BERT_TEXT not in text and "nog bezig" not in text and "eerst" not in text
    assert "Jouw partner" not in text


def test_erase_touches_no_one_elses_rows(store):
    """Erased, are only Anna's rows gone, Bert's answers, drafts, results and records intact,
    her name out of shared records, and her row an empty shell whose link stops working?"""
    made = build_workshop(store)
    anna, bert, answered = made["anna"], made["bert"], made["answered"]
    bert_before = store.participant_data(bert.id)
    bert_goal = store.record(made["records"]["bert_goal"].id)
    before = row_counts(store)
    seq = store.change_seq(made["workshop"].id)

    counts = store.erase_participant(anna.id)

    assert counts == {
        "participants": 1,
        "responses": 7,  # two versions: 3 answers, then 4
        "drafts": 1,
        "personal_results": 1,
        "group_members": 2,
        "records_deleted": 1,  # the review of her story
        "records_edited": 3,  # the matching, her goal, the shared action
        "revealed_results": 1,  # the room result quoted her text
        "results_edited": 1,  # Bert's partner card named her
        "labels_edited": 1,  # "Tafel van Anna"
    }
    after = row_counts(store)
    assert before["responses"] - after["responses"] == counts["responses"] == 7
    assert before["drafts"] - after["drafts"] == 1
    assert before["personal_results"] - after["personal_results"] == 1
    assert before["group_members"] - after["group_members"] == 2
    assert before["records"] - after["records"] == 1  # her story's review
    assert before["participants"] == after["participants"]
    bert_after = store.participant_data(bert.id)
    for key in ("participant", "answers", "drafts", "small_groups"):
        assert bert_after[key] == bert_before[key]
    [card] = bert_after["personal_results"]
    assert card["text"] == "Jouw partner\n… (Patiënt)"
    assert store.record(made["records"]["bert_story"].id).data["reason"] == "namen"
    assert store.record(made["records"]["bert_goal"].id) == bert_goal
    assert store.record(made["records"]["matching"].id).data == {"groups": [[bert.id]]}
    action = store.record(made["records"]["shared_action"].id)
    assert action.data == {"what": "Folder maken", "owner": "Bert", "others": "… en Bert"}
    assert action.version == 2
    assert store.record(made["records"]["anna_goal"].id).data["owner"] == ""
    assert [a.participant_id for a in store.answers(answered.id)] == [bert.id] * 4
    groups = store.workshop_small_groups(made["workshop"].id)
    assert [(g["name"], g["member_ids"]) for g in groups] == [
        ("Tafel 1", [bert.id]),
        ("Tafel van …", []),
    ]
    assert store.revealed_html(answered.id, "nl") is None  # it quoted her text
    assert store.run(answered.id).state == "closed"
    shell = store.participant(anna.id)
    assert shell.name is None and shell.organisation is None and shell.consent_at is None
    assert shell.pseudonym not in ("Anna", "") and shell.token != anna.token
    assert shell.erased_at is not None and shell.removed_at is not None
    assert shell.consent_withdrawn_at is None and shell.role == "patient"
    assert store.participant_by_token(made["workshop"].id, anna.token) is None
    assert store.change_seq(made["workshop"].id) > seq


def test_erase_then_export_shows_nothing_personal(store):
    """After erasure (and again, harmlessly), does her export show nothing personal and does
    no table hold her name, organisation or text any more?"""
    made = build_workshop(store)
    anna, bert = made["anna"], made["bert"]
    duplicate = store.add_participant(made["workshop"].id, pseudonym="Anna W.", role="patient")
    store.save_draft(made["drafting"].id, duplicate.id, "score", 5)
    store.merge_participants(duplicate.id, anna.id)

    first = store.erase_participant(anna.id)
    assert first["participants"] == 2 and first["drafts"] == 2
    second = store.erase_participant(anna.id)
    assert second["participants"] == 2
    assert all(v == 0 for k, v in second.items() if k != "participants")

    data = store.participant_data(anna.id)
    assert data["answers"] == [] and data["drafts"] == [] and data["personal_results"] == []
    assert data["small_groups"] == [] and data["records"] == []
    person = data["participant"]
    assert person["name"] is None and person["organisation"] is None
    assert person["erased_at"] and person["merged_entries"] == [duplicate.id]
    everything = all_text(store)
    for word in ("Anna", "Anna W.", "Wit", "Zorggroep Oost", ANNA_TEXT, "half af"):
        assert not word_in(word, everything), word
    for word in ("Bert", "Smit", BERT_TEXT, "nog bezig"):
        assert word_in(word, everything), word
    assert store.participant_data(bert.id)["answers"][0]["versions"] == 1


def test_withdrawing_consent_erases_and_keeps_the_moment(store):
    """Does a withdrawal erase like the facilitator's erasure and keep when it happened?"""
    made = build_workshop(store)
    counts = store.withdraw_consent(made["anna"].id)
    assert counts["responses"] == 7
    shell = store.participant(made["anna"].id)
    assert shell.consent_withdrawn_at is not None and shell.erased_at is not None
    assert shell.consent_at is None
    assert store.participant(made["bert"].id).consent_withdrawn_at is None
    with pytest.raises(NotFound):
        store.withdraw_consent(10_000)


def test_purge_after_an_erasure_and_a_vote_built_from_proposals(sqlite_store):
    """Does an erased shell keep its neutral text through a purge, and does a vote whose
    options name people keep its option ids but lose the names?"""
    store = sqlite_store
    made = build_workshop(store)
    vote = {
        "id": "vote",
        "title": {"nl": "Stemmen"},
        "questions": [
            {
                "id": "pick",
                "type": "single_choice",
                "label": {"nl": "Welk voorstel?"},
                "options": [
                    {"id": "bert", "label": {"nl": "Het idee van Bert"}},
                    {"id": "other", "label": {"nl": "Iets anders"}},
                ],
            }
        ],
    }
    run = store.open_run(store.add_run(made["workshop"].id, vote).id)
    store.submit_answers(run.id, made["anna"].id, {"pick": "bert"})
    store.submit_answers(run.id, made["bert"].id, {"pick": "bert"})
    store.erase_participant(made["anna"].id)

    store.purge_workshop(made["workshop"].id)

    roster = store.roster(made["workshop"].id, include_removed=True)
    assert [(p.pseudonym, p.role) for p in roster] == [
        ("Erased", "patient"),  # Anna chose English
        ("Deelnemer 1", "nurse"),
    ]
    options = store.run(run.id).question_set["questions"][0]["options"]
    assert options == [
        {"id": "bert", "label": {"nl": "Het idee van …"}},
        {"id": "other", "label": {"nl": "Iets anders"}},
    ]
    assert [(a.role, a.value) for a in store.answers(run.id)] == [("nurse", "bert")]


def test_retention_and_purge_of_expired_workshops(sqlite_store):
    """Is a workshop purged only once its retention period passed, and only once?"""
    store = sqlite_store
    made = build_workshop(store)
    kept = store.create_workshop("Zonder termijn")
    workshop = made["workshop"]
    for wrong in (0, 3651, True, "30"):
        with pytest.raises(ValueError):
            store.set_retention(workshop.id, wrong)
    with pytest.raises(NotFound):
        store.set_retention(10_000, 30)
    store.set_retention(workshop.id, 30)
    assert store.workshop(workshop.id).retention_days == 30
    assert store.retention_expires_at(workshop.id) == workshop.created_at + timedelta(days=30)
    assert store.retention_expires_at(kept.id) is None
    assert store.purge_expired(now=workshop.created_at + timedelta(days=29)) == []
    [result] = store.purge_expired(now=workshop.created_at + timedelta(days=31))
    assert result["workshop_id"] == workshop.id and result["participants"] == 2
    assert store.workshop(workshop.id).purged_at is not None
    assert store.purge_expired(now=workshop.created_at + timedelta(days=400)) == []
    assert store.workshop(kept.id).purged_at is None
    store.set_retention(workshop.id, None)
    assert store.workshop(workshop.id).retention_days is None


def test_purge_keeps_the_structured_answers_and_removes_names_and_texts(store):
    """Purged, do choices and scales stay per role while every name, organisation and free
    text is gone from every table, the join code stops working, and a dry run changes
    nothing?"""
    made = build_workshop(store)
    workshop, answered = made["workshop"], made["answered"]
    structured = {
        (a.role, a.question_id, json.dumps(a.value))
        for a in store.answers(answered.id)
        if a.question_id in ("stance", "score")
    }
    before = row_counts(store)
    dry = store.purge_workshop(workshop.id, dry_run=True)
    assert row_counts(store) == before and store.workshop(workshop.id).purged_at is None
    assert dry["responses_removed"] == 3 and dry["drafts"] == 2  # "why" in three versions

    result = store.purge_workshop(workshop.id)

    assert result == dry
    answers = store.answers(answered.id)
    assert {
        (a.role, a.question_id, json.dumps(a.value))
        for a in answers
        if a.question_id in ("stance", "score")
    } == structured
    assert not [a for a in answers if a.question_id == "why"]
    steps = {a.role: a.value for a in answers if a.question_id == "steps"}
    assert steps == {"patient": [{"kind": "small"}], "nurse": [{"kind": ""}]}
    roster = store.roster(workshop.id)
    assert [(p.pseudonym, p.role, p.name) for p in roster] == [
        ("Deelnemer 1", "patient", None),
        ("Deelnemer 2", "nurse", None),
    ]
    assert store.revealed_html(answered.id, "nl") is None
    everything = all_text(store)
    for word in PEOPLE_WORDS + ("half af", "nog bezig", "namen"):
        assert not word_in(word, everything), word
    assert store.record(made["records"]["anna_goal"].id).data["what"] == "Eén aanspreekpunt"
    with pytest.raises(UnknownJoinCode):
        store.workshop_by_code(workshop.join_code)
    assert store.purge_workshop(workshop.id)["responses_removed"] == 0


def test_purge_of_the_community_keeps_the_wave_comparison(demo_store):
    """Purging both demo community waves: are the needs per role, the shares and the wave
    comparison unchanged, and the members' names gone from everything of the community?"""
    from cocreate_widgets.analysis.community_needs import (
        area_means,
        need_shares,
        needs_by_group,
        needs_wave_comparison,
    )
    from cocreate_widgets.workbook import Workbook

    store = demo_store

    def aggregates() -> list[str]:
        workbook = Workbook("needs_survey", store=store)
        waves = workbook.answers_by_wave()
        assert sorted(waves) == [1, 2]
        needs = list(workbook.option_labels("top_needs"))
        found = [needs_wave_comparison(waves, needs).to_json()]
        for frame in waves.values():
            for by in ("side", "role", "phase"):
                found.append(needs_by_group(frame, by).to_json())
            found.extend([need_shares(frame, needs).to_json(), area_means(frame).to_json()])
        return found

    codes = ("PARKN2", "PARKN3")
    waves = [w for w in store.workshops() if w.join_code in codes]
    community = waves[0].community_id
    names = {p.pseudonym for w in waves for p in store.roster(w.id, include_removed=True)}
    before = aggregates()
    for workshop in waves:
        store.purge_workshop(workshop.id)
    assert aggregates() == before

    ids = [w.id for w in waves]
    run_ids = [r.id for w in waves for r in store.runs(w.id)]
    theirs = all_text(
        store,
        {
            "participants": lambda t: t.c.workshop_id.in_(ids),
            "responses": lambda t: t.c.run_id.in_(run_ids),
            "drafts": lambda t: t.c.run_id.in_(run_ids),
            "personal_results": lambda t: t.c.run_id.in_(run_ids),
            "revealed_results": lambda t: t.c.run_id.in_(run_ids),
            "records": lambda t: sa.or_(t.c.workshop_id.in_(ids), t.c.community_id == community),
        },
    )
    assert len(names) >= 10 and not [n for n in names if word_in(n, theirs)]


def test_a_database_at_the_previous_schema_upgrades_and_erases(tmp_path):
    """Does migration 0003 upgrade a database with data at 0002, after which the old rows
    can be exported and erased?"""
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    made = fill_first_schema(url)
    engine = sa.create_engine(url)
    upgrade(engine, "0002")
    columns = {c["name"] for c in sa.inspect(engine).get_columns("participants")}
    engine.dispose()
    assert "erased_at" not in columns
    store = Store(url)
    try:
        store.upgrade()
        merel = made["people"]["Merel"]
        assert store.participant(merel).erased_at is None
        assert store.workshop(made["workshop"]).retention_days is None
        data = store.participant_data(merel)
        assert data["answers"][0]["questions"][0]["value"] == "Samen beslissen — 'echt' samen"
        assert store.erase_participant(merel)["responses"] == 2
        assert {a.pseudonym for a in store.answers(made["run"])} == {"Sanne"}
    finally:
        store.dispose()


def test_html_to_text_keeps_words_and_drops_markup():
    """Does the personal result's text lose its tags, scripts and charts but keep its words?"""
    html = "<div><h3>Titel</h3><svg><text>12</text></svg><p>Een &amp; twee</p><td>a</td></div>"
    assert html_to_text(html) == "Titel\nEen & twee a"
