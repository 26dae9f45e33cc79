"""What an activity form needs: its choices in one read, its starting text, and previews.

The form edits an ActivityDraft (the activity as text); this module turns a
stored activity into that text, tells which fields an edit changed, and reads
what is being typed (dates, repetition, amounts) without the database, so a
form can show what it understood on every key press.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy import func
from sqlmodel import Session, col, select

from planner import errors
from planner.dates import (
    describe_rrule,
    format_datetime,
    format_time,
    h_label,
    parse_recurrence,
    parse_when,
)
from planner.formatting import number, rupiah
from planner.i18n import _
from planner.models import Election, Method, Region, Segment, Stakeholder, Strategy
from planner.models.enums import ActivityStatus, Level, MethodMode, StakeholderRole
from planner.services import activities, regions
from planner.services.settings import scope_region

# The levels searched below the database's kabupaten.
_PLANNED_LEVELS = (Level.KECAMATAN.value, Level.DESA.value)
SEARCH_LIMIT = 30

M = TypeVar("M", Election, Method, Strategy, Segment, Stakeholder)


@dataclass(frozen=True)
class ElectionChoice:
    id: int
    name: str
    kind: str
    voting_day: date | None


@dataclass(frozen=True)
class Choice:
    """A row of one of the division's lists (method, strategy, segment)."""

    id: int
    name: str
    active: bool


@dataclass(frozen=True)
class MethodGroup:
    mode: str
    methods: list[Choice]


@dataclass(frozen=True)
class StakeholderChoice:
    id: int
    name: str
    category: str


@dataclass(frozen=True)
class RegionChoice:
    code: str
    name: str
    level: str
    label: str
    """ "Kec. Sambong", "Desa Nglobo"."""
    parent: str | None = None
    """The kecamatan a desa lies in, to tell desa of the same name apart."""


@dataclass(frozen=True)
class FormOptions:
    elections: list[ElectionChoice]
    next_election_id: int | None
    methods: list[MethodGroup]
    """Direct methods first, then indirect; each group by name."""
    strategies: list[Choice]
    segments: list[Choice]
    stakeholders: list[StakeholderChoice]

    def election(self, election_id: int | None) -> ElectionChoice | None:
        return next((e for e in self.elections if e.id == election_id), None)


@dataclass
class FormStart:
    """Everything a form opens with: the choices and the activity as text."""

    options: FormOptions
    draft: ActivityDraftText
    version: int | None
    """The version being edited, for the save's expected_version; None for a new one."""
    regions: list[RegionChoice]
    problems: list[str] = field(default_factory=list)
    """Prefilled values that match nothing, to tell the user."""


@dataclass
class ActivityDraftText(activities.ActivityDraft):
    """An ActivityDraft with every field given, as a form holds it.

    election, method and strategy hold the record id as text ("" for none),
    segments and stakeholders hold ids, regions hold codes.
    """

    def as_new(self) -> activities.ActivityDraft:
        """The draft to add: blanks stay blank, no election means the service's default."""
        draft = activities.ActivityDraft(**asdict(self))
        if not draft.election:
            draft.election = None
        return draft

    def changes_from(self, before: ActivityDraftText) -> activities.ActivityDraft:
        """Only what differs from before; None elsewhere, so stored values stay as they are.

        Untouched text is not parsed again: a date written as "H-30" a year ago
        must not move because the election it counts from has changed since.
        """
        changed = activities.ActivityDraft()
        for name, value in _values(self).items():
            if _comparable(name, value) != _comparable(name, getattr(before, name)):
                setattr(changed, name, value)
        if changed.election == "":
            # The service cannot take an election away; blank keeps the stored one.
            changed.election = None
        return changed

    def differs_from(self, before: ActivityDraftText) -> bool:
        """Whether anything was typed or picked since before: leaving would lose it."""
        return any(
            _comparable(name, value) != _comparable(name, getattr(before, name))
            for name, value in _values(self).items()
        )


def _values(draft: activities.ActivityDraft) -> dict[str, object]:
    return {f.name: getattr(draft, f.name) for f in fields(activities.ActivityDraft)}


def _comparable(name: str, value: object) -> object:
    if isinstance(value, list):
        # Order in a picker means nothing; the set of links does.
        return frozenset(tuple(v) if isinstance(v, list) else v for v in value)
    if isinstance(value, str) and name not in ("description", "outcome"):
        return value.strip()
    return value


def blank_draft() -> ActivityDraftText:
    return ActivityDraftText(
        title="",
        when="",
        end="",
        recurrence="",
        election="",
        method="",
        strategy="",
        venue="",
        status=ActivityStatus.RENCANA.value,
        budget="",
        target="",
        actual="",
        description="",
        outcome="",
        regions=[],
        segments=[],
        stakeholders=[],
    )


# --- reading the choices ------------------------------------------------------


def form_options(session: Session, *, today: date) -> FormOptions:
    """The elections, lists and stakeholders a form offers, read at once."""
    elections = [
        ElectionChoice(id=e.id, name=e.name, kind=e.kind, voting_day=e.voting_day)
        for e in session.exec(
            select(Election).order_by(
                col(Election.voting_day).is_(None), col(Election.voting_day), col(Election.id)
            )
        )
        if e.id is not None
    ]
    upcoming = [e for e in elections if e.voting_day is not None and e.voting_day >= today]
    mode_order = [m.value for m in MethodMode]
    methods: dict[str, list[Choice]] = {mode: [] for mode in mode_order}
    for m in session.exec(select(Method).order_by(func.lower(Method.name))):
        if m.id is not None:
            methods.setdefault(m.mode, []).append(Choice(m.id, m.name, m.active))
    return FormOptions(
        elections=elections,
        next_election_id=upcoming[0].id if upcoming else None,
        methods=[MethodGroup(mode, rows) for mode, rows in methods.items() if rows],
        strategies=[
            Choice(s.id, s.name, s.active)
            for s in session.exec(select(Strategy).order_by(func.lower(Strategy.name)))
            if s.id is not None
        ],
        segments=[
            Choice(s.id, s.name, s.active)
            for s in session.exec(
                select(Segment).order_by(col(Segment.sort_order), func.lower(Segment.name))
            )
            if s.id is not None
        ],
        stakeholders=[
            StakeholderChoice(s.id, s.name, s.category)
            for s in session.exec(
                select(Stakeholder).order_by(func.lower(Stakeholder.name), Stakeholder.category)
            )
            if s.id is not None
        ],
    )


def _region_choice(region: Region, parents: dict[str, str]) -> RegionChoice:
    parent = parents.get(region.parent_code or "") if region.level == Level.DESA else None
    return RegionChoice(
        code=region.code,
        name=region.name,
        level=region.level,
        label=regions.region_label(region),
        parent=parent,
    )


def _with_parents(session: Session, rows: list[Region]) -> list[RegionChoice]:
    codes = {r.parent_code for r in rows if r.level == Level.DESA and r.parent_code}
    parents: dict[str, str] = {}
    if codes:
        for parent in session.exec(select(Region).where(col(Region.code).in_(codes))):
            parents[parent.code] = regions.region_label(parent)
    return [_region_choice(r, parents) for r in rows]


def search_region_choices(
    session: Session, text: str, *, limit: int = SEARCH_LIMIT
) -> list[RegionChoice]:
    """Kecamatan and desa whose name contains text or whose code starts with it.

    Within the database's kabupaten when one is set, and that kabupaten
    itself when it matches, for work across the whole area. Exact names
    first, then names starting with text; bigger areas first within each.
    """
    needle = text.strip()
    if not needle:
        return []
    within = scope_region(session)
    if within is not None and session.get(Region, within) is None:
        within = None
    found: list[Region] = []
    for level in _PLANNED_LEVELS:
        found += regions.search_regions(session, needle, level=level, limit=limit, within=within)
    if within is not None:
        found += [
            r for r in regions.search_regions(session, needle, limit=limit) if r.code == within
        ]
    lowered = needle.lower()
    digits = needle.replace(".", "")

    def rank(region: Region) -> tuple[int, int, str]:
        name = region.name.lower()
        closeness = 0 if name == lowered else 1 if name.startswith(lowered) else 2
        if digits.isdigit() and region.code.replace(".", "").startswith(digits):
            closeness = min(closeness, 1)
        return closeness, len(region.code), name

    return _with_parents(session, sorted(found, key=rank)[:limit])


def region_choices(session: Session, codes: list[str]) -> list[RegionChoice]:
    """The regions with these codes, in the given order; unknown codes are left out."""
    rows = {r.code: r for r in session.exec(select(Region).where(col(Region.code).in_(codes)))}
    return _with_parents(session, [rows[c] for c in codes if c in rows])


# --- the text a form starts with ----------------------------------------------


def _amount_text(value: int | None) -> str:
    return "" if value is None else str(value)


def draft_of(detail: activities.ActivityDetail) -> ActivityDraftText:
    """A stored activity as the text a form shows; saving it unchanged changes nothing."""
    a = detail.activity
    end = ""
    if a.end is not None:
        end = (
            format_time(a.end.time())
            if a.end.date() == a.start.date()
            else format_datetime(a.end, weekday=False)
        )
    return ActivityDraftText(
        title=a.title,
        when=format_datetime(a.start, all_day=a.all_day, weekday=False),
        end=end,
        recurrence=a.rrule or "",
        election=str(a.election_id) if a.election_id is not None else "",
        method=str(a.method_id) if a.method_id is not None else "",
        strategy=str(a.strategy_id) if a.strategy_id is not None else "",
        venue=a.venue,
        status=a.status,
        budget=_amount_text(a.budget),
        target=_amount_text(a.target_participants),
        actual=_amount_text(a.actual_participants),
        description=a.description,
        outcome=a.outcome,
        regions=[r.code for r in detail.regions],
        segments=[str(s.id) for s in detail.segments],
        stakeholders=[(str(s.id), role) for s, role in detail.stakeholders],
    )


# Fields a prefill gives as text, the same in the form.
_TEXT_FIELDS = (
    "title",
    "when",
    "end",
    "recurrence",
    "venue",
    "budget",
    "target",
    "actual",
    "description",
    "outcome",
)


def _prefilled(
    session: Session, prefill: activities.ActivityDraft, problems: list[str]
) -> ActivityDraftText:
    """A new activity's text with what the caller knew filled in, as ids and codes."""
    draft = blank_draft()
    for name in _TEXT_FIELDS:
        value = getattr(prefill, name)
        if value is not None:
            setattr(draft, name, value)
    if prefill.status:
        draft.status = prefill.status
    for name, found in (
        ("election", lambda t: _by_name_or_id(session, Election, t)),
        ("method", lambda t: _by_name_or_id(session, Method, t)),
        ("strategy", lambda t: _by_name_or_id(session, Strategy, t)),
    ):
        text = getattr(prefill, name)
        if text:
            row = found(text)
            if row is None:
                problems.append(_("nothing named {text} to choose").format(text=text))
            else:
                setattr(draft, name, str(row.id))
    assert draft.regions is not None and draft.segments is not None
    for text in prefill.regions or []:
        try:
            code = activities.resolve_region(session, text, "regions").code
        except errors.InvalidInput as exc:
            problems.append(exc.message)
            continue
        if code not in draft.regions:
            draft.regions.append(code)
    for text in prefill.segments or []:
        segment = _by_name_or_id(session, Segment, text)
        if segment is None:
            problems.append(_("no segment named {text}").format(text=text))
        elif str(segment.id) not in draft.segments:
            draft.segments.append(str(segment.id))
    chosen: list[tuple[str, str]] = []
    for who, role in prefill.stakeholders or []:
        stakeholder = _by_name_or_id(session, Stakeholder, who)
        if stakeholder is None:
            problems.append(_("no stakeholder named {text}").format(text=who))
        else:
            chosen.append((str(stakeholder.id), role or StakeholderRole.MITRA.value))
    draft.stakeholders = chosen
    return draft


def _by_name_or_id(session: Session, model: type[M], text: str) -> M | None:
    text = text.strip()
    if text.isdigit():
        row = session.get(model, int(text))
        if row is not None:
            return row
    return session.exec(select(model).where(func.lower(model.name) == text.lower())).first()


def load_form(
    session: Session,
    *,
    today: date,
    activity_id: int | None = None,
    prefill: activities.ActivityDraft | None = None,
) -> FormStart:
    """The choices and the starting text: of the activity edited, or of a new one."""
    options = form_options(session, today=today)
    problems: list[str] = []
    version: int | None = None
    if activity_id is not None:
        detail = activities.activity_detail(session, activity_id)
        draft = draft_of(detail)
        version = detail.activity.version
    else:
        draft = _prefilled(session, prefill or activities.ActivityDraft(), problems)
        if not draft.election and options.next_election_id is not None:
            draft.election = str(options.next_election_id)
    return FormStart(
        options=options,
        draft=draft,
        version=version,
        regions=region_choices(session, list(draft.regions or [])),
        problems=problems,
    )


# --- previews of what is being typed: pure, cheap, no database ----------------


def when_preview(
    text: str, *, today: date, election: ElectionChoice | None
) -> tuple[datetime, bool, str]:
    """The start a date text means, whether it is all day, and a line saying so.

    "→ Sabtu, 27 Juli 2024 09.00 · H-30 Pemilu 2029". Raises InvalidInput.
    """
    voting_day = election.voting_day if election else None
    when = parse_when(text, today=today, voting_day=voting_day, field="when")
    line = "→ " + format_datetime(when.start, all_day=when.all_day)
    if election is not None and voting_day is not None:
        line += f" · {h_label(when.start.date(), voting_day)} {election.name}"
    return when.start, when.all_day, line


def end_preview(text: str, *, start: datetime, today: date, election: ElectionChoice | None) -> str:
    """The end a text means, as a line; "" for no end. Raises InvalidInput."""
    if not text.strip():
        return ""
    voting_day = election.voting_day if election else None
    end = activities.parse_end(text, start, today, voting_day)
    if end < start:
        raise errors.InvalidInput("end", _("the end is before the start"))
    if end.date() == start.date():
        return "→ " + _("until {time}").format(time=format_time(end.time()))
    return "→ " + _("until {when}").format(when=format_datetime(end))


def recurrence_preview(text: str, *, today: date, election: ElectionChoice | None = None) -> str:
    """The repetition a text means, in words; "" when it does not repeat. Raises InvalidInput."""
    voting_day = election.voting_day if election else None
    rule = parse_recurrence(text, field="recurrence", today=today, voting_day=voting_day)
    if rule is None:
        return "" if not text.strip() else "→ " + _("does not repeat")
    return "→ " + describe_rrule(rule)


def amount_preview(text: str, field_name: str, *, money: bool = False) -> str:
    """A whole number as the locale writes it ("Rp 3.500.000"); "" when blank.

    Raises InvalidInput for anything but a whole number.
    """
    value = activities.parse_amount(text, field_name)
    if value is None:
        return ""
    return "= " + (rupiah(value) if money else number(value))


# The statuses and roles in the order a form lists them.
STATUSES: tuple[str, ...] = tuple(s.value for s in ActivityStatus)
ROLES: tuple[str, ...] = tuple(r.value for r in StakeholderRole)
