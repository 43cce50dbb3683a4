"""Small HTML tables for the console; every cell is escaped."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape


def html_table(headers: Sequence[str], rows: Iterable[Sequence[object]], caption: str = "") -> str:
    """A table with column headers; cell values are shown as plain text."""
    head = "".join(f"<th scope='col'>{escape(str(h))}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(cell))}</td>" for cell in row) + "</tr>" for row in rows
    )
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return (
        f"<table class='cc-table'>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )
