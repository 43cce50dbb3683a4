"""The generic quadrant map (the power/interest grid of the citizen platform): any columns,
corner names by place, escaped text, and the energy map drawn by it unchanged."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pandas as pd

from cocreate_widgets.analysis.stakeholders import QUADRANT_CORNERS
from cocreate_widgets.charts.energy import energy_map, quadrant_map

SVG = "{http://www.w3.org/2000/svg}"
CORNERS = {
    "top_right": "Nauw betrekken",
    "top_left": "Tevreden houden",
    "bottom_right": "Op de hoogte houden",
    "bottom_left": "In de gaten houden",
}


def texts(svg: str) -> list[str]:
    return ["".join(node.itertext()) for node in ET.fromstring(svg).iter(f"{SVG}text")]


def parties(n: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "party": [f"Partij {chr(65 + i)}" for i in range(n)],
            "interest": [1 + (i * 7 % 5) for i in range(n)],
            "power": [1 + (i * 3 % 5) for i in range(n)],
            "mentions": [n - i for i in range(n)],
        }
    )


def grid(data: pd.DataFrame, **words) -> str:
    return quadrant_map(
        data,
        name_column="party",
        x_column="interest",
        y_column="power",
        x_label=words.pop("x_label", "Betrokkenheid"),
        y_label=words.pop("y_label", "Invloed"),
        corner_labels=words.pop("corner_labels", CORNERS),
        **words,
    )


def test_axis_titles_corner_names_and_party_names_are_written():
    data = parties(12)
    data.loc[11, "power"] = None
    shown = texts(grid(data, size_label="Genoemd door", unplaced_label="niet gescoord"))
    for expected in ["Betrokkenheid", "Invloed", "Genoemd door"]:
        assert expected in shown, expected
    words = " ".join(shown)
    for expected in CORNERS.values():  # a long corner name is wrapped
        assert expected in words, expected
    for name in data["party"][:10]:
        assert name in shown, name
    assert "1.  Partij K" in words and "Partij L (niet gescoord)" in words


def test_a_missing_size_column_draws_every_marker_alike_and_text_is_escaped():
    data = pd.DataFrame({"party": ["<b>x</b> $5"], "interest": [4.0], "power": [2.0]})
    svg = grid(data, title="<b>", corner_labels={"top_left": "<i>"})
    assert "<b>" not in svg and "&lt;b&gt;x" in svg and "&lt;i&gt;" in svg
    assert "<b>x</b> $5" in texts(svg)
    assert grid(data) == grid(data)  # stable


def test_every_stakeholder_quadrant_has_a_corner():
    assert set(QUADRANT_CORNERS.values()) == set(CORNERS)


def test_the_energy_map_is_this_map_with_its_own_columns():
    data = pd.DataFrame(
        {
            "initiative": ["Buurtkamer", "Moestuin", "Spreekuur"],
            "energy": [4.5, 2.0, 4.0],
            "friction": [1.5, 4.0, 4.5],
            "mentions": [3, 1, 2],
        }
    )
    names = {"go": "Aansluiten", "push": "Steunen", "wake": "Aanwakkeren", "park": "Parkeren"}
    by_energy = energy_map(data, x_label="Wrijving", y_label="Energie", quadrant_labels=names)
    by_map = quadrant_map(
        data,
        name_column="initiative",
        x_column="friction",
        y_column="energy",
        x_label="Wrijving",
        y_label="Energie",
        corner_labels={
            "top_left": "Aansluiten",
            "top_right": "Steunen",
            "bottom_left": "Aanwakkeren",
            "bottom_right": "Parkeren",
        },
    )
    assert by_energy == by_map
