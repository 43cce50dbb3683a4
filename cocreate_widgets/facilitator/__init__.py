"""The facilitator's side: console, projector view, live results, reveal, records."""

from .console import Console
from .join_info import join_link, qr_svg
from .projector import ProjectorView
from .record_editor import RecordEditor, decision_kind
from .reveal import reveal_run

__all__ = [
    "Console",
    "ProjectorView",
    "RecordEditor",
    "decision_kind",
    "join_link",
    "qr_svg",
    "reveal_run",
]
