"""The answer controls, without a browser: traits, coercion, front-end files, texts.

Like ipywidgets' own tests, a dummy comm records what the kernel would send, and
messages from the browser are fed to ``_handle_msg`` as the kernel would receive them.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import comm
import pytest

from cocreate_widgets import controls
from cocreate_widgets.controls import (
    AgreementScale,
    ChoiceGroup,
    ClientContext,
    Countdown,
    DateField,
    DotVoting,
    NumberScale,
    PointsAllocation,
    RankingList,
    RepeatingList,
    TextField,
    YesNo,
)
from cocreate_widgets.controls.base import STATIC_DIR, load_esm, read_static
from cocreate_widgets.controls.repeating import normalize_fields
from cocreate_widgets.controls.texts import DEFAULT_TEXTS

OPTIONS = [["a", "Alpha"], ["b", "Beta"], ["c", "Gamma"]]
ALL_WIDGETS = [
    TextField,
    ChoiceGroup,
    YesNo,
    AgreementScale,
    NumberScale,
    RankingList,
    PointsAllocation,
    DotVoting,
    DateField,
    RepeatingList,
    ClientContext,
    Countdown,
]
ANSWER_WIDGETS = [w for w in ALL_WIDGETS if w not in (ClientContext, Countdown)]
JS_FILES = sorted(STATIC_DIR.glob("*.js"))


class RecordingComm:
    """A comm that keeps what the widget sends instead of talking to a kernel."""

    comm_id = "test-comm"
    kernel = "Truthy"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.messages: list[dict[str, Any]] = []

    def open(self, *args: Any, **kwargs: Any) -> None:
        """Nothing to open."""

    def on_msg(self, *args: Any, **kwargs: Any) -> None:
        """Messages are fed in by the test."""

    def send(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        """Record a message to the browser."""
        self.messages.append(data)

    def close(self, *args: Any, **kwargs: Any) -> None:
        """Nothing to close."""


@pytest.fixture(autouse=True)
def dummy_comm(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every widget in these tests gets a recording comm."""
    monkeypatch.setattr(comm, "create_comm", lambda **kwargs: RecordingComm())


def from_browser(widget: Any, **state: Any) -> None:
    """Deliver a state update as the browser (or a crafted message) would send it."""
    widget._handle_msg({"content": {"data": {"method": "update", "state": state}}, "buffers": []})


def sent_values(widget: Any) -> list[Any]:
    """Every ``value`` the kernel sent to the browser."""
    return [
        m["state"]["value"]
        for m in widget.comm.messages
        if isinstance(m, dict) and "value" in m.get("state", {})
    ]


def make(cls: type) -> Any:
    """A widget of ``cls`` with enough settings to draw something."""
    if cls in (ChoiceGroup, RankingList, PointsAllocation, DotVoting):
        return cls(label="Q", options=OPTIONS)
    if cls is RepeatingList:
        return cls(label="Q", fields=[{"id": "goal", "label": "Goal"}])
    if cls in (ClientContext, Countdown):
        return cls()
    return cls(label="Q")


# --- front-end files ------------------------------------------------------------------


@pytest.mark.parametrize("cls", ALL_WIDGETS, ids=lambda c: c.__name__)
def test_widget_ships_its_module_and_stylesheet(cls: type) -> None:
    """Does each widget carry a default-exporting ES module and the shared stylesheet?"""
    widget = make(cls)
    assert "export default" in widget._esm
    assert "function ccShell(" in widget._esm  # common.js comes first
    assert ".cc-field" in widget._css
    assert widget._esm.count("export default") == 1


def test_every_static_file_is_used_and_no_network() -> None:
    """Is every file in static/ used, and does none load anything from the network?"""
    used = "".join(cls.esm_source() + cls.css_source() for cls in ALL_WIDGETS)
    for path in STATIC_DIR.iterdir():
        text = path.read_text(encoding="utf-8")
        assert text.strip()[:40] in used, f"{path.name} is not used by any widget"
        assert not re.search(r"https?://", text), f"{path.name} refers to the network"
        assert not re.search(r"^\s*import\s", text, re.M), f"{path.name} imports a module"


@pytest.mark.parametrize("path", JS_FILES, ids=lambda p: p.name)
def test_no_javascript_parses_text_as_markup(path: Path) -> None:
    """Is user text never put into the page as HTML (innerHTML and friends)?"""
    text = path.read_text(encoding="utf-8")
    for bad in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "createContextualFragment",
        "DOMParser",
        "srcdoc",
        "eval(",
        "new Function",
    ):
        assert bad not in text, f"{path.name} uses {bad}"


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.parametrize("cls", ALL_WIDGETS, ids=lambda c: c.__name__)
def test_module_is_valid_javascript(cls: type, tmp_path: Path) -> None:
    """Does node accept each widget's module (common.js + its own file) as an ES module?"""
    module = tmp_path / f"{cls.__name__}.mjs"
    module.write_text(cls.esm_source(), encoding="utf-8")
    result = subprocess.run(
        ["node", "--check", str(module)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_load_esm_puts_common_helpers_first() -> None:
    """Does a module start with the shared helpers?"""
    assert load_esm("text.js").startswith((STATIC_DIR / "common.js").read_text()[:60])


# --- interface texts ------------------------------------------------------------------


def _text_keys_used_in_js() -> set[str]:
    keys: set[str] = set()
    for path in JS_FILES:
        text = path.read_text(encoding="utf-8")
        keys |= set(re.findall(r"ccText(?:List)?\(model, \"(\w+)\"", text))
        for pair in re.findall(r'text\(over \? "(\w+)" : "(\w+)"', text):
            keys |= set(pair)
    return keys


def test_every_interface_word_the_browser_asks_for_is_translated() -> None:
    """Does every texts key used by the JS exist in Dutch and in English?"""
    used = _text_keys_used_in_js()
    assert {"moved", "points_left", "reconnecting", "counter_over"} <= used
    for lang, texts in DEFAULT_TEXTS.items():
        missing = used - texts.keys()
        assert not missing, f"{lang} lacks {sorted(missing)}"


def _holes(template: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", template))


def test_dutch_and_english_texts_have_the_same_keys_and_placeholders() -> None:
    """Do both languages have the same keys, with the same {placeholders}?"""
    nl, en = DEFAULT_TEXTS["nl"], DEFAULT_TEXTS["en"]
    assert nl.keys() == en.keys()
    for key, value in nl.items():
        if isinstance(value, str):
            assert _holes(value) == _holes(en[key]), key
    assert len(nl["agreement_labels"]) == len(en["agreement_labels"]) == 5


def test_texts_passed_in_are_kept_and_the_rest_defaults_to_the_language() -> None:
    """Are passed texts kept, with defaults for the language filling the gaps?"""
    widget = YesNo(lang="en", texts={"yes": "Sure"})
    assert widget.texts["yes"] == "Sure"
    assert widget.texts["no"] == "No"
    widget.lang = "nl"
    assert widget.texts["yes"] == "Sure"
    assert widget.texts["no"] == "Nee"


def test_texts_are_sent_to_the_browser() -> None:
    """Does the browser get the full texts dict in the widget state?"""
    widget = AgreementScale(lang="en", texts={"agreement_labels": list("12345")})
    state = widget.get_state()
    assert state["texts"]["agreement_labels"] == list("12345")
    assert state["texts"]["clear_choice"] == "Clear choice"
    assert state["lang"] == "en"


def test_unknown_language_falls_back_to_dutch() -> None:
    """Does an unknown language get the Dutch words?"""
    assert TextField(lang="fy").texts["required_mark"] == DEFAULT_TEXTS["nl"]["required_mark"]


@pytest.mark.parametrize("cls", ANSWER_WIDGETS, ids=lambda c: c.__name__)
def test_common_traits_are_synced(cls: type) -> None:
    """Does every answer field sync label, help, required, disabled, error, texts, lang?"""
    label = "<img src=x onerror=alert(1)> $x$"
    widget = make(cls)
    widget.label = label
    widget.help = "Take your time"
    widget.required = True
    widget.disabled = True
    widget.error = "Please answer"
    state = widget.get_state()
    for key in ("label", "help", "required", "disabled", "error", "texts", "lang", "value"):
        assert key in state
    assert state["label"] == label
    widget.clear()
    assert widget.error == ""


# --- values per widget ----------------------------------------------------------------


def test_text_field_keeps_long_text_and_strings_only() -> None:
    """Is a too-long text kept whole (the form judges it) and a non-string emptied?"""
    field = TextField(max_length=5, multiline=True)
    field.value = "much longer than five"
    assert field.value == "much longer than five"
    from_browser(field, value=12)
    assert field.value == ""
    from_browser(field, value="draft")
    assert field.value == "draft"


def test_single_choice_value_is_an_id_or_none() -> None:
    """Does a single choice hold one id string or None?"""
    group = ChoiceGroup(options=OPTIONS)
    assert group.value is None
    from_browser(group, value="b")
    assert group.value == "b"
    from_browser(group, value=["a"])
    assert group.value is None


def test_multiple_choice_value_is_a_list_in_option_order() -> None:
    """Does a multiple choice hold unique ids in option order?"""
    group = ChoiceGroup(options=OPTIONS, multiple=True)
    assert group.value == []
    from_browser(group, value=["c", "a", "a", 3])
    assert group.value == ["a", "c"]
    from_browser(group, value={"a": 1})
    assert group.value == []


def test_options_accept_pairs_dicts_and_strings() -> None:
    """Are options in several shapes normalised to [id, label] pairs?"""
    group = ChoiceGroup(options=[("a", "Alpha"), {"id": "b", "label": "Beta"}, "c", 5, ["a", "X"]])
    assert group.options == [["a", "Alpha"], ["b", "Beta"], ["c", "c"]]


def test_yes_no_is_true_false_or_none() -> None:
    """Does YesNo keep booleans only?"""
    widget = YesNo()
    assert widget.value is None
    from_browser(widget, value=False)
    assert widget.value is False
    from_browser(widget, value="yes")
    assert widget.value is None


def test_agreement_is_one_to_five() -> None:
    """Does the agreement scale keep 1..5 and drop the rest?"""
    widget = AgreementScale()
    from_browser(widget, value=5)
    assert widget.value == 5
    for bad in (0, 6, True, "x", 2.5, None):
        from_browser(widget, value=bad)
        assert widget.value is None, bad
    from_browser(widget, value=3.0)
    assert widget.value == 3


def test_number_scale_respects_its_range() -> None:
    """Does a scale keep numbers within min..max, also after the range changes?"""
    widget = NumberScale(min=1, max=7, min_label="Not at all", max_label="Very much")
    from_browser(widget, value=7)
    assert widget.value == 7
    from_browser(widget, value=8)
    assert widget.value is None
    widget.value = 6
    widget.max = 5
    assert widget.value is None
    assert NumberScale().min == 0 and NumberScale().max == 10


def test_ranking_starts_in_option_order_and_stays_a_permutation() -> None:
    """Is a ranking always every option id once, best first?"""
    ranking = RankingList(options=OPTIONS)
    assert ranking.value == ["a", "b", "c"]
    from_browser(ranking, value=["c", "a", "b"])
    assert ranking.value == ["c", "a", "b"]
    from_browser(ranking, value=["b", "b", "zzz"])
    assert ranking.value == ["b", "a", "c"]
    ranking.options = [*OPTIONS, ["d", "Delta"]]
    assert ranking.value == ["b", "a", "c", "d"]


def test_points_allocation_holds_whole_points_for_every_option() -> None:
    """Does the allocation hold an int >= 0 per option, and report what is left?"""
    points = PointsAllocation(options=OPTIONS)
    assert points.total == 100 and points.step == 5
    assert points.value == {"a": 0, "b": 0, "c": 0}
    assert points.left == 100
    from_browser(points, value={"a": 50, "b": "15", "c": -5, "evil": 99})
    assert points.value == {"a": 50, "b": 15, "c": 0}
    assert points.left == 35
    points.value = {"a": 120}
    assert points.left == -20


def test_dot_voting_holds_dots_per_option() -> None:
    """Does dot voting hold an int per option and count the dots left?"""
    voting = DotVoting(options=OPTIONS, dots=5, max_per_option=3)
    from_browser(voting, value={"a": 3, "b": 1})
    assert voting.value == {"a": 3, "b": 1, "c": 0}
    assert voting.left == 1
    from_browser(voting, value=[1, 2])
    assert voting.value == {"a": 0, "b": 0, "c": 0}


def test_date_field_holds_an_iso_date_or_empty() -> None:
    """Does a date field keep real ISO dates only?"""
    field = DateField(min_date="2024-01-01", max_date="2030-12-31")
    assert field.value == ""
    from_browser(field, value="2025-03-07")
    assert field.value == "2025-03-07"
    for bad in ("2025-02-30", "7-3-2025", 20250307, "2025-03-07T10:00"):
        from_browser(field, value=bad)
        assert field.value == "", bad
    field.value = dt.date(2026, 1, 2)
    assert field.value == "2026-01-02"


def test_repeating_list_items_hold_a_string_per_field() -> None:
    """Does a repeating list start with blank items and keep a string per field?"""
    fields = [
        {"id": "goal", "label": "Goal", "multiline": True, "max_length": 300},
        {"id": "when", "label": "By when", "type": "date"},
        {"label": "no id"},
    ]
    goals = RepeatingList(fields=fields, min_items=2, max_items=4, item_label="Goal {n}")
    assert [f["id"] for f in goals.fields] == ["goal", "when"]
    assert goals.value == [{"goal": "", "when": ""}, {"goal": "", "when": ""}]
    from_browser(
        goals,
        value=[{"goal": "Walk", "when": "2025-06-01", "x": "y"}, {"goal": 5}, "junk"],
    )
    assert goals.value == [{"goal": "Walk", "when": "2025-06-01"}, {"goal": "", "when": ""}]
    assert goals.filled_items() == [{"goal": "Walk", "when": "2025-06-01"}]
    goals.item_errors = [{}, {"goal": "Please describe the goal"}]
    assert goals.get_state()["item_errors"][1] == {"goal": "Please describe the goal"}


ITEM_FIELDS = [
    {"id": "name", "label": "Name", "type": "text", "required": True, "max_length": 80},
    {
        "id": "level",
        "label": "Level",
        "type": "choice",
        "options": [{"id": "team", "label": "Team"}, ["region", "<b>Region</b>"], 7],
    },
    {
        "id": "energy",
        "label": "Energy",
        "type": "scale",
        "min": 1,
        "max": 5,
        "min_label": "little",
        "max_label": "a lot",
    },
]


def test_choice_and_scale_fields_reach_the_browser_with_options_and_range() -> None:
    """Does the browser get the options as [{id, label}] and the scale's range and labels?"""
    goals = RepeatingList(fields=ITEM_FIELDS)
    name, level, energy = goals.get_state()["fields"]
    assert name["type"] == "text" and name["required"] is True and name["max_length"] == 80
    assert level["type"] == "choice" and level["required"] is False
    assert level["options"] == [
        {"id": "team", "label": "Team"},
        {"id": "region", "label": "<b>Region</b>"},
    ]
    assert level["max_length"] == 0 and not level["multiline"]
    assert {k: energy[k] for k in ("type", "min", "max", "min_label", "max_label")} == {
        "type": "scale",
        "min": 1,
        "max": 5,
        "min_label": "little",
        "max_label": "a lot",
    }
    assert goals.value == [{"name": "", "level": "", "energy": None}]


def test_field_specs_accept_question_type_names_and_fix_a_broken_scale() -> None:
    """Are single_choice/scale/long_text understood, and an unusable range replaced?"""
    fields = normalize_fields(
        [
            {"id": "a", "type": "single_choice", "options": [["x", "X"]]},
            {"id": "b", "type": "scale", "min": 5, "max": 5},
            {"id": "c", "type": "long_text"},
            {"id": "d", "type": ["odd"]},
        ]
    )
    assert [f["type"] for f in fields] == ["choice", "scale", "text", "text"]
    assert (fields[1]["min"], fields[1]["max"]) == (0, 10)
    assert fields[0]["options"] == [{"id": "x", "label": "X"}]


def test_item_choice_must_be_an_option_and_scale_a_whole_number_in_range() -> None:
    """Does a crafted item keep only option ids and whole numbers in min..max?"""
    goals = RepeatingList(fields=ITEM_FIELDS)
    from_browser(
        goals,
        value=[
            {"name": "A", "level": "team", "energy": 5},
            {"name": "B", "level": "boss", "energy": 6},
            {"name": "C", "level": 1, "energy": True},
            {"name": "D", "level": ["team"], "energy": 2.5},
            {"name": "E", "level": "region", "energy": "3"},
            {"name": "F", "level": None, "energy": 0},
        ],
    )
    assert [(i["level"], i["energy"]) for i in goals.value] == [
        ("team", 5),
        ("", None),
        ("", None),
        ("", None),
        ("region", 3),
        ("", None),
    ]
    assert sent_values(goals)[-1] == goals.value


def test_filled_items_understands_numbers() -> None:
    """Does an item with only a number count as filled, and an empty one not (no crash)?"""
    fields = [*ITEM_FIELDS[:2], {"id": "zero", "type": "scale", "min": 0, "max": 3}]
    goals = RepeatingList(fields=fields)
    goals.value = [
        {"name": " ", "level": "", "zero": None},
        {"name": "", "level": "", "zero": 0},
        {"name": "", "level": "team", "zero": None},
    ]
    assert goals.filled_items() == [
        {"name": "", "level": "", "zero": 0},
        {"name": "", "level": "team", "zero": None},
    ]


def test_item_form_draws_choice_and_scale_as_labelled_selects() -> None:
    """Does the item form use a native <select>, a "choose" entry and the end labels?"""
    js = read_static("repeating.js")
    assert 'ccEl("select"' in js and 'ccText(model, "choose")' in js
    assert '"cc-sublabel", for: id' in js
    assert "`${n} – ${spec.min_label}`" in js and "`${n} – ${spec.max_label}`" in js
    assert DEFAULT_TEXTS["nl"]["choose"] == "Kies…" and DEFAULT_TEXTS["en"]["choose"] == "Choose…"


def test_kernel_sends_the_cleaned_value_back() -> None:
    """After a malformed value from the browser, does the kernel send the cleaned value?"""
    ranking = RankingList(options=OPTIONS)
    from_browser(ranking, value=["c"])
    assert sent_values(ranking)[-1] == ["c", "a", "b"]


@pytest.mark.parametrize("cls", ANSWER_WIDGETS, ids=lambda c: c.__name__)
@pytest.mark.parametrize(
    "bad", [None, 1e308, {"__proto__": 1}, [[[]]], "x" * 10, True, -1], ids=repr
)
def test_a_crafted_value_never_raises(cls: type, bad: Any) -> None:
    """Does any value from the browser leave the widget with a value of the right shape?"""
    widget = make(cls)
    from_browser(widget, value=bad)
    assert widget.coerce_value(widget.value) == widget.value


# --- client context -------------------------------------------------------------------


def test_client_context_receives_query_and_device() -> None:
    """Does the kernel get the query string and the stored device as str dicts?"""
    client = ClientContext(lang="en")
    assert client.stale_after == 8 and client.dead_after == 45
    assert not client.connected
    from_browser(
        client,
        query={"code": "ABC123", "n": 5, "bad": {"x": 1}},
        device={"id": "dev-1"},
        connected=True,
    )
    assert client.query == {"code": "ABC123", "n": "5"}
    assert client.device == {"id": "dev-1"}
    assert client.connected
    from_browser(client, device="not a dict")
    assert client.device == {}


def test_client_context_heartbeat_counts_up() -> None:
    """Does beat() increase the heartbeat the browser watches?"""
    client = ClientContext()
    assert client.beat() == 1
    assert client.beat() == 2
    assert client.get_state()["heartbeat"] == 2
    assert {"reconnecting", "reload", "reload_button"} <= client.texts.keys()


def test_public_api_lists_every_widget() -> None:
    """Does controls export every widget?"""
    for cls in ALL_WIDGETS:
        assert getattr(controls, cls.__name__) is cls


def test_front_end_protocol_matches_anywidget():
    """Do our widgets announce exactly what anywidget's own class announces?"""
    import anywidget

    from cocreate_widgets.controls import TextField

    ours, theirs = TextField().get_state(), anywidget.AnyWidget().get_state()
    for key in (
        "_model_name",
        "_model_module",
        "_model_module_version",
        "_view_name",
        "_view_module",
        "_view_module_version",
    ):
        assert ours[key] == theirs[key], key
    assert ours["_esm"].startswith(read_static("common.js")[:40])
    assert ours["_anywidget_id"] == "cocreate_widgets.controls.text.TextField"


def test_controls_do_not_import_anywidget_in_the_kernel():
    """Is anywidget's Python side (and psygnal) kept out of a participant's kernel?"""
    import subprocess
    import sys

    code = (
        "import sys; import cocreate_widgets.controls as c; c.TextField(); "
        "print('anywidget' in sys.modules, 'psygnal' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
