"""How participants get in: the join link and its QR code (made locally, no web service)."""

from __future__ import annotations

import io
import os
from urllib.parse import urlencode

import segno

from ..store.types import Workshop

DEFAULT_PARTICIPANT_URL = "http://127.0.0.1:8866/"


def participant_url() -> str:
    """The address phones use: ``COCREATE_PUBLIC_URL`` (set by ``cocreate serve``)."""
    return os.environ.get("COCREATE_PUBLIC_URL", DEFAULT_PARTICIPANT_URL)


def join_link(workshop: Workshop, base_url: str | None = None) -> str:
    """The link that opens the participant app with the code filled in."""
    base = (base_url or participant_url()).rstrip("/")
    return f"{base}/?{urlencode({'code': workshop.join_code})}"


def qr_svg(link: str, scale: int = 8) -> str:
    """The QR code of ``link`` as inline SVG (dark on white, with a quiet zone)."""
    buffer = io.BytesIO()
    segno.make(link, error="m").save(
        buffer, kind="svg", scale=scale, border=4, xmldecl=False, svgns=True, title=None
    )
    return buffer.getvalue().decode("utf-8")
