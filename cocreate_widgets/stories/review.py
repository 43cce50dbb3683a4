"""The review of experience stories: nothing is shown or published before a facilitator approved it.

A story is one participant's answer to the ``experience_story`` exercise. Its review is one
record of kind ``story_review`` on the run (declared in ``experience_story.yaml``):
``story_key`` (``"<run id>:<participant id>"``), ``status`` (approved or rejected),
``masked_text`` (the text as approved, names and numbers masked), ``reason`` (why it was
rejected, kept) and ``reviewed_at`` (UTC, ISO). A story its author changed after the review
is pending again: the review only counts for the version it saw.

Every place a story leaves the kernel asks this module: the patterns' stories behind
(:func:`stories_frame` carries the status), the static page (:func:`publishable`), and the
room's revealed result (:func:`room_answers`). Masking (``deduce``) is imported only when a
text is masked, so reading reviews stays light.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..answers import AnswerError, clean_text, validate_answer
from ..exercises.model import Exercise
from ..i18n import t
from ..store import Store
from ..store.base import utcnow
from ..store.types import Answer, Record, Run

if TYPE_CHECKING:
    import pandas as pd

EXERCISE_ID = "experience_story"
REVIEW_KIND = "story_review"
STORY = "story"
THEMES = "themes"
NEIGHBOURHOOD = "neighbourhood"
PUBLISH = "publish"
NAME_AS = "name_as"
NAME_TEXT = "name_text"
PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
STATUSES = (PENDING, APPROVED, REJECTED)

_DISPLAY_NAME = re.compile(r"[^\W\d_]+(?:[ '.-]{1,2}[^\W\d_]+){0,2}\.?")
_MAX_NAME = 30


class ReviewError(ValueError):
    """A review that cannot be saved; ``key`` names the message in the catalogue."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def message(self, lang: str) -> str:
        """The message in the user's language."""
        return t(self.key, lang, **self.values)


@dataclass(frozen=True)
class Story:
    """One participant's story with its review state."""

    key: str
    run_id: int
    workshop_id: int
    participant_id: int
    text: str
    themes: tuple[str, ...]
    neighbourhood: str
    publish: bool
    name_as: str
    name_text: str
    submitted_at: datetime
    status: str = PENDING
    masked_text: str = ""
    reason: str = ""
    reviewed_at: str = ""
    review_id: int | None = None
    review_version: int | None = None
    edited_after_review: bool = False

    @property
    def publishable(self) -> bool:
        """Approved and its author agreed to publication."""
        return self.status == APPROVED and self.publish


def story_key(run_id: int, participant_id: int) -> str:
    """The key that links a story to its review: ``"<run id>:<participant id>"``."""
    return f"{int(run_id)}:{int(participant_id)}"


def story_runs(store: Store, workshop_id: int) -> list[Run]:
    """The workshop's runs of the experience-story exercise that have been opened."""
    return [
        r
        for r in store.runs(workshop_id)
        if r.question_set.get("id") == EXERCISE_ID and r.state != "draft"
    ]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def run_stories(store: Store, run: Run, answers: Sequence[Answer] | None = None) -> list[Story]:
    """The stories of one run, in order of the participants, each with its review state."""
    answers = store.answers(run.id) if answers is None else answers
    values: dict[int, dict[str, Any]] = {}
    submitted: dict[int, datetime] = {}
    for answer in answers:
        values.setdefault(answer.participant_id, {})[answer.question_id] = answer.value
        submitted[answer.participant_id] = max(
            submitted.get(answer.participant_id, answer.submitted_at), answer.submitted_at
        )
    reviews = _reviews(store, run)
    stories = []
    for participant_id, given in values.items():
        text = _text(given.get(STORY)).strip()
        if not text:
            continue
        themes = given.get(THEMES)
        story = Story(
            key=story_key(run.id, participant_id),
            run_id=run.id,
            workshop_id=run.workshop_id,
            participant_id=participant_id,
            text=text,
            themes=tuple(themes) if isinstance(themes, list) else (),
            neighbourhood=_text(given.get(NEIGHBOURHOOD)),
            publish=given.get(PUBLISH) == "yes",
            name_as=_text(given.get(NAME_AS)) or "anonymous",
            name_text=_text(given.get(NAME_TEXT)).strip(),
            submitted_at=submitted[participant_id],
        )
        stories.append(_with_review(story, reviews.get(story.key)))
    return stories


def workshop_stories(store: Store, workshop_id: int) -> list[Story]:
    """The stories of every experience-story run of a workshop."""
    return [story for run in story_runs(store, workshop_id) for story in run_stories(store, run)]


def _reviews(store: Store, run: Run) -> dict[str, Record]:
    """Story key -> its review record (the latest when there are several)."""
    found: dict[str, Record] = {}
    for record in store.records(workshop_id=run.workshop_id, kind=REVIEW_KIND, run_id=run.id):
        key = str(record.data.get("story_key", ""))
        if key not in found or record.updated_at >= found[key].updated_at:
            found[key] = record
    return found


def _with_review(story: Story, record: Record | None) -> Story:
    if record is None:
        return story
    data = record.data
    try:
        reviewed = datetime.fromisoformat(str(data.get("reviewed_at", "")))
    except ValueError:
        reviewed = None
    common = {"review_id": record.id, "review_version": record.version}
    status = data.get("status")
    if reviewed is None or reviewed < story.submitted_at or status not in (APPROVED, REJECTED):
        # changed by its author after the review: the review saw another text
        return replace(story, edited_after_review=True, **common)
    return replace(
        story,
        status=status,
        masked_text=_text(data.get("masked_text")),
        reason=_text(data.get("reason")),
        reviewed_at=str(data.get("reviewed_at")),
        **common,
    )


def roster_names(store: Store, workshop_id: int) -> list[str]:
    """The pseudonyms and names of the workshop's participants: masked wherever they appear."""
    names: list[str] = []
    for person in store.roster(workshop_id, include_removed=True):
        names.extend(n for n in (person.pseudonym, person.name) if n)
    return names


def check_masked_text(text: str, names: Iterable[str] = ()) -> str:
    """The reviewer's masked text, cleaned; ``ReviewError`` when it is empty or an e-mail
    address, phone number, postcode, street address or roster name is still in it."""
    from .masking import remaining_kinds

    cleaned = clean_text(str(text or "")).strip()
    if not cleaned:
        raise ReviewError("stories.error.empty_text")
    left = remaining_kinds(cleaned, names)
    if left:
        raise ReviewError("stories.error.still_identifying", kinds=", ".join(left))
    return cleaned


def _save(
    store: Store, story: Story, exercise: Exercise, data: dict[str, Any], lang: str
) -> Record:
    """Validate the review against its record kind and add or update the story's record."""
    kind = exercise.record_kind(REVIEW_KIND)
    try:
        cleaned = {f.id: validate_answer(f, data.get(f.id), lang) for f in kind.fields}
    except AnswerError as error:
        raise ReviewError("stories.error.invalid", detail=str(error)) from error
    if story.review_id is not None and story.review_version is not None:
        return store.update_record(story.review_id, cleaned, expected_version=story.review_version)
    return store.add_record(
        REVIEW_KIND, cleaned, workshop_id=story.workshop_id, run_id=story.run_id
    )


def approve_story(
    store: Store,
    story: Story,
    exercise: Exercise,
    masked_text: str,
    *,
    names: Iterable[str] = (),
    lang: str = "nl",
) -> Record:
    """Approve the story with this masked text (checked by :func:`check_masked_text`)."""
    cleaned = check_masked_text(masked_text, names)
    data = {
        "story_key": story.key,
        "status": APPROVED,
        "masked_text": cleaned,
        "reason": "",
        "reviewed_at": utcnow().isoformat(),
    }
    return _save(store, story, exercise, data, lang)


def reject_story(
    store: Store, story: Story, exercise: Exercise, reason: str, *, lang: str = "nl"
) -> Record:
    """Reject the story; the reason is required and kept with the review."""
    reason = str(reason or "").strip()
    if not reason:
        raise ReviewError("stories.error.reason_required")
    data = {
        "story_key": story.key,
        "status": REJECTED,
        "masked_text": "",
        "reason": reason,
        "reviewed_at": utcnow().isoformat(),
    }
    return _save(store, story, exercise, data, lang)


def valid_display_name(name: str) -> bool:
    """A first name or pseudonym to publish under: one to three words of letters (with
    ``-``, ``'`` or ``.`` between), at most 30 characters, no digits or ``@``."""
    name = " ".join(str(name or "").split())
    return 0 < len(name) <= _MAX_NAME and _DISPLAY_NAME.fullmatch(name) is not None


def display_name(story: Story, lang: str) -> str:
    """The name the story is published under: the chosen first name or pseudonym when it is
    a valid one, else "anonymous" in ``lang``."""
    name = " ".join(story.name_text.split())
    if story.name_as in ("first_name", "pseudonym") and valid_display_name(name):
        return name
    return t("stories.anonymous", lang)


def name_problem(story: Story) -> bool:
    """The author chose a name but gave none, or one that cannot be published."""
    return story.name_as in ("first_name", "pseudonym") and not valid_display_name(story.name_text)


def publishable(stories: Iterable[Story]) -> list[Story]:
    """The stories that may go on the page: approved and agreed to by their author."""
    return [s for s in stories if s.publishable]


def room_answers(
    store: Store, run: Run, exercise: Exercise, answers: Sequence[Answer]
) -> list[Answer]:
    """The answers the room may see of an experience-story run: the story text only of a
    publishable story, and then as masked and approved; never the typed name."""
    stories = {s.participant_id: s for s in run_stories(store, run, answers)}
    kept = []
    for answer in answers:
        if answer.question_id == NAME_TEXT:
            continue
        if answer.question_id == STORY:
            story = stories.get(answer.participant_id)
            if story is None or not story.publishable:
                continue
            answer = replace(answer, value=story.masked_text)
        kept.append(answer)
    return kept


def stories_frame(stories: Iterable[Story], lang: str = "nl") -> pd.DataFrame:
    """One row per story for the analysis: key, themes, neighbourhood, status, publish,
    name (as published) and masked_text (empty unless approved)."""
    import pandas as pd

    columns = ["key", "themes", "neighbourhood", "status", "publish", "name", "masked_text"]
    rows = [
        (
            s.key,
            list(s.themes),
            s.neighbourhood,
            s.status,
            s.publish,
            display_name(s, lang),
            s.masked_text if s.status == APPROVED else "",
        )
        for s in stories
    ]
    return pd.DataFrame(rows, columns=columns)
