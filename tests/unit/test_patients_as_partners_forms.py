"""Bad input in the patients-as-partners forms: a clear message per question, in the
participant's language, and crafted values (a widget message can set anything) refused."""

from __future__ import annotations

from form_cases import form_table_tests

GOOD = {
    "find_partner": {"themes": ["access", "carers"], "idea": "Minder wachten"},
    "leadership_skills": {
        "dialogue": 3,
        "trust_diverse": 4,
        "common_goal": 2,
        "good_questions": 5,
        "influence": 1,
        "development_goal": "Doorvragen",
    },
    "follow_energy": {
        "initiatives": [{"initiative": "Buurtkamer", "place": "", "energy": 4, "friction": 2}]
    },
    "embed_levels": {
        "activities": [{"activity": "Cliëntenraad", "level": "team", "depth": "advising"}]
    },
    "learn_share": {
        "learnings": [{"learning": "Vraag door", "audience": "own_team", "channel": "meeting"}]
    },
    "partner_agreement": {"common_goal": "Samen de wachtlijst korter"},
}

BAD = [
    # (exercise, question, value, what the Dutch message says, what the English one says)
    ("find_partner", "themes", [], "invullen", "answer"),
    (
        "find_partner",
        "themes",
        ["access", "carers", "medication", "loneliness", "information", "prevention"],
        "5",
        "5",
    ),
    ("find_partner", "themes", ["access", "<script>"], "lijst", "list"),
    ("find_partner", "idea", "   ", "invullen", "answer"),
    ("leadership_skills", "dialogue", 9, "1", "1"),
    ("leadership_skills", "influence", "veel", "getal", "number"),
    (
        "follow_energy",
        "initiatives",
        [{"initiative": "Buurtkamer", "energy": 7, "friction": 2}],
        "Energie",
        "energy",
    ),
    (
        "follow_energy",
        "initiatives",
        [{"initiative": "", "energy": 3, "friction": 2}],
        "Naam",
        "Name",
    ),
    (
        "embed_levels",
        "activities",
        [{"activity": "Raad", "level": "heaven", "depth": "advising"}],
        "Niveau",
        "level",
    ),
    (
        "embed_levels",
        "activities",
        [{"activity": "Raad", "level": "team"}],
        "inspraak",
        "participation",
    ),
    ("learn_share", "learnings", [{"learning": "x", "audience": "=HYPERLINK()"}], "Wie", "Who"),
    ("partner_agreement", "first_step_date", "32-13-2027", "datum", "date"),
]

test_good_answers, test_bad_answers = form_table_tests(GOOD, BAD)
