"""Shared fixtures of the browser tests: free ports, the two Voila servers, headless Chromium.

Use them like this::

    @pytest.mark.browser
    def test_something(voila_suite, browser_page):
        suite = voila_suite(participant_app=APP, workbooks=WORKBOOKS, room=2)
        page = browser_page()
        page.goto(suite.participant_url)

``voila_suite(**options)`` takes any field of :class:`ServeOptions`; ports are free ones and the
suite is stopped after the test. Chromium is Debian's ``/usr/bin/chromium``; without it the
tests are skipped, except in CI (env ``CI`` set), where they fail.
"""

from __future__ import annotations

import json
import os
import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from cocreate_widgets.serve.chromium import CHROMIUM, launch_chromium
from cocreate_widgets.serve.config import ServeOptions
from cocreate_widgets.serve.runner import Suite, start_suite

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "serve"
FIXTURE_APP = FIXTURES / "app" / "participant.ipynb"
FIXTURE_WORKBOOKS = FIXTURES / "workbooks"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Response:
    """A plain HTTP answer: status, headers (lower-case names) and body."""

    status: int
    headers: dict[str, str]
    body: str


def http_get(url: str, headers: dict[str, str] | None = None) -> Response:
    """GET without following redirects, without raising on 4xx/5xx."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(
        NoRedirect, urllib.request.HTTPSHandler(context=ssl._create_unverified_context())
    )
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=30) as resp:
            body = resp.read().decode("utf-8", "replace")
            return Response(resp.status, {k.lower(): v for k, v in resp.headers.items()}, body)
    except urllib.error.HTTPError as err:
        body = err.read().decode("utf-8", "replace")
        return Response(err.code, {k.lower(): v for k, v in err.headers.items()}, body)


def kernel_exists(suite: Suite, kernel_id: str, server: str = "participant") -> bool:
    """Whether a kernel still runs on a server (its kernel API answers 200)."""
    base = suite.specs[0 if server == "participant" else 1].local_url
    token = f"?token={suite.token}" if server == "facilitator" and suite.token else ""
    return http_get(f"{base}api/kernels/{kernel_id}{token}").status == 200


def page_kernel_id(page: Any) -> str:
    """The kernel id a Voila page is connected to (from its page config)."""
    raw = page.locator("#jupyter-config-data").first.text_content()
    return json.loads(raw)["kernelId"]


@pytest.fixture(name="free_port")
def free_port_fixture() -> Callable[[], int]:
    """The :func:`free_port` helper as a fixture."""
    return free_port


@pytest.fixture(name="http_get")
def http_get_fixture() -> Callable[..., Response]:
    """The :func:`http_get` helper as a fixture."""
    return http_get


@pytest.fixture(name="kernel_exists")
def kernel_exists_fixture() -> Callable[..., bool]:
    """The :func:`kernel_exists` helper as a fixture."""
    return kernel_exists


@pytest.fixture(name="page_kernel_id")
def page_kernel_id_fixture() -> Callable[[Any], str]:
    """The :func:`page_kernel_id` helper as a fixture."""
    return page_kernel_id


@pytest.fixture
def voila_suite(tmp_path: Path) -> Iterator[Callable[..., Suite]]:
    """Factory: start ``cocreate serve`` on free ports with the given options; stopped after."""
    started: list[Suite] = []

    def start(**options: Any) -> Suite:
        options.setdefault("participant_app", FIXTURE_APP)
        options.setdefault("workbooks", FIXTURE_WORKBOOKS)
        options.setdefault("port_participant", free_port())
        options.setdefault("port_facilitator", free_port())
        options.setdefault("room", 2)
        options.setdefault("log_level", "INFO")
        options.setdefault("db", str(tmp_path / "cocreate.db"))
        log = (tmp_path / f"serve-{len(started)}.log").open("w", encoding="utf-8")
        suite = start_suite(ServeOptions(**options), log=log)
        started.append(suite)
        return suite

    yield start
    for suite in started:
        suite.stop()


def _chromium_or_skip() -> None:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; the browser tests must run in CI")
        pytest.skip(f"{CHROMIUM} is missing")


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the session (Playwright, Debian's browser)."""
    _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium: Any) -> Iterator[Callable[..., Any]]:
    """Factory: a new page in a fresh context (own cookies); every request is logged.

    The page gets ``page.requests`` (a list of request URLs) and ``page.console`` (console
    messages as text). Keyword arguments go to ``browser.new_context``.
    """
    contexts: list[Any] = []

    def new_page(**context_options: Any) -> Any:
        context_options.setdefault("ignore_https_errors", True)
        context = chromium.new_context(**context_options)
        contexts.append(context)
        page = context.new_page()
        page.requests = []
        page.console = []
        page.on("request", lambda req: page.requests.append(req.url))
        page.on("console", lambda msg: page.console.append(f"{msg.type}: {msg.text}"))
        return page

    yield new_page
    for context in contexts:
        context.close()
