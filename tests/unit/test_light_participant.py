"""A participant kernel stays light: no pandas, no plotting, no migrations on its path."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("pandas", "matplotlib", "alembic", "numpy")


def test_participant_app_imports_nothing_heavy(tmp_path):
    """Does building the participant app (and a form) leave pandas and matplotlib unloaded?"""
    code = f"""
import sys
from cocreate_widgets import Store, participant_app
store = Store("sqlite:///{tmp_path / "light.sqlite"}")
from cocreate_widgets.store.schema import metadata
metadata.create_all(store.engine)
ws = store.create_workshop("Licht")
from cocreate_widgets.exercises import load_exercise_by_id
run = store.open_run(store.add_run(ws.id, load_exercise_by_id("shared_vision").to_dict()).id)
box = participant_app(store)
app = box.app
app.client.query = {{"code": ws.join_code}}
s = app.join_screen
s.role_field.value = "patient"
s.consent_field.value = ["yes"]
assert s.join() is not None and app.follow.form is not None
print(",".join(m for m in {HEAVY!r} if m in sys.modules))
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == ""
