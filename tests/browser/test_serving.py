"""``cocreate serve`` end to end: two real Voila servers and headless Chromium."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "serve"
WIDGET = ".fixture-app"
SECURITY_HEADERS = ("content-security-policy", "x-content-type-options", "referrer-policy")


@pytest.fixture
def suite(voila_suite):
    """One suite with the fixture app and workbooks, a fixed token."""
    return voila_suite(token="test-token-123", room=2)


def open_app(page, suite):
    """Open the participant app and wait until its widget is visible."""
    page.goto(suite.participant_url)
    page.wait_for_selector(WIDGET, state="visible", timeout=90_000)


def test_participant_app_is_served_and_nothing_else(suite, browser_page, http_get):
    page = browser_page()
    open_app(page, suite)
    assert page.locator("input").first.is_visible()
    assert page.locator(".fixture-role").inner_text() == "participant"
    base = suite.specs[0].local_url.rstrip("/")
    for path in (
        "/voila/tree",
        "/voila/tree/",
        "/voila/render/other.ipynb",
        "/other.ipynb",
        "/participant.ipynb",
        "/voila/files/secret.txt",
        "/voila/files/logo.png",
        "/voila/files/other.ipynb",
        "/voila/files/../workbooks/console.ipynb",
        "/voila/api/contents/",
        "/api/contents",
    ):
        resp = http_get(base + path)
        assert resp.status in (403, 404), (path, resp.status)
        assert "not-for-participants" not in resp.body
        assert "Traceback" not in resp.body


def test_no_request_leaves_the_server(suite, browser_page):
    page = browser_page()
    open_app(page, suite)
    page.wait_for_load_state("networkidle")
    network = [u for u in page.requests if urlsplit(u).scheme in ("http", "https", "ws", "wss")]
    assert network, "the page made no request at all?"
    elsewhere = [u for u in network if urlsplit(u).hostname != "127.0.0.1"]
    assert elsewhere == []
    assert page.evaluate("document.documentElement.lang") == "nl"


def test_traceback_never_reaches_the_participant(suite, browser_page):
    page = browser_page()
    open_app(page, suite)
    page.wait_for_load_state("networkidle")
    html = page.content()
    assert "SECRET-TRACEBACK-DETAIL" not in html
    assert "RuntimeError" not in html
    assert "Traceback" not in html
    assert "Er ging hier iets mis" in html


def test_facilitators_need_the_token_once(suite, browser_page, http_get):
    page = browser_page()
    base = suite.facilitator_url
    page.goto(base + "voila/render/console.ipynb")
    assert "/login" in page.url
    assert page.locator(".fixture-console").count() == 0
    assert http_get(suite.specs[1].local_url + "voila/api/contents/").status == 403

    page.goto(f"{base}?token={suite.token}")
    page.goto(base + "voila/render/console.ipynb")  # no token: the login cookie is enough
    page.wait_for_selector(".fixture-console", state="visible", timeout=90_000)
    page.goto(base + "voila/render/partnership/step.ipynb")
    page.wait_for_selector(".fixture-step", state="visible", timeout=90_000)
    assert page.locator(".fixture-step").count() == 1

    wrong = browser_page()
    wrong.goto(f"{base}voila/render/console.ipynb?token=wrong")
    assert "/login" in wrong.url


def test_closed_tab_ends_its_kernel(suite, browser_page, kernel_exists, page_kernel_id):
    page = browser_page()
    open_app(page, suite)
    kernel_id = page_kernel_id(page)
    assert kernel_exists(suite, kernel_id)
    page.close(run_before_unload=True)
    deadline = time.monotonic() + 10
    while kernel_exists(suite, kernel_id) and time.monotonic() < deadline:
        time.sleep(0.25)
    assert not kernel_exists(suite, kernel_id), "the kernel of a closed tab still runs"


def test_reload_gets_a_fresh_kernel(suite, browser_page, kernel_exists, page_kernel_id):
    page = browser_page()
    open_app(page, suite)
    first = page_kernel_id(page)
    page.reload()
    page.wait_for_selector(WIDGET, state="visible", timeout=90_000)
    second = page_kernel_id(page)
    assert second != first
    assert kernel_exists(suite, second)


def test_security_headers_on_both_servers(suite, http_get):
    participant, facilitator = (spec.local_url for spec in suite.specs)
    for url in (
        participant,
        participant + "voila/static/voila.js",
        participant + "no-such-page",
        facilitator + "login",
        facilitator + f"?token={suite.token}",
    ):
        resp = http_get(url)
        for name in SECURITY_HEADERS:
            assert name in resp.headers, (url, name)
        assert resp.headers["x-content-type-options"] == "nosniff"
        assert resp.headers["referrer-policy"] in ("no-referrer", "same-origin")
        assert "frame-ancestors" in resp.headers["content-security-policy"]
    page = http_get(participant)
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "_xsrf=" in page.headers.get("set-cookie", "")


def test_fixture_files_exist():  # the fixtures this module relies on
    assert (FIXTURES / "app" / "participant.ipynb").exists()


def test_vanished_page_is_culled_after_grace_connected_page_is_not(
    voila_suite, browser_page, kernel_exists, page_kernel_id
):
    # grace 9 s: a page that vanished without any unload (as phones do) loses its kernel,
    # a page still connected keeps it
    suite = voila_suite(grace_minutes=0.15, room=2)
    staying = browser_page()
    open_app(staying, suite)
    gone = browser_page()
    open_app(gone, suite)
    kept_id, gone_id = page_kernel_id(staying), page_kernel_id(gone)
    gone.evaluate("navigator.sendBeacon = () => true")  # no unload request at all
    gone.close(run_before_unload=True)
    time.sleep(2)
    assert kernel_exists(suite, gone_id), "ended at once: this test needs the culler"
    deadline = time.monotonic() + 40
    while kernel_exists(suite, gone_id) and time.monotonic() < deadline:
        time.sleep(1)
    assert not kernel_exists(suite, gone_id), "a vanished page's kernel outlived the grace"
    assert kernel_exists(suite, kept_id), "a connected page lost its kernel"


def test_pooled_kernel_that_waited_past_the_grace_survives_its_page_load(
    voila_suite, browser_page, kernel_exists, page_kernel_id
):
    """Does a kernel that idled in the pool longer than the grace live on once taken?"""
    suite = voila_suite(grace_minutes=0.15, room=2)  # grace 9 s, a pool of 2
    time.sleep(20)  # the pooled kernels sit idle well past the grace
    page = browser_page()
    open_app(page, suite)
    kernel_id = page_kernel_id(page)
    time.sleep(12)  # more than a grace and a check interval after the page took it
    assert kernel_exists(suite, kernel_id), "a page lost its freshly taken kernel"


def test_cli_starts_and_stops_both_servers(tmp_path, http_get, free_port):
    pp, pf = free_port(), free_port()
    log = (tmp_path / "cli.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cocreate_widgets.cli",
            "serve",
            "--app",
            str(FIXTURES / "app" / "participant.ipynb"),
            "--workbooks",
            str(FIXTURES / "workbooks"),
            "--port-participant",
            str(pp),
            "--port-facilitator",
            str(pf),
            "--room",
            "1",
        ],
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
        env={**os.environ, "COCREATE_TOKEN": "t0k"},
    )
    try:
        lines = [proc.stdout.readline() for _ in range(3)]
        assert f"http://127.0.0.1:{pp}/" in lines[1]
        assert f"http://127.0.0.1:{pf}/?token=t0k" in lines[2]
        assert http_get(f"http://127.0.0.1:{pp}/cocreate/health").status == 204
        proc.send_signal(signal.SIGINT)
        assert proc.wait(30) == 0
        for port in (pp, pf):
            with pytest.raises(OSError):
                http_get(f"http://127.0.0.1:{port}/cocreate/health")
    finally:
        if proc.poll() is None:
            proc.kill()


def test_password_login_once_per_browser(voila_suite, browser_page, tmp_path):
    password = tmp_path / "password.txt"
    password.write_text("room-42-password\n")
    suite = voila_suite(password_file=password)
    assert suite.token is None
    page = browser_page()
    page.goto(suite.facilitator_url + "voila/render/console.ipynb")
    assert "/login" in page.url
    page.fill("input[type=password]", "room-42-password")
    page.locator("button[type=submit], input[type=submit]").first.click()
    page.wait_for_selector(".fixture-console", state="visible", timeout=90_000)
    page.goto(suite.facilitator_url + "voila/render/partnership/step.ipynb")
    page.wait_for_selector(".fixture-step", state="visible", timeout=90_000)


@pytest.mark.skipif(not Path("/usr/bin/openssl").exists(), reason="needs openssl")
def test_tls(voila_suite, browser_page, http_get, certificate):
    cert, key = certificate()
    suite = voila_suite(certfile=cert, keyfile=key, token="tls-token")
    assert suite.participant_url.startswith("https://127.0.0.1:")
    assert http_get(suite.specs[0].local_url + "cocreate/health").status == 204
    page = browser_page()
    open_app(page, suite)
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["_xsrf"]["secure"] is True


def test_burst_of_joins_renders_every_page(voila_suite, browser_page):
    # more joins at once than the pool holds: the rest start kernels on demand, and no page
    # may stay empty (nbclient's 4 s IOPub timeout is raised for this)
    suite = voila_suite(room=4)
    pages = [browser_page() for _ in range(8)]
    for page in pages:
        page.goto(suite.participant_url, wait_until="commit")
    for page in pages:
        page.wait_for_selector(WIDGET, state="visible", timeout=180_000)
        assert page.locator("input").count() >= 1
