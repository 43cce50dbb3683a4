"""Communities and workshops: create, copy for a next wave, find by join code."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from .base import StoreBase, utcnow
from .errors import NotFound, UnknownJoinCode
from .schema import communities, workshops
from .types import Role, Workshop

# No 0/O, 1/I/L: a code read off a projector is typed without doubt.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
#: Long enough against guessing (docs/security.md): 31**8 = 8.5e11 codes. A page tries at
#: most 5 codes (participant/join.py), and one server renders at most ~5 pages/s on two
#: cores (measured: ~3), so even a flood from many addresses makes at most 25 guesses/s,
#: 6.5e7 in 30 days; against 20 open workshops that finds one with probability
#: 6.5e7 * 20 / 8.5e11 = 0.15 %. With six characters (31**6 = 8.9e8) such a flood would
#: have a 5 % chance per day, near certainty in a month. One client is held to 2 * room page loads per 10 minutes
#: (serve/limits.py), i.e. 0.5 guesses/s in a room of 30. Fixed codes (the demo) may be
#: shorter.
JOIN_CODE_LENGTH = 8
ANONYMITY_CHOICES = ("required", "optional", "none")


def normalise_join_code(code: str) -> str:
    """Upper-case a typed code and drop spaces and dashes, so ``ab3-k9x`` finds ``AB3K9X``."""
    return "".join(ch for ch in str(code).upper() if ch.isalnum())[:32]


def _workshop(row: sa.Row) -> Workshop:
    m = row._mapping
    return Workshop(
        id=m["id"],
        title=m["title"],
        language=m["language"],
        anonymity=m["anonymity"],
        consent_text=m["consent_text"],
        join_code=m["join_code"],
        status=m["status"],
        wave=m["wave"],
        roles=tuple(Role(r["id"], r["side"], dict(r["label"])) for r in m["roles"]),
        community_id=m["community_id"],
        previous_workshop_id=m["previous_workshop_id"],
        code_expires_at=m["code_expires_at"],
        created_at=m["created_at"],
        change_seq=m["change_seq"],
        retention_days=m.get("retention_days"),
        purged_at=m.get("purged_at"),
    )


class WorkshopMixin(StoreBase):
    """Communities and workshops."""

    def create_community(self, name: str) -> int:
        """Create a long-lived community that holds workshops; returns its id."""
        with self._write() as conn:
            return conn.execute(
                sa.insert(communities).values(name=name, created_at=utcnow())
            ).inserted_primary_key[0]

    def community_by_name(self, name: str) -> int | None:
        """The id of the (first) community with this name, or None."""
        with self._read() as conn:
            return conn.execute(
                sa.select(communities.c.id)
                .where(communities.c.name == name)
                .order_by(communities.c.id)
            ).scalar()

    def communities(self) -> list[tuple[int, str]]:
        """Every community as (id, name), by name."""
        with self._read() as conn:
            rows = conn.execute(
                sa.select(communities.c.id, communities.c.name).order_by(
                    communities.c.name, communities.c.id
                )
            ).all()
        return [(r.id, r.name) for r in rows]

    def community_name(self, community_id: int) -> str:
        """The name of this community (raises ``NotFound``)."""
        with self._read() as conn:
            name = conn.execute(
                sa.select(communities.c.name).where(communities.c.id == community_id)
            ).scalar()
        if name is None:
            raise NotFound(f"community {community_id}")
        return name

    def community_workshops(self, community_id: int) -> list[Workshop]:
        """The workshops (waves, meetings) of a community, oldest first."""
        with self._read() as conn:
            rows = conn.execute(
                sa.select(workshops)
                .where(workshops.c.community_id == community_id)
                .order_by(workshops.c.wave, workshops.c.id)
            ).all()
        return [_workshop(r) for r in rows]

    def create_workshop(
        self,
        title: str,
        *,
        language: str = "nl",
        anonymity: str = "optional",
        consent_text: str = "",
        roles: list[dict[str, Any]] | None = None,
        community_id: int | None = None,
        code_expires_at: datetime | None = None,
        previous_workshop_id: int | None = None,
        wave: int = 1,
        join_code: str | None = None,
    ) -> Workshop:
        """Create a workshop with a fresh join code; ``roles`` defaults to ``data/roles.yaml``.

        ``join_code`` fixes the code (the demo uses one); it must use the code alphabet.
        """
        if join_code is not None and (
            normalise_join_code(join_code) != join_code
            or any(ch not in JOIN_CODE_ALPHABET for ch in join_code)
        ):
            raise ValueError(f"a join code uses only {JOIN_CODE_ALPHABET}")
        if anonymity not in ANONYMITY_CHOICES:
            raise ValueError(f"anonymity must be one of {ANONYMITY_CHOICES}")
        if roles is None:
            from ..roles import default_roles

            roles = default_roles()

        def action(conn: sa.Connection) -> int:
            code = join_code or self._free_join_code(conn)
            return conn.execute(
                sa.insert(workshops).values(
                    title=title,
                    language=language,
                    anonymity=anonymity,
                    consent_text=consent_text,
                    join_code=code,
                    code_expires_at=code_expires_at,
                    status="active",
                    wave=wave,
                    previous_workshop_id=previous_workshop_id,
                    roles=roles,
                    community_id=community_id,
                    created_at=utcnow(),
                    change_seq=0,
                )
            ).inserted_primary_key[0]

        return self.workshop(self._retrying(action))

    @staticmethod
    def _free_join_code(conn: sa.Connection) -> str:
        while True:
            code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
            taken = conn.execute(
                sa.select(workshops.c.id).where(workshops.c.join_code == code)
            ).first()
            if taken is None:
                return code

    def copy_workshop_for_next_wave(self, workshop_id: int, title: str | None = None) -> Workshop:
        """A new workshop with the same settings and agenda (runs as drafts), one wave later."""
        old = self.workshop(workshop_id)
        new = self.create_workshop(
            title or old.title,
            language=old.language,
            anonymity=old.anonymity,
            consent_text=old.consent_text,
            roles=[{"id": r.id, "side": r.side, "label": r.label} for r in old.roles],
            community_id=old.community_id,
            previous_workshop_id=old.id,
            wave=old.wave + 1,
        )
        for run in self.runs(workshop_id):
            self.add_run(new.id, run.question_set, wave=new.wave)
        return new

    def workshop(self, workshop_id: int) -> Workshop:
        """The workshop with this id (raises ``NotFound``)."""
        with self._read() as conn:
            row = conn.execute(sa.select(workshops).where(workshops.c.id == workshop_id)).first()
        if row is None:
            raise NotFound(f"workshop {workshop_id}")
        return _workshop(row)

    def workshops(self) -> list[Workshop]:
        """Every workshop, newest first."""
        with self._read() as conn:
            rows = conn.execute(sa.select(workshops).order_by(workshops.c.id.desc())).all()
        return [_workshop(r) for r in rows]

    def workshop_by_code(self, code: str) -> Workshop:
        """The active workshop with this join code; ``UnknownJoinCode`` if none or expired."""
        normalised = normalise_join_code(code)
        if not normalised:
            raise UnknownJoinCode(code)
        with self._read() as conn:
            row = conn.execute(
                sa.select(workshops).where(workshops.c.join_code == normalised)
            ).first()
        if row is None:
            raise UnknownJoinCode(code)
        found = _workshop(row)
        expired = found.code_expires_at is not None and found.code_expires_at < utcnow()
        if found.status != "active" or expired:
            raise UnknownJoinCode(code)
        return found

    def update_workshop(self, workshop_id: int, **values: Any) -> Workshop:
        """Change settings (title, language, anonymity, consent_text, status, code_expires_at)."""
        allowed = {"title", "language", "anonymity", "consent_text", "status", "code_expires_at"}
        unknown = set(values) - allowed
        if unknown:
            raise ValueError(f"cannot change {sorted(unknown)}")
        with self._write() as conn:
            conn.execute(sa.update(workshops).where(workshops.c.id == workshop_id).values(values))
            self._bump(conn, workshop_id)
        return self.workshop(workshop_id)

    def change_seq(self, workshop_id: int) -> int:
        """The workshop's change counter: the one cheap value every kernel polls."""
        with self._read() as conn:
            value = conn.execute(
                sa.select(workshops.c.change_seq).where(workshops.c.id == workshop_id)
            ).scalar()
        if value is None:
            raise NotFound(f"workshop {workshop_id}")
        return value
