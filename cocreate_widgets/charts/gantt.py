"""The plan in time: one bar per action, its leader written on the bar, a line for today.

Takes the output of ``analysis.partnership_plan.timeline``. Bars are light with a dark edge
and black text, so they print in black and white; an action whose dates are missing or do
not fit gets no bar but a written remark, so nothing silently drops out of the chart.
"""

from __future__ import annotations

import datetime as dt
import math

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .style import chart_label, to_svg

BAR_FILL = "#c7e9e4"
BAR_EDGE = "#01665e"
MONTHS = {
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
TEXTS = {
    "nl": {
        "today": "vandaag",
        "no_dates": "datum ontbreekt",
        "bad_dates": "einde vóór start",
        "no_owner": "trekker ontbreekt",
    },
    "en": {
        "today": "today",
        "no_dates": "date missing",
        "bad_dates": "ends before start",
        "no_owner": "no lead yet",
    },
}
# At most about this many date labels on the axis (it must fit a phone).
MAX_TICKS = 7
# Figure width and the heights of a label line and of a bar, in inches.
WIDTH = 5.0
LINE = 0.2
BAR = 0.3
LABEL_WIDTH = 58


def _month_formatter(lang: str) -> FuncFormatter:
    names = MONTHS.get(lang, MONTHS["en"])

    def show(value: float, _position: int) -> str:
        day = mdates.num2date(value)
        name = names[day.month - 1]
        return f"{name}\n{day.year}" if day.month == 1 or _position == 0 else name

    return FuncFormatter(show)


def gantt_chart(
    timeline: pd.DataFrame,
    title: str = "",
    today: dt.date | None = None,
    *,
    lang: str = "nl",
) -> str:
    """One bar per action from its start to the end of its last day, its leader on the bar.

    Each action's text is written in full width above its bar (so bars keep the width on a
    phone); dates on the axis below; a dashed line marks ``today`` (default: the real
    today) when it falls inside the plan. ``lang`` (``nl`` or ``en``) chooses the month
    names and the few words the chart writes itself.
    """
    words = TEXTS.get(lang, TEXTS["en"])
    today = today or dt.date.today()
    rows = timeline.reset_index(drop=True)
    whats = rows["what"] if "what" in rows else pd.Series([""] * len(rows), dtype=object)
    labels = [chart_label(what or "—", LABEL_WIDTH) for what in whats]

    dated = rows[rows["days"].notna()] if "days" in rows else rows.iloc[0:0]
    if len(dated):
        first = dated["start"].min()
        last = dated["end"].max() + pd.Timedelta(days=1)
    else:
        first = pd.Timestamp(today).replace(day=1)
        last = first + pd.DateOffset(months=3)
    span = max((last - first).days, 1)
    left = first - pd.Timedelta(days=span * 0.02)
    right = last + pd.Timedelta(days=span * 0.02)
    middle = first + (last - first) / 2

    # Vertical positions in inches from the top: the label lines, then the bar.
    tops, centres, y = [], [], 0.0
    for label in labels:
        tops.append(y)
        y += LINE * (label.count("\n") + 1) + 0.05
        centres.append(y + BAR / 2)
        y += BAR + 0.22
    figure = Figure(figsize=(WIDTH, y + 0.9))
    axes = figure.add_subplot()
    for top, centre, label, (_, row) in zip(tops, centres, labels, rows.iterrows(), strict=True):
        axes.text(
            mdates.date2num(left),
            top,
            label,
            ha="left",
            va="top",
            fontsize=10.5,
            bbox={"facecolor": "#ffffff", "edgecolor": "none", "pad": 0.5},
        )
        owner = row.get("owner")
        has_owner = isinstance(owner, str) and owner.strip() != ""
        owner_text = chart_label(owner, 40).replace("\n", " ") if has_owner else words["no_owner"]
        style = "normal" if has_owner else "italic"
        if pd.isna(row.get("days")):
            remark = words["bad_dates"] if row.get("end_before_start") else words["no_dates"]
            axes.text(
                mdates.date2num(left),
                centre,
                f"{remark} · {owner_text}",
                va="center",
                ha="left",
                fontsize=9.5,
                style="italic",
                bbox={"facecolor": "#ffffff", "edgecolor": "none", "pad": 0.5},
            )
            continue
        start = row["start"]
        end = row["end"] + pd.Timedelta(days=1)
        axes.barh(
            centre,
            mdates.date2num(end) - mdates.date2num(start),
            left=mdates.date2num(start),
            height=BAR,
            color=BAR_FILL,
            edgecolor=BAR_EDGE,
            linewidth=1.0,
        )
        # Written from the start rightwards, or from the end leftwards when the bar starts in
        # the right half, so the name stays inside the plot.
        if start <= middle:
            x, ha = mdates.date2num(start) + span * 0.01, "left"
        else:
            x, ha = mdates.date2num(end) - span * 0.01, "right"
        axes.text(x, centre, owner_text, va="center", ha=ha, fontsize=9.5, style=style)

    if left <= pd.Timestamp(today) <= right:
        x = mdates.date2num(pd.Timestamp(today))
        axes.axvline(x, color="#000000", linestyle="--", linewidth=1.2, zorder=1.5)
        axes.text(x, -0.05, f" {words['today']}", ha="left", va="bottom", fontsize=9.5)

    axes.set_ylim(max(y - 0.1, 0.5), -0.05)
    axes.set_yticks([])
    axes.spines["left"].set_visible(False)
    axes.set_xlim(mdates.date2num(left), mdates.date2num(right))
    months = max(1, round(span / 30.4))
    interval = max(1, math.ceil(months / MAX_TICKS))
    axes.xaxis.set_major_locator(mdates.MonthLocator(interval=interval))
    axes.xaxis.set_major_formatter(_month_formatter(lang))
    axes.tick_params(axis="x", labelsize=10)
    axes.grid(axis="x", color="#cccccc", linewidth=0.6)
    axes.set_axisbelow(True)
    if title:
        axes.set_title(chart_label(title, 50), loc="left", pad=16)
    return to_svg(figure)
