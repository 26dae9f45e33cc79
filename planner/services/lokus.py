"""Focus areas (lokus): regions the team marks by hand, with KPU's criterion for each."""

from __future__ import annotations

from sqlmodel import Session, col, select

from planner import errors
from planner.i18n import _
from planner.models import Lokus, Region
from planner.models.enums import LokusCriterion
from planner.services import records, regions

CRITERIA: tuple[str, ...] = tuple(c.value for c in LokusCriterion)


def _label(lokus_id: int) -> str:
    return _("Lokus {id}").format(id=lokus_id)


def check_criterion(value: str) -> str:
    """The stored value of a criterion typed in any case, or InvalidInput on "criterion"."""
    clean = (value or "").strip().lower()
    if clean not in CRITERIA:
        raise errors.InvalidInput(
            "criterion",
            _("{value} is not a lokus criterion (choose one of {choices})").format(
                value=value or "''", choices=", ".join(CRITERIA)
            ),
        )
    return clean


def add_lokus(session: Session, region_code: str, criterion: str, note: str = "") -> Lokus:
    """Marks a region as a focus area; a criterion is given once per region."""
    clean = check_criterion(criterion)
    try:
        region = regions.get_region(session, region_code)
    except errors.NotFound as exc:
        raise errors.InvalidInput("region", str(exc)) from None
    except errors.InvalidInput as exc:
        raise errors.InvalidInput("region", exc.message) from None
    duplicate = session.exec(
        select(Lokus).where(Lokus.region_code == region.code, Lokus.criterion == clean)
    ).first()
    if duplicate is not None:
        from planner.rules.labels import lokus_criterion_label

        raise errors.InvalidInput(
            "criterion",
            _("{region} is already a lokus for {criterion} (lokus {id})").format(
                region=regions.region_label(region),
                criterion=lokus_criterion_label(clean),
                id=duplicate.id,
            ),
        )
    lokus = Lokus(region_code=region.code, criterion=clean, note=(note or "").strip())
    session.add(lokus)
    session.flush()
    return lokus


def remove_lokus(session: Session, lokus_id: int, *, expected_version: int | None = None) -> None:
    """Clears a lokus flag; with expected_version, only if nobody changed it meanwhile."""
    records.delete_record(
        session, Lokus, lokus_id, expected_version=expected_version, label=_label(lokus_id)
    )


def lokus_of(session: Session, code: str) -> list[Lokus]:
    """The lokus flags set on this region itself, oldest first."""
    region = regions.get_region(session, code)
    query = select(Lokus).where(Lokus.region_code == region.code).order_by(col(Lokus.id))
    return list(session.exec(query).all())


def list_lokus(session: Session) -> list[tuple[Lokus, Region]]:
    """Every lokus flag with its region, by region code."""
    query = (
        select(Lokus, Region)
        .join(Region, col(Region.code) == col(Lokus.region_code))
        .order_by(col(Lokus.region_code), col(Lokus.id))
    )
    return [(lokus, region) for lokus, region in session.exec(query).all()]
