"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-28 01:08:01.724731
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "challenge",
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "method",
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("mode", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "region",
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=13), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("level", sa.String(), nullable=False),
        sa.Column("parent_code", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_code"],
            ["region.code"],
        ),
        sa.PrimaryKeyConstraint("code"),
    )
    with op.batch_alter_table("region", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_region_level"), ["level"], unique=False)
        batch_op.create_index(batch_op.f("ix_region_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_region_parent_code"), ["parent_code"], unique=False)

    op.create_table(
        "segment",
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "setting",
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "stakeholder",
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("contact_person", sa.String(), nullable=False),
        sa.Column("contact_title", sa.String(), nullable=False),
        sa.Column("phone", sa.String(), nullable=False),
        sa.Column("email", sa.String(), nullable=False),
        sa.Column("address", sa.String(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name", "category"),
    )
    with op.batch_alter_table("stakeholder", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stakeholder_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_stakeholder_name"), ["name"], unique=False)

    op.create_table(
        "strategy",
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "election",
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("voting_day", sa.Date(), nullable=True),
        sa.Column("voting_day_estimated", sa.Boolean(), nullable=False),
        sa.Column("target_pct", sa.Float(), nullable=True),
        sa.Column("denominator", sa.String(), nullable=False),
        sa.Column("region_code", sa.String(), nullable=True),
        sa.Column("notes", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["region.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    with op.batch_alter_table("election", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_election_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_election_voting_day"), ["voting_day"], unique=False)

    op.create_table(
        "lokus",
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(), nullable=False),
        sa.Column("criterion", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["region.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("lokus", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lokus_region_code"), ["region_code"], unique=False)

    op.create_table(
        "stakeholder_region",
        sa.Column("stakeholder_id", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["region.code"],
        ),
        sa.ForeignKeyConstraint(["stakeholder_id"], ["stakeholder.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("stakeholder_id", "region_code"),
    )
    with op.batch_alter_table("stakeholder_region", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stakeholder_region_region_code"), ["region_code"], unique=False
        )

    op.create_table(
        "strategy_challenge",
        sa.Column("strategy_id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["challenge_id"], ["challenge.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["strategy_id"], ["strategy.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("strategy_id", "challenge_id"),
    )
    op.create_table(
        "activity",
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("method_id", sa.Integer(), nullable=True),
        sa.Column("strategy_id", sa.Integer(), nullable=True),
        sa.Column("election_id", sa.Integer(), nullable=True),
        sa.Column("start", sa.DateTime(), nullable=False),
        sa.Column("end", sa.DateTime(), nullable=True),
        sa.Column("all_day", sa.Boolean(), nullable=False),
        sa.Column("rrule", sa.String(), nullable=True),
        sa.Column("venue", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("budget", sa.Integer(), nullable=True),
        sa.Column("target_participants", sa.Integer(), nullable=True),
        sa.Column("actual_participants", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["election_id"], ["election.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["method_id"], ["method.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["strategy_id"], ["strategy.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_start"), ["start"], unique=False)
        batch_op.create_index(batch_op.f("ix_activity_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_activity_title"), ["title"], unique=False)

    op.create_table(
        "turnout",
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("dpt", sa.Integer(), nullable=False),
        sa.Column("dptb", sa.Integer(), nullable=True),
        sa.Column("dpk", sa.Integer(), nullable=True),
        sa.Column("voters_dpt", sa.Integer(), nullable=True),
        sa.Column("voters_dptb", sa.Integer(), nullable=True),
        sa.Column("voters_dpk", sa.Integer(), nullable=True),
        sa.Column("voters", sa.Integer(), nullable=False),
        sa.Column("valid", sa.Integer(), nullable=True),
        sa.Column("invalid", sa.Integer(), nullable=True),
        sa.Column("dpt_men", sa.Integer(), nullable=True),
        sa.Column("dpt_women", sa.Integer(), nullable=True),
        sa.Column("voters_men", sa.Integer(), nullable=True),
        sa.Column("voters_women", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("election_id", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(), nullable=False),
        sa.Column("tps", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["election_id"], ["election.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["region.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("election_id", "region_code", "tps"),
    )
    with op.batch_alter_table("turnout", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_turnout_region_code"), ["region_code"], unique=False)

    op.create_table(
        "turnout_total",
        sa.Column("dpt", sa.Integer(), nullable=False),
        sa.Column("dptb", sa.Integer(), nullable=True),
        sa.Column("dpk", sa.Integer(), nullable=True),
        sa.Column("voters_dpt", sa.Integer(), nullable=True),
        sa.Column("voters_dptb", sa.Integer(), nullable=True),
        sa.Column("voters_dpk", sa.Integer(), nullable=True),
        sa.Column("voters", sa.Integer(), nullable=False),
        sa.Column("valid", sa.Integer(), nullable=True),
        sa.Column("invalid", sa.Integer(), nullable=True),
        sa.Column("dpt_men", sa.Integer(), nullable=True),
        sa.Column("dpt_women", sa.Integer(), nullable=True),
        sa.Column("voters_men", sa.Integer(), nullable=True),
        sa.Column("voters_women", sa.Integer(), nullable=True),
        sa.Column("election_id", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(), nullable=False),
        sa.Column("level", sa.String(), nullable=False),
        sa.Column("entered", sa.Boolean(), nullable=False),
        sa.Column("tps_count", sa.Integer(), nullable=False),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["election_id"], ["election.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["region.code"],
        ),
        sa.PrimaryKeyConstraint("election_id", "region_code"),
    )
    with op.batch_alter_table("turnout_total", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_turnout_total_level"), ["level"], unique=False)

    op.create_table(
        "activity_region",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["activity_id"], ["activity.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["region_code"],
            ["region.code"],
        ),
        sa.PrimaryKeyConstraint("activity_id", "region_code"),
    )
    with op.batch_alter_table("activity_region", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_region_region_code"), ["region_code"], unique=False
        )

    op.create_table(
        "activity_segment",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("segment_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["activity_id"], ["activity.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["segment_id"], ["segment.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("activity_id", "segment_id"),
    )
    with op.batch_alter_table("activity_segment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_segment_segment_id"), ["segment_id"], unique=False
        )

    op.create_table(
        "activity_stakeholder",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("stakeholder_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["activity_id"], ["activity.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["stakeholder_id"], ["stakeholder.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("activity_id", "stakeholder_id"),
    )
    with op.batch_alter_table("activity_stakeholder", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_stakeholder_stakeholder_id"), ["stakeholder_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("activity_stakeholder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_stakeholder_stakeholder_id"))

    op.drop_table("activity_stakeholder")
    with op.batch_alter_table("activity_segment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_segment_segment_id"))

    op.drop_table("activity_segment")
    with op.batch_alter_table("activity_region", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_region_region_code"))

    op.drop_table("activity_region")
    with op.batch_alter_table("turnout_total", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_turnout_total_level"))

    op.drop_table("turnout_total")
    with op.batch_alter_table("turnout", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_turnout_region_code"))

    op.drop_table("turnout")
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_title"))
        batch_op.drop_index(batch_op.f("ix_activity_status"))
        batch_op.drop_index(batch_op.f("ix_activity_start"))

    op.drop_table("activity")
    op.drop_table("strategy_challenge")
    with op.batch_alter_table("stakeholder_region", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stakeholder_region_region_code"))

    op.drop_table("stakeholder_region")
    with op.batch_alter_table("lokus", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lokus_region_code"))

    op.drop_table("lokus")
    with op.batch_alter_table("election", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_election_voting_day"))
        batch_op.drop_index(batch_op.f("ix_election_kind"))

    op.drop_table("election")
    op.drop_table("strategy")
    with op.batch_alter_table("stakeholder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stakeholder_name"))
        batch_op.drop_index(batch_op.f("ix_stakeholder_category"))

    op.drop_table("stakeholder")
    op.drop_table("setting")
    op.drop_table("segment")
    with op.batch_alter_table("region", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_region_parent_code"))
        batch_op.drop_index(batch_op.f("ix_region_name"))
        batch_op.drop_index(batch_op.f("ix_region_level"))

    op.drop_table("region")
    op.drop_table("method")
    op.drop_table("challenge")
