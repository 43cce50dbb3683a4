"""Finding personal data in stored values, and taking it out.

Pure helpers for :mod:`.privacy` (one person's export and erasure) and :mod:`.retention`
(a workshop's purge): which questions of a question set hold free text, which record kinds
and fields name people, where a participant's id or name occurs in JSON data, and how to
remove it there; HTML of a stored result as plain text.
"""

from __future__ import annotations

import re
from datetime import datetime
from html.parser import HTMLParser
from typing import Any

TEXT_TYPES = ("short_text", "long_text")
LIST_TYPE = "repeating_list"
STORY_REVIEW_KIND = "story_review"
PARTNER_MATCHING_KIND = "partner_matching"
# kinds whose whole record is about named participants: deleted on purge
PERSONAL_KINDS = (STORY_REVIEW_KIND, PARTNER_MATCHING_KIND)
# record fields that hold a person's typed name: emptied on purge in a workshop's own records
# (a community's records carry over its waves and keep them; they lose roster names only)
PERSON_FIELDS: dict[str, tuple[str, ...]] = {
    "goal": ("owner",),
    "action": ("owner", "others"),
    "mandate": ("delegate",),
    "core_member": ("name",),
    "invitee": ("name", "invited_by"),
    "embed_action": ("owner",),
    "join_initiative": ("who",),
    "development": ("who", "contact"),
    "exchange_session": ("host",),
    "maintained_result": ("owner",),
    "lobby_contact": ("who",),
    "improvement": ("who",),
    "team_assignment": ("commissioner",),
    "theme_meeting": ("host",),
    "check_decision": ("relationship_keeper",),
    "stakeholder": ("contact",),
}
# the texts of a question set (a vote's options may be built from what people proposed)
TEXT_KEYS = ("label", "help", "title", "intro", "item_label", "min_label", "max_label")
ID_KEYS = ("participant_id", "participant_ids", "member_ids", "members")
REMOVED_MARK = "…"
ERASED_PSEUDONYM = {"nl": "Gewist", "en": "Erased"}
PURGED_PSEUDONYM = {"nl": "Deelnemer {n}", "en": "Participant {n}"}
MIN_WORD_MATCH = 2


def iso_or_none(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def pick_text(text: Any, lang: str) -> str:
    """A text of a ``{lang: text}`` dict in ``lang``, else Dutch, English or any."""
    if isinstance(text, dict):
        for key in (lang, "nl", "en"):
            if text.get(key):
                return str(text[key])
        return next((str(v) for v in text.values() if v), "")
    return "" if text is None else str(text)


class _TextOnly(HTMLParser):
    """Collects the text of an HTML fragment, one line per block."""

    BLOCKS = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "section", "br", "table"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("script", "style", "svg"):
            self._skip += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "svg") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The readable text of an HTML fragment (charts and markup left out)."""
    parser = _TextOnly()
    parser.feed(html or "")
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def questions_by_id(question_set: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {str(q.get("id")): q for q in question_set.get("questions") or [] if isinstance(q, dict)}


def free_text_questions(question_set: dict[str, Any]) -> tuple[set[str], dict[str, set[str]]]:
    """The ids of a run's text questions, and per list question the ids of its text fields."""
    texts: set[str] = set()
    list_fields: dict[str, set[str]] = {}
    for qid, question in questions_by_id(question_set).items():
        if question.get("type") in TEXT_TYPES:
            texts.add(qid)
        elif question.get("type") == LIST_TYPE:
            fields = {
                str(f.get("id"))
                for f in question.get("fields") or []
                if isinstance(f, dict) and f.get("type") in TEXT_TYPES
            }
            if fields:
                list_fields[qid] = fields
    return texts, list_fields


def strip_list_text(value: Any, fields: set[str]) -> Any:
    """A list answer with the text fields of every item taken out."""
    if not isinstance(value, list):
        return value
    return [
        {k: v for k, v in item.items() if k not in fields} if isinstance(item, dict) else item
        for item in value
    ]


class NameScrubber:
    """The names and pseudonyms to find in records, as whole values and as whole words."""

    def __init__(self, names: set[str]) -> None:
        self.raw = {n.strip() for n in names if n and n.strip()}
        self.exact = {n.strip().casefold() for n in names if n and n.strip()}
        words = sorted(
            (n.strip() for n in names if n and len(n.strip()) >= MIN_WORD_MATCH),
            key=len,
            reverse=True,
        )
        self.pattern = (
            # case kept: a name in a sentence is capitalised, "wil" (Dutch "want") is no "Wil"
            re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)")
            if words
            else None
        )

    def __bool__(self) -> bool:
        return bool(self.exact)

    def mentioned_in(self, value: Any) -> bool:
        """Whether a name occurs anywhere in this JSON value."""
        if isinstance(value, str):
            return value.strip().casefold() in self.exact or bool(
                self.pattern and self.pattern.search(value)
            )
        if isinstance(value, dict):
            return any(self.mentioned_in(v) for v in value.values())
        if isinstance(value, list):
            return any(self.mentioned_in(v) for v in value)
        return False

    def scrub(self, value: Any) -> Any:
        """The value with every name taken out: a whole value emptied (left out of a list),
        a name inside a longer text replaced by a neutral mark."""
        if isinstance(value, str):
            if value.strip().casefold() in self.exact:
                return ""
            return self.pattern.sub(REMOVED_MARK, value) if self.pattern else value
        if isinstance(value, dict):
            return {k: self.scrub(v) for k, v in value.items()}
        if isinstance(value, list):
            kept = [v for v in value if not (isinstance(v, str) and self.scrub(v) == "")]
            return [self.scrub(v) for v in kept]
        return value

    def scrub_texts(self, value: Any) -> Any:
        """Names inside the texts of a question set (labels, help, titles) replaced by a
        neutral mark; ids and everything else left as they are."""
        if isinstance(value, dict):
            return {
                k: self._scrub_words(v) if k in TEXT_KEYS else self.scrub_texts(v)
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [self.scrub_texts(v) for v in value]
        return value

    def _scrub_words(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.pattern.sub(REMOVED_MARK, value) if self.pattern else value
        if isinstance(value, dict):
            return {k: self._scrub_words(v) for k, v in value.items()}
        return value


def story_owner(data: dict[str, Any]) -> int | None:
    key = str(data.get("story_key", ""))
    _, _, owner = key.partition(":")
    return int(owner) if owner.isdigit() else None


def mentions_ids(kind: str, data: dict[str, Any], ids: set[int]) -> bool:
    if kind == STORY_REVIEW_KIND:
        return story_owner(data) in ids
    if kind == PARTNER_MATCHING_KIND:
        return any(m in ids for g in data.get("groups") or [] for m in g)
    return any(ids_in(data.get(key), ids) for key in ID_KEYS)


def ids_in(value: Any, ids: set[int]) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value in ids
    if isinstance(value, list):
        return any(ids_in(v, ids) for v in value)
    return False


def without_ids(kind: str, data: dict[str, Any], ids: set[int]) -> dict[str, Any]:
    """The record's data with these participant ids taken out."""
    result = dict(data)
    if kind == PARTNER_MATCHING_KIND:
        groups = [[m for m in g if m not in ids] for g in data.get("groups") or []]
        result["groups"] = [g for g in groups if g]
    for key in ID_KEYS:
        value = result.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value in ids:
            result[key] = None
        elif isinstance(value, list):
            result[key] = [v for v in value if not (isinstance(v, int) and v in ids)]
    return result
