"""The facilitators' login: a token per start (or given), or a jupyter_server password.

Here, outside the server (``cocreate serve``): the token is chosen and a password file is
turned into an argon2 hash, so only the hash reaches the server's private config. Inside the
server, :mod:`.login` checks credentials in constant time and counts failed logins.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from .config import ENV_TOKEN

HASH_PREFIXES = ("argon2:", "sha1:", "sha256:", "sha512:")


def facilitator_token(given: str | None, env: dict[str, str] | None = None) -> str:
    """The login token: ``--token``, else ``COCREATE_TOKEN``, else a new random one."""
    env = os.environ if env is None else env
    token = given or env.get(ENV_TOKEN) or ""
    return token or secrets.token_urlsafe(24)


def hashed_password(path: Path) -> str:
    """Read a password file: a jupyter_server hash (``argon2:...``) or a plain password.

    A plain password is hashed here, so only its hash reaches the server's config.
    """
    text = Path(path).read_text(encoding="utf-8").strip()
    if not text:
        raise ValueError(f"{path}: the password file is empty")
    if text.startswith(HASH_PREFIXES):
        return text
    from jupyter_server.auth import passwd

    return passwd(text)
