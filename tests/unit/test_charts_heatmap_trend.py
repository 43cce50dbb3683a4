"""The heatmap and trend charts: valid SVG, user text escaped and literal, numbers shown."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pandas as pd

from cocreate_widgets.charts.heatmap import heatmap
from cocreate_widgets.charts.trend import trend_chart

SVG = "{http://www.w3.org/2000/svg}"
TRICKY = "Kosten $x$ <b>vet</b> & 😀"


def texts(svg: str) -> list[str]:
    """All text in the SVG as a reader (or screen reader) gets it."""
    root = ET.fromstring(svg)
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def test_heatmap_is_valid_svg_with_every_number_and_a_dash_for_empty_cells():
    matrix = pd.DataFrame(
        {"Minder opnames": [8.5, math.nan], "Regie": [3.0, 10.0]},
        index=["Vereniging", "Praktijk"],
    )
    svg = heatmap(matrix, title="Belangen", value_label="Belang (0-10)")
    shown = texts(svg)
    for expected in ["8.5", "3", "10", "–", "Minder opnames", "Regie", "Praktijk", "Belangen"]:
        assert expected in shown, expected
    assert "Belang (0-10)" in shown


def test_heatmap_user_text_is_escaped_and_literal():
    matrix = pd.DataFrame({TRICKY: [4.0]}, index=[TRICKY])
    svg = heatmap(matrix, title=TRICKY, value_label=TRICKY)
    assert "<b>" not in svg and "&lt;b&gt;" in svg
    shown = " ".join(texts(svg))
    assert "$x$" in shown and "<b>vet</b>" in shown and "😀" in shown
    assert "\\$" not in shown  # the mathtext escape does not leak into the text


def test_heatmap_of_an_empty_matrix_still_renders():
    assert texts(heatmap(pd.DataFrame(dtype=float))) is not None


def test_wide_heatmap_is_turned_so_its_long_side_runs_down():
    matrix = pd.DataFrame([[1.0] * 8], index=["Enige partner"], columns=[f"T{i}" for i in range(8)])
    root = ET.fromstring(heatmap(matrix))
    width, height = (float(root.get(k).removesuffix("pt")) for k in ("width", "height"))
    assert height > width  # eight themes down, one partner across
    shown = texts(heatmap(matrix))
    assert all(f"T{i}" in shown for i in range(8)) and "Enige partner" in shown


def trend_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "wave": [1, 2, 3, 1, 3],
            "series": ["Patiënten", "Patiënten", "Patiënten", TRICKY, TRICKY],
            "mean": [2.25, math.nan, 4.5, 3.0, 3.75],
        }
    )


def test_trend_chart_writes_each_value_and_leaves_gaps():
    svg = trend_chart(trend_table(), title="Gehoord", y_label="Gemiddeld", x_label="Bijeenkomst")
    shown = texts(svg)
    for expected in ["2.2", "4.5", "3.0", "3.8", "Gehoord", "Gemiddeld", "Bijeenkomst"]:
        assert expected in shown, expected
    assert "nan" not in " ".join(shown).lower()
    assert sum(s in {"1", "2", "3"} for s in shown) >= 3  # every wave on the axis
    root = ET.fromstring(svg)
    lines = [
        node for node in root.iter(f"{SVG}path") if "stroke-dasharray" in (node.get("style") or "")
    ]
    assert lines, "the second series is dashed, so the chart reads in black and white"


def test_trend_chart_user_text_is_escaped_and_literal():
    svg = trend_chart(trend_table(), title=TRICKY, y_label=TRICKY)
    assert "<b>" not in svg and "&lt;b&gt;" in svg
    shown = " ".join(texts(svg))
    assert "$x$" in shown and "😀" in shown and "\\$" not in shown


def test_trend_chart_other_column_names_and_empty_table():
    table = pd.DataFrame({"session": [1, 2], "side": ["a", "a"], "mean": [1.0, 5.0]})
    shown = texts(trend_chart(table, x="session", series="side"))
    assert "1.0" in shown and "5.0" in shown
    empty = pd.DataFrame(columns=["wave", "series", "mean"])
    assert ET.fromstring(trend_chart(empty)) is not None
