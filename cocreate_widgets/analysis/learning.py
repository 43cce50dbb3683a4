"""Learn and share (King's Fund, "Patients as partners", 2016): what we learnt, for whom.

Exercise ``learn_share``: under ``learnings`` everyone lists what they learnt, each item
with the ``audience`` who should hear it (``AUDIENCES``) and the ``channel`` to reach them
(``CHANNELS``). ``exchange_join`` (yes/no) says whether they want to join a learning
exchange, ``exchange_topic`` what they would bring.

The rules, in plain words:

- **An item** counts when its ``learning`` text is not empty (spaces trimmed and joined).
  An item without an audience or channel keeps its learning, with ``UNSPECIFIED`` in
  place of the missing choice. Choices not in the option lists are kept as given.
- **The board** (``learning_board``) is one table sorted by audience (in the given order;
  audiences not in it, ``unspecified`` among them, come last), then in order of the
  answers. One table rather than one per audience: it keeps one shape for the console, the
  export and the tests, also when nothing was written, and ``groupby("audience",
  sort=False)`` gives the columns of a board in the right order.
- **The audience x channel matrix** counts items. Every audience and channel of the given
  orders is present (zeros kept); an audience or channel that was answered but is not in
  the order (``unspecified`` among them) gets its own row or column at the end, so the
  counts always add up to the number of items.
- **Exchange candidates** answered ``exchange_join`` with yes (``True``; the option id
  ``yes`` is taken too). A topic without a yes makes nobody a candidate.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .frames import plain_text, question_values

AUDIENCES = (
    "own_team",
    "management",
    "patients_relatives",
    "other_teams",
    "funders",
    "community",
)
CHANNELS = ("conversation", "meeting", "newsletter", "story", "training", "online")
UNSPECIFIED = "unspecified"
ITEM_COLUMNS = ["participant_id", "pseudonym", "role", "learning", "audience", "channel"]


def _choice(value: object) -> str:
    return value.strip() if isinstance(value, str) and value.strip() else UNSPECIFIED


def _order(found: Sequence[str], order: Sequence[str]) -> list[str]:
    """``order`` first, then what was found but is not in it (in order of appearance)."""
    extra = [v for v in dict.fromkeys(found) if v not in order]
    return [*order, *extra]


def learning_items(answers: pd.DataFrame, question_id: str = "learnings") -> pd.DataFrame:
    """One row per learning: participant_id, pseudonym, role, learning, audience, channel.

    Items without learning text are dropped; a missing audience or channel is
    ``UNSPECIFIED``. Rows in order of the answers, then of the items.
    """
    if answers.empty:
        return pd.DataFrame(columns=ITEM_COLUMNS)
    rows = []
    for _, answer in question_values(answers, question_id).iterrows():
        items = answer["value"] if isinstance(answer["value"], list) else []
        for item in items:
            if not isinstance(item, dict) or not plain_text(item.get("learning")):
                continue
            rows.append(
                {
                    "participant_id": answer["participant_id"],
                    "pseudonym": answer["pseudonym"],
                    "role": answer["role"],
                    "learning": plain_text(item.get("learning")),
                    "audience": _choice(item.get("audience")),
                    "channel": _choice(item.get("channel")),
                }
            )
    return pd.DataFrame(rows, columns=ITEM_COLUMNS)


def learning_board(items: pd.DataFrame, audience_order: Sequence[str] = AUDIENCES) -> pd.DataFrame:
    """The learnings sorted by audience for a board: audience, learning, channel, who.

    Columns: audience, learning, channel, pseudonym, role, participant_id. Audiences in
    ``audience_order`` first, the others after (see the module rules); within an audience,
    in order of the answers.
    """
    columns = ["audience", "learning", "channel", "pseudonym", "role", "participant_id"]
    if items.empty:
        return pd.DataFrame(columns=columns)
    order = _order(list(items["audience"]), audience_order)
    rank = items["audience"].map(order.index)
    board = items.assign(_rank=rank).sort_values("_rank", kind="stable")
    return board[columns].reset_index(drop=True)


def audience_channel_matrix(
    items: pd.DataFrame,
    audience_order: Sequence[str] = AUDIENCES,
    channel_order: Sequence[str] = CHANNELS,
) -> pd.DataFrame:
    """How many learnings go to each audience through each channel (rows x columns).

    All audiences and channels of the orders are present with zeros kept; others that were
    answered are added at the end (see the module rules).
    """
    audiences = _order(list(items["audience"]) if not items.empty else [], audience_order)
    channels = _order(list(items["channel"]) if not items.empty else [], channel_order)
    matrix = pd.DataFrame(0, index=pd.Index(audiences), columns=pd.Index(channels), dtype=int)
    if not items.empty:
        counts = items.groupby(["audience", "channel"]).size()
        for (audience, channel), count in counts.items():
            matrix.loc[audience, channel] = int(count)
    matrix.index.name = "audience"
    matrix.columns.name = "channel"
    return matrix


def exchange_candidates(
    answers: pd.DataFrame, join_id: str = "exchange_join", topic_id: str = "exchange_topic"
) -> pd.DataFrame:
    """Who wants to join a learning exchange: participant_id, pseudonym, role, topic.

    ``topic`` is "" when none was given. In order of the answers.
    """
    columns = ["participant_id", "pseudonym", "role", "topic"]
    if answers.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for pid, part in answers.groupby("participant_id", sort=False):
        given = dict(zip(part["question_id"], part["value"], strict=True))
        joined = given.get(join_id)
        if (isinstance(joined, bool | np.bool_) and joined) or joined == "yes":
            first = part.iloc[0]
            rows.append(
                {
                    "participant_id": pid,
                    "pseudonym": first["pseudonym"],
                    "role": first["role"],
                    "topic": plain_text(given.get(topic_id)),
                }
            )
    return pd.DataFrame(rows, columns=columns)
