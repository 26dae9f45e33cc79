"""`planner stakeholder ...`: partner organisations, the regions they serve, their activities."""

from __future__ import annotations

from typing import Any

import click
from sqlmodel import Session

from planner.cli.context import (
    CliState,
    emit,
    json_option,
    pass_state,
    print_record,
    print_table,
    version_option,
    yes_option,
)
from planner.i18n import _
from planner.models import Stakeholder
from planner.models.enums import StakeholderCategory
from planner.services import regions as region_svc
from planner.services import stakeholders as svc

_CATEGORIES = click.Choice([c.value for c in StakeholderCategory], case_sensitive=False)


def _field_options(f: Any) -> Any:
    options = [
        click.option("--contact-person", help=_("Who to contact there.")),
        click.option("--contact-title", help=_("That person's position.")),
        click.option("--phone", help=_("Phone number (digits, +, - and spaces).")),
        click.option("--email", help=_("E-mail address.")),
        click.option("--address"),
        click.option("--notes"),
        click.option(
            "--region",
            "regions",
            multiple=True,
            metavar="CODE",
            help=_("Region served (code); repeat for several."),
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


_TEXT_FIELDS = ("contact_person", "contact_title", "phone", "email", "address", "notes")


def _detail(s: Session, st: Stakeholder) -> dict[str, Any]:
    assert st.id is not None
    return {
        **st.model_dump(),
        "regions": [
            {"code": r.code, "name": r.name, "label": region_svc.region_label(r)}
            for r in svc.regions_of(s, st.id)
        ],
        "activities": [
            {
                "id": a.id,
                "title": a.title,
                "start": a.start,
                "status": a.status,
                "role": role,
            }
            for a, role in svc.engagement_history(s, st.id)
        ],
    }


def _print_detail(data: dict[str, Any]) -> None:
    from planner.dates import format_datetime
    from planner.rules.labels import category_label, role_label, status_label

    print_record(
        [
            (_("ID"), data["id"]),
            (_("Name"), data["name"]),
            (_("Category"), category_label(data["category"])),
            (_("Contact person"), data["contact_person"]),
            (_("Position"), data["contact_title"]),
            (_("Phone"), data["phone"]),
            (_("E-mail"), data["email"]),
            (_("Address"), data["address"]),
            (_("Regions"), ", ".join(r["label"] for r in data["regions"])),
            (_("Notes"), data["notes"]),
            (_("Version"), data["version"]),
        ]
    )
    if data["activities"]:
        click.echo()
        print_table(
            [_("ID"), _("When"), _("Activity"), _("Role"), _("Status")],
            [
                (
                    a["id"],
                    format_datetime(a["start"], weekday=False),
                    a["title"],
                    role_label(a["role"]),
                    status_label(a["status"]),
                )
                for a in data["activities"]
            ],
        )


@click.group("stakeholder")
def stakeholder() -> None:
    """Stakeholders (pemangku kepentingan) the division works with."""


@stakeholder.command("add")
@click.argument("name")
@click.option("--category", required=True, type=_CATEGORIES)
@_field_options
@json_option
@pass_state
def add(
    state: CliState,
    /,
    name: str,
    category: str,
    regions: tuple[str, ...],
    as_json: bool,
    **fields: str | None,
) -> None:
    """Add a stakeholder."""
    values = {k: v or "" for k, v in fields.items()}
    with state.db.write() as s:
        st = svc.add_stakeholder(s, name=name, category=category, region_codes=regions, **values)
        data = _detail(s, st)
    emit(as_json, data, lambda: _print_detail(data))


@stakeholder.command("list")
@click.option("--search", help=_("Text in the name, contact person, phone or e-mail."))
@click.option("--category", type=_CATEGORIES)
@json_option
@pass_state
def list_(state: CliState, search: str | None, category: str | None, as_json: bool) -> None:
    """List stakeholders by name."""
    from planner.rules.labels import category_label

    with state.db.read() as s:
        rows = svc.list_stakeholders(s, search, category)
    emit(
        as_json,
        [r.model_dump() for r in rows],
        lambda: print_table(
            [_("ID"), _("Name"), _("Category"), _("Contact person"), _("Phone")],
            [(r.id, r.name, category_label(r.category), r.contact_person, r.phone) for r in rows],
        ),
    )


@stakeholder.command("show")
@click.argument("name_or_id")
@json_option
@pass_state
def show(state: CliState, name_or_id: str, as_json: bool) -> None:
    """Show a stakeholder with its regions and the activities it took part in."""
    with state.db.read() as s:
        data = _detail(s, svc.find_stakeholder(s, name_or_id))
    emit(as_json, data, lambda: _print_detail(data))


@stakeholder.command("edit")
@click.argument("name_or_id")
@click.option("--name", help=_("New name."))
@click.option("--category", type=_CATEGORIES)
@_field_options
@click.option("--no-regions", is_flag=True, help=_("Remove every region."))
@version_option
@json_option
@pass_state
def edit(
    state: CliState,
    /,
    name_or_id: str,
    name: str | None,
    category: str | None,
    regions: tuple[str, ...],
    no_regions: bool,
    expected_version: int | None,
    as_json: bool,
    **fields: str | None,
) -> None:
    """Change a stakeholder; options not given stay as they are. --region replaces the regions."""
    if regions and no_regions:
        raise click.UsageError(_("--region and --no-regions exclude each other."))
    changes: dict[str, Any] = {k: v for k, v in fields.items() if v is not None}
    if name is not None:
        changes["name"] = name
    if category is not None:
        changes["category"] = category
    new_regions = [] if no_regions else list(regions) if regions else None
    if not changes and new_regions is None:
        raise click.UsageError(_("Nothing to change: give at least one field option."))
    with state.db.write() as s:
        found = svc.find_stakeholder(s, name_or_id)
        assert found.id is not None
        version = expected_version
        if changes:
            svc.update_stakeholder(s, found.id, changes, expected_version=version)
            # Checked once: the update itself has just moved the version on.
            version = None
        if new_regions is not None:
            svc.set_regions(s, found.id, new_regions, expected_version=version)
        data = _detail(s, found)
    emit(as_json, data, lambda: _print_detail(data))


@stakeholder.command("rm")
@click.argument("name_or_id")
@version_option
@yes_option
@pass_state
def rm(state: CliState, name_or_id: str, expected_version: int | None, yes: bool) -> None:
    """Delete a stakeholder; activities lose it from their lists."""
    with state.db.read() as s:
        st = svc.find_stakeholder(s, name_or_id)
        assert st.id is not None
        stakeholder_id, seen_version = st.id, st.version
        used = len(svc.engagement_history(s, st.id))
    if not yes:
        click.confirm(
            _("Delete stakeholder {name} (linked to {n} activities)?").format(name=st.name, n=used),
            abort=True,
        )
        # The user agreed to delete what was just shown.
        if expected_version is None:
            expected_version = seen_version
    with state.db.write() as s:
        svc.delete_stakeholder(s, stakeholder_id, expected_version=expected_version)
    click.echo(_("Stakeholder {name} deleted.").format(name=st.name))


COMMANDS: list[click.Command] = [stakeholder]
