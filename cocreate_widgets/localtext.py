"""Texts in more than one language: a plain ``dict`` from language code to text."""

from __future__ import annotations

LocalText = dict[str, str]
"""A text in several languages, e.g. ``{"nl": "Ja", "en": "Yes"}``."""

FALLBACK_LANGUAGES: tuple[str, ...] = ("nl", "en")


def pick(text: LocalText, lang: str) -> str:
    """Return the text in ``lang``; else Dutch, else English, else any language, else ``""``."""
    if not text:
        return ""
    for candidate in (lang, *FALLBACK_LANGUAGES):
        value = text.get(candidate)
        if value:
            return value
    for value in text.values():
        if value:
            return value
    return ""
