"""Stakeholders: the partner organisations invited to and working on activities."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import delete, func, or_
from sqlmodel import Session, col, select

from planner import errors
from planner.i18n import _
from planner.models import Activity, ActivityStakeholder, Region, Stakeholder, StakeholderRegion
from planner.models.enums import StakeholderCategory
from planner.services import records, regions

FIELDS: tuple[str, ...] = (
    "name",
    "category",
    "contact_person",
    "contact_title",
    "phone",
    "email",
    "address",
    "notes",
)
_TEXT_FIELDS = ("contact_person", "contact_title", "address", "notes")

# Deliberately loose: the point is catching a phone number or a typo pasted
# into the e-mail field, not enforcing RFC 5322.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_PHONE = re.compile(r"[0-9+\- ]+")


def label(stakeholder: Stakeholder) -> str:
    return _("Stakeholder {name}").format(name=stakeholder.name)


def _label_for(session: Session, stakeholder_id: int) -> str:
    row = session.get(Stakeholder, stakeholder_id)
    return label(row) if row is not None else _("Stakeholder {id}").format(id=stakeholder_id)


def validate_stakeholder(
    session: Session, values: Mapping[str, Any], *, current_id: int | None = None
) -> dict[str, Any]:
    """The cleaned values, or InvalidInput naming the first wrong field.

    Works on a partial mapping (an edit); the name is checked for uniqueness
    within the category it will have after the change.
    """
    clean: dict[str, Any] = {}
    for name, value in values.items():
        if name not in FIELDS:
            raise errors.InvalidInput(name, _("unknown field"))
        clean[name] = value

    if "name" in clean:
        clean["name"] = (clean["name"] or "").strip()
        if not clean["name"]:
            raise errors.InvalidInput("name", _("the name is empty"))

    if "category" in clean:
        category = str(clean["category"] or "").strip().lower()
        if category not in {c.value for c in StakeholderCategory}:
            raise errors.InvalidInput(
                "category",
                _("{value} is not a stakeholder category (choose one of {choices})").format(
                    value=clean["category"],
                    choices=", ".join(c.value for c in StakeholderCategory),
                ),
            )
        clean["category"] = category

    if "email" in clean:
        email = (clean["email"] or "").strip()
        if email and not _EMAIL.fullmatch(email):
            raise errors.InvalidInput(
                "email", _("{value} is not an e-mail address").format(value=email)
            )
        clean["email"] = email

    if "phone" in clean:
        phone = (clean["phone"] or "").strip()
        if phone and (not _PHONE.fullmatch(phone) or not any(c.isdigit() for c in phone)):
            raise errors.InvalidInput(
                "phone",
                _("{value} is not a phone number (digits, +, - and spaces only)").format(
                    value=phone
                ),
            )
        clean["phone"] = phone

    for name in _TEXT_FIELDS:
        if name in clean:
            clean[name] = (clean[name] or "").strip()

    if "name" in clean or "category" in clean:
        current = session.get(Stakeholder, current_id) if current_id is not None else None
        name = clean.get("name", current.name if current else "")
        category = clean.get("category", current.category if current else "")
        # Case-insensitive: "Bawaslu Blora" and "BAWASLU Blora" are one organisation.
        query = select(Stakeholder).where(
            func.lower(Stakeholder.name) == name.lower(), Stakeholder.category == category
        )
        if current_id is not None:
            query = query.where(Stakeholder.id != current_id)
        if session.exec(query).first() is not None:
            raise errors.InvalidInput(
                "name",
                _("a stakeholder named {name} already exists in category {category}").format(
                    name=name, category=category
                ),
            )
    return clean


def add_stakeholder(
    session: Session,
    *,
    name: str,
    category: str,
    contact_person: str = "",
    contact_title: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
    notes: str = "",
    region_codes: Iterable[str] = (),
) -> Stakeholder:
    values = validate_stakeholder(
        session,
        {
            "name": name,
            "category": category,
            "contact_person": contact_person,
            "contact_title": contact_title,
            "phone": phone,
            "email": email,
            "address": address,
            "notes": notes,
        },
    )
    stakeholder = Stakeholder(**values)
    session.add(stakeholder)
    session.flush()
    assert stakeholder.id is not None
    codes = list(region_codes)
    if codes:
        _replace_regions(session, stakeholder.id, codes)
    return stakeholder


def update_stakeholder(
    session: Session,
    stakeholder_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int | None,
) -> Stakeholder:
    _check_version(session, stakeholder_id, expected_version)
    values = validate_stakeholder(session, changes, current_id=stakeholder_id)
    return records.apply_changes(
        session,
        Stakeholder,
        stakeholder_id,
        values,
        expected_version=expected_version,
        label=_label_for(session, stakeholder_id),
    )


def _check_version(session: Session, stakeholder_id: int, expected_version: int | None) -> None:
    records.check_version(
        session,
        Stakeholder,
        stakeholder_id,
        expected_version,
        missing_label=_("Stakeholder {id}").format(id=stakeholder_id),
        label=label,
    )


def delete_stakeholder(
    session: Session, stakeholder_id: int, *, expected_version: int | None = None
) -> None:
    """Deletes the stakeholder; its region and activity links go with it."""
    _check_version(session, stakeholder_id, expected_version)
    # The links go by ON DELETE CASCADE; the activities are touched so their
    # versions move and an open form does not save the stakeholder back.
    linked = (
        select(Activity)
        .join(ActivityStakeholder, col(ActivityStakeholder.activity_id) == col(Activity.id))
        .where(ActivityStakeholder.stakeholder_id == stakeholder_id)
    )
    for activity in session.exec(linked):
        records.touch(activity)
    session.flush()
    records.delete_record(
        session,
        Stakeholder,
        stakeholder_id,
        expected_version=expected_version,
        label=_label_for(session, stakeholder_id),
    )


def find_stakeholder(session: Session, name_or_id: str) -> Stakeholder:
    """By exact name, then the name in any case, then the numeric id.

    A name is unique only within a category, so a name shared by several is
    refused with their ids to choose from.
    """
    text = name_or_id.strip()
    for condition in (Stakeholder.name == text, func.lower(Stakeholder.name) == text.lower()):
        rows = list(session.exec(select(Stakeholder).where(condition)).all())
        if len(rows) == 1:
            return rows[0]
        if len(rows) > 1:
            raise errors.PlannerError(
                _("Several stakeholders are named {name}; give one of the ids: {ids}.").format(
                    name=text,
                    ids=", ".join(f"{r.id} ({r.category})" for r in rows),
                )
            )
    if text.isdigit():
        row = session.get(Stakeholder, int(text))
        if row is not None:
            return row
    raise errors.NotFound(_("No stakeholder named or numbered {text}.").format(text=text))


def list_stakeholders(
    session: Session, search: str | None = None, category: str | None = None
) -> list[Stakeholder]:
    """By name; search looks in the name, contact person, phone and e-mail in any case."""
    query = select(Stakeholder)
    if category:
        query = query.where(Stakeholder.category == category)
    if search and search.strip():
        needle = (
            "%"
            + search.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            + "%"
        )
        query = query.where(
            or_(
                *(
                    func.lower(column).like(needle, escape="\\")
                    for column in (
                        Stakeholder.name,
                        Stakeholder.contact_person,
                        Stakeholder.phone,
                        Stakeholder.email,
                    )
                )
            )
        )
    query = query.order_by(func.lower(Stakeholder.name), col(Stakeholder.category))
    return list(session.exec(query).all())


def _replace_regions(session: Session, stakeholder_id: int, codes: Iterable[str]) -> list[str]:
    dotted: list[str] = []
    for code in codes:
        try:
            region = regions.get_region(session, code)
        except errors.NotFound as exc:
            raise errors.InvalidInput("regions", str(exc)) from None
        except errors.InvalidInput as exc:
            raise errors.InvalidInput("regions", exc.message) from None
        if region.code not in dotted:
            dotted.append(region.code)
    session.exec(
        delete(StakeholderRegion).where(col(StakeholderRegion.stakeholder_id) == stakeholder_id)
    )
    for code in dotted:
        session.add(StakeholderRegion(stakeholder_id=stakeholder_id, region_code=code))
    session.flush()
    return dotted


def set_regions(
    session: Session,
    stakeholder_id: int,
    codes: Iterable[str],
    *,
    expected_version: int | None = None,
) -> list[str]:
    """Replaces the regions the stakeholder serves; returns their dotted codes."""
    _check_version(session, stakeholder_id, expected_version)
    stakeholder = records.get_or_raise(
        session, Stakeholder, stakeholder_id, _("Stakeholder {id}").format(id=stakeholder_id)
    )
    dotted = _replace_regions(session, stakeholder_id, codes)
    # Only link rows changed; the stakeholder's version must still move so a
    # colleague's open form notices.
    records.touch(stakeholder)
    session.flush()
    return dotted


def regions_of(session: Session, stakeholder_id: int) -> list[Region]:
    query = (
        select(Region)
        .join(StakeholderRegion, col(StakeholderRegion.region_code) == col(Region.code))
        .where(StakeholderRegion.stakeholder_id == stakeholder_id)
        .order_by(col(Region.code))
    )
    return list(session.exec(query).all())


def engagement_history(session: Session, stakeholder_id: int) -> list[tuple[Activity, str]]:
    """The activities the stakeholder took part in, with its role; the newest first."""
    query = (
        select(Activity, ActivityStakeholder.role)
        .join(ActivityStakeholder, col(ActivityStakeholder.activity_id) == col(Activity.id))
        .where(ActivityStakeholder.stakeholder_id == stakeholder_id)
        .order_by(col(Activity.start).desc(), col(Activity.id).desc())
    )
    return [(activity, role) for activity, role in session.exec(query).all()]
