"""Printable assignment cards for the project teams: one card per team, one page per card.

A card names the improvement, the members (pseudonym and role), the commissioner, the start
date and the points to discuss with the commissioner (from the ``team_assignment`` record
whose ``team`` is the improvement's label or id). Every text from people is escaped. The
cards read on a phone (one narrow column, large type) and print one per page; all cards can
be downloaded as one HTML file (a data-URI link).
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from html import escape

import ipywidgets as widgets
import pandas as pd

from ..i18n import t

CARD_CSS = """
.cc-team-cards { font-family: system-ui, sans-serif; }
.cc-team-card { box-sizing: border-box; max-width: 36rem; margin: 0 0 1.5rem; padding: 1rem 1.25rem;
  border: 2px solid #01665e; border-radius: 0.5rem; background: #fff; color: #111;
  font-size: 1.05rem; line-height: 1.45; overflow-wrap: anywhere; }
.cc-team-card h2 { margin: 0 0 0.25rem; font-size: 1.35rem; }
.cc-team-card h3 { margin: 0.9rem 0 0.25rem; font-size: 1.05rem; color: #01665e; }
.cc-team-card .cc-improvement { font-size: 1.2rem; font-weight: 600; margin: 0; }
.cc-team-card ul { margin: 0; padding-left: 1.2rem; }
.cc-team-card .cc-points { white-space: pre-wrap; margin: 0; }
.cc-team-card .cc-not-set { color: #555; font-style: italic; }
@media print {
  .cc-team-card { border: 1px solid #000; max-width: none; margin: 0;
    break-after: page; page-break-after: always; break-inside: avoid; }
  .cc-team-card:last-child { break-after: auto; page-break-after: auto; }
  .cc-download { display: none; }
}
"""


def _key(text: object) -> str:
    return " ".join(str(text).split()).casefold() if isinstance(text, str) else ""


def assignment_for(
    improvement: str, label: str, assignments: pd.DataFrame
) -> Mapping[str, object] | None:
    """The newest ``team_assignment`` record whose ``team`` is ``label`` or ``improvement``."""
    if assignments is None or assignments.empty or "team" not in assignments:
        return None
    wanted = {_key(label), _key(improvement)}
    rows = [r for r in assignments.to_dict("records") if _key(r.get("team")) in wanted]
    if not rows:
        return None
    return max(rows, key=lambda r: int(r.get("record_id") or 0))


def _field(value: object, lang: str) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or str(value).strip() == "":
        return f"<span class='cc-not-set'>{escape(t('teams.card.not_set', lang))}</span>"
    return escape(str(value).strip())


def team_card(
    team: Mapping[str, object],
    members: pd.DataFrame,
    label: str,
    assignment: Mapping[str, object] | None,
    role_label: Callable[[str], str],
    lang: str = "nl",
) -> str:
    """One team's card as an HTML ``<article>`` (all user text escaped)."""
    mine = members[members["team"] == team["team"]]
    people = "".join(
        f"<li>{escape(str(m['pseudonym']))} · {escape(role_label(str(m['role'])))}</li>"
        for m in mine.to_dict("records")
    )
    assignment = assignment or {}
    points = assignment.get("points_to_discuss")
    points_html = (
        f"<p class='cc-points'>{_field(points, lang)}</p>"
        if isinstance(points, str) and points.strip()
        else f"<p>{_field(None, lang)}</p>"
    )
    return (
        "<article class='cc-team-card'>"
        f"<h2>{escape(t('teams.card.title', lang, team=team['team']))}</h2>"
        f"<h3>{escape(t('teams.card.improvement', lang))}</h3>"
        f"<p class='cc-improvement'>{escape(label)}</p>"
        f"<h3>{escape(t('teams.card.members', lang))} ({len(mine)})</h3><ul>{people}</ul>"
        f"<h3>{escape(t('teams.card.commissioner', lang))}</h3>"
        f"<p>{_field(assignment.get('commissioner'), lang)}</p>"
        f"<h3>{escape(t('teams.card.start', lang))}</h3>"
        f"<p>{_field(assignment.get('start_date'), lang)}</p>"
        f"<h3>{escape(t('teams.card.points', lang))}</h3>{points_html}"
        "</article>"
    )


def team_cards(
    teams: pd.DataFrame,
    members: pd.DataFrame,
    assignments: pd.DataFrame,
    labels: Mapping[str, str],
    role_labels: Mapping[str, str],
    lang: str = "nl",
) -> str:
    """All teams' cards with their stylesheet, as an HTML fragment (a notice without teams)."""
    if teams is None or teams.empty:
        return f"<p>{escape(t('teams.card.none', lang))}</p>"
    cards = "".join(
        team_card(
            team,
            members,
            labels.get(str(team["improvement"]), str(team["improvement"])),
            assignment_for(
                str(team["improvement"]),
                labels.get(str(team["improvement"]), str(team["improvement"])),
                assignments,
            ),
            lambda role: role_labels.get(role, role),
            lang,
        )
        for team in teams.to_dict("records")
    )
    return f"<style>{CARD_CSS}</style><div class='cc-team-cards'>{cards}</div>"


def cards_document(cards_html: str, lang: str = "nl") -> str:
    """A whole HTML page around the cards, to save and print (one card per page)."""
    title = escape(t("teams.card.document_title", lang))
    return (
        f"<!DOCTYPE html><html lang='{escape(lang)}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{title}</title></head><body>{cards_html}</body></html>"
    )


def download_link(document: str, filename: str, label: str) -> str:
    """A link that downloads ``document`` as an HTML file (data URI, nothing on the server)."""
    data = base64.b64encode(document.encode("utf-8")).decode("ascii")
    return (
        f"<p><a class='cc-download' download='{escape(filename, quote=True)}' "
        f"href='data:text/html;charset=utf-8;base64,{data}'>{escape(label)}</a></p>"
    )


def team_cards_view(
    teams: pd.DataFrame,
    members: pd.DataFrame,
    assignments: pd.DataFrame,
    labels: Mapping[str, str],
    role_labels: Mapping[str, str],
    lang: str = "nl",
) -> widgets.HTML:
    """The cards in the workbook, with a link to download them all as one HTML file."""
    cards = team_cards(teams, members, assignments, labels, role_labels, lang)
    link = (
        download_link(
            cards_document(cards, lang), "projectteams.html", t("teams.card.download", lang)
        )
        if teams is not None and not teams.empty
        else ""
    )
    return widgets.HTML(link + cards)
