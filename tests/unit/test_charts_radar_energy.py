"""The radar chart and the energy map: valid SVG, text escaped, NaN handled, labels apart."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from matplotlib.transforms import Bbox

from cocreate_widgets.charts import energy_map, radar_chart
from cocreate_widgets.charts.energy import _place, _spots

SVG = "{http://www.w3.org/2000/svg}"
TRICKY = "Invloed <script>alert(1)</script> $5"
AXES = ["Dialoog", "Vertrouwen", "Doel", "Vragen", "Invloed"]
QUADRANTS = {"go": "Aansluiten", "push": "Steunen", "wake": "Aanwakkeren", "park": "Parkeren"}


def texts(svg: str) -> list[str]:
    """All text in the SVG as a reader (or screen reader) gets it."""
    root = ET.fromstring(svg)
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def dashed_paths(svg: str) -> list[ET.Element]:
    root = ET.fromstring(svg)
    return [n for n in root.iter(f"{SVG}path") if "stroke-dasharray" in (n.get("style") or "")]


def width_in_inches(svg: str) -> float:
    return float(ET.fromstring(svg).get("width").removesuffix("pt")) / 72


# --- radar -------------------------------------------------------------------------------


def test_radar_writes_every_value_axis_and_series_name():
    svg = radar_chart(
        {"jij": [4, 2, 5, 3, 1], "groep": [3.6, 2.25, 4.0, 3.0, 2.4]}, AXES, title="Vaardigheden"
    )
    shown = texts(svg)
    for expected in [*AXES, "jij", "groep", "Vaardigheden", "4", "5", "1", "3.6", "2.4"]:
        assert expected in shown, expected
    assert "4.0" in shown and "3.0" in shown  # a mean keeps its decimal, an own score not
    assert dashed_paths(svg), "the second series is dashed, so it reads in black and white"


def test_radar_user_text_is_escaped_and_literal():
    svg = radar_chart({TRICKY: [1, 2, 3, 4, 5]}, [*AXES[:4], TRICKY], title=TRICKY)
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    shown = " ".join(texts(svg))
    assert "alert(1)" in shown and "$5" in shown
    assert "\\$" not in shown  # the mathtext escape does not leak into the text


def test_radar_skips_nan_and_draws_an_all_nan_series_as_nothing():
    svg = radar_chart(
        {"jij": [math.nan] * 5, "groep": [3.5, pd.NA, 4.0, None, 2.5]}, AXES, title="t"
    )
    shown = texts(svg)
    assert "nan" not in " ".join(shown).lower()
    assert "jij" not in shown  # nothing to show: not in the legend either
    assert "groep" in shown and "3.5" in shown and "2.5" in shown
    assert ET.fromstring(radar_chart({"a": [math.nan] * 3}, ["x", "y", "z"])) is not None


def test_radar_is_stable_and_checks_the_number_of_values():
    series = {"jij": [1, 2, 3], "groep": [2.0, 2.0, 2.0]}
    assert radar_chart(series, ["a", "b", "c"]) == radar_chart(series, ["a", "b", "c"])
    with pytest.raises(ValueError, match="3 axes"):
        radar_chart({"jij": [1, 2]}, ["a", "b", "c"])
    assert ET.fromstring(radar_chart({}, [])) is not None


def test_radar_fits_a_phone():
    svg = radar_chart({"jij": [1, 2, 3, 4, 5]}, ["Vertrouwen opbouwen met diverse mensen"] * 5)
    assert width_in_inches(svg) < 7.5


# --- energy map --------------------------------------------------------------------------


def energy_data(count: int) -> pd.DataFrame:
    names = [f"Initiatief {chr(65 + i)}" for i in range(count)]
    return pd.DataFrame(
        {
            "initiative": names,
            "energy": [1 + (i * 7 % 9) / 2 for i in range(count)],
            "friction": [1 + (i * 4 % 9) / 2 for i in range(count)],
            "mentions": [count - i for i in range(count)],
        }
    )


def draw(data: pd.DataFrame, **words) -> str:
    return energy_map(
        data,
        x_label=words.pop("x_label", "Wrijving"),
        y_label=words.pop("y_label", "Energie"),
        quadrant_labels=words.pop("quadrant_labels", QUADRANTS),
        **words,
    )


def test_energy_map_names_the_biggest_and_numbers_the_rest_in_a_key():
    data = energy_data(13)
    data.loc[12, "energy"] = math.nan  # cannot be placed
    svg = draw(data, title="Energie", size_label="Genoemd door", unplaced_label="niet gescoord")
    shown = texts(svg)
    for name in data["initiative"][:10]:
        assert name in shown, name
    key = " ".join(shown)
    assert "1.  Initiatief K" in key and "2.  Initiatief L" in key
    assert "Initiatief M (niet gescoord)" in key and "3." not in key
    assert "Initiatief K" not in shown  # numbered on the map, named in the key only
    for expected in [*QUADRANTS.values(), "Wrijving", "Energie", "Genoemd door", "1", "2"]:
        assert expected in shown, expected
    assert "13" in shown and "7" in shown  # the size legend: 1, half and most mentions
    assert width_in_inches(svg) < 6.5  # readable on a phone


def test_energy_map_user_text_is_escaped_and_literal():
    data = pd.DataFrame(
        {"initiative": [TRICKY], "energy": [4.0], "friction": [2.0], "mentions": [2]}
    )
    svg = draw(
        data,
        x_label=TRICKY,
        y_label=TRICKY,
        title=TRICKY,
        quadrant_labels={"go": TRICKY},
        size_label=TRICKY,
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    shown = " ".join(texts(svg))
    assert "$5" in shown and "\\$" not in shown


def test_energy_map_of_nothing_and_missing_quadrant_names_still_renders():
    empty = pd.DataFrame(columns=["initiative", "energy", "friction", "mentions"])
    shown = texts(draw(empty, quadrant_labels={"go": "Aansluiten"}))
    assert "Aansluiten" in shown and "Steunen" not in shown
    single = draw(energy_data(1))
    assert "Initiatief A" in texts(single)
    assert draw(energy_data(6)) == draw(energy_data(6))  # stable output


def label_boxes(svg: str, names: list[str]) -> list[tuple[float, float, float, float]]:
    """Lower-bound boxes (x0, y0, x1, y1) of the one-line labels, from the SVG text."""
    boxes = []
    root = ET.fromstring(svg)
    for node in root.iter(f"{SVG}text"):
        text = "".join(node.itertext())
        if text not in names:
            continue
        style = node.get("style") or ""
        size = float(re.search(r"font-size: ([\d.]+)px", style).group(1))
        anchor = re.search(r"text-anchor: (\w+)", style).group(1)
        x, y = float(node.get("x")), float(node.get("y"))
        width = 0.5 * size * len(text)  # narrower than DejaVu Sans: overlaps found are real
        x0 = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
        boxes.append((x0, y - 0.7 * size, x0 + width, y))
    return boxes


def test_energy_map_labels_of_initiatives_on_one_spot_do_not_pile_up():
    data = pd.DataFrame(
        {
            "initiative": ["Moestuin", "Taalcafé", "Buurtapp", "Jongerenraad", "Koffie"],
            "energy": [4.0, 4.0, 4.0, 4.0, 4.2],
            "friction": [2.0, 2.0, 2.0, 2.0, 2.2],
            "mentions": [3, 2, 1, 1, 2],
        }
    )
    boxes = label_boxes(draw(data), list(data["initiative"]))
    assert len(boxes) == 5
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, (a, b)


def test_spots_set_coinciding_points_apart_and_leave_others():
    points = [(2.0, 4.0), (2.0, 4.0), (2.0, 4.0), (4.0, 1.0)]
    moved = _spots(points)
    assert len(set(moved[:3])) == 3
    assert all(math.dist(p, (2.0, 4.0)) > 0.1 for p in moved[:3])
    assert moved[3] == (4.0, 1.0)


def test_place_finds_a_free_spot_beside_the_marker():
    own = Bbox.from_bounds(95, 95, 10, 10)
    right = Bbox.from_bounds(108, 90, 60, 20)  # a label already to the right
    frame = Bbox.from_bounds(0, 0, 300, 300)
    ox, oy, ha, va, box = _place(own, (40, 12), 8, [own, right], [], [right], frame)
    assert ha == "right" and va == "center"  # the next choice: to the left
    assert (ox, oy) == pytest.approx((-8, 0))
    assert box.x1 <= own.x0 and not box.overlaps(right)
