"""The shared look of every chart, and SVG output. One module per chart family sits beside it.

SVG keeps text as text (readable by screen readers, sharp on a projector, vector in
reports). Bars carry their numbers, and the disagree side of a Likert chart is hatched, so
a chart also reads printed in black and white. User text is escaped for mathtext (a ``$``
in a label stays a dollar sign); the SVG writer escapes it as XML.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from html import escape

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402

from ..answers import clean_text  # noqa: E402

matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",
        "svg.hashsalt": "cocreate",
        "font.family": ["DejaVu Sans", "sans-serif"],
        "font.size": 11,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)

LIKERT_COLOURS = ("#8c510a", "#d8b365", "#d9d9d9", "#5ab4ac", "#01665e")
LIKERT_HATCHES = ("//", "/", "", "", "")
BAR_COLOUR = "#01665e"
LABEL_WIDTH = 34
LABEL_MAX = 140


def chart_label(text: str, width: int = LABEL_WIDTH) -> str:
    """User text made safe and short for a chart: mathtext escaped, shortened, wrapped."""
    text = " ".join(clean_text(str(text)).split())
    if len(text) > LABEL_MAX:
        text = text[: LABEL_MAX - 1] + "…"
    # escape each line after wrapping: a wrap between "\\" and "$" would unescape the "$"
    lines = textwrap.wrap(text, width)
    return "\n".join(line.replace("\\", "\\\\").replace("$", r"\$") for line in lines) or " "


def to_svg(figure: Figure) -> str:
    """The figure as SVG text (text kept as text, no timestamps: stable in tests)."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def label_lines(labels: Sequence[str]) -> float:
    """Average number of wrapped lines per label, to size the figure."""
    if not labels:
        return 1.0
    return sum(chart_label(label).count("\n") + 1 for label in labels) / len(labels)


def figure_html(svg: str, description: str) -> str:
    """A chart in a page: the SVG in a figure whose (escaped) description screen readers read."""
    return f"<figure class='cc-chart' role='img' aria-label='{escape(description)}'>{svg}</figure>"
