"""Find your ideal partner: the matching the facilitator keeps, and each participant's card.

The matching is kept as one record (kind ``partner_matching``) per run, so the facilitator's
swaps survive a restart and the reveal shows exactly what the facilitator saw. Without a kept
matching the reveal uses the best one (:func:`~cocreate_widgets.analysis.partners.match_partners`).
"""

from __future__ import annotations

from html import escape

from ..analysis import answers_frame
from ..analysis.partners import describe_groups, match_partners, partner_profiles, unmatched
from ..exercises.model import Exercise
from ..i18n import t
from ..localtext import pick
from ..store import Store
from ..store.types import Record, Run

MATCHING_KIND = "partner_matching"
THEMES = "themes"


def _record(store: Store, run: Run) -> Record | None:
    kept = store.records(workshop_id=run.workshop_id, kind=MATCHING_KIND, run_id=run.id)
    return kept[-1] if kept else None


def kept_groups(store: Store, run: Run) -> list[list[int]] | None:
    """The matching the facilitator kept for this run, or None."""
    record = _record(store, run)
    if record is None:
        return None
    return [[int(m) for m in group] for group in record.data.get("groups", [])]


def keep_groups(store: Store, run: Run, groups: list[list[int]]) -> None:
    """Keep this matching for the run (replacing the kept one; the last save counts)."""
    data = {"groups": [list(map(int, g)) for g in groups]}
    record = _record(store, run)
    if record is None:
        store.add_record(MATCHING_KIND, data, workshop_id=run.workshop_id, run_id=run.id)
    else:
        store.update_record(record.id, data, expected_version=record.version)


def current_groups(store: Store, run: Run, profiles) -> list[list[int]]:
    """The kept matching without people who left, else the best matching of ``profiles``."""
    kept = kept_groups(store, run)
    if kept is None:
        return match_partners(profiles)
    present = set(profiles["participant_id"])
    groups = [[m for m in group if m in present] for group in kept]
    return [g for g in groups if len(g) >= 2]


def _people(workshop, lang: str, pseudonyms: list[str], roles: list[str]) -> str:
    """ "Anna (patient), Bert (nurse)" in the language, with the workshop's role labels."""
    parts = []
    for pseudonym, role in zip(pseudonyms, roles, strict=True):
        found = workshop.role(role)
        label = pick(found.label, lang) if found else role
        parts.append(t("personal.partner.person", lang, name=pseudonym, role=label))
    return ", ".join(parts)


def partner_cards(store: Store, run: Run, exercise: Exercise, lang: str) -> dict[int, str]:
    """Each participant's card: who their partner is, what they share, what comes next."""
    profiles = partner_profiles(answers_frame(store.answers(run.id)), THEMES)
    if not len(profiles):
        return {}
    groups = current_groups(store, run, profiles)
    described = describe_groups(groups, profiles)
    themes = {o.id: pick(o.label, lang) for o in exercise.question(THEMES).options}
    workshop = store.workshop(run.workshop_id)
    title = f"<h3>{escape(t('personal.partner.title', lang))}</h3>"
    cards: dict[int, str] = {}
    for row in described.to_dict("records"):
        for me in row["members"]:
            others = [i for i, m in enumerate(row["members"]) if m != me]
            names = _people(
                workshop,
                lang,
                [row["pseudonyms"][i] for i in others],
                [row["roles"][i] for i in others],
            )
            body = [f"<p>{escape(t('personal.partner.with', lang, names=names))}</p>"]
            if row["n_shared"]:
                shared = ", ".join(themes.get(s, s) for s in row["shared"])
                pair = len(row["members"]) == 2
                key = "personal.partner.shared" if pair else "personal.partner.shared_group"
                body.append(f"<p>{escape(t(key, lang, themes=shared))}</p>")
            else:
                body.append(f"<p>{escape(t('personal.partner.nothing_shared', lang))}</p>")
            body.append(f"<p>{escape(t('personal.partner.next', lang))}</p>")
            cards[me] = f"<section class='cc-personal'>{title}{''.join(body)}</section>"
    for row in unmatched(groups, profiles).to_dict("records"):
        reason = t(f"personal.partner.reason.{row['reason']}", lang)
        cards[row["participant_id"]] = (
            f"<section class='cc-personal'>{title}"
            f"<p>{escape(t('personal.partner.unmatched', lang))}</p>"
            f"<p>{escape(reason)}</p></section>"
        )
    return cards
