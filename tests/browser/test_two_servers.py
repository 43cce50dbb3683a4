"""Past one machine: two participants' servers behind nginx with TLS, one PostgreSQL.

Two participants' servers answer under ``/p1/`` and ``/p2/``, the facilitators' server under
``/facilitator/``, all on one PostgreSQL database; Debian's nginx in front ends TLS and sends
each new visitor of ``/`` to one of the two (``cocreate proxy-config``, docs/scaling.md).
Phones join through the proxy until both servers have participants; everyone answers; the
console, reached through the proxy, counts every answer, and the store holds each once.
"""

from __future__ import annotations

import os
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from cocreate_widgets.exercises import load_exercise_by_id
from cocreate_widgets.serve.proxy import ProxyLayout, nginx_config
from cocreate_widgets.store.schema import responses

REPO = Path(__file__).resolve().parents[2]
WAIT = 60_000  # ms; generous: kernels start on two cores
PHONE = {"width": 390, "height": 844}
TOKEN = "two-servers-token"
COMMENT = "Toelichting (mag leeg blijven)"
MAX_PHONES = 16  # each visitor lands on /p1/ or /p2/ at random: 2 ** -15 to miss one

pytestmark = [pytest.mark.browser, pytest.mark.postgres]


def nginx_or_skip() -> str:
    """Debian's nginx; without it the test skips locally and fails in CI."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("nginx is missing; scripts/system-deps.sh installs it")
        pytest.skip("nginx is missing (apt-get install nginx)")
    return found


def wait_for_tls(port: int, proc: subprocess.Popen, timeout: float = 20.0) -> None:
    """Wait until the proxy completes a TLS handshake on ``port``."""
    context = ssl._create_unverified_context()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "nginx stopped at once; see its error.log"
        try:
            with (
                socket.create_connection(("127.0.0.1", port), timeout=2) as raw,
                context.wrap_socket(raw, server_hostname="127.0.0.1"),
            ):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nginx did not answer on {port}")


@pytest.fixture
def proxy_prefix(tmp_path: Path) -> Path:
    """The nginx prefix folder (config, pid file, logs, temporary files)."""
    folder = tmp_path / "nginx"
    folder.mkdir()
    return folder


@pytest.fixture
def start_nginx(proxy_prefix: Path) -> Iterator[Callable[[ProxyLayout], None]]:
    """Factory: run nginx in the foreground with the generated config; stopped by PID."""
    binary = nginx_or_skip()
    started: list[subprocess.Popen] = []

    def start(layout: ProxyLayout) -> None:
        conf = proxy_prefix / "nginx.conf"
        conf.write_text(nginx_config(layout), encoding="utf-8")
        proc = subprocess.Popen(
            [binary, "-p", str(proxy_prefix), "-c", str(conf), "-e", "stderr",
             "-g", "daemon off;"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=(proxy_prefix / "stderr.log").open("w"),
        )  # fmt: skip
        started.append(proc)
        wait_for_tls(layout.listen_port, proc)

    yield start
    for proc in started:
        proc.terminate()  # SIGTERM: nginx's fast shutdown
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def join_and_answer(page, name: str) -> None:
    """Join on the page already opened with the code, then answer the quick poll."""
    page.get_by_label("Je naam of een schuilnaam", exact=False).fill(name)
    page.get_by_label("Patiënt", exact=True).check()
    page.get_by_label("Ja, ik ga akkoord").check()
    page.get_by_role("button", name="Meedoen").click()
    page.get_by_label("Ik twijfel", exact=True).check(timeout=WAIT)
    page.get_by_label(COMMENT).fill(f"Toelichting van {name}")
    page.get_by_role("button", name="Antwoorden versturen").click()
    expect(page.get_by_text("Je antwoorden zijn opgeslagen")).to_be_visible(timeout=WAIT)


def test_two_servers_behind_one_proxy_share_one_console(
    postgres_store, voila_suite, start_nginx, browser_page, free_port, certificate, tmp_path
):
    """Do participants spread over two servers, and does one console count them all?"""
    database = os.environ["COCREATE_TEST_POSTGRES"]
    workshop = postgres_store.create_workshop("Twee servers")
    run = postgres_store.open_run(
        postgres_store.add_run(workshop.id, load_exercise_by_id("quick_poll").to_dict()).id
    )
    proxy_port = free_port()
    public = f"https://127.0.0.1:{proxy_port}/"
    common = {
        "participant_app": REPO / "apps" / "participant.ipynb",
        "workbooks": REPO / "workbooks",
        "db": database,
        "public_url": public,  # the join link and QR code point at the proxy
        "trusted_proxy": "127.0.0.1",
        "token": TOKEN,
    }
    roles = [("participant", "/p1/"), ("participant", "/p2/"), ("facilitator", "/facilitator/")]
    with ThreadPoolExecutor(len(roles)) as pool:
        suites = list(pool.map(lambda r: voila_suite(**common, only=r[0], base_url=r[1]), roles))
    p1, p2, facilitators = suites
    cert, key = certificate()
    start_nginx(
        ProxyLayout(
            participants=(
                f"127.0.0.1:{p1.specs[0].port}",
                f"127.0.0.1:{p2.specs[0].port}",
            ),
            facilitator=f"127.0.0.1:{facilitators.specs[0].port}",
            server_name="127.0.0.1",
            certfile=cert,
            keyfile=key,
            listen_port=proxy_port,
            listen_address="127.0.0.1",
        )
    )

    console = browser_page(viewport={"width": 1280, "height": 900})
    console.goto(
        f"{public}facilitator/voila/render/console.ipynb?token={TOKEN}",
        wait_until="commit",
        timeout=WAIT,
    )

    phones: dict[str, list] = {"p1": [], "p2": []}
    for _visitor in range(MAX_PHONES):
        phone = browser_page(viewport=PHONE)
        phone.goto(f"{public}?code={workshop.join_code}", wait_until="commit", timeout=WAIT)
        prefix = phone.url.removeprefix(public).split("/", 1)[0]
        assert prefix in phones, phone.url
        assert f"?code={workshop.join_code}" in phone.url  # the redirect kept the query
        phones[prefix].append(phone)
        if phones["p1"] and phones["p2"]:
            break
    assert phones["p1"] and phones["p2"], "every visitor went to the same server"

    everyone = [
        (f"Deelnemer {p}-{i + 1}", page)
        for p, pages in phones.items()
        for i, page in enumerate(pages)
    ]
    for name, page in everyone:
        join_and_answer(page, name)
    first = everyone[0][1]
    link = first.locator(".cc-personal-link a").get_attribute("href")
    assert link and link.startswith(f"{public}?code="), link  # personal links via the proxy
    first.screenshot(path=str(tmp_path / "phone-through-proxy.png"), full_page=True)

    answers = console.locator(".cc-table").first.locator("tbody tr td").nth(3)
    expect(answers).to_have_text(str(len(everyone)), timeout=WAIT)

    with postgres_store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(responses.c.participant_id, responses.c.question_id, sa.func.count())
            .where(responses.c.run_id == run.id)
            .group_by(responses.c.participant_id, responses.c.question_id)
        ).all()
    assert len({participant for participant, _q, _n in rows}) == len(everyone)
    assert sorted(question for _p, question, _n in rows) == sorted(
        ["comment", "stance"] * len(everyone)
    )
    assert all(count == 1 for _p, _q, count in rows)
