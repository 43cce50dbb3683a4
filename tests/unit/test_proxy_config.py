"""``cocreate proxy-config`` and the base URL of ``cocreate serve`` (nothing is started,
except ``nginx -t`` on the generated configuration)."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from cocreate_widgets.cli import main
from cocreate_widgets.serve import add_serve_arguments, options_from_args
from cocreate_widgets.serve.config import (
    ServeOptions,
    build_server,
    local_url,
    normalized_base_url,
    participant_url,
    voila_config,
)
from cocreate_widgets.serve.proxy import ProxyLayout, nginx_config, participant_ports

CERT = Path("/etc/cocreate/cert.pem")
KEY = Path("/etc/cocreate/key.pem")


def layout(**kw) -> ProxyLayout:
    kw.setdefault("participants", ("127.0.0.1:8866", "127.0.0.1:8868"))
    kw.setdefault("facilitator", "127.0.0.1:8867")
    kw.setdefault("server_name", "example.org")
    kw.setdefault("certfile", CERT)
    kw.setdefault("keyfile", KEY)
    return ProxyLayout(**kw)


def serve_options(*argv: str) -> ServeOptions:
    parser = argparse.ArgumentParser()
    add_serve_arguments(parser)
    return options_from_args(parser.parse_args(list(argv)))


def location_block(text: str, prefix: str) -> str:
    match = re.search(r"location " + re.escape(prefix) + r" \{(.*?)\}", text, re.S)
    assert match, prefix
    return match.group(1)


def test_each_server_gets_its_prefix_and_the_root_spreads_keeping_the_query():
    text = nginx_config(layout())
    assert "upstream cocreate_p1 {\n        server 127.0.0.1:8866;" in text
    assert "upstream cocreate_p2 {\n        server 127.0.0.1:8868;" in text
    assert "upstream cocreate_facilitator {\n        server 127.0.0.1:8867;" in text
    assert "proxy_pass http://cocreate_p1;" in location_block(text, "/p1/")
    assert "proxy_pass http://cocreate_p2;" in location_block(text, "/p2/")
    assert "cocreate_facilitator" in location_block(text, "/facilitator/")
    # proxy_pass without a path keeps /pN/ in the request: the servers answer under it
    assert not re.search(r"proxy_pass http://\S+/;", text)
    assert "return 302 /$cocreate_server/$is_args$args;" in location_block(text, "= /")
    split = re.search(r"split_clients \"(.*?)\" \$cocreate_server \{(.*?)\}", text, re.S)
    assert split and "request_id" in split.group(1)
    assert split.group(2).split() == ["50%", "p1;", "*", "p2;"]


def test_websockets_real_client_and_tls_are_configured():
    text = nginx_config(layout(listen_port=8443, listen_address="127.0.0.1"))
    for line in (
        "proxy_http_version 1.1;",
        "proxy_set_header Upgrade $http_upgrade;",
        "proxy_set_header Connection $connection_upgrade;",
        "proxy_set_header Host $http_host;",
        "proxy_set_header X-Real-IP $remote_addr;",
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "proxy_set_header X-Forwarded-Proto $scheme;",
        "proxy_read_timeout 3600s;",
        "listen 127.0.0.1:8443 ssl;",
        f"ssl_certificate {CERT};",
        f"ssl_certificate_key {KEY};",
        "ssl_protocols TLSv1.2 TLSv1.3;",
        "server_name example.org;",
        "pid nginx.pid;",
    ):
        assert line in text, line
    assert "return 301 https" not in text  # no plain-HTTP server unless asked
    assert "listen 80;" in nginx_config(layout(http_port=80))


def test_shares_add_up_for_three_servers_and_ports_skip_the_facilitators():
    text = nginx_config(layout(participants=("a:1", "b:2", "c:3"), facilitator="d:4"))
    assert "33.33% p1;" in text and "33.33% p2;" in text and "* p3;" in text
    assert participant_ports(3, 8866, 8867) == [8866, 8868, 8869]
    assert participant_ports(2, 9000, 8867) == [9000, 9001]


@pytest.mark.parametrize(
    "bad",
    [
        {"participants": ()},
        {"participants": ("127.0.0.1:8867",)},  # the facilitators' address twice
        {"participants": ("no-port",)},
        {"participants": ("127.0.0.1:99999",)},
        {"server_name": "example.org; include /etc/passwd"},
        {"certfile": Path("/tmp/x;y.pem")},
        {"listen_port": 0},
    ],
)
def test_bad_layouts_are_refused_with_a_message(bad):
    with pytest.raises(ValueError, match=r"\S"):
        layout(**bad)


def test_cli_prints_the_config(capsys, tmp_path):
    code = main(
        [
            "proxy-config",
            "--servers", "2",
            "--participant-port-base", "8866",
            "--facilitator-port", "8867",
            "--server-name", "example.org",
            "--certfile", str(tmp_path / "c.pem"),
            "--keyfile", str(tmp_path / "k.pem"),
        ]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert "server 127.0.0.1:8866;" in out and "server 127.0.0.1:8868;" in out
    assert f"ssl_certificate {tmp_path / 'c.pem'};" in out
    assert main(["proxy-config", "--server-name", "bad name", "--certfile", "c", "--keyfile", "k"])
    assert "proxy-config" in capsys.readouterr().err


def test_nginx_accepts_the_generated_config(tmp_path, certificate):
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not nginx:
        if os.environ.get("CI"):
            pytest.fail("nginx is missing in CI; scripts/system-deps.sh installs it")
        pytest.skip("nginx is missing")
    cert, key = certificate("example.org")
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx_config(layout(certfile=cert, keyfile=key, http_port=80)))
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(conf), "-e", "stderr"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_base_url_prefixes_every_address_and_reaches_voila():
    options = serve_options("--base-url", "p1", "--only", "participant")
    assert options.base_url == "/p1/" and options.roles == ("participant",)
    assert local_url(options, "participant") == "http://127.0.0.1:8866/p1/"
    assert participant_url(options) == "http://127.0.0.1:8866/p1/"
    assert voila_config(options, "participant")["Voila"]["base_url"] == "/p1/"
    spec = build_server(options, "participant", Path("/tmp/x"), {})
    assert spec.local_url.endswith("/p1/")
    # behind the proxy the join link is the proxy's, whatever server renders the page
    proxied = ServeOptions(base_url="/p2/", public_url="https://example.org")
    assert (
        build_server(proxied, "participant", Path("/tmp/x"), {}).env["COCREATE_PUBLIC_URL"]
        == "https://example.org/"
    )
    assert serve_options().base_url == "/" and serve_options().roles == (
        "participant",
        "facilitator",
    )
    assert normalized_base_url("/a/b") == "/a/b/"


@pytest.mark.parametrize("bad", ["/../x/", "/p 1/", "/p1/?x=1", "/p1/<script>"])
def test_bad_base_url_is_refused(bad):
    with pytest.raises(ValueError, match="--base-url"):
        ServeOptions(base_url=bad)
