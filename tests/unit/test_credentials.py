"""The facilitators' credentials: hashed before they are written, kept off the command line
and out of the environment, compared in constant time, failures counted."""

from __future__ import annotations

import asyncio
import json
import logging
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from jupyter_server.auth import passwd_check

from cocreate_widgets.serve.auth import hashed_password
from cocreate_widgets.serve.config import ServeOptions, build_server
from cocreate_widgets.serve.limits import TokenBucket
from cocreate_widgets.serve.login import (
    LOGIN_LIMIT_SETTING,
    TRUSTED_PROXIES_SETTING,
    CocreateIdentityProvider,
    same_secret,
)
from cocreate_widgets.serve.runner import write_config

PLAIN = "Zorg-samen-2026!"
TOKEN = "the-right-token-0123456789"


class FakeHandler:
    """Just enough of a tornado handler for the identity provider."""

    def __init__(self, limit: TokenBucket, *, password: str = "", token: str = "", **extra):
        self.token = TOKEN
        self.settings = {LOGIN_LIMIT_SETTING: limit, TRUSTED_PROXIES_SETTING: ()}
        self.request = SimpleNamespace(
            remote_ip="192.0.2.10", headers={}, host="127.0.0.1:1", protocol="http"
        )
        self.arguments = {"password": password, "token": token, **extra}
        self.log = logging.getLogger("test")

    def get_argument(self, name: str, default: str = "") -> str:
        return self.arguments.get(name) or default

    def get_secure_cookie(self, *_args: Any, **_kwargs: Any) -> None:
        return None


@pytest.fixture
def password_file(tmp_path: Path) -> Path:
    path = tmp_path / "password.txt"
    path.write_text(PLAIN + "\n", encoding="utf-8")
    return path


def test_a_plain_password_is_hashed_with_argon2(password_file):
    hashed = hashed_password(password_file)
    assert hashed.startswith("argon2:") and PLAIN not in hashed
    assert passwd_check(hashed, PLAIN) and not passwd_check(hashed, PLAIN + "x")
    password_file.write_text(hashed, encoding="utf-8")
    assert hashed_password(password_file) == hashed  # a hash is taken as it is


def test_no_plain_secret_in_the_config_file_command_line_or_environment(
    password_file, tmp_path, monkeypatch
):
    monkeypatch.setenv("COCREATE_TOKEN", TOKEN)
    options = ServeOptions(password_file=password_file, token=TOKEN)
    spec = build_server(
        options,
        "facilitator",
        tmp_path / "facilitator",
        {"COCREATE_TOKEN": TOKEN, "PATH": "/usr/bin"},
        token=TOKEN,
        hashed_password=hashed_password(password_file),
    )
    write_config(spec, tmp_path / "facilitator")
    written = tmp_path / "facilitator" / "voila.json"
    text = written.read_text(encoding="utf-8")
    assert PLAIN not in text
    assert json.loads(text)["PasswordIdentityProvider"]["hashed_password"].startswith("argon2:")
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    command_line = " ".join(spec.argv)
    assert TOKEN not in command_line and PLAIN not in command_line
    assert all(TOKEN not in value and PLAIN not in value for value in spec.env.values())
    assert "COCREATE_TOKEN" not in spec.env


def test_comparison_is_constant_time_and_never_accepts_empty():
    assert same_secret(TOKEN, TOKEN)
    assert not same_secret(TOKEN[:-1], TOKEN)
    assert not same_secret("", "")
    assert not same_secret("ä", "a")


def test_login_form_accepts_the_password_or_token_and_refuses_the_rest(password_file):
    provider = CocreateIdentityProvider(token=TOKEN, hashed_password=hashed_password(password_file))
    limit = TokenBucket(10)
    assert provider.process_login_form(FakeHandler(limit, password=PLAIN)) is not None
    assert provider.process_login_form(FakeHandler(limit, password=TOKEN)) is not None
    for wrong in ("", "zorg-samen-2026!", PLAIN + " ", TOKEN[:-1], "argon2:" + PLAIN):
        assert provider.process_login_form(FakeHandler(limit, password=wrong)) is None


def test_a_token_login_cannot_set_a_new_password(password_file, tmp_path):
    provider = CocreateIdentityProvider(token=TOKEN)
    assert provider.allow_password_change is False
    handler = FakeHandler(TokenBucket(10), password=TOKEN, new_password="overwritten")
    handler.settings["config_dir"] = str(tmp_path)
    provider.process_login_form(handler)
    assert provider.hashed_password == ""
    assert not (tmp_path / "jupyter_server_config.json").exists()


def test_wrong_url_tokens_count_and_lock_out_even_the_right_one():
    provider = CocreateIdentityProvider(token=TOKEN)
    limit = TokenBucket(3)

    def user(token: str) -> Any:
        return run_apart(provider.get_user_token(FakeHandler(limit, token=token)))

    assert user(TOKEN) is not None
    assert [user(f"guess-{n}") for n in range(3)] == [None, None, None]
    assert limit.retry_after("192.0.2.10") > 0
    assert user(TOKEN) is None  # over the limit: no credential is checked at all
    unlimited = TokenBucket(0)
    assert run_apart(provider.get_user_token(FakeHandler(unlimited, token=TOKEN))) is not None


def run_apart(coroutine):
    """Run a coroutine to its end in a thread of its own (an earlier test may have left an
    event loop running in this one, where ``asyncio.run`` refuses)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
