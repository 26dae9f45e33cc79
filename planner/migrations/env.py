"""Alembic environment: always run with a connection handed over by planner.store."""

from alembic import context
from sqlmodel import SQLModel

import planner.models  # noqa: F401  (registers every table on the metadata)

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("planner migrations run through planner.store.migrate, not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    # SQLite alters tables by copying them; batch mode does that for us.
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
