"""Alembic environment: migrations run on the engine handed over by ``migrate.py``."""

from alembic import context

from cocreate_widgets.store.engine import make_engine
from cocreate_widgets.store.schema import metadata

config = context.config
engine = config.attributes.get("engine") or make_engine(config.get_main_option("sqlalchemy.url"))

with engine.connect().execution_options(cocreate_write=True) as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
