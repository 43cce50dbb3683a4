"""The plan charts: the Gantt chart of the actions and the 5 × 5 risk matrix."""

from __future__ import annotations

import datetime as dt
import re
import warnings
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from cocreate_widgets.analysis.partnership_plan import risk_table, timeline
from cocreate_widgets.charts.gantt import gantt_chart
from cocreate_widgets.charts.risk import risk_matrix

NASTY = "Kosten <b>$x$</b> 🎉 & meer"
SVG_NS = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> list[str]:
    """Every text in the SVG, as a reader sees it (XML parsed, so escapes undone)."""
    root = ET.fromstring(svg)
    return ["".join(node.itertext()) for node in root.iter(f"{SVG_NS}text")]


def render(function, *args, **kwargs) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # no emoji glyph in DejaVu Sans
        return function(*args, **kwargs)


@pytest.fixture
def plan() -> pd.DataFrame:
    return timeline(
        pd.DataFrame(
            [
                {
                    "what": "Cursus opzetten",
                    "owner": "Sanne",
                    "start": "2027-02-01",
                    "end": "2027-05-31",
                },
                {
                    "what": NASTY,
                    "owner": "Dr. <i>Jansen</i>",
                    "start": "2027-06-01",
                    "end": "2027-11-30",
                },
                {"what": "Zonder datum", "owner": "", "start": "", "end": ""},
                {
                    "what": "Achterstevoren",
                    "owner": "Ilse",
                    "start": "2027-09-01",
                    "end": "2027-08-01",
                },
            ]
        )
    )


def test_gantt_is_valid_svg_with_text_kept_literal(plan):
    svg = render(gantt_chart, plan, title="Plan $5 <script>", today=dt.date(2027, 4, 1))
    shown = texts(svg)
    assert "<script>" not in svg and "<b>" not in svg and "<i>" not in svg
    assert any("Kosten <b>$x$</b> 🎉 & meer" in t for t in shown)
    assert "Dr. <i>Jansen</i>" in shown and "Sanne" in shown
    assert any("Plan $5 <script>" in t for t in shown)


def test_gantt_draws_a_bar_per_dated_action_and_writes_the_rest(plan):
    svg = render(gantt_chart, plan, today=dt.date(2027, 4, 1), lang="en")
    shown = texts(svg)
    bars = re.findall(r'<g id="patch_\d+">\s*<path[^>]*?style="fill: #c7e9e4', svg)
    assert len(bars) == 2
    assert "date missing · no lead yet" in shown
    assert "ends before start · Ilse" in shown
    assert " today" in shown
    assert "2027" in shown  # the year under the first month
    assert {"Mar", "May", "Jul", "Sep", "Nov"} <= set(shown)


def test_gantt_month_names_follow_the_language_and_today_outside_is_not_drawn(plan):
    svg = render(gantt_chart, plan, today=dt.date(2030, 1, 1), lang="nl")
    shown = texts(svg)
    assert any(t in ("mrt", "mei", "jul", "sep", "nov") for t in shown)
    assert " vandaag" not in shown
    assert "datum ontbreekt · trekker ontbreekt" in shown


def test_gantt_of_an_empty_plan_still_renders():
    svg = render(gantt_chart, timeline(pd.DataFrame()), today=dt.date(2027, 1, 15))
    ET.fromstring(svg)


@pytest.fixture
def risks() -> pd.DataFrame:
    return risk_table(
        pd.DataFrame(
            [
                {"description": "ICT te laat", "likelihood": 4, "impact": 4},
                {"description": NASTY, "likelihood": 4, "impact": 4},
                {"description": "Weinig deelnemers", "likelihood": 2, "impact": 3},
                {"description": "Niet ingeschat", "likelihood": None, "impact": None},
            ]
        )
    )


def test_risk_matrix_numbers_and_legend(risks):
    svg = render(risk_matrix, risks, title="Risico's & <b>kansen</b>")
    shown = texts(svg)
    # Each number is a tick on both axes; a marker adds one more.
    assert [shown.count(n) for n in ("1", "2", "3", "4", "5")] == [3, 3, 3, 2, 2]
    legend = "\n".join(shown)
    assert "1.  ICT te laat (score 16)" in legend
    assert "2.  Kosten <b>$x$</b> 🎉 & meer (score 16)" in legend
    assert "3.  Weinig deelnemers (score 6)" in legend
    assert "4.  Niet ingeschat (niet ingeschat)" in legend
    assert any("Risico's & <b>kansen</b>" in t for t in shown)
    assert "<b>" not in svg


def test_risk_matrix_shades_cells_by_level_and_takes_raw_records():
    raw = pd.DataFrame([{"description": "Eén", "likelihood": 1, "impact": 5}])
    svg = render(risk_matrix, raw, lang="en")
    shown = texts(svg)
    assert "1.  Eén (score 5)" in "\n".join(shown)
    assert "low (1–4)" in shown and "high (10–25)" in shown
    # 25 cells: 8 low, 7 medium, 10 high (bands up to 4, 5–9, 10 and above).
    assert svg.count("fill: #f2f2f2") == 8 + 1  # plus the legend patch
    assert svg.count("fill: #fdd49e") == 7 + 1
    assert svg.count("fill: url(#h") == 10 + 1  # high is hatched over its colour


def test_risk_matrix_without_risks_renders():
    ET.fromstring(render(risk_matrix, risk_table(pd.DataFrame())))
