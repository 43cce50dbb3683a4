"""The default participant roles and the side each belongs to (``data/roles.yaml``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

SIDES = ("patient_side", "care_providers", "other_professionals")


def default_roles(path: Path | None = None) -> list[dict[str, Any]]:
    """The roles a new workshop starts with: id, side and label per language."""
    import yaml

    from .paths import data_dir

    path = path or data_dir() / "roles.yaml"
    roles = yaml.safe_load(path.read_text(encoding="utf-8"))["roles"]
    for role in roles:
        if role["side"] not in SIDES:
            raise ValueError(f"{path}: role {role['id']}: side must be one of {SIDES}")
    return roles
