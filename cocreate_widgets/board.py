"""A board of cards in columns (learnings by audience, ideas by theme), as escaped HTML.

Columns wrap under each other on a phone; each column is a list with a heading, so a screen
reader reads it as "audience, 3 items". Empty columns say so rather than vanish, because an
audience nobody thought of is itself a finding.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

import ipywidgets as widgets


def board_html(
    columns: Mapping[str, Sequence[tuple[str, str]]], empty_text: str, title: str = ""
) -> str:
    """Columns of cards: heading -> [(card text, small caption), ...], all escaped."""
    parts = [f"<div class='cc-board' role='region' aria-label='{escape(title)}'>"]
    for heading, cards in columns.items():
        items = "".join(
            f"<li class='cc-card'>{escape(text)}"
            + (f"<span class='cc-card-by'>{escape(caption)}</span>" if caption else "")
            + "</li>"
            for text, caption in cards
        )
        if not cards:
            items = f"<li class='cc-card cc-card-empty'>{escape(empty_text)}</li>"
        parts.append(
            f"<section class='cc-board-column'><h4>{escape(heading)} "
            f"<span class='cc-count'>({len(cards)})</span></h4><ul>{items}</ul></section>"
        )
    parts.append("</div>")
    return "".join(parts)


def board(columns: Mapping[str, Sequence[tuple[str, str]]], empty_text: str, title: str = ""):
    """The board as a widget for a workbook."""
    return widgets.HTML(board_html(columns, empty_text, title))


def board_from(
    frame,
    group_column: str,
    text_column: str,
    caption_column: str,
    labels: Mapping[str, str],
    empty_text: str,
    title: str = "",
):
    """A board from a table: one column per key of ``labels`` (in that order, also when
    empty), then any other group found; each row of ``frame`` is a card in its column."""
    columns: dict[str, list[tuple[str, str]]] = {labels[key]: [] for key in labels}
    for row in frame.to_dict("records"):
        heading = labels.get(row[group_column], str(row[group_column]))
        caption = row.get(caption_column)
        columns.setdefault(heading, []).append(
            (str(row[text_column]), "" if caption is None else str(caption))
        )
    return board(columns, empty_text, title)
