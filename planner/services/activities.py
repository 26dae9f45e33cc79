"""Socialization activities: from what a person typed to stored rows, and back."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import delete, func, or_
from sqlmodel import Session, col, select

from planner import errors
from planner.i18n import _
from planner.models import (
    Activity,
    ActivityRegion,
    ActivitySegment,
    ActivityStakeholder,
    Election,
    Method,
    Region,
    Segment,
    Stakeholder,
    Strategy,
)
from planner.models.enums import ActivityStatus, StakeholderRole
from planner.services.records import apply_changes, check_version, get_or_raise


@dataclass
class ActivityDraft:
    """An activity as typed in a form or on the command line.

    None means "not given": on an edit the stored value stays.
    """

    title: str | None = None
    when: str | None = None
    end: str | None = None
    recurrence: str | None = None
    election: str | None = None
    method: str | None = None
    strategy: str | None = None
    venue: str | None = None
    status: str | None = None
    budget: str | None = None
    target: str | None = None
    actual: str | None = None
    description: str | None = None
    outcome: str | None = None
    regions: list[str] | None = None
    segments: list[str] | None = None
    # (stakeholder name or id, role)
    stakeholders: list[tuple[str, str]] | None = None


@dataclass
class ActivityLinks:
    region_codes: list[str] = field(default_factory=list)
    segment_ids: list[int] = field(default_factory=list)
    stakeholders: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class ActivityDetail:
    activity: Activity
    election: Election | None
    method: Method | None
    strategy: Strategy | None
    regions: list[Region]
    segments: list[Segment]
    stakeholders: list[tuple[Stakeholder, str]]


def _lookup(session: Session, model: Any, text: str, field_name: str, label: str) -> Any:
    """A vocabulary row by id or by name, case-insensitively."""
    text = text.strip()
    row = session.get(model, int(text)) if text.isdigit() else None
    if row is None:
        row = session.exec(select(model).where(func.lower(model.name) == text.lower())).first()
    if row is None:
        names = session.exec(select(model.name).order_by(model.name).limit(12)).all()
        raise errors.InvalidInput(
            field_name,
            _("unknown {label} '{text}'; known: {names}").format(
                label=label, text=text, names=", ".join(names)
            ),
        )
    return row


def find_election_for(session: Session, text: str | None, today: date) -> Election | None:
    """The election named, or by default the next one to come."""
    if text:
        return _lookup(session, Election, text, "election", _("election"))  # type: ignore[no-any-return]
    return session.exec(
        select(Election).where(col(Election.voting_day) >= today).order_by(col(Election.voting_day))
    ).first()


_LEVEL_PREFIX = re.compile(
    r"^(kec\.?|kecamatan|desa|kel\.?|kelurahan|kab\.?|kabupaten)\s+", re.IGNORECASE
)
_PREFIX_LEVEL = {
    "kec": "kecamatan",
    "kecamatan": "kecamatan",
    "desa": "desa",
    "kel": "desa",
    "kelurahan": "desa",
    "kab": "kabupaten",
    "kabupaten": "kabupaten",
}


def resolve_region(session: Session, text: str, field_name: str = "region") -> Region:
    """A region by Kemendagri code (with or without dots) or by a unique name."""
    text = text.strip()
    digits = re.sub(r"[.\s]", "", text)
    if digits.isdigit():
        code = ".".join(
            part for part in (digits[:2], digits[2:4], digits[4:6], digits[6:10]) if part
        )
        region = session.get(Region, code)
        if region is None:
            raise errors.InvalidInput(field_name, _("no region with code {code}").format(code=code))
        return region
    prefix = _LEVEL_PREFIX.match(text)
    stripped = text[prefix.end() :] if prefix else text

    def named(name: str, level: str | None = None) -> list[Region]:
        query = select(Region).where(func.lower(Region.name) == name.lower())
        if level is not None:
            query = query.where(Region.level == level)
        return list(session.exec(query.limit(6)).all())

    # The name as typed first: the kabupaten itself is stored as "Kabupaten Blora".
    # Then without the level word, keeping to the level it names ("desa Sambong").
    level = _PREFIX_LEVEL[prefix.group(1).lower().rstrip(".")] if prefix else None
    matches = named(text) or (named(stripped, level) if level else []) or named(stripped)
    if not matches:
        raise errors.InvalidInput(field_name, _("no region named '{name}'").format(name=text))
    if len(matches) > 1:
        # A desa and its kecamatan often share a name: the bigger area is meant
        # unless the user says "desa".
        by_level = sorted(matches, key=lambda r: len(r.code))
        if len(by_level[0].code) < len(by_level[1].code) and not text.lower().startswith(
            ("desa", "kel")
        ):
            return by_level[0]
        raise errors.InvalidInput(
            field_name,
            _("'{name}' is ambiguous: {codes}; give the code").format(
                name=text, codes=", ".join(f"{r.code} {r.name}" for r in matches)
            ),
        )
    return matches[0]


def parse_amount(text: str, field_name: str) -> int | None:
    cleaned = re.sub(r"(?i)^rp\.?\s*", "", text.strip())
    cleaned = re.sub(r",-?$|,00$", "", cleaned)
    if not cleaned:
        return None
    digits = cleaned.replace(".", "").replace(" ", "").replace(",", "")
    if not digits.isdigit():
        raise errors.InvalidInput(field_name, _("not a whole number: {text}").format(text=text))
    return int(digits)


_TIME_ONLY = re.compile(r"^\s*(?:pukul\s+|jam\s+)?(\d{1,2})[.:](\d{2})\s*(?:wib)?\s*$", re.I)


def parse_end(text: str, start: datetime, today: date, voting_day: date | None) -> datetime:
    from planner.dates import parse_when

    match = _TIME_ONLY.match(text)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour > 23 or minute > 59:
            raise errors.InvalidInput("end", _("no such time: {text}").format(text=text))
        return datetime.combine(start.date(), time(hour, minute))
    when = parse_when(text, today=today, voting_day=voting_day, field="end")
    if when.all_day:
        return datetime.combine(when.start.date(), time(23, 59))
    return when.start


def resolve_draft(
    session: Session, draft: ActivityDraft, *, today: date, current: Activity | None = None
) -> tuple[dict[str, Any], ActivityLinks | None, dict[str, bool]]:
    """Turn typed text into column values and links; InvalidInput names the field at fault.

    Returns the column changes, the links (None when none were given) and
    which link kinds were given.
    """
    from planner.dates import parse_recurrence, parse_when

    values: dict[str, Any] = {}
    if draft.title is not None:
        if not draft.title.strip():
            raise errors.InvalidInput("title", _("a title is required"))
        values["title"] = draft.title.strip()
    election: Election | None = None
    if draft.election is not None:
        election = find_election_for(session, draft.election or None, today)
        values["election_id"] = election.id if election else None
    elif current is not None and current.election_id is not None:
        election = session.get(Election, current.election_id)
    elif current is None:
        election = find_election_for(session, None, today)
        values["election_id"] = election.id if election else None
    voting_day = election.voting_day if election else None
    start = current.start if current else None
    if draft.when is not None:
        when = parse_when(draft.when, today=today, voting_day=voting_day, field="when")
        values["start"] = start = when.start
        values["all_day"] = when.all_day
    if start is None:
        raise errors.InvalidInput("when", _("a date is required"))
    if draft.end is not None:
        end = parse_end(draft.end, start, today, voting_day) if draft.end.strip() else None
        if end is not None and end < start:
            raise errors.InvalidInput("end", _("the end is before the start"))
        values["end"] = end
    if draft.recurrence is not None:
        values["rrule"] = parse_recurrence(
            draft.recurrence, field="recurrence", today=today, voting_day=voting_day
        )
    if draft.method is not None:
        values["method_id"] = (
            _lookup(session, Method, draft.method, "method", _("method")).id
            if draft.method.strip()
            else None
        )
    if draft.strategy is not None:
        values["strategy_id"] = (
            _lookup(session, Strategy, draft.strategy, "strategy", _("strategy")).id
            if draft.strategy.strip()
            else None
        )
    if draft.status is not None:
        status = draft.status.strip().lower()
        if status not in {s.value for s in ActivityStatus}:
            raise errors.InvalidInput(
                "status",
                _("unknown status '{status}'; one of {choices}").format(
                    status=draft.status, choices=", ".join(s.value for s in ActivityStatus)
                ),
            )
        values["status"] = status
    for name, column in (
        ("budget", "budget"),
        ("target", "target_participants"),
        ("actual", "actual_participants"),
    ):
        text = getattr(draft, name)
        if text is not None:
            values[column] = parse_amount(text, name)
    for name in ("venue", "description", "outcome"):
        text = getattr(draft, name)
        if text is not None:
            values[name] = text.strip()
    given = {
        "regions": draft.regions is not None,
        "segments": draft.segments is not None,
        "stakeholders": draft.stakeholders is not None,
    }
    links: ActivityLinks | None = None
    if any(given.values()):
        links = ActivityLinks()
        seen_regions: set[str] = set()
        for text in draft.regions or []:
            code = resolve_region(session, text, "regions").code
            if code not in seen_regions:
                seen_regions.add(code)
                links.region_codes.append(code)
        for text in draft.segments or []:
            seg_id = _lookup(session, Segment, text, "segments", _("segment")).id
            if seg_id not in links.segment_ids:
                links.segment_ids.append(seg_id)
        roles = {r.value for r in StakeholderRole}
        for who, role in draft.stakeholders or []:
            role = (role or "mitra").strip().lower()
            if role not in roles:
                raise errors.InvalidInput(
                    "stakeholders",
                    _("unknown role '{role}'; one of {choices}").format(
                        role=role, choices=", ".join(sorted(roles))
                    ),
                )
            sid = _lookup(session, Stakeholder, who, "stakeholders", _("stakeholder")).id
            if sid not in {s for s, _r in links.stakeholders}:
                links.stakeholders.append((sid, role))
    return values, links, given


def _write_links(
    session: Session, activity_id: int, links: ActivityLinks, given: dict[str, bool]
) -> None:
    if given["regions"]:
        session.execute(
            delete(ActivityRegion).where(col(ActivityRegion.activity_id) == activity_id)
        )
        session.add_all(
            ActivityRegion(activity_id=activity_id, region_code=c) for c in links.region_codes
        )
    if given["segments"]:
        session.execute(
            delete(ActivitySegment).where(col(ActivitySegment.activity_id) == activity_id)
        )
        session.add_all(
            ActivitySegment(activity_id=activity_id, segment_id=s) for s in links.segment_ids
        )
    if given["stakeholders"]:
        session.execute(
            delete(ActivityStakeholder).where(col(ActivityStakeholder.activity_id) == activity_id)
        )
        session.add_all(
            ActivityStakeholder(activity_id=activity_id, stakeholder_id=s, role=r)
            for s, r in links.stakeholders
        )
    session.flush()


def _check_consistency(activity: Activity) -> None:
    if activity.end is not None and activity.end < activity.start:
        raise errors.InvalidInput("end", _("the end is before the start"))


def add_activity(session: Session, draft: ActivityDraft, *, today: date) -> Activity:
    if draft.title is None:
        raise errors.InvalidInput("title", _("a title is required"))
    if draft.when is None:
        raise errors.InvalidInput("when", _("a date is required"))
    values, links, given = resolve_draft(session, draft, today=today)
    activity = Activity(**values)
    _check_consistency(activity)
    session.add(activity)
    session.flush()
    assert activity.id is not None
    if links is not None:
        _write_links(session, activity.id, links, given)
    return activity


def update_activity(
    session: Session,
    activity_id: int,
    draft: ActivityDraft,
    *,
    today: date,
    expected_version: int | None = None,
) -> Activity:
    current = check_version(
        session,
        Activity,
        activity_id,
        expected_version,
        missing_label=_("Activity {id}").format(id=activity_id),
        label=lambda a: _("Activity '{title}'").format(title=a.title),
    )
    values, links, given = resolve_draft(session, draft, today=today, current=current)
    activity = apply_changes(
        session,
        Activity,
        activity_id,
        values,
        expected_version=expected_version,
        label=_("Activity '{title}'").format(title=current.title),
    )
    _check_consistency(activity)
    if links is not None:
        # apply_changes has already moved the version: one save, one version.
        _write_links(session, activity_id, links, given)
    session.flush()
    return activity


def complete_activity(
    session: Session,
    activity_id: int,
    *,
    actual: int | None,
    outcome: str | None = None,
    expected_version: int | None = None,
) -> Activity:
    """Marks an activity done with the reach it really had."""
    changes: dict[str, Any] = {"status": ActivityStatus.TERLAKSANA.value}
    if actual is not None:
        if actual < 0:
            raise errors.InvalidInput("actual", _("must not be negative"))
        changes["actual_participants"] = actual
    if outcome is not None:
        changes["outcome"] = outcome
    return apply_changes(
        session,
        Activity,
        activity_id,
        changes,
        expected_version=expected_version,
        label=_("Activity {id}").format(id=activity_id),
    )


def duplicate_activity(
    session: Session, activity_id: int, *, start: datetime | None = None
) -> Activity:
    """A copy to plan again: same links, status back to planned, no recorded reach."""
    source = get_or_raise(session, Activity, activity_id, _("Activity {id}").format(id=activity_id))
    skip = {"id", "created_at", "updated_at", "version", "status", "actual_participants", "outcome"}
    data = {f: getattr(source, f) for f in Activity.model_fields if f not in skip}
    copy = Activity(**data)
    if start is not None:
        shift = start - source.start
        copy.start = start
        copy.end = source.end + shift if source.end else None
    session.add(copy)
    session.flush()
    assert copy.id is not None
    links = links_of(session, activity_id)
    _write_links(session, copy.id, links, {"regions": True, "segments": True, "stakeholders": True})
    return copy


def links_of(session: Session, activity_id: int) -> ActivityLinks:
    return ActivityLinks(
        region_codes=list(
            session.exec(
                select(ActivityRegion.region_code)
                .where(ActivityRegion.activity_id == activity_id)
                .order_by(col(ActivityRegion.region_code))
            )
        ),
        segment_ids=list(
            session.exec(
                select(ActivitySegment.segment_id).where(ActivitySegment.activity_id == activity_id)
            )
        ),
        stakeholders=[
            (sid, role)
            for sid, role in session.exec(
                select(ActivityStakeholder.stakeholder_id, ActivityStakeholder.role).where(
                    ActivityStakeholder.activity_id == activity_id
                )
            )
        ],
    )


def activity_detail(session: Session, activity_id: int) -> ActivityDetail:
    activity = get_or_raise(
        session, Activity, activity_id, _("Activity {id}").format(id=activity_id)
    )
    regions = list(
        session.exec(
            select(Region)
            .join(ActivityRegion, col(ActivityRegion.region_code) == Region.code)
            .where(ActivityRegion.activity_id == activity_id)
            .order_by(col(Region.code))
        )
    )
    segments = list(
        session.exec(
            select(Segment)
            .join(ActivitySegment, col(ActivitySegment.segment_id) == Segment.id)
            .where(ActivitySegment.activity_id == activity_id)
            .order_by(col(Segment.sort_order))
        )
    )
    stakeholders = [
        (s, role)
        for s, role in session.exec(
            select(Stakeholder, ActivityStakeholder.role)
            .join(ActivityStakeholder, col(ActivityStakeholder.stakeholder_id) == Stakeholder.id)
            .where(ActivityStakeholder.activity_id == activity_id)
            .order_by(col(Stakeholder.name))
        )
    ]
    return ActivityDetail(
        activity=activity,
        election=session.get(Election, activity.election_id) if activity.election_id else None,
        method=session.get(Method, activity.method_id) if activity.method_id else None,
        strategy=session.get(Strategy, activity.strategy_id) if activity.strategy_id else None,
        regions=regions,
        segments=segments,
        stakeholders=stakeholders,
    )


@dataclass(frozen=True)
class ActivityFilter:
    status: Sequence[str] = ()
    since: datetime | None = None
    until: datetime | None = None
    region_code: str | None = None
    segment_id: int | None = None
    stakeholder_id: int | None = None
    text: str = ""


def filtered_query(flt: ActivityFilter) -> Any:
    """The select() of activities matching a filter; callers add order and paging."""
    query = select(Activity)
    if flt.status:
        query = query.where(col(Activity.status).in_(list(flt.status)))
    if flt.since is not None:
        # A recurring activity that began earlier may still occur in the window.
        query = query.where(or_(col(Activity.start) >= flt.since, col(Activity.rrule).is_not(None)))
    if flt.until is not None:
        query = query.where(col(Activity.start) <= flt.until)
    if flt.region_code:
        code = flt.region_code
        query = query.where(
            col(Activity.id).in_(
                select(ActivityRegion.activity_id).where(
                    or_(
                        col(ActivityRegion.region_code) == code,
                        (col(ActivityRegion.region_code) > code + ".")
                        & (col(ActivityRegion.region_code) < code + "/"),
                    )
                )
            )
        )
    if flt.segment_id is not None:
        query = query.where(
            col(Activity.id).in_(
                select(ActivitySegment.activity_id).where(
                    ActivitySegment.segment_id == flt.segment_id
                )
            )
        )
    if flt.stakeholder_id is not None:
        query = query.where(
            col(Activity.id).in_(
                select(ActivityStakeholder.activity_id).where(
                    ActivityStakeholder.stakeholder_id == flt.stakeholder_id
                )
            )
        )
    if flt.text.strip():
        pattern = f"%{flt.text.strip().lower()}%"
        # SQLite's LIKE ignores ASCII case, as its lower() only lowers ASCII: the
        # same matches, a third of the work over 100,000 activities.
        query = query.where(
            or_(
                col(Activity.title).like(pattern),
                col(Activity.venue).like(pattern),
                col(Activity.description).like(pattern),
            )
        )
    return query


def list_activities(
    session: Session,
    flt: ActivityFilter | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[Activity]:
    query = filtered_query(flt or ActivityFilter()).order_by(col(Activity.start), col(Activity.id))
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return list(session.exec(query))


def count_activities(session: Session, flt: ActivityFilter | None = None) -> int:
    sub = filtered_query(flt or ActivityFilter()).subquery()
    return int(session.exec(select(func.count()).select_from(sub)).one())


def draft_fields() -> list[str]:
    return [f.name for f in fields(ActivityDraft)]


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min)
    return start, start + timedelta(days=1) - timedelta(microseconds=1)
