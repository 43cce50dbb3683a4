"""Limits per client: the token bucket, who the client is, the options that set the limits,
the 429 page, and the join-code lock of one page."""

from __future__ import annotations

import argparse

import pytest

from cocreate_widgets.participant import ParticipantApp
from cocreate_widgets.participant.join import CODE_ATTEMPTS, JoinScreen, wrong_code_count
from cocreate_widgets.serve.cli import add_serve_arguments, options_from_args
from cocreate_widgets.serve.config import ServeOptions, page_limit, voila_config
from cocreate_widgets.serve.limits import (
    MIN_PAGE_LIMIT,
    TokenBucket,
    client_address,
    client_key,
    default_page_limit,
    parse_trusted_proxies,
    retry_after_header,
)
from cocreate_widgets.store import UnknownJoinCode
from cocreate_widgets.store.workshops import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def parse(*argv: str) -> ServeOptions:
    parser = argparse.ArgumentParser()
    add_serve_arguments(parser)
    return options_from_args(parser.parse_args(list(argv)))


# --- the token bucket ------------------------------------------------------------------------


def test_bucket_allows_a_burst_then_refuses_with_the_wait():
    clock = Clock()
    bucket = TokenBucket(3, window_s=60, clock=clock)
    assert [bucket.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    wait = bucket.take("a")
    assert wait == pytest.approx(20.0)  # one load every 60/3 s
    assert bucket.take("b") == 0.0  # another client is not affected
    clock.now += 19.0
    assert bucket.take("a") == pytest.approx(1.0)
    clock.now += 1.0
    assert bucket.take("a") == 0.0
    assert bucket.take("a") > 0


def test_refused_events_are_not_counted_but_recorded_failures_are():
    clock = Clock()
    bucket = TokenBucket(2, window_s=100, clock=clock)
    bucket.take("a")
    bucket.take("a")
    for _ in range(50):  # hammering while refused does not lengthen the wait
        assert bucket.take("a") == pytest.approx(50.0)
    failures = TokenBucket(2, window_s=100, clock=clock)
    failures.record("x")
    assert failures.retry_after("x") == 0.0
    failures.record("x")
    assert failures.retry_after("x") == pytest.approx(50.0)


def test_bucket_refills_completely_within_the_window_and_forgets_the_client():
    clock = Clock()
    bucket = TokenBucket(10, window_s=600, clock=clock)
    for _ in range(10):
        bucket.take("a")
    assert bucket.take("a") > 0
    clock.now += 600
    assert [bucket.take("a") for _ in range(10)] == [0.0] * 10
    clock.now += 600
    bucket.prune()
    assert bucket.tracked == 0


def test_a_limit_of_zero_is_off():
    bucket = TokenBucket(0)
    assert not bucket.enabled
    assert all(bucket.take("a") == 0.0 for _ in range(1000))
    with pytest.raises(ValueError):
        TokenBucket(-1)


def test_retry_after_is_whole_seconds_at_least_one():
    assert retry_after_header(0.01) == "1"
    assert retry_after_header(19.2) == "20"


# --- who the client is ---------------------------------------------------------------------


def test_forwarding_headers_are_ignored_without_a_trusted_proxy():
    headers = {"X-Real-IP": "10.0.0.9", "X-Forwarded-For": "10.0.0.8"}
    assert client_address("192.0.2.7", headers) == "192.0.2.7"
    trusted = parse_trusted_proxies("127.0.0.1")
    assert client_address("192.0.2.7", headers, trusted) == "192.0.2.7"  # not the proxy


def test_the_trusted_proxy_names_the_client():
    trusted = parse_trusted_proxies("127.0.0.1, 10.1.0.0/16")
    assert client_address("127.0.0.1", {"X-Real-IP": "203.0.113.5"}, trusted) == "203.0.113.5"
    assert client_address("10.1.2.3", {"X-Real-IP": "203.0.113.5"}, trusted) == "203.0.113.5"
    # the client wrote the first hops itself; only the last one is the proxy's
    forwarded = {"X-Forwarded-For": "1.2.3.4, 203.0.113.9"}
    assert client_address("127.0.0.1", forwarded, trusted) == "203.0.113.9"
    # a header that is not an address leaves the proxy itself
    assert client_address("127.0.0.1", {"X-Real-IP": "<script>"}, trusted) == "127.0.0.1"
    assert client_address("127.0.0.1", {}, trusted) == "127.0.0.1"


def test_ipv6_clients_count_per_64_network():
    assert client_key("2001:db8:1:2:aaaa::1") == client_key("2001:db8:1:2:bbbb::2")
    assert client_key("2001:db8:1:3::1") != client_key("2001:db8:1:2::1")
    assert client_key("::ffff:192.0.2.1") == "192.0.2.1"
    assert client_key("192.0.2.1") == "192.0.2.1"


def test_a_bad_trusted_proxy_is_refused_with_its_name():
    with pytest.raises(ValueError, match="proxy.example"):
        parse_trusted_proxies("127.0.0.1,proxy.example")
    with pytest.raises(ValueError, match="trusted-proxy"):
        ServeOptions(trusted_proxy="nonsense")


# --- the options ---------------------------------------------------------------------------


def test_default_page_limit_fits_a_room_behind_one_address():
    assert default_page_limit(1) == MIN_PAGE_LIMIT
    assert default_page_limit(30) == 60
    assert page_limit(ServeOptions(room=100)) == 200
    assert page_limit(ServeOptions(page_limit=0)) == 0
    assert page_limit(ServeOptions(room=100, page_limit=15)) == 15


def test_limits_reach_the_right_server():
    options = parse("--page-limit", "7", "--login-limit", "4", "--trusted-proxy", "127.0.0.1")
    part = voila_config(options, "participant")["CocreateVoila"]
    fac = voila_config(options, "facilitator", token="t")["CocreateVoila"]
    assert (part["page_limit"], part["login_limit"]) == (7, 0)
    assert (fac["page_limit"], fac["login_limit"]) == (0, 4)
    assert part["trusted_proxies"] == fac["trusted_proxies"] == ["127.0.0.1/32"]
    defaults = parse()
    assert defaults.page_limit is None and defaults.login_limit == 10
    assert voila_config(defaults, "participant")["CocreateVoila"]["page_limit"] == 60
    assert voila_config(defaults, "participant")["CocreateVoila"]["trusted_proxies"] == []
    with pytest.raises(ValueError):
        ServeOptions(page_limit=-1)


def test_our_identity_provider_is_configured():
    for role in ("participant", "facilitator"):
        conf = voila_config(ServeOptions(), role, token="t")
        assert conf["Voila"]["identity_provider_class"].endswith("login.CocreateIdentityProvider")


def test_the_429_page_is_plain_and_in_the_workshop_language():
    from cocreate_widgets.serve.app import error_page

    dutch, english = error_page(429, "nl"), error_page(429, "en")
    assert "Te veel pogingen, wacht even." in dutch
    assert "Too many attempts, wait a moment." in english
    assert "Traceback" not in dutch and "<script" not in dutch


# --- join codes ----------------------------------------------------------------------------


def test_generated_join_codes_are_long_enough(sqlite_store):
    assert len(JOIN_CODE_ALPHABET) ** JOIN_CODE_LENGTH > 8e11
    code = sqlite_store.create_workshop("Lang").join_code
    assert len(code) == JOIN_CODE_LENGTH == 8
    assert set(code) <= set(JOIN_CODE_ALPHABET)
    assert sqlite_store.workshop_by_code(code.lower()).join_code == code
    fixed = sqlite_store.create_workshop("Demo", join_code="ZWRG24")  # fixed codes still work
    assert sqlite_store.workshop_by_code("zwrg-24").id == fixed.id


def wrong_code(screen: JoinScreen, code: str) -> bool:
    screen.code_field.value = code
    return screen.check_code()


def test_wrong_codes_lock_the_code_step_of_the_page(live):
    store, workshop, _run = live
    app = ParticipantApp(store)
    screen = app.join_screen
    for attempt in range(CODE_ATTEMPTS - 1):
        assert not wrong_code(screen, f"WRONG{attempt}X")
        assert "kennen we niet" in screen.code_field.error
        assert not screen.code_field.disabled
    assert not wrong_code(screen, "WRONGLAST")
    assert "Te veel verkeerde codes" in screen.code_field.error
    assert screen.code_field.disabled and screen.next_button.disabled
    assert wrong_code_count(store) == CODE_ATTEMPTS
    # now even the right code, typed or sent as a crafted message, looks nothing up
    calls = []
    original = store.workshop_by_code
    store.workshop_by_code = lambda code: calls.append(code) or original(code)
    assert not wrong_code(screen, workshop.join_code)
    screen.next_button.click()
    app.client.query = {"code": workshop.join_code}
    assert calls == [] and screen.workshop is None and app.participant is None
    assert "Te veel verkeerde codes" in screen.code_field.error


def test_a_new_screen_of_the_same_page_stays_locked(live):
    """The app builds a new join screen when the language changes: no fresh attempts."""
    store, workshop, _run = live
    first = JoinScreen(store, "nl", lambda *_: None)
    for attempt in range(CODE_ATTEMPTS):
        wrong_code(first, f"NOPE{attempt}")
    again = JoinScreen(store, "en", lambda *_: None, code=workshop.join_code)
    assert again.workshop is None and again.code_field.disabled
    assert "Too many wrong codes" in again.code_field.error


def test_right_code_within_the_attempts_still_joins(live, join):
    store, workshop, _run = live
    app = ParticipantApp(store)
    for attempt in range(CODE_ATTEMPTS - 1):
        wrong_code(app.join_screen, f"MISS{attempt}")
    assert join(app, workshop.join_code) is not None


def test_another_page_has_its_own_attempts(live, tmp_path):
    store, workshop, _run = live
    locked = JoinScreen(store, "nl", lambda *_: None)
    for attempt in range(CODE_ATTEMPTS):
        wrong_code(locked, f"NOPE{attempt}")
    from cocreate_widgets.store import Store

    other_page = Store(str(store.engine.url))  # a new page is a new kernel with its own store
    try:
        fresh = JoinScreen(other_page, "nl", lambda *_: None)
        assert wrong_code(fresh, workshop.join_code)
    finally:
        other_page.dispose()
    with pytest.raises(UnknownJoinCode):
        store.workshop_by_code("NOPE0")
