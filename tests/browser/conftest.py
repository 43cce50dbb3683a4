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

REPO = Path(__file__).resolve().parents[2]
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
        # every test's browsers share 127.0.0.1: the limit stays on, but out of their way
        options.setdefault("page_limit", 1000)
        options.setdefault("db", str(tmp_path / "cocreate.db"))
        log = (tmp_path / f"serve-{len(started)}.log").open("w", encoding="utf-8")
        suite = start_suite(ServeOptions(**options), log=log)
        started.append(suite)
        return suite

    yield start
    for suite in started:
        suite.stop()


@dataclass
class ExerciseSuite:
    """The real apps serving one workshop with one open run: what a browser test drives."""

    suite: Suite
    join_code: str
    run_id: int

    @property
    def join_url(self) -> str:
        """The participant app's link with the join code, as the QR code gives it."""
        return f"{self.suite.participant_url}?code={self.join_code}"

    def join(self, page: Any, name: str, role_label: str) -> None:
        """Open the link on a phone and join as a participant would: name, role, consent."""
        page.goto(self.join_url)
        page.get_by_label("Je naam of een schuilnaam", exact=False).fill(name)
        page.get_by_label(role_label, exact=True).check()
        page.get_by_label("Ja, ik ga akkoord").check()
        page.get_by_role("button", name="Meedoen").click()

    def workbook_url(self, notebook: str) -> str:
        """The facilitator's page of a workbook (``group/name.ipynb``), with the login token."""
        token = f"?token={self.suite.token}" if self.suite.token else ""
        return f"{self.suite.facilitator_url}voila/render/{notebook}{token}"


@pytest.fixture
def exercise_suite(voila_suite, tmp_path: Path) -> Callable[..., ExerciseSuite]:
    """Factory: a fresh database with a workshop and an open run of the exercise (plus
    answers given beforehand: ``(pseudonym, role, values)``), served by the real apps."""
    from cocreate_widgets.exercises import load_exercise_by_id
    from cocreate_widgets.store import Store

    def start(
        exercise_id: str, *, title: str = "Workshop", room: int = 1, answers=()
    ) -> ExerciseSuite:
        url = f"sqlite:///{tmp_path / f'{exercise_id}.sqlite'}"
        store = Store(url)
        store.upgrade()
        workshop = store.create_workshop(title)
        exercise = load_exercise_by_id(exercise_id)
        run = store.open_run(store.add_run(workshop.id, exercise.to_dict()).id)
        for pseudonym, role, values in answers:
            person = store.add_participant(workshop.id, pseudonym=pseudonym, role=role)
            store.submit_answers(run.id, person.id, values)
        store.dispose()
        suite = voila_suite(
            participant_app=REPO / "apps" / "participant.ipynb",
            workbooks=REPO / "workbooks",
            db=url,
            room=room,
        )
        return ExerciseSuite(suite, workshop.join_code, run.id)

    return start


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
