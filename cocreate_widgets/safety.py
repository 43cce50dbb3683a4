"""Callbacks that never show a traceback: errors are logged and the user gets a plain message."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from html import escape
from typing import Any

log = logging.getLogger("cocreate")


def notice_html(text: str, kind: str = "info") -> str:
    """A message box as HTML; ``text`` is escaped, ``kind`` is info, success, warning or error."""
    role = "alert" if kind in ("warning", "error") else "status"
    if not text:
        return ""
    return f'<div class="cc-notice cc-notice-{escape(kind)}" role="{role}">{escape(text)}</div>'


def safe_callback(on_error: Callable[[BaseException], Any]) -> Callable:
    """Decorate a widget callback: an exception is logged and handed to ``on_error``.

    ipywidgets would otherwise print the traceback into the page.
    """

    def decorate(function: Callable) -> Callable:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return function(*args, **kwargs)
            except Exception as error:  # shown to a user as a plain sentence, logged in full
                log.exception("callback %s failed", function.__name__)
                try:
                    on_error(error)
                except Exception:
                    log.exception("error handler failed too")
                return None

        return wrapper

    return decorate
