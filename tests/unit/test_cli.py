"""The command line: the demo loads once; a broken exercise file is told, not a traceback."""

from __future__ import annotations

import shutil

from cocreate_widgets.cli import main
from cocreate_widgets.paths import data_dir
from cocreate_widgets.store import Store


def test_demo_loads_once(tmp_path, capsys):
    """Does `cocreate demo` load the demo workshop, and keep it when run again?"""
    db = tmp_path / "demo.sqlite"
    assert main(["demo", "--db", str(db)]) == 0
    assert main(["demo", "--db", str(db)]) == 0
    assert "SAMEN7" in capsys.readouterr().out
    store = Store(f"sqlite:///{db}")
    workshops = store.workshops()
    assert [w.join_code for w in workshops].count("SAMEN7") == 1
    assert len({w.join_code for w in workshops}) == len(workshops)  # nothing loaded twice
    assert workshops[0].join_code == "SAMEN7" and len(store.runs(workshops[0].id)) > 1


def test_broken_exercise_file_is_named_without_a_traceback(tmp_path, capsys, monkeypatch):
    """With a broken exercise file, does `cocreate demo` say which file and line, exit 1?"""
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    broken = copy / "exercises" / "shared_vision.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "\n  - {oops\n", encoding="utf-8")
    monkeypatch.setenv("COCREATE_DATA_DIR", str(copy))
    assert main(["demo", "--db", str(tmp_path / "x.sqlite")]) == 1
    err = capsys.readouterr().err
    assert "shared_vision.yaml:" in err and "Traceback" not in err
