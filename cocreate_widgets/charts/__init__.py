"""Charts: matplotlib figures rendered to SVG text — the one chart library of the suite.

One module per chart family (``likert``, ``bars``, …); ``style`` holds the shared look and
the SVG output. SVG keeps text as text (screen readers, sharp on a projector, vector in
reports). Every chart carries its numbers and uses hatching where colours alone would carry
meaning, so it reads printed in black and white. User text goes through ``chart_label``.
"""

from .bars import bar_chart
from .likert import likert_chart
from .style import chart_label, to_svg

__all__ = ["bar_chart", "chart_label", "likert_chart", "to_svg"]
