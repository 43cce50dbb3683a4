"""The wave dumbbell: valid SVG, every number written, user text escaped and literal, the
two waves told apart by shape, and the same content as text."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pandas as pd

from cocreate_widgets.charts.waves import describe_waves, wave_dumbbell

SVG = "{http://www.w3.org/2000/svg}"
TRICKY = "Kosten $x$ <b>vet</b> & 😀"


def texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "item": ["Eén vast aanspreekpunt", "Blijven bewegen", "Hulp thuis", TRICKY],
            "before": [50.0, 30.0, math.nan, 20.0],
            "after": [50.0, 50.0, 30.0, math.nan],
        }
    )


def test_every_item_and_number_is_written_and_nothing_says_nan():
    svg = wave_dumbbell(table(), "Ronde 1", "Ronde 2", title="Behoeften", value_label="% koos")
    shown = texts(svg)
    for expected in [
        "Eén vast aanspreekpunt",
        "Blijven bewegen",
        "Hulp thuis",
        "Ronde 1",
        "Ronde 2",
        "Behoeften",
        "% koos",
        "30",
        "20",
    ]:
        assert expected in shown, expected
    assert shown.count("50") >= 3  # 50 → 50 twice, 30 → 50 once
    assert "nan" not in " ".join(shown).lower()


def test_user_text_is_escaped_and_literal():
    svg = wave_dumbbell(table(), TRICKY, TRICKY, title=TRICKY)
    assert "<b>" not in svg and "&lt;b&gt;" in svg
    shown = " ".join(texts(svg))
    assert "$x$" in shown and "<b>vet</b>" in shown and "😀" in shown and "\\$" not in shown


def test_numbers_of_one_row_do_not_overlap():
    """The lower number sits left of its marker, the higher right: never on top of each other."""
    row = pd.DataFrame({"item": ["Dicht bij elkaar"], "before": [40.0], "after": [42.0]})
    root = ET.fromstring(wave_dumbbell(row, "Ronde 1", "Ronde 2"))
    anchors = {}
    for node in root.iter(f"{SVG}text"):
        text = "".join(node.itertext())
        if text in {"40", "42"}:
            anchors[text] = node.get("style") or ""
    assert "text-anchor: end" in anchors["40"] and "text-anchor: end" not in anchors["42"]


def test_values_outside_the_range_widen_it_and_an_empty_table_renders():
    wide = pd.DataFrame({"item": ["a"], "before": [4.2], "after": [7.5]})
    assert "7.5" in texts(wave_dumbbell(wide, "1", "2", value_range=(1, 5), number_format="{:.1f}"))
    empty = pd.DataFrame(columns=["item", "before", "after"])
    assert texts(wave_dumbbell(empty, "Ronde 1", "Ronde 2")) is not None


def test_the_description_says_the_same_as_the_chart():
    text = describe_waves(table(), "Gekozen, ronde 1 → 2:")
    assert text.startswith("Gekozen, ronde 1 → 2: Eén vast aanspreekpunt: 50 → 50;")
    assert "Hulp thuis: – → 30" in text and f"{' '.join(TRICKY.split())}: 20 → –" in text
    assert describe_waves(table().iloc[0:0], "Niets:") == "Niets:"
