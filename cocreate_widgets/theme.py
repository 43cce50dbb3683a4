"""The suite's stylesheet, shown once at the top of every app and workbook."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import ipywidgets as widgets

THEME = Path(__file__).with_name("static") / "theme.css"


@cache
def theme_css() -> str:
    """The stylesheet text (our own file: no user text in it)."""
    return THEME.read_text(encoding="utf-8")


def stylesheet() -> widgets.HTML:
    """A widget that carries the stylesheet into the page."""
    return widgets.HTML(f"<style>{theme_css()}</style>")
