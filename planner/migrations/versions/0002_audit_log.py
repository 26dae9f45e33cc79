"""audit log

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The planner itself must not be able to rewrite history: SQLite refuses the
# statement, whichever connection or tool issues it. DROP TABLE still works,
# which is what a downgrade needs.
_TRIGGERS = {
    "audit_log_no_update": "UPDATE",
    "audit_log_no_delete": "DELETE",
}


def upgrade() -> None:

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_user", sa.String(), nullable=False),
        sa.Column("actor_host", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("table_name", sa.String(), nullable=False),
        sa.Column("record_key", sa.String(), nullable=False),
        sa.Column("changes", sa.String(), nullable=False),
        sa.Column("summary", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_actor_user"), ["actor_user"], unique=False)
        batch_op.create_index("ix_audit_log_record", ["table_name", "record_key"], unique=False)

    for name, statement in _TRIGGERS.items():
        op.execute(
            f"CREATE TRIGGER {name} BEFORE {statement} ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'the audit log cannot be changed'); END"
        )


def downgrade() -> None:

    for name in _TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_record")
        batch_op.drop_index(batch_op.f("ix_audit_log_actor_user"))

    op.drop_table("audit_log")
