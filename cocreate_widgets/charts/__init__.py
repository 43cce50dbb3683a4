"""Charts: matplotlib figures rendered to SVG text — the one chart library of the suite.

One module per chart family (``likert``, ``bars``, ``heatmap``, ``trend``, ``gantt``,
``risk``, ``radar``, ``energy``); ``style`` holds the shared look and the SVG output. SVG
keeps text as text (screen readers, sharp on a projector, vector in reports). Every chart carries its numbers
and uses hatching or line styles where colour alone would carry meaning, so it reads printed
in black and white. User text goes through ``chart_label``.
"""

from .bars import bar_chart
from .energy import energy_map
from .gantt import gantt_chart
from .heatmap import heatmap
from .likert import likert_chart
from .radar import radar_chart
from .risk import risk_matrix
from .style import chart_label, figure_html, to_svg
from .trend import trend_chart

__all__ = [
    "bar_chart",
    "chart_label",
    "energy_map",
    "figure_html",
    "gantt_chart",
    "heatmap",
    "likert_chart",
    "radar_chart",
    "risk_matrix",
    "to_svg",
    "trend_chart",
]
