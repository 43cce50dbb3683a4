"""Run the Alembic migrations that ship inside the package."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(engine: sa.Engine) -> Config:
    """An Alembic configuration that uses our engine (and so our SQLite settings)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Migrate the database behind ``engine`` up to ``revision``."""
    command.upgrade(alembic_config(engine), revision)
