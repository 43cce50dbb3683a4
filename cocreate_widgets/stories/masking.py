"""Mask what identifies people in a story: names, e-mail addresses, phone numbers, addresses.

Two sources of spans, merged: ``deduce`` (a Dutch de-identification library) finds names,
streets and phone numbers in running Dutch text; own patterns find what it misses (English
street addresses, international and Dutch phone formats, postcodes, e-mail addresses) and
the names of the workshop's roster. The result is the masked text plus every span that was
masked (kind, original, replacement), so a reviewer sees what was taken out.

``deduce`` takes seconds to build: it is built once per process, lazily, on the first call
that needs it. Only the facilitator's kernel masks; a participant's kernel never imports
this module (the masked text is stored by the review).

The text stays plain text: nothing is escaped or interpreted here; whoever shows it escapes.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..answers import clean_text

KINDS = ("email", "phone", "address", "postcode", "name", "number")
"""The kinds of masked spans, strongest first (an overlap keeps the strongest kind)."""

REPLACEMENTS: dict[str, dict[str, str]] = {
    "email": {"nl": "[e-mail]", "en": "[e-mail]"},
    "phone": {"nl": "[telefoon]", "en": "[phone]"},
    "address": {"nl": "[adres]", "en": "[address]"},
    "postcode": {"nl": "[postcode]", "en": "[postcode]"},
    "name": {"nl": "[naam]", "en": "[name]"},
    "number": {"nl": "[nummer]", "en": "[number]"},
}

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
# _EMAIL's spans, found from each "@" (linear; finditer tries every start in a long word)
_EMAIL_LOCAL = re.compile(r"[\w.+-]")
_EMAIL_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
# +31 6 12345678, +31 (0)6-1234 5678, 0031 6 12345678, +44 20 7946 0958
_PHONE_INTERNATIONAL = re.compile(
    r"(?<![\w+])(?:\+|00)\d{1,3}(?:[\s.-]?\(0\))?(?:[\s.-]?\d){7,12}(?!\d)"
)
# 06-12345678, 06 1234 5678, 0512-123456, (0512) 12 34 56, 020 7946 0958
_PHONE_NATIONAL = re.compile(r"(?<![\w(])(?:\(0\d{1,4}\)|0\d{1,4})(?:[\s.-]?\d){5,10}(?!\d)")
_PHONE_DIGITS = (9, 14)  # fewer digits is a date or an amount, not a phone number
_POSTCODE = re.compile(r"(?<!\w)[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}(?!\w)")
_NL_STREET_SUFFIX = (
    "straat|weg|laan|plein|gracht|kade|dijk|singel|pad|steeg|dreef|hof|erf|markt|wal|ring"
    "|allee|baan|veld|kamp|weide|wiek|wieken|akker|haven|park|plantsoen|dam|zijde|stede"
)
_NL_ADDRESS = re.compile(
    rf"(?<!\w)(?:[A-Z][\w'.-]*\s){{0,2}}[A-Z][\w'-]*(?:{_NL_STREET_SUFFIX})"
    r"\s+\d{1,5}(?:\s?[a-zA-Z](?!\w)|-\d{1,4})?(?!\w)"
)
_EN_STREET_SUFFIX = (
    "Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Drive|Dr|Close|Way|Court|Ct|Place|Pl|Square|Sq"
    "|Terrace|Crescent|Gardens|Grove|Row|Hill|Walk|Mews|Parade"
)
_EN_ADDRESS = re.compile(
    rf"(?<!\w)\d{{1,5}}[a-zA-Z]?,?\s+(?:[A-Z][\w'-]*\s){{1,3}}(?:{_EN_STREET_SUFFIX})\b\.?"
)
_NAME_PARTS_IGNORED = {
    "van", "der", "den", "de", "het", "ten", "ter", "te", "in", "'t", "t", "dr", "dr.",
    "mr", "mr.", "mw", "mw.", "dhr", "dhr.", "mevrouw", "meneer", "la", "le", "du", "da",
}  # fmt: skip
_MIN_NAME_PART = 3

# deduce's tags -> our kinds (tags not listed, such as dates, ages and institutions, stay)
_DEDUCE_KINDS = {
    "persoon": "name",
    "patient": "name",
    "emailadres": "email",
    "telefoonnummer": "phone",
    "bsn": "number",
    "id": "number",
    "patientnummer": "number",
}


@dataclass(frozen=True)
class MaskedSpan:
    """One masked part of a text: what it was, where, and what replaced it."""

    kind: str
    original: str
    replacement: str
    start: int
    end: int


@dataclass(frozen=True)
class MaskedText:
    """A text with its identifying parts replaced, and the list of what was replaced."""

    text: str
    spans: tuple[MaskedSpan, ...]

    @property
    def changed(self) -> bool:
        """Whether anything was masked."""
        return bool(self.spans)


_deduce_lock = threading.Lock()
_deduce_instance: Any = None


def deduce_model() -> Any:
    """The one ``deduce.Deduce`` of this process, built on first use (takes seconds)."""
    global _deduce_instance
    with _deduce_lock:
        if _deduce_instance is None:
            _deduce_instance = _quietly_built_deduce()
        return _deduce_instance


def _quietly_built_deduce() -> Any:
    # deduce calls logging.basicConfig(level=DEBUG) on import: every library's debug lines
    # (matplotlib's font search …) would then fill the workbook. Keep the root logger as it was.
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        import deduce

        return deduce.Deduce()
    finally:
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)


def deduce_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of what ``deduce`` finds: names, phones, e-mails, numbers, and
    locations that look like a street address (a street name with a number)."""
    spans = []
    for annotation in deduce_model().deidentify(text).annotations:
        tag = annotation.tag.lower()
        kind = _DEDUCE_KINDS.get(tag)
        if tag == "locatie":
            found = annotation.text
            if _POSTCODE.fullmatch(found):
                kind = "postcode"
            elif re.search(r"\d", found) or re.search(
                rf"(?:{_NL_STREET_SUFFIX})\b", found, re.IGNORECASE
            ):
                kind = "address"
        if kind is not None:
            spans.append((annotation.start_char, annotation.end_char, kind))
    return spans


def name_patterns(names: Iterable[str]) -> list[re.Pattern[str]]:
    """Patterns for the roster's names: each whole name (any case) and each of its parts of
    three letters or more that is not a particle or title (as written, e.g. ``Jansen``)."""
    patterns = []
    seen: set[str] = set()
    for name in names:
        name = " ".join(str(name or "").split())
        if len(name) < 2 or name.casefold() in seen:
            continue
        seen.add(name.casefold())
        patterns.append(re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE))
        for part in name.split(" "):
            bare = part.strip(".,")
            if (
                len(bare) >= _MIN_NAME_PART
                and bare.casefold() not in _NAME_PARTS_IGNORED
                and bare[:1].isupper()
                and bare.casefold() not in seen
            ):
                seen.add(bare.casefold())
                patterns.append(re.compile(rf"(?<!\w){re.escape(bare)}(?!\w)"))
    return patterns


def _email_spans(text: str) -> list[tuple[int, int, str]]:
    """The spans ``_EMAIL.finditer`` finds, in linear time: from each ``@``, the local part
    back to where its characters (or the previous address) end, and the domain after it."""
    spans: list[tuple[int, int, str]] = []
    previous_end = 0
    at = text.find("@")
    while at != -1:
        start = at
        while start > previous_end and _EMAIL_LOCAL.match(text, start - 1):
            start -= 1
        domain = _EMAIL_DOMAIN.match(text, at + 1) if start < at else None
        if domain is not None:
            spans.append((start, domain.end(), "email"))
            previous_end = domain.end()
        at = text.find("@", max(at + 1, previous_end))
    return spans


def pattern_spans(text: str, names: Iterable[str] = ()) -> list[tuple[int, int, str]]:
    """(start, end, kind) of what the own patterns find (no ``deduce``): e-mail addresses,
    phone numbers, postcodes, Dutch and English street addresses, the given names."""
    found: list[tuple[int, int, str]] = list(_email_spans(text))
    for kind, pattern in (
        ("phone", _PHONE_INTERNATIONAL),
        ("phone", _PHONE_NATIONAL),
        ("postcode", _POSTCODE),
        ("address", _NL_ADDRESS),
        ("address", _EN_ADDRESS),
    ):
        found.extend(
            (m.start(), m.end(), kind)
            for m in pattern.finditer(text)
            if kind != "phone"
            or _PHONE_DIGITS[0] <= sum(c.isdigit() for c in m.group()) <= _PHONE_DIGITS[1]
        )
    for pattern in name_patterns(names):
        found.extend((m.start(), m.end(), "name") for m in pattern.finditer(text))
    return found


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping spans become one, of the strongest kind among them."""
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans, key=lambda s: (s[0], -s[1])):
        if merged and start < merged[-1][1]:
            last_start, last_end, last_kind = merged[-1]
            strongest = min(last_kind, kind, key=KINDS.index)
            merged[-1] = (last_start, max(last_end, end), strongest)
        else:
            merged.append((start, end, kind))
    return merged


def mask_text(
    text: str, *, names: Iterable[str] = (), lang: str = "nl", use_deduce: bool = True
) -> MaskedText:
    """The text with names, e-mail addresses, phone numbers, postcodes and street addresses
    replaced by ``[naam]``, ``[e-mail]``, ... (in ``lang``), and the list of what was replaced.

    ``names`` are the names known to the workshop (its roster); ``use_deduce=False`` uses the
    own patterns only (fast, for checking an edited text).
    """
    text = clean_text(str(text or ""))
    spans = pattern_spans(text, names)
    if use_deduce and text.strip():
        spans.extend(deduce_spans(text))
    parts: list[str] = []
    masked: list[MaskedSpan] = []
    position = 0
    for start, end, kind in _merge(spans):
        # keep the spaces and punctuation around a span outside it
        while start < end and not text[start].isalnum() and text[start] not in "+(":
            start += 1
        while end > start and text[end - 1] in " \t\n,;:":
            end -= 1
        if start >= end:
            continue
        replacement = REPLACEMENTS[kind].get(lang, REPLACEMENTS[kind]["en"])
        parts.append(text[position:start])
        parts.append(replacement)
        masked.append(MaskedSpan(kind, text[start:end], replacement, start, end))
        position = end
    parts.append(text[position:])
    return MaskedText("".join(parts), tuple(masked))


def remaining_kinds(text: str, names: Iterable[str] = ()) -> list[str]:
    """The kinds the own patterns still find in an (edited) masked text, strongest first:
    empty when no e-mail address, phone number, postcode, street address or roster name is
    left. ``deduce`` is not asked: the reviewer may keep a word it would flag."""
    kinds = {kind for _start, _end, kind in pattern_spans(text, names)}
    return [kind for kind in KINDS if kind in kinds]
