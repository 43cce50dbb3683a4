"""The command lines and Voila configuration that ``cocreate serve`` builds (nothing starts)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from cocreate_widgets.serve import add_serve_arguments, options_from_args
from cocreate_widgets.serve.auth import facilitator_token, hashed_password
from cocreate_widgets.serve.config import (
    TEMPLATES_ROOT,
    ServeOptions,
    bind_address,
    build_server,
    kernel_transport,
    participant_url,
    room_pool_size,
    security_headers,
    voila_config,
)

APP = Path("/srv/suite/apps/participant.ipynb")
WORKBOOKS = Path("/srv/suite/workbooks")


def opts(**kw) -> ServeOptions:
    kw.setdefault("participant_app", APP)
    kw.setdefault("workbooks", WORKBOOKS)
    return ServeOptions(**kw)


def parse(*argv: str) -> ServeOptions:
    parser = argparse.ArgumentParser()
    add_serve_arguments(parser)
    return options_from_args(parser.parse_args(list(argv)))


def test_loopback_by_default_lan_binds_everywhere():
    assert bind_address(opts()) == "127.0.0.1"
    for role in ("participant", "facilitator"):
        assert voila_config(opts(), role)["Voila"]["ip"] == "127.0.0.1"
        assert voila_config(opts(lan=True), role)["Voila"]["ip"] == "0.0.0.0"
    assert (
        voila_config(opts(), "participant")["Voila"]["tornado_settings"]["allow_remote_access"]
        is False
    )
    assert parse().lan is False
    assert parse("--lan").lan is True


def test_ports_default_and_options():
    o = parse()
    assert (o.port_participant, o.port_facilitator) == (8866, 8867)
    o = parse("--port-participant", "9000", "--port-facilitator", "9001")
    assert voila_config(o, "participant")["Voila"]["port"] == 9000
    assert voila_config(o, "facilitator")["Voila"]["port"] == 9001
    assert voila_config(o, "facilitator")["Voila"]["port_retries"] == 0
    with pytest.raises(ValueError):
        opts(port_participant=9000, port_facilitator=9000)


def test_pool_only_for_the_participant_app_and_sized_by_room():
    part = voila_config(opts(room=30), "participant")
    assert part["VoilaConfiguration"]["preheat_kernel"] is True
    assert part["VoilaConfiguration"]["default_pool_size"] == 10
    pools = part["VoilaKernelManager"]["kernel_pools_config"]
    assert pools["participant.ipynb"]["pool_size"] == 10
    assert room_pool_size(opts(room=1)) == 2
    assert room_pool_size(opts(room=200)) == 12
    assert room_pool_size(opts(room=200, pool_size=3)) == 3
    assert room_pool_size(opts(pool_size=0)) == 0
    assert parse("--room", "12").room == 12
    fac = voila_config(opts(room=30), "facilitator")
    assert fac["VoilaConfiguration"]["preheat_kernel"] is False
    assert "VoilaKernelManager" not in fac


def test_culling_settings_from_grace():
    conf = voila_config(opts(grace_minutes=10), "participant")
    mkm = conf["MappingKernelManager"]
    # the idle culler would race a page that just took a pooled kernel: ours alone culls
    assert mkm["cull_idle_timeout"] == 0
    assert mkm["cull_connected"] is False
    assert mkm["cull_busy"] is False
    assert 0 < mkm["cull_interval"] <= 60
    assert conf["CocreateVoila"]["cull_disconnected_after"] == 600
    assert parse("--grace-minutes", "3").grace_minutes == 3
    # a facilitator's laptop may sleep through a break: at least an hour
    fac = voila_config(opts(grace_minutes=10), "facilitator")
    assert fac["CocreateVoila"]["cull_disconnected_after"] == 3600


def test_participant_file_allowlist_is_closed():
    conf = voila_config(opts(), "participant")["VoilaConfiguration"]
    assert conf["file_allowlist"] == []
    assert conf["file_denylist"] == [".*"]
    fac = voila_config(opts(), "facilitator")["VoilaConfiguration"]
    assert any("ipynb" in p for p in fac["file_denylist"])


def test_no_tracebacks_and_our_template():
    for role in ("participant", "facilitator"):
        conf = voila_config(opts(), role)
        assert conf["VoilaConfiguration"]["show_tracebacks"] is False
        assert conf["VoilaExecutor"]["show_tracebacks"] is False
        assert conf["VoilaConfiguration"]["template"] == "cocreate"
        assert conf["VoilaConfiguration"]["allow_template_override"] == "NO"
        assert conf["Voila"]["tornado_settings"]["serve_traceback"] is False
        assert conf["VoilaExecutor"]["iopub_timeout"] >= 30
        assert "Voil" not in conf["VoilaExecutor"]["cell_error_instruction"]
    spec = build_server(opts(), "participant", Path("/tmp/x"), {})
    assert not any("traceback" in a.lower() or "debug" in a for a in spec.argv)
    assert (TEMPLATES_ROOT / "voila" / "templates" / "cocreate" / "index.html.j2").exists()


def test_security_headers_on_both_servers():
    for role in ("participant", "facilitator"):
        headers = voila_config(opts(), role)["Voila"]["tornado_settings"]["headers"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] in ("no-referrer", "same-origin")
        assert "frame-ancestors" in headers["Content-Security-Policy"]
        assert "connect-src 'self'" in headers["Content-Security-Policy"]
        assert "http" not in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in security_headers("participant")["Content-Security-Policy"]
    assert security_headers("participant")["Referrer-Policy"] == "no-referrer"


def test_tls_options_passed(tmp_path):
    cert, key = tmp_path / "c.pem", tmp_path / "k.pem"
    o = parse("--certfile", str(cert), "--keyfile", str(key))
    conf = voila_config(o, "participant")
    assert conf["CocreateVoila"]["certfile"] == str(cert)
    assert conf["CocreateVoila"]["keyfile"] == str(key)
    assert conf["Voila"]["tornado_settings"]["xsrf_cookie_kwargs"]["secure"] is True
    assert participant_url(o).startswith("https://")
    assert voila_config(opts(), "participant")["CocreateVoila"]["certfile"] == ""
    with pytest.raises(ValueError):
        opts(certfile=cert)


def test_public_url_goes_to_the_kernels():
    o = opts(public_url="https://room.example.org/join", lan=True)
    assert participant_url(o) == "https://room.example.org/join/"
    env = build_server(o, "participant", Path("/tmp/x"), {}).env
    assert env["COCREATE_PUBLIC_URL"] == "https://room.example.org/join/"
    assert participant_url(opts(lan=True), lan_host="192.168.1.20") == "http://192.168.1.20:8866/"
    assert participant_url(opts()) == "http://127.0.0.1:8866/"


def test_kernel_env_role_db_and_no_secret():
    base = {"COCREATE_TOKEN": "s3cret", "PATH": "/usr/bin", "JUPYTER_PATH": "/x"}
    p = build_server(opts(db="sqlite:////tmp/w.db"), "participant", Path("/tmp/x"), base)
    f = build_server(opts(), "facilitator", Path("/tmp/x"), base, token="s3cret")
    assert p.env["COCREATE_ROLE"] == "participant"
    assert f.env["COCREATE_ROLE"] == "facilitator"
    assert p.env["COCREATE_DB"] == "sqlite:////tmp/w.db"
    assert "COCREATE_TOKEN" not in p.env and "COCREATE_TOKEN" not in f.env
    assert p.env["JUPYTER_PATH"].split(":") == [str(TEMPLATES_ROOT), "/x"]
    assert p.env["COCREATE_LANG"] == "nl"


def test_token_in_private_config_not_on_the_command_line():
    f = build_server(opts(), "facilitator", Path("/tmp/cfg"), {}, token="s3cret")
    assert f.config["Voila"]["token"] == "s3cret"
    assert not any("s3cret" in a for a in f.argv)
    assert f.argv[1:3] == ["-m", "cocreate_widgets.serve.app"]
    assert f.argv[-1] == str(WORKBOOKS)
    assert "/tmp/cfg" in f.argv
    p = build_server(opts(), "participant", Path("/tmp/cfg"), {})
    assert p.argv[-1] == str(APP)
    assert "token" not in p.config["Voila"]
    json.dumps(p.config)  # written as voila.json


def test_facilitator_token_and_password(tmp_path, monkeypatch):
    assert facilitator_token("given", {}) == "given"
    assert facilitator_token(None, {"COCREATE_TOKEN": "fromenv"}) == "fromenv"
    a, b = facilitator_token(None, {}), facilitator_token(None, {})
    assert a != b and len(a) >= 24
    plain = tmp_path / "pw.txt"
    plain.write_text("correct horse\n")
    hashed = hashed_password(plain)
    assert hashed.startswith("argon2:") and "correct" not in hashed
    from jupyter_server.auth import passwd_check

    assert passwd_check(hashed, "correct horse")
    given = tmp_path / "hash.txt"
    given.write_text(hashed)
    assert hashed_password(given) == hashed
    conf = voila_config(opts(), "facilitator", hashed_password=hashed)
    assert conf["PasswordIdentityProvider"]["hashed_password"] == hashed


def test_language_sets_html_lang():
    assert voila_config(opts(lang="en"), "participant")["VoilaExporter"]["language_code"] == "en"
    assert parse().lang == "nl"
    with pytest.raises(ValueError):
        opts(lang="fr")


def test_kernels_talk_over_unix_sockets_where_the_paths_fit():
    """Do kernels use ipc (no TCP port race under a burst), and tcp where paths are too long?"""
    for role in ("participant", "facilitator"):
        conf = voila_config(ServeOptions(), role, token="t")
        assert conf["KernelManager"]["transport"] == kernel_transport()
    assert kernel_transport("/root/.local/share/jupyter/runtime") == "ipc"
    assert kernel_transport("/tmp/" + "x" * 200) == "tcp"
