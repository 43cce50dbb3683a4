"""Leadership and working together: each participant's own skills next to the group's.

The group's average is drawn only when at least ``MIN_GROUP_SIZE`` people answered, so
nobody's ratings can be read back from it; below that the card shows one's own profile only.
"""

from __future__ import annotations

from html import escape

from .. import charts
from ..analysis import MIN_GROUP_SIZE, answers_frame
from ..analysis.leadership import SKILLS, own_skills, skills_profile
from ..exercises.model import Exercise
from ..i18n import t
from ..store import Store
from ..store.types import Run

GOAL = "development_goal"


def skills_cards(store: Store, run: Run, exercise: Exercise, lang: str) -> dict[int, str]:
    """Per participant: a radar chart of their ratings and the group's mean, and their goal."""
    answers = answers_frame(store.answers(run.id))
    if not len(answers):
        return {}
    skills = [s for s in SKILLS if any(q.id == s for q in exercise.questions)]
    labels = [t(f"leadership.skill.{s}", lang) for s in skills]
    profile = skills_profile(answers).set_index("skill")
    answered = int(profile["n"].max()) if len(profile) else 0
    group = [float(profile.loc[s, "mean"]) for s in skills]
    title = f"<h3>{escape(t('personal.skills.title', lang))}</h3>"
    cards: dict[int, str] = {}
    for participant_id in sorted(set(answers["participant_id"])):
        mine = own_skills(answers, participant_id)
        if not mine:
            continue
        series = {t("personal.skills.you", lang): [mine.get(s, float("nan")) for s in skills]}
        if answered >= MIN_GROUP_SIZE:
            series[t("personal.skills.group", lang)] = group
            note = ""
        else:
            note = t("personal.skills.group_hidden", lang, min=MIN_GROUP_SIZE)
        svg = charts.radar_chart(series, labels, low=1, high=5)
        rows = "".join(
            f"<tr><th scope='row'>{escape(label)}</th><td>{mine.get(s, '–')}</td>"
            + (
                f"<td>{group[i]:.1f}</td>"
                if answered >= MIN_GROUP_SIZE and group[i] == group[i]
                else "<td>–</td>"
            )
            + "</tr>"
            for i, (s, label) in enumerate(zip(skills, labels, strict=True))
        )
        head = (
            f"<tr><th scope='col'>{escape(t('personal.skills.skill', lang))}</th>"
            f"<th scope='col'>{escape(t('personal.skills.you', lang))}</th>"
            f"<th scope='col'>{escape(t('personal.skills.group', lang))}</th></tr>"
        )
        goal = _own_goal(answers, participant_id)
        parts = [
            title,
            charts.figure_html(svg, t("personal.skills.title", lang)),
            f"<table class='cc-table'><thead>{head}</thead><tbody>{rows}</tbody></table>",
        ]
        if note:
            parts.append(f"<p class='cc-note'>{escape(note)}</p>")
        if goal:
            parts.append(f"<p>{escape(t('personal.skills.goal', lang, goal=goal))}</p>")
        cards[participant_id] = f"<section class='cc-personal'>{''.join(parts)}</section>"
    return cards


def _own_goal(answers, participant_id: int) -> str:
    mine = answers[(answers["participant_id"] == participant_id) & (answers["question_id"] == GOAL)]
    values = [v for v in mine["value"] if isinstance(v, str) and v.strip()]
    return values[-1].strip() if values else ""
