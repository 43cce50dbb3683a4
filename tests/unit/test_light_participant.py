"""A participant kernel stays light: no pandas, plotting, YAML, migrations or anywidget."""

from __future__ import annotations

import subprocess
import sys

from cocreate_widgets.exercises import load_exercise_by_id
from cocreate_widgets.store import Store

HEAVY = ("pandas", "matplotlib", "alembic", "numpy", "yaml", "anywidget", "psygnal")


def heavy_modules_after(store: Store, steps: str) -> str:
    """Join an open shared-vision run in a fresh process, run ``steps`` (Python, with ``app``
    the joined participant app), and return the heavy modules then imported, comma-separated."""
    workshop = store.create_workshop("Licht")
    run = store.add_run(workshop.id, load_exercise_by_id("shared_vision").to_dict())
    store.open_run(run.id)
    url = store.engine.url.render_as_string(hide_password=False)
    code = f"""
import sys
from cocreate_widgets import Store, participant_app
app = participant_app(Store({url!r}, light=True)).app
app.client.query = {{"code": {workshop.join_code!r}}}
screen = app.join_screen
screen.role_field.value = "patient"
screen.consent_field.value = ["yes"]
assert screen.join() is not None and app.follow.form is not None
{steps}
print(",".join(m for m in {HEAVY!r} if m in sys.modules))
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return result.stdout.strip()


def test_participant_app_imports_nothing_heavy(sqlite_store):
    """Does joining and showing a form, in a fresh process, leave the heavy modules out?"""
    assert heavy_modules_after(sqlite_store, "") == ""
