"""Attacks on what the engine and serving issues built, against real servers.

Plain HTTP (urllib) and the kernel websocket (:mod:`cocreate_widgets.serve.wire`), no
browser: path traversal, the facilitators' pages without a login, wrong logins, a page-load
flood, an ``execute_request``, crafted widget messages, guessing join codes. Each must be
refused without a traceback reaching the client and without anything invalid stored.
"""

from __future__ import annotations

import http.cookiejar
import re
import secrets
import socket
import stat
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cocreate_widgets.exercises import load_exercise_by_id
from cocreate_widgets.i18n import t
from cocreate_widgets.serve.config import ServeOptions
from cocreate_widgets.serve.runner import Suite, start_suite
from cocreate_widgets.serve.wire import SyncWireClient
from cocreate_widgets.store import Store

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "serve"
TOKEN = "attack-token-" + secrets.token_hex(8)
PASSWORD = "Kamer-42-" + secrets.token_hex(4)
PAGE_LIMIT = 3
LOGIN_LIMIT = 3
#: what must never reach a client: a file outside the served folder, a fixture that is not
#: served, a notebook's source, a traceback
LEAKS = ("root:x:0:0", "must never be served", "not-for-participants", "Traceback", "SECRET-")
TOO_MANY = "Te veel pogingen, wacht even."


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def request(
    url: str,
    *,
    client: str | None = None,
    data: dict[str, str] | None = None,
    jar: http.cookiejar.CookieJar | None = None,
) -> tuple[int, dict[str, str], str]:
    """GET (or POST ``data``) without following redirects; ``client`` goes in X-Real-IP."""
    handlers: list[Any] = [NoRedirect]
    if jar is not None:
        handlers.append(urllib.request.HTTPCookieProcessor(jar))
    opener = urllib.request.build_opener(*handlers)
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, headers={"X-Real-IP": client} if client else {})
    try:
        with opener.open(req, timeout=120) as resp:
            text = resp.read().decode("utf-8", "replace")
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, text
    except urllib.error.HTTPError as err:
        text = err.read().decode("utf-8", "replace")
        return err.code, {k.lower(): v for k, v in err.headers.items()}, text


def kernel_processes(server_pid: int) -> set[int]:
    """The kernels a server process has started (its ipykernel children)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == server_pid and b"ipykernel" in cmdline:
            found.add(int(entry.name))
    return found


def assert_no_leak(body: str, where: str) -> None:
    for leak in LEAKS:
        assert leak not in body, (where, leak)


# --- the fixture app: traversal, logins, flood --------------------------------------------------


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Suite]:
    """Both servers with a token and a password, small limits, 127.0.0.1 as trusted proxy,
    no kernel pool (so every page load that is let through starts one kernel)."""
    folder = tmp_path_factory.mktemp("attacks")
    password_file = folder / "password.txt"
    password_file.write_text(PASSWORD + "\n", encoding="utf-8")
    options = ServeOptions(
        participant_app=FIXTURES / "app" / "participant.ipynb",
        workbooks=FIXTURES / "workbooks",
        port_participant=_free_port(),
        port_facilitator=_free_port(),
        room=1,
        pool_size=0,
        page_limit=PAGE_LIMIT,
        login_limit=LOGIN_LIMIT,
        trusted_proxy="127.0.0.1",
        token=TOKEN,
        password_file=password_file,
        db=str(folder / "cocreate.db"),
        log_level="INFO",
    )
    suite = start_suite(options, log=(folder / "serve.log").open("w", encoding="utf-8"))
    yield suite
    suite.stop()


TRAVERSALS = (
    "/static/etc/passwd",  # CVE-2024-30265
    "/static/../../../../etc/passwd",
    "/voila/static/../../../../../etc/passwd",
    "/voila/static/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/voila/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/voila/static/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/voila/templates/../../../../../etc/passwd",
    "/voila/templates/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/voila/templates/cocreate/static/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/voila/api/themes/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/voila/files/secret.txt",
    "/voila/files/%2e%2e%2fapp%2fsecret.txt",
    "/voila/files/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/voila/render/other.ipynb",
    "/voila/render/%2e%2e%2fapp%2fother.ipynb",
    "/other.ipynb",
    "/voila/tree/",
    "/api/contents/secret.txt",
)


def test_path_traversal_is_refused_on_both_servers(servers):
    for base in (servers.specs[0].local_url, servers.specs[1].local_url):
        for path in TRAVERSALS:
            status, headers, body = request(base.rstrip("/") + path)
            if base == servers.specs[1].local_url and status == 302:
                # the facilitators' pages send a stranger to the login first
                assert headers["location"].startswith("/login"), path
            else:
                assert status in (403, 404), (base, path, status)
            assert_no_leak(body, base + path)
    # the handler that refuses these still serves the template's own files
    status, _headers, body = request(
        servers.specs[0].local_url + "voila/templates/cocreate/static/cocreate.js"
    )
    assert status == 200 and body
    # logged in, the facilitators' server still serves nothing outside its folder and no
    # notebook, script or database as a file
    fac = servers.specs[1].local_url
    for path in (
        "voila/render/%2e%2e%2fapp%2fother.ipynb",
        "voila/render/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
        "voila/files/console.ipynb",
        "voila/files/%2e%2e%2fapp%2fsecret.txt",
        "voila/files/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
        "voila/files/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    ):
        status, headers, body = request(f"{fac}{path}?token={TOKEN}")
        if status == 302:  # Voila sends a file that is not a notebook to the file handler
            location = headers["location"]
            status, headers, body = request(f"{fac.rstrip('/')}{location}?token={TOKEN}")
        assert status in (403, 404), (path, status)
        assert_no_leak(body, path)
        assert "fixture-console" not in body


@pytest.fixture(scope="module")
def console_kernel(servers: Suite) -> str:
    """The kernel of the console page, opened with the token: an API path that exists."""
    status, _headers, body = request(
        f"{servers.specs[1].local_url}voila/render/console.ipynb?token={TOKEN}"
    )
    assert status == 200 and "fixture-console" in body
    found = re.search(r'"kernelId":\s*"([0-9a-f-]+)"', body)
    assert found, "the console page names no kernel"
    return found.group(1)


def test_facilitators_pages_need_a_login(servers, console_kernel):
    fac = servers.specs[1].local_url
    for path in ("", "voila/render/console.ipynb", "voila/render/partnership/step.ipynb"):
        status, headers, body = request(fac + path)
        assert status == 302 and headers["location"].startswith("/login"), (path, status)
        assert "fixture-console" not in body and "fixture-step" not in body
    kernel = f"api/kernels/{console_kernel}"
    for path in (kernel, "api/kernels", "api/contents", "voila/api/contents/", "api/sessions"):
        status, _headers, body = request(fac + path)
        assert status in (403, 404), (path, status)
        assert console_kernel not in body
        assert_no_leak(body, path)
    status, _headers, body = request(f"{fac}{kernel}?token={TOKEN}")
    assert status == 200 and console_kernel in body  # with the token: not a vacuous check


def login(fac: str, password: str, client: str) -> tuple[int, dict[str, str], str]:
    """Post the login form as a browser does (``_xsrf`` cookie and field)."""
    jar = http.cookiejar.CookieJar()
    status, _headers, _body = request(fac + "login", client=client, jar=jar)
    assert status == 200
    xsrf = next(c.value for c in jar if c.name == "_xsrf")
    return request(
        fac + "login", client=client, jar=jar, data={"password": password, "_xsrf": xsrf}
    )


def test_wrong_passwords_and_tokens_are_refused_then_limited(servers, console_kernel):
    fac = servers.specs[1].local_url
    kernel = f"{fac}api/kernels/{console_kernel}"
    attacker, facilitator = "198.51.100.7", "198.51.100.8"
    for guess in ("wachtwoord", PASSWORD.lower(), TOKEN[:-1]):
        status, headers, body = login(fac, guess, attacker)
        assert status == 401, guess
        assert not any(k == "set-cookie" and "username" in v for k, v in headers.items())
        assert_no_leak(body, guess)
    status, headers, body = login(fac, PASSWORD, attacker)  # over the limit: not checked
    assert status == 429 and int(headers["retry-after"]) >= 1
    assert TOO_MANY in body
    assert_no_leak(body, "429")
    status, _headers, _body = request(f"{kernel}?token={TOKEN}", client=attacker)
    assert status == 403  # a right token from the locked-out client is not checked either
    # another client (the facilitator) logs in normally, with the password or the token
    status, headers, _body = login(fac, PASSWORD, facilitator)
    assert status == 302 and not headers["location"].startswith("/login")
    status, _headers, _body = request(f"{kernel}?token={TOKEN}", client=facilitator)
    assert status == 200
    status, _headers, _body = request(f"{kernel}?token=wrong", client=facilitator)
    assert status == 403


def test_page_flood_from_one_client_gets_429_and_starts_no_kernel(servers):
    base = servers.specs[0].local_url
    flooder, neighbour = "203.0.113.50", "203.0.113.51"
    pid = servers.participant.pid
    before = kernel_processes(pid)
    for _ in range(PAGE_LIMIT):
        status, _headers, body = request(base, client=flooder)
        assert status == 200 and "kernelId" in body
    served = kernel_processes(pid)
    assert len(served - before) == PAGE_LIMIT
    for _ in range(5):
        status, headers, body = request(base, client=flooder)
        assert status == 429 and int(headers["retry-after"]) >= 1
        assert TOO_MANY in body and "kernelId" not in body
        assert_no_leak(body, "flood")
    assert kernel_processes(pid) == served  # the refused loads started nothing
    status, _headers, body = request(base, client=neighbour)  # the next phone is served
    assert status == 200 and "fixture-app" in body
    # a client cannot pose as another: X-Real-IP counts only from the trusted proxy, and the
    # proxy (127.0.0.1) itself is a client like any other
    status, _headers, _body = request(base)
    assert status == 200


def test_no_secret_on_the_command_line_or_in_the_environment(servers):
    for proc in servers.processes():
        cmdline = Path(f"/proc/{proc.pid}/cmdline").read_bytes().decode("utf-8", "replace")
        environ = Path(f"/proc/{proc.pid}/environ").read_bytes().decode("utf-8", "replace")
        for secret in (TOKEN, PASSWORD):
            assert secret not in cmdline and secret not in environ
    config = servers.config_dir / "facilitator" / "voila.json"
    assert PASSWORD not in config.read_text(encoding="utf-8")
    assert "argon2:" in config.read_text(encoding="utf-8")
    assert stat.S_IMODE(config.stat().st_mode) == 0o600


# --- the real participant app over the kernel websocket -----------------------------------------


class Workshop:
    """The exercise server: its suite, database and open run."""

    def __init__(self, suite: Suite, url: str, code: str, workshop_id: int, run_id: int):
        self.suite, self.url, self.code = suite, url, code
        self.workshop_id, self.run_id = workshop_id, run_id
        self.store = Store(url)


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workshop]:
    """The real participant app serving a workshop with the shared-vision run open."""
    folder = tmp_path_factory.mktemp("attacks-app")
    url = f"sqlite:///{folder / 'workshop.sqlite'}"
    store = Store(url)
    store.upgrade()
    made = store.create_workshop("Aanval")
    run = store.open_run(store.add_run(made.id, load_exercise_by_id("shared_vision").to_dict()).id)
    store.dispose()
    suite = start_suite(
        ServeOptions(
            participant_app=REPO / "apps" / "participant.ipynb",
            workbooks=REPO / "workbooks",
            port_participant=_free_port(),
            port_facilitator=_free_port(),
            room=1,
            page_limit=100,
            db=url,
            log_level="INFO",
        ),
        log=(folder / "serve.log").open("w", encoding="utf-8"),
    )
    result = Workshop(suite, url, made.join_code, made.id, run.id)
    yield result
    result.store.dispose()
    suite.stop()


def settle(page: SyncWireClient) -> None:
    """Wait until the kernel has handled every message sent before (shell messages are
    handled in order, so its answer to kernel_info comes after them). What the kernel
    changed on the page comes on another channel and may arrive later: use ``wait_for``."""
    page.request("kernel_info_request", {}, timeout=60)


def field(page: SyncWireClient, key: str, *, displayed: bool = True) -> Any:
    return page.by_label(t(key, "nl"), displayed=displayed)


def button(page: SyncWireClient, key: str, *, displayed: bool = True) -> Any:
    return page.by_description(t(key, "nl"), displayed=displayed)


def test_execute_request_over_the_websocket_is_refused(workshop, tmp_path):
    marker = tmp_path / "pwned.txt"
    code = (
        f"open({str(marker)!r}, 'w').write('x')\n"
        "from cocreate_widgets.store import Store\n"
        f"Store({workshop.url!r}).create_workshop('pwned')"
    )
    with SyncWireClient(workshop.suite.participant_url) as page:
        result = page.send_execute_request(code, timeout=5)
        assert result.status != "ok"
        settle(page)  # the kernel still answers: the request was dropped, not queued
        assert not any(m.get("msg_type") == "execute_result" for m in result.outputs)
        assert "Traceback" not in page.page_text()
    assert not marker.exists()
    assert "pwned" not in [w.title for w in workshop.store.workshops()]


def test_guessing_join_codes_locks_the_page(workshop):
    with SyncWireClient(workshop.suite.participant_url) as page:
        code_field = field(page, "join.code")
        next_button = button(page, "join.next")
        for attempt in range(5):
            page.set_value(code_field.model_id, value=f"RADEN{attempt}XY")
            page.click(next_button.model_id)
        settle(page)
        locked = t("join.code_locked", "nl")
        page.wait_for(lambda p: locked in p.models[code_field.model_id].state.get("error", ""))
        assert page.models[code_field.model_id].state.get("disabled") is True
        # the right code, sent as crafted messages to the disabled field and button
        page.set_value(code_field.model_id, value=workshop.code)
        page.click(next_button.model_id)
        settle(page)
        assert not page.find(lambda m: m.label == t("join.role", "nl"))  # profile not shown
        assert locked in page.models[code_field.model_id].state.get("error", "")
        assert "Traceback" not in page.page_text()
    assert workshop.store.roster(workshop.workshop_id) == []


def test_hidden_fields_and_joining_without_consent_store_nothing(workshop):
    roster_before = len(workshop.store.roster(workshop.workshop_id))
    with SyncWireClient(workshop.suite.participant_url) as page:
        # before the code: the profile step exists in the kernel but is not shown
        role = field(page, "join.role", displayed=False)
        consent = field(page, "join.consent", displayed=False)
        join_button = button(page, "join.join", displayed=False)
        assert not page.find(lambda m: m.model_id == join_button.model_id)  # hidden indeed
        page.set_value(role.model_id, value="patient")
        page.set_value(consent.model_id, value=["yes"])
        page.click(join_button.model_id)
        settle(page)
        assert len(workshop.store.roster(workshop.workshop_id)) == roster_before
        # with the right code, but consent missing or forged
        page.set_value(field(page, "join.code").model_id, value=workshop.code)
        page.click(button(page, "join.next").model_id)
        page.wait_for(lambda p: p.find(lambda m: m.model_id == join_button.model_id))
        page.set_value(role.model_id, value="patient")
        for forged in ([], ["no"], {"yes": True}, "nee", [["yes"]], None):
            page.set_value(consent.model_id, value=forged)
            page.click(join_button.model_id)
            settle(page)  # the refusal's message comes on another channel: wait for it
            page.wait_for(lambda p: p.models[consent.model_id].state.get("error"))
            assert len(workshop.store.roster(workshop.workshop_id)) == roster_before
        # a role the workshop does not offer, with consent
        page.set_value(consent.model_id, value=["yes"])
        page.set_value(role.model_id, value="admin")
        page.click(join_button.model_id)
        settle(page)
        page.wait_for(lambda p: p.models[role.model_id].state.get("error"))
        assert len(workshop.store.roster(workshop.workshop_id)) == roster_before
        assert "Traceback" not in page.page_text()


AGREEMENT = "cocreate_widgets.controls.agreement.AgreementScale"
CHOICE = "cocreate_widgets.controls.choice.ChoiceGroup"
TEXT = "cocreate_widgets.controls.text.TextField"
BAD_VALUES = {
    AGREEMENT: [99, 0, -1, "5; DROP TABLE answers", [4], 4.5, {"value": 4}],
    CHOICE: ["hacker", ["yes"], 1, {"id": "yes"}],
    TEXT: [["een", "lijst"], {"$ne": ""}, 12, "x" * 1_000_000],
}


def form_fields(page: SyncWireClient) -> dict[str, list[Any]]:
    form = page.by_class("cc-form")
    found: dict[str, list[Any]] = {AGREEMENT: [], CHOICE: [], TEXT: []}
    for model in page.descendants(form.model_id):
        if model.anywidget_id in found:
            found[model.anywidget_id].append(model)
    return found


def assert_only_valid(answers: dict[str, Any], exercise: Any) -> None:
    """Every stored value has the shape and range its question allows."""
    for question in exercise.questions:
        value = answers.get(question.id)
        if value is None:
            continue
        if question.type == "agreement":
            assert isinstance(value, int) and 1 <= value <= 5, (question.id, value)
        elif question.type == "single_choice":
            assert value in [o.id for o in question.options], (question.id, value)
        else:
            assert isinstance(value, str) and len(value) <= 10_000, (question.id, len(value))


def test_crafted_form_values_and_disabled_fields_are_refused(workshop):
    exercise = load_exercise_by_id("shared_vision")
    store = workshop.store
    with SyncWireClient(workshop.suite.participant_url) as page:
        page.join(workshop.code, "Eva", "patient")
        person = store.roster(workshop.workshop_id)[-1]
        page.wait_for(lambda p: p.find(lambda m: "cc-form" in m.dom_classes))
        fields = form_fields(page)
        assert len(fields[AGREEMENT]) == 6 and len(fields[CHOICE]) == 1 and fields[TEXT]
        submit = page.by_class("cc-submit")
        for kind, values in BAD_VALUES.items():
            for value in values:
                for model in fields[kind]:
                    page.set_value(model.model_id, value=value)
                page.click(submit.model_id)
        settle(page)
        assert store.my_answers(workshop.run_id, person.id) == {}
        assert_only_valid(store.drafts(workshop.run_id, person.id), exercise)
        page.wait_for(lambda p: t("answer.check_form", "nl") in p.page_text())
        assert "Traceback" not in page.page_text()

        # now a valid answer: stored, so the refusals above were not vacuous
        for model in fields[AGREEMENT]:
            page.set_value(model.model_id, value=4)
        page.set_value(fields[CHOICE][0].model_id, value="partly")
        for model in fields[TEXT]:
            page.set_value(model.model_id, value="Samen beslissen")
        page.click(submit.model_id)
        settle(page)
        saved = page.wait_for(lambda p: store.my_answers(workshop.run_id, person.id))
        assert saved["shared_vision_possible"] == "partly" and saved["one_plan"] == 4
        assert_only_valid(saved, exercise)

        # the run closes: the fields are disabled; crafted messages to them change nothing
        store.close_run(workshop.run_id)
        try:
            page.wait_for(lambda p: p.models[submit.model_id].state.get("disabled") is True)
            for model in fields[AGREEMENT]:
                page.set_value(model.model_id, value=1)
            page.set_value(fields[CHOICE][0].model_id, value="not_yet")
            page.click(submit.model_id)
            settle(page)
            assert store.my_answers(workshop.run_id, person.id) == saved
            assert "Traceback" not in page.page_text()
        finally:
            store.open_run(workshop.run_id)


def test_the_guard_pattern_matches_tracebacks():
    """The leak check can fail: it finds a traceback and a passwd line."""
    with pytest.raises(AssertionError):
        assert_no_leak("Traceback (most recent call last):", "x")
    with pytest.raises(AssertionError):
        assert_no_leak("root:x:0:0:root:/root:/bin/bash", "x")
    assert re.search(r"\d", TOKEN)
