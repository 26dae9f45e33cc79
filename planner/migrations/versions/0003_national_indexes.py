"""indexes for national-scale reads

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 14:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Each index serves a query that otherwise scans or sorts a whole table at
# national size (83,762 desa, 1.6 million TPS rows, 100,000 activities);
# tests/test_query_plans.py asserts that SQLite uses them.


def upgrade() -> None:

    with op.batch_alter_table("turnout_total", schema=None) as batch_op:
        # Flags and region tables: one election's regions at one level, by code.
        batch_op.create_index(
            "ix_turnout_total_election_level_code",
            ["election_id", "level", "region_code"],
            unique=False,
        )
    with op.batch_alter_table("region", schema=None) as batch_op:
        # The region table pages through one level by code, counting as it goes.
        batch_op.create_index("ix_region_level_code", ["level", "code"], unique=False)
    with op.batch_alter_table("activity", schema=None) as batch_op:
        # The agenda takes recurring activities whenever they began: few rows, found at once.
        batch_op.create_index(
            "ix_activity_recurring",
            ["start"],
            unique=False,
            sqlite_where=sa.text("rrule IS NOT NULL"),
        )
    with op.batch_alter_table("activity_region", schema=None) as batch_op:
        # A region filter yields activity ids without reading the link table itself.
        batch_op.create_index(
            "ix_activity_region_code_activity", ["region_code", "activity_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("activity_region", schema=None) as batch_op:
        batch_op.drop_index("ix_activity_region_code_activity")
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_index("ix_activity_recurring")
    with op.batch_alter_table("region", schema=None) as batch_op:
        batch_op.drop_index("ix_region_level_code")
    with op.batch_alter_table("turnout_total", schema=None) as batch_op:
        batch_op.drop_index("ix_turnout_total_election_level_code")
