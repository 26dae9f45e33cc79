"""The tables of the planner's database."""

from planner.models.activity import Activity, ActivityRegion, ActivitySegment, ActivityStakeholder
from planner.models.audit import AuditEntry
from planner.models.base import Record, utcnow
from planner.models.election import Election, Turnout, TurnoutFigures, TurnoutTotal
from planner.models.lokus import Lokus, Setting
from planner.models.region import Region
from planner.models.stakeholder import Stakeholder, StakeholderRegion
from planner.models.vocabulary import Challenge, Method, Segment, Strategy, StrategyChallenge

__all__ = [
    "Activity",
    "ActivityRegion",
    "ActivitySegment",
    "ActivityStakeholder",
    "AuditEntry",
    "Challenge",
    "Election",
    "Lokus",
    "Method",
    "Record",
    "Region",
    "Segment",
    "Setting",
    "Stakeholder",
    "StakeholderRegion",
    "Strategy",
    "StrategyChallenge",
    "Turnout",
    "TurnoutFigures",
    "TurnoutTotal",
    "utcnow",
]
