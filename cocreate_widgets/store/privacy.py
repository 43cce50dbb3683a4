"""Privacy (AVG/GDPR) of one person: their data as an export, erasure, withdrawal.

- :meth:`PrivacyMixin.participant_data` gathers everything stored about one person (their
  entries merged into theirs included) as plain JSON: the export they are entitled to.
- :meth:`PrivacyMixin.erase_participant` removes all of it and touches no one else's rows:
  their answers, drafts, personal results and group memberships are deleted, the reviews of
  their stories too, and their id and name are taken out of records that mention them. The
  participants row stays as an empty shell (neutral pseudonym, no name, a new token, marked
  removed and erased) so the foreign keys and everyone else's counts hold.
- :meth:`PrivacyMixin.withdraw_consent`: a participant's withdrawal from the app. Withdrawal
  means erasure here: the same as ``erase_participant``, with the moment of withdrawal kept.

A whole workshop's retention period and purge are in :mod:`.retention`.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from .base import StoreBase, utcnow
from .errors import NotFound
from .schema import (
    drafts,
    exercise_runs,
    group_members,
    participants,
    personal_results,
    records,
    responses,
    revealed_results,
    small_groups,
    workshops,
)
from .scrub import (
    ERASED_PSEUDONYM,
    MIN_WORD_MATCH,
    REMOVED_MARK,
    STORY_REVIEW_KIND,
    NameScrubber,
    html_to_text,
    iso_or_none,
    mentions_ids,
    pick_text,
    questions_by_id,
    story_owner,
    without_ids,
)


class PrivacyMixin(StoreBase):
    """Export, erasure and withdrawal of one person's data."""

    # --- one person -------------------------------------------------------------------

    @staticmethod
    def _person_rows(conn: sa.Connection, participant_id: int) -> list[sa.Row]:
        """The participant's row first, then every entry merged into theirs (duplicates)."""
        row = conn.execute(
            sa.select(participants).where(participants.c.id == participant_id)
        ).first()
        if row is None:
            raise NotFound(f"participant {participant_id}")
        found = [row]
        frontier = [participant_id]
        while frontier:
            merged = conn.execute(
                sa.select(participants).where(participants.c.merged_into_id.in_(frontier))
            ).all()
            merged = [m for m in merged if m.id not in {f.id for f in found}]
            found.extend(merged)
            frontier = [m.id for m in merged]
        return found

    @staticmethod
    def _workshop_row(conn: sa.Connection, workshop_id: int) -> sa.Row:
        row = conn.execute(sa.select(workshops).where(workshops.c.id == workshop_id)).first()
        if row is None:
            raise NotFound(f"workshop {workshop_id}")
        return row

    @staticmethod
    def _records_in_reach(conn: sa.Connection, workshop: sa.Row) -> list[sa.Row]:
        """The records of this workshop and of its community, deleted ones included (a
        deleted record keeps its data)."""
        owner = records.c.workshop_id == workshop.id
        if workshop.community_id is not None:
            owner = sa.or_(owner, records.c.community_id == workshop.community_id)
        return conn.execute(sa.select(records).where(owner).order_by(records.c.id)).all()

    def participant_data(self, participant_id: int) -> dict[str, Any]:
        """Everything stored about one person, as plain JSON-serialisable data.

        Returns ``participant`` (id, pseudonym, name, organisation, role, role_label,
        language, on_behalf, joined_at, consent_at, consent_text, removed_at, erased_at,
        consent_withdrawn_at), ``workshop`` (id, title, join_code), ``answers`` and
        ``drafts`` (one entry per run: run_id, exercise_id, exercise_title, submitted_at or
        updated_at, for answers ``versions`` (how many times sent), and ``questions``: a list
        of question_id, question (its label in the person's language), value; answers are
        the latest version), ``personal_results`` (run_id, exercise_id, exercise_title,
        language, text: HTML stripped), ``small_groups`` (names) and ``records`` (id, kind,
        data) that mention them by id, pseudonym or name. Times are ISO strings (UTC).
        Entries merged into this one (duplicates of the same person) are included.
        """
        with self._read() as conn:
            people = self._person_rows(conn, participant_id)
            ids = {p.id for p in people}
            me = people[0]
            workshop = self._workshop_row(conn, me.workshop_id)
            runs = {
                r.id: r
                for r in conn.execute(
                    sa.select(exercise_runs).where(exercise_runs.c.workshop_id == workshop.id)
                ).all()
            }
            answer_rows = conn.execute(
                sa.select(responses)
                .where(responses.c.participant_id.in_(ids))
                .order_by(responses.c.run_id, responses.c.version, responses.c.id)
            ).all()
            draft_rows = conn.execute(
                sa.select(drafts)
                .where(drafts.c.participant_id.in_(ids))
                .order_by(drafts.c.run_id, drafts.c.question_id)
            ).all()
            personal_rows = conn.execute(
                sa.select(personal_results)
                .where(personal_results.c.participant_id.in_(ids))
                .order_by(personal_results.c.run_id, personal_results.c.language)
            ).all()
            group_names = conn.execute(
                sa.select(small_groups.c.name)
                .join(group_members, group_members.c.group_id == small_groups.c.id)
                .where(group_members.c.participant_id.in_(ids))
                .distinct()
                .order_by(small_groups.c.name)
            ).scalars()
            group_names = list(group_names)
            reach = self._records_in_reach(conn, workshop)
        lang = me.language
        names = NameScrubber(
            set()
            if me.erased_at is not None
            else {n for p in people for n in (p.pseudonym, p.name) if n}
        )
        role = next((r for r in workshop.roles if r.get("id") == me.role), None)

        def about_run(run_id: int) -> dict[str, Any]:
            run = runs.get(run_id)
            qs = run.question_set if run is not None else {}
            return {
                "run_id": run_id,
                "exercise_id": run.exercise_id if run is not None else None,
                "exercise_title": pick_text(qs.get("title"), lang),
            }

        def label(run_id: int, question_id: str) -> str:
            run = runs.get(run_id)
            question = questions_by_id(run.question_set).get(question_id) if run else None
            return pick_text(question.get("label"), lang) if question else question_id

        answers: list[dict[str, Any]] = []
        for run_id in dict.fromkeys(r.run_id for r in answer_rows):
            mine = [r for r in answer_rows if r.run_id == run_id]
            # two merged entries may both have answered: the newest submission counts
            newest = max(mine, key=lambda r: (r.submitted_at, r.version))
            latest = [
                r
                for r in mine
                if r.participant_id == newest.participant_id and r.version == newest.version
            ]
            versions = len({(r.participant_id, r.version) for r in mine})
            answers.append(
                {
                    **about_run(run_id),
                    "submitted_at": iso_or_none(newest.submitted_at),
                    "versions": versions,
                    "questions": [
                        {
                            "question_id": r.question_id,
                            "question": label(run_id, r.question_id),
                            "value": r.value,
                        }
                        for r in latest
                    ],
                }
            )
        draft_list: list[dict[str, Any]] = []
        for run_id in dict.fromkeys(r.run_id for r in draft_rows):
            mine = [r for r in draft_rows if r.run_id == run_id]
            draft_list.append(
                {
                    **about_run(run_id),
                    "updated_at": iso_or_none(max(r.updated_at for r in mine)),
                    "questions": [
                        {
                            "question_id": r.question_id,
                            "question": label(r.run_id, r.question_id),
                            "value": r.value,
                        }
                        for r in mine
                    ],
                }
            )
        mentioned = [
            {"id": r.id, "kind": r.kind, "data": r.data}
            for r in reach
            if mentions_ids(r.kind, r.data or {}, ids) or (names and names.mentioned_in(r.data))
        ]
        return {
            "participant": {
                "id": me.id,
                "pseudonym": me.pseudonym,
                "name": me.name,
                "organisation": me.organisation,
                "role": me.role,
                "role_label": pick_text(role.get("label"), lang) if role else me.role,
                "language": me.language,
                "on_behalf": bool(me.on_behalf),
                "joined_at": iso_or_none(me.created_at),
                "consent_at": iso_or_none(me.consent_at),
                "consent_text": workshop.consent_text,
                "removed_at": iso_or_none(me.removed_at),
                "erased_at": iso_or_none(me.erased_at),
                "consent_withdrawn_at": iso_or_none(me.consent_withdrawn_at),
                "merged_entries": sorted(ids - {me.id}),
            },
            "workshop": {
                "id": workshop.id,
                "title": workshop.title,
                "join_code": workshop.join_code,
            },
            "answers": answers,
            "drafts": draft_list,
            "personal_results": [
                {
                    **about_run(r.run_id),
                    "language": r.language,
                    "text": html_to_text(r.html),
                }
                for r in personal_rows
            ],
            "small_groups": group_names,
            "records": mentioned,
        }

    def erase_participant(self, participant_id: int) -> dict[str, int]:
        """Erase everything stored about one person; returns how many rows went, per table.

        Deleted: their answers (every version), drafts, personal results, memberships of small
        groups and the reviews of their stories; their id and name are taken out of the
        records that mention them (the others' data in those records stays; the record's
        version goes up); a room result that quotes their text is taken off the screens (the
        run goes back to closed). Their participants row stays as an empty shell: neutral
        pseudonym, no name or organisation, no consent, a new token (their link stops
        working), removed and erased. Entries merged into theirs are erased with them.
        Erasing twice is harmless. Keys: ``participants``, ``responses``, ``drafts``,
        ``personal_results``, ``group_members``, ``records_deleted``, ``records_edited``,
        ``revealed_results`` (room results taken off the screens) and ``results_edited``
        (others' stored results that named them: a partner's card), ``labels_edited`` (small
        groups and question texts that named them). The others' own answers are their words
        and stay as they are (a purge removes all free text).
        """
        return self._retrying(lambda conn: self._erase(conn, participant_id, withdrawn=False))

    def withdraw_consent(self, participant_id: int) -> dict[str, int]:
        """The participant withdraws their consent from the app: withdrawal means erasure.

        The same as :meth:`erase_participant`; ``consent_withdrawn_at`` keeps the moment.
        """
        return self._retrying(lambda conn: self._erase(conn, participant_id, withdrawn=True))

    def _erase(self, conn: sa.Connection, participant_id: int, *, withdrawn: bool) -> dict:
        people = self._person_rows(conn, participant_id)
        ids = {p.id for p in people}
        me = people[0]
        workshop = self._workshop_row(conn, me.workshop_id)
        now = utcnow()
        # once erased the row holds neutral texts: never scrub those from others' records
        names = NameScrubber(
            {n for p in people if p.erased_at is None for n in (p.pseudonym, p.name)}
        )
        counts = {
            "participants": len(people),
            "responses": 0,
            "drafts": 0,
            "personal_results": 0,
            "group_members": 0,
            "records_deleted": 0,
            "records_edited": 0,
            "revealed_results": 0,
            "results_edited": 0,
            "labels_edited": 0,
        }
        their_texts = self._texts_of(conn, ids)
        counts["revealed_results"] = self._hide_results_quoting(conn, workshop.id, their_texts)
        for table, key in (
            (responses, "responses"),
            (drafts, "drafts"),
            (personal_results, "personal_results"),
            (group_members, "group_members"),
        ):
            counts[key] = conn.execute(
                sa.delete(table).where(table.c.participant_id.in_(ids))
            ).rowcount
        for record in self._records_in_reach(conn, workshop):
            data = record.data or {}
            if record.kind == STORY_REVIEW_KIND and story_owner(data) in ids:
                conn.execute(sa.delete(records).where(records.c.id == record.id))
                counts["records_deleted"] += 1
                continue
            cleaned = (
                without_ids(record.kind, data, ids)
                if mentions_ids(record.kind, data, ids)
                else data
            )
            if names and names.mentioned_in(cleaned):
                cleaned = names.scrub(cleaned)
            if cleaned != data:
                self._save_record_data(conn, record, cleaned, now)
                counts["records_edited"] += 1
        counts["results_edited"] = self._scrub_results(conn, workshop.id, names)
        counts["labels_edited"] = self._scrub_labels(conn, workshop.id, names)
        neutral = ERASED_PSEUDONYM.get(me.language, ERASED_PSEUDONYM["nl"])
        for person in people:
            values: dict[str, Any] = {
                "pseudonym": neutral,
                "name": None,
                "organisation": None,
                "consent_at": None,
                "token": secrets.token_urlsafe(18),
                "removed_at": person.removed_at or now,
                "erased_at": person.erased_at or now,
            }
            if withdrawn:
                values["consent_withdrawn_at"] = person.consent_withdrawn_at or now
            conn.execute(
                sa.update(participants).where(participants.c.id == person.id).values(values)
            )
        self._bump(conn, workshop.id)
        return counts

    @staticmethod
    def _texts_of(conn: sa.Connection, ids: set[int]) -> dict[int, list[str]]:
        """Per run, the texts these participants wrote (answers and list items)."""
        rows = conn.execute(
            sa.select(responses.c.run_id, responses.c.value).where(
                responses.c.participant_id.in_(ids)
            )
        ).all()
        texts: dict[int, list[str]] = {}

        def collect(run_id: int, value: Any) -> None:
            if isinstance(value, str) and len(value.strip()) >= MIN_WORD_MATCH:
                texts.setdefault(run_id, []).append(value.strip())
            elif isinstance(value, list):
                for v in value:
                    collect(run_id, v)
            elif isinstance(value, dict):
                for v in value.values():
                    collect(run_id, v)

        for run_id, value in rows:
            collect(run_id, value)
        return texts

    def _hide_results_quoting(
        self, conn: sa.Connection, workshop_id: int, texts: dict[int, list[str]]
    ) -> int:
        """Take a room result off the screens when it quotes one of these texts."""
        from html import escape

        runs = conn.execute(
            sa.select(exercise_runs.c.id).where(
                exercise_runs.c.workshop_id == workshop_id,
                exercise_runs.c.reveal_free_text.is_(True),
                exercise_runs.c.id.in_(list(texts)),
            )
        ).scalars()
        hidden = 0
        for run_id in list(runs):
            stored = conn.execute(
                sa.select(revealed_results.c.html).where(revealed_results.c.run_id == run_id)
            ).scalars()
            quoted = any(escape(text) in html for html in stored for text in texts[run_id])
            if quoted:
                hidden += self._hide_run_result(conn, run_id)
        return hidden

    @staticmethod
    def _scrub_results(conn: sa.Connection, workshop_id: int, names: NameScrubber) -> int:
        """Take these names out of the workshop's stored results (a partner's card names
        its partner; a room result may quote a text that names someone)."""
        if not names:
            return 0
        from html import escape

        in_html = NameScrubber(names.raw | {escape(n) for n in names.raw})
        run_ids = sa.select(exercise_runs.c.id).where(exercise_runs.c.workshop_id == workshop_id)
        edited = 0
        for table in (personal_results, revealed_results):
            rows = conn.execute(
                sa.select(table.c.id, table.c.html).where(table.c.run_id.in_(run_ids))
            ).all()
            for row in rows:
                if in_html.mentioned_in(row.html):
                    conn.execute(
                        sa.update(table)
                        .where(table.c.id == row.id)
                        .values(html=in_html.scrub(row.html))
                    )
                    edited += 1
        return edited

    @staticmethod
    def _scrub_labels(conn: sa.Connection, workshop_id: int, names: NameScrubber) -> int:
        """Take these names out of the workshop's small-group names and the texts of its runs'
        question sets (a vote built from proposals shows what people wrote)."""
        if not names:
            return 0
        edited = 0
        groups = conn.execute(
            sa.select(small_groups.c.id, small_groups.c.name).where(
                small_groups.c.workshop_id == workshop_id
            )
        ).all()
        for group in groups:
            if names.mentioned_in(group.name):
                renamed = names.pattern.sub(REMOVED_MARK, group.name) if names.pattern else ""
                conn.execute(
                    sa.update(small_groups)
                    .where(small_groups.c.id == group.id)
                    .values(name=renamed.strip() or REMOVED_MARK)
                )
                edited += 1
        runs = conn.execute(
            sa.select(exercise_runs.c.id, exercise_runs.c.question_set).where(
                exercise_runs.c.workshop_id == workshop_id
            )
        ).all()
        for run in runs:
            cleaned = names.scrub_texts(run.question_set)
            if cleaned != run.question_set:
                conn.execute(
                    sa.update(exercise_runs)
                    .where(exercise_runs.c.id == run.id)
                    .values(question_set=cleaned)
                )
                edited += 1
        return edited

    @staticmethod
    def _hide_run_result(conn: sa.Connection, run_id: int) -> int:
        removed = conn.execute(
            sa.delete(revealed_results).where(revealed_results.c.run_id == run_id)
        ).rowcount
        conn.execute(
            sa.update(exercise_runs)
            .where(exercise_runs.c.id == run_id, exercise_runs.c.state == "revealed")
            .values(state="closed", revealed_at=None)
        )
        return removed

    @staticmethod
    def _save_record_data(
        conn: sa.Connection, record: sa.Row, data: dict[str, Any], now: datetime
    ) -> None:
        conn.execute(
            sa.update(records)
            .where(records.c.id == record.id)
            .values(data=data, version=records.c.version + 1, updated_at=now)
        )
