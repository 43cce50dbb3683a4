"""The minimum versions in pyproject.toml exclude every advisory listed in docs/security.md,
and the installed versions do too."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

REPO = Path(__file__).resolve().parents[2]
TABLE = re.compile(r"<!-- advisories:start -->(.*?)<!-- advisories:end -->", re.S)


def advisories() -> list[dict[str, str]]:
    """The rows of the advisory table in docs/security.md."""
    text = (REPO / "docs" / "security.md").read_text(encoding="utf-8")
    found = TABLE.search(text)
    assert found, "docs/security.md has no advisory table"
    lines = [line.strip() for line in found.group(1).strip().splitlines()]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    rows = []
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        rows.append(dict(zip(header, cells, strict=True)))
    return rows


def first_fixed() -> dict[str, Version]:
    """Per package, the version that fixes all of its listed advisories."""
    needed: dict[str, Version] = {}
    for row in advisories():
        name = canonicalize_name(row["package"])
        fixed = Version(row["first fixed"])
        needed[name] = max(needed.get(name, fixed), fixed)
    return needed


def floors() -> dict[str, Version | None]:
    """The ``>=`` lower bound of each runtime dependency in pyproject.toml (None: no bound)."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    result: dict[str, Version | None] = {}
    for line in project["dependencies"]:
        requirement = Requirement(line)
        lows = [Version(s.version) for s in requirement.specifier if s.operator in (">=", "==")]
        result[canonicalize_name(requirement.name)] = max(lows) if lows else None
    return result


def test_the_table_is_read_and_names_voila_and_jupyter_server():
    rows = advisories()
    assert len(rows) >= 10
    assert any(r["CVE"] == "CVE-2024-30265" and r["first fixed"] == "0.5.6" for r in rows)
    assert "jupyter-server" in first_fixed()
    for row in rows:  # every row names an advisory and a version that parses
        assert row["advisory"].startswith("GHSA-") or row["CVE"].startswith("CVE-")
        Version(row["first fixed"])


@pytest.mark.parametrize("package", sorted(first_fixed()))
def test_floor_excludes_every_listed_advisory(package):
    declared = floors()
    assert package in declared, f"{package} has advisories but no floor in pyproject.toml"
    floor = declared[package]
    assert floor is not None and floor >= first_fixed()[package], (
        f"{package}>={floor} still allows a version before {first_fixed()[package]}"
    )


@pytest.mark.parametrize("package", sorted(first_fixed()))
def test_installed_version_is_fixed(package):
    try:
        installed = Version(version(package))
    except PackageNotFoundError:
        pytest.fail(f"{package} is not installed")
    assert installed >= first_fixed()[package]


def test_a_floor_below_a_fix_would_be_caught():
    """The check itself can fail: voila 0.5.5 is before the fix of CVE-2024-30265."""
    assert Version("0.5.5") < first_fixed()["voila"]
