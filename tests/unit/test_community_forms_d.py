"""Bad input in the forms and record kinds of community steps 5-7 (theme meetings, quick
poll, maintaining results, the six principles): a clear message at its own question or
field, in the user's language, and crafted values refused."""

from __future__ import annotations

from form_cases import form_table_tests

GOOD = {
    "theme_meeting": {"bring": "Rust na de lunch", "care_team": "Vraag ernaar"},
    "quick_poll": {"stance": "support"},
    "maintain_results": {
        "checks": [{"result": "Kennisbank", "used": "hardly", "maintenance": "Bijwerken"}]
    },
    "principles_reflection": {
        "human_perspective": 4,
        "co_owners": 3,
        "qualities": 4,
        "equal_relationship": 5,
        "learning_community": 4,
        "use_existing": 2,
        "remark": "Goed gesprek",
    },
}

BAD = [
    # (exercise, question, value, what the Dutch message says, what the English one says)
    ("theme_meeting", "bring", "   ", "invullen", "answer"),
    ("theme_meeting", "bring", "x" * 1501, "1500", "1500"),
    ("theme_meeting", "care_team", ["lijst"], "lezen", "read"),
    ("quick_poll", "stance", None, "invullen", "answer"),
    ("quick_poll", "stance", "maybe", "lijst", "list"),
    ("quick_poll", "comment", "x" * 301, "300", "300"),
    ("maintain_results", "checks", [], "invullen", "answer"),
    ("maintain_results", "checks", [{"result": "", "used": "often"}], "Resultaat", "Result"),
    (
        "maintain_results",
        "checks",
        [{"result": "Coach", "used": "=HYPERLINK()"}],
        "gebruikt",
        "used",
    ),
    ("maintain_results", "checks", [{"result": "Coach"}], "gebruikt", "used"),
    ("principles_reflection", "co_owners", 6, "1", "1"),
    ("principles_reflection", "co_owners", 0, "1", "1"),
    ("principles_reflection", "use_existing", "veel", "getal", "number"),
    ("principles_reflection", "qualities", None, "invullen", "answer"),
]


GOOD_RECORDS = {
    ("theme_meeting", "theme_meeting"): {
        "theme": "Vermoeidheid",
        "date": "2027-06-24",
        "source": "need",
        "host": "Ilse",
        "place": "Wijkcentrum",
    },
    ("theme_meeting", "shared_knowledge"): {
        "what": "Vraag naar vermoeidheid",
        "theme": "Vermoeidheid",
        "for_whom": "zorgteam",
    },
    ("maintain_results", "maintained_result"): {
        "result": "Kennisbank",
        "kind": "knowledge_base",
        "owner": "Noor",
        "next_review": "2027-02-15",
        "status": "needs_attention",
        "note": "",
    },
}

BAD_RECORDS = [
    # (exercise, kind, field, value, Dutch, English)
    ("theme_meeting", "theme_meeting", "theme", "  ", "invullen", "answer"),
    ("theme_meeting", "theme_meeting", "date", "24-06-2027", "datum", "date"),
    ("theme_meeting", "theme_meeting", "source", "<b>need</b>", "lijst", "list"),
    ("theme_meeting", "theme_meeting", "host", "x" * 121, "120", "120"),
    ("theme_meeting", "shared_knowledge", "what", "", "invullen", "answer"),
    ("theme_meeting", "shared_knowledge", "for_whom", {"a": 1}, "lezen", "read"),
    ("maintain_results", "maintained_result", "result", None, "invullen", "answer"),
    ("maintain_results", "maintained_result", "kind", "app", "lijst", "list"),
    ("maintain_results", "maintained_result", "next_review", "2027-02-30", "datum", "date"),
    ("maintain_results", "maintained_result", "status", "running late", "lijst", "list"),
    ("maintain_results", "maintained_result", "note", "x" * 1001, "1000", "1000"),
]

test_good_answers, test_bad_answers, test_good_records, test_bad_records = form_table_tests(
    GOOD, BAD, GOOD_RECORDS, BAD_RECORDS
)
