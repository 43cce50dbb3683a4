"""Who a row belongs to: a code such as ``P007`` by default, the name only when asked.

Codes follow the roster (everyone who ever joined, in order of joining), so they are stable
within one export and between exports of an unchanged roster. A duplicate merged into
another entry carries the code of the entry it was merged into.

Without names, the names and pseudonyms of the roster that appear as whole words in typed
texts (an answer "Els asks the patients", a record's owner "Sanne") are replaced by the
person's code too: see :class:`Scrubber`. This is case-sensitive, so a pseudonym that is also
an ordinary word ("Roos") only matches where it is written with its capital.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..store.types import Participant

MIN_SCRUB_LENGTH = 2
_WORD = re.compile(r"\w+")


def participant_codes(roster: Iterable[Participant]) -> dict[int, str]:
    """Participant id -> ``P001``-style code, in order of joining (merged: the kept one's)."""
    people = sorted(roster, key=lambda p: p.id)
    width = max(3, len(str(len(people))))
    codes = {p.id: f"P{n:0{width}d}" for n, p in enumerate(people, 1)}
    for p in people:
        if p.merged_into_id is not None and p.merged_into_id in codes:
            codes[p.id] = codes[p.merged_into_id]
    return codes


def participant_labels(roster: Iterable[Participant], *, names: bool) -> dict[int, str]:
    """Participant id -> what the export shows: the code, or the name (else the pseudonym)."""
    people = list(roster)
    if names:
        return {p.id: p.name or p.pseudonym for p in people}
    return participant_codes(people)


class Scrubber:
    """Replaces the roster's names and pseudonyms in a text by the person's code."""

    def __init__(self, replacements: dict[str, str]) -> None:
        self._by_first_word: dict[str, list[tuple[str, str]]] = {}
        self._odd: list[tuple[str, str]] = []
        for said, code in sorted(replacements.items(), key=lambda kv: -len(kv[0])):
            said = said.strip()
            if len(said) < MIN_SCRUB_LENGTH:
                continue
            first = _WORD.match(said)
            if first is None:
                self._odd.append((said, code))
            else:
                self._by_first_word.setdefault(first.group(), []).append((said, code))

    @classmethod
    def for_roster(cls, roster: Iterable[Participant], codes: dict[int, str]) -> Scrubber:
        """A scrubber for every name and pseudonym on the roster (removed people too)."""
        replacements: dict[str, str] = {}
        for p in roster:
            for said in (p.pseudonym, p.name):
                if said and p.id in codes:
                    replacements.setdefault(said.strip(), codes[p.id])
        return cls(replacements)

    def __call__(self, text: str) -> str:
        """The text with every whole-word mention of a name or pseudonym replaced."""
        if not text:
            return text
        for said, code in self._odd:
            text = text.replace(said, code)
        if not self._by_first_word or self._by_first_word.keys().isdisjoint(_WORD.findall(text)):
            return text
        parts: list[str] = []
        done = 0
        for match in _WORD.finditer(text):
            start = match.start()
            if start < done:
                continue
            for said, code in self._by_first_word.get(match.group(), ()):
                end = start + len(said)
                if text.startswith(said, start) and _ends_a_word(text, end, said):
                    parts.append(text[done:start])
                    parts.append(code)
                    done = end
                    break
        if not parts:
            return text
        parts.append(text[done:])
        return "".join(parts)


def _ends_a_word(text: str, end: int, said: str) -> bool:
    if end >= len(text) or not _is_word_char(said[-1]):
        return True
    return not _is_word_char(text[end])


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"
