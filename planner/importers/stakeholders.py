"""Stakeholder lists from CSV or Excel, merged with the stakeholders already known.

Staff keep partner lists in spreadsheets and send them round again with a
phone number changed or a row added; importing one must not make a second
"Bawaslu Blora". A row is the stakeholder already stored under the same name
(ignoring case and spacing) and category, and only the cells that hold a
different value change it: a blank cell never erases what is stored.
Writes go through the ORM and the stakeholder services, so versions move and
the audit log records each change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, select

from planner import errors
from planner.errors import ImportProblem
from planner.formatting import number
from planner.i18n import _
from planner.importers.codes import normalize_code
from planner.importers.preview import (
    ImportPreview,
    Progress,
    listed_problems,
    refuse,
)
from planner.importers.tabular import Row, Table, map_headers, normalize_header
from planner.importers.xlsx import header_test, read_any
from planner.models import Region, Stakeholder, StakeholderRegion
from planner.models.enums import StakeholderCategory
from planner.rules.labels import category_label

STAKEHOLDER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": (
        "nama",
        "nama instansi",
        "nama lembaga",
        "nama organisasi",
        "nama pemangku kepentingan",
        "instansi",
        "lembaga",
        "organisasi",
        "name",
        "organisation",
        "organization",
        "stakeholder",
    ),
    "category": ("kategori", "jenis", "kelompok", "category", "type"),
    "contact_person": (
        "kontak",
        "narahubung",
        "nama kontak",
        "contact person",
        "contact",
        "pic",
    ),
    "contact_title": ("jabatan", "jabatan kontak", "title", "position", "contact title"),
    "phone": (
        "telepon",
        "no telepon",
        "nomor telepon",
        "telp",
        "no telp",
        "hp",
        "no hp",
        "nomor hp",
        "wa",
        "no wa",
        "whatsapp",
        "phone",
        "telephone",
        "mobile",
    ),
    "email": ("email", "e mail", "surel", "alamat email", "e-mail address"),
    "address": ("alamat", "alamat kantor", "address"),
    "regions": ("wilayah", "wilayah kerja", "kode wilayah", "regions", "region", "area"),
    "notes": ("catatan", "keterangan", "notes", "note", "remarks"),
}

TEXT_FIELDS: tuple[str, ...] = (
    "contact_person",
    "contact_title",
    "phone",
    "email",
    "address",
    "notes",
)

# Words people use for a category besides its stored value and its label.
_CATEGORY_WORDS: dict[StakeholderCategory, tuple[str, ...]] = {
    StakeholderCategory.PENYELENGGARA_PEMILU: ("election body", "election organiser"),
    StakeholderCategory.KEAMANAN: ("security", "tni polri"),
    StakeholderCategory.PENEGAK_HUKUM: ("law enforcement",),
    StakeholderCategory.PEMERINTAH_DAERAH: ("local government", "pemda"),
    StakeholderCategory.LEMBAGA_PEMASYARAKATAN: ("correctional institution", "lapas rutan"),
    StakeholderCategory.PARTAI_POLITIK: ("political party", "parpol"),
    StakeholderCategory.PENDIDIKAN: ("education",),
    StakeholderCategory.MEDIA: ("pers",),
    StakeholderCategory.KEAGAMAAN: ("religious group", "religion"),
    StakeholderCategory.KOMUNITAS: ("community group", "community"),
    StakeholderCategory.LAINNYA: ("other", "others"),
}

# Excel keeps a phone typed into a Number cell as 81234567890: the leading 0
# of an Indonesian number (08..., 8 to 13 digits after it) is gone.
_LOST_ZERO = re.compile(r"8\d{7,12}")
_REGION_PREFIX = re.compile(
    r"^(?P<word>kec\.?|kecamatan|desa|kel\.?|kelurahan|kab\.?|kabupaten|kota|prov\.?|provinsi)\s+",
    re.IGNORECASE,
)
_PREFIX_LEVEL = {
    "kec": "kecamatan",
    "kecamatan": "kecamatan",
    "desa": "desa",
    "kel": "desa",
    "kelurahan": "desa",
    "kab": "kabupaten",
    "kabupaten": "kabupaten",
    "kota": "kabupaten",
    "prov": "provinsi",
    "provinsi": "provinsi",
}


def merge_key(name: str, category: str) -> tuple[str, str]:
    """Two rows are one stakeholder when these match: "BAWASLU  Blora" is "Bawaslu Blora"."""
    return " ".join(name.casefold().split()), category


def category_choices() -> dict[str, str]:
    """Every accepted way of writing a category, in header form, to its stored value."""
    choices: dict[str, str] = {}
    for category in StakeholderCategory:
        for word in (
            category.value,
            category_label(category.value),
            *_CATEGORY_WORDS.get(category, ()),
        ):
            choices.setdefault(normalize_header(word), category.value)
    return choices


@dataclass(frozen=True, slots=True, kw_only=True)
class StakeholderRecord:
    """One row; a field is None when the file has no value for it, never ""."""

    line: int
    name: str
    category: str
    contact_person: str | None = None
    contact_title: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    notes: str | None = None
    # Codes or names as written, in the order given; None when the cell is blank.
    regions: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class StakeholderRows:
    """A stakeholder file's records, the header each field came from, and notes on reading it."""

    path: Path
    records: list[StakeholderRecord]
    columns: dict[str, str]
    warnings: list[str] = field(default_factory=list)


def read_stakeholder_file(path: Path, *, sheet: str | None = None) -> StakeholderRows:
    """The rows of a stakeholder list: CSV, TSV or a workbook's sheet."""
    table = read_any(
        path,
        sheet=sheet,
        is_header=header_test(STAKEHOLDER_SYNONYMS, required=("name", "category")),
    )
    return read_stakeholder_rows(table)


def read_stakeholder_rows(table: Table) -> StakeholderRows:
    """Checked records: a name and a known category on every row, and no stakeholder twice."""
    path = str(table.path)
    columns = map_headers(
        table.headers,
        STAKEHOLDER_SYNONYMS,
        required=("name", "category"),
        path=path,
        row=table.header_line,
    )
    choices = category_choices()
    records: list[StakeholderRecord] = []
    warnings: list[str] = []
    first_line: dict[tuple[str, str], int] = {}
    for row in table.rows:
        record, fixed = _record(row, columns, choices, path)
        key = merge_key(record.name, record.category)
        if key in first_line:
            raise ImportProblem(
                path,
                _("{name} ({category}) appears twice, on rows {first} and {second}").format(
                    name=record.name,
                    category=record.category,
                    first=first_line[key],
                    second=row.line,
                ),
                row=row.line,
                column=columns["name"],
            )
        first_line[key] = row.line
        records.append(record)
        if fixed is not None:
            warnings.append(fixed)
    return StakeholderRows(path=table.path, records=records, columns=columns, warnings=warnings)


def _record(
    row: Row, columns: Mapping[str, str], choices: Mapping[str, str], path: str
) -> tuple[StakeholderRecord, str | None]:
    def cell(name: str) -> str | None:
        header = columns.get(name)
        value = row.values[header].strip() if header is not None else ""
        return value or None

    name = cell("name")
    if name is None:
        raise ImportProblem(path, _("the name is empty"), row=row.line, column=columns["name"])
    written = cell("category")
    if written is None:
        raise ImportProblem(
            path, _("the category is empty"), row=row.line, column=columns["category"]
        )
    category = choices.get(normalize_header(written))
    if category is None:
        raise ImportProblem(
            path,
            _("'{value}' is not a stakeholder category; the categories are: {choices}").format(
                value=written, choices=", ".join(c.value for c in StakeholderCategory)
            ),
            row=row.line,
            column=columns["category"],
        )
    phone, fixed = cell("phone"), None
    if phone is not None and _LOST_ZERO.fullmatch(phone):
        fixed = str(
            ImportProblem(
                path,
                _(
                    "the phone number {value} was read as 0{value}: it lost its leading 0 in "
                    "a Number cell"
                ).format(value=phone),
                row=row.line,
                column=columns["phone"],
            )
        )
        phone = "0" + phone
    regions_text = cell("regions")
    regions = None
    if regions_text is not None:
        regions = tuple(part.strip() for part in regions_text.split(";") if part.strip()) or None
    record = StakeholderRecord(
        line=row.line,
        name=" ".join(name.split()),
        category=category,
        contact_person=cell("contact_person"),
        contact_title=cell("contact_title"),
        phone=phone,
        email=cell("email"),
        address=cell("address"),
        notes=cell("notes"),
        regions=regions,
    )
    return record, fixed


# ---------------------------------------------------------------------------
# Against the database


@dataclass(frozen=True, slots=True)
class _Change:
    existing: Stakeholder | None
    values: dict[str, str]
    # Dotted codes to link, or None to leave the links as they are.
    regions: list[str] | None


@dataclass(frozen=True, slots=True)
class _StakeholderPlan:
    changes: list[_Change]
    unchanged: int
    problems: list[ImportProblem]


class _RegionResolver:
    """Region codes or names as people write them, resolved once per distinct text."""

    def __init__(self, session: Session) -> None:
        from planner.services.settings import scope_region

        self.session = session
        self.scope = scope_region(session)
        self.cache: dict[str, str] = {}

    def resolve(self, written: str) -> str:
        """The dotted code; ValueError with a message for the user when there is none."""
        if written not in self.cache:
            self.cache[written] = self._resolve(written)
        return self.cache[written]

    def _resolve(self, written: str) -> str:
        compact = written.replace(".", "").replace(" ", "")
        if compact.isascii() and compact.isdigit():
            code = normalize_code(written)
            if self.session.get(Region, code) is None:
                raise ValueError(_("region {code} is not in the database").format(code=code))
            return code
        matches = self._named(written)
        level = None
        prefix = _REGION_PREFIX.match(written)
        if not matches and prefix is not None:
            level = _PREFIX_LEVEL[prefix.group("word").rstrip(".").lower()]
            rest = written[prefix.end() :]
            names = [rest]
            if level == "kabupaten":
                # Kemendagri names a kabupaten "Kabupaten Blora" and a city "Kota Semarang".
                names += [f"Kabupaten {rest}", f"Kota {rest}"]
            matches = [r for n in names for r in self._named(n) if r.level == level]
        if len(matches) > 1 and self.scope is not None:
            # Desa names repeat across Indonesia; the planner's own kabupaten is meant.
            inside = [
                r for r in matches if r.code == self.scope or r.code.startswith(self.scope + ".")
            ]
            matches = inside or matches
        if len(matches) > 1 and level is None:
            # A kecamatan and one of its desa often share a name: the bigger area
            # is meant unless the text says "desa".
            shortest = min(len(r.code) for r in matches)
            top = [r for r in matches if len(r.code) == shortest]
            if len(top) == 1:
                matches = top
        if not matches:
            raise ValueError(_("no region named '{name}'").format(name=written))
        if len(matches) > 1:
            raise ValueError(
                _("'{name}' is ambiguous: {codes}; write the code").format(
                    name=written,
                    codes=", ".join(f"{r.code} {r.name}" for r in matches[:6]),
                )
            )
        return matches[0].code

    def _named(self, name: str) -> list[Region]:
        query = select(Region).where(func.lower(Region.name) == name.strip().lower()).limit(20)
        return list(self.session.exec(query).all())


def _plan(session: Session, rows: StakeholderRows) -> _StakeholderPlan:
    from planner.services.stakeholders import validate_stakeholder

    path = str(rows.path)
    stored: dict[tuple[str, str], list[Stakeholder]] = {}
    for stakeholder in session.exec(select(Stakeholder)).all():
        stored.setdefault(merge_key(stakeholder.name, stakeholder.category), []).append(stakeholder)
    linked: dict[int, set[str]] = {}
    for stakeholder_id, code in session.exec(
        select(StakeholderRegion.stakeholder_id, StakeholderRegion.region_code)
    ).all():
        linked.setdefault(stakeholder_id, set()).add(code)

    resolver = _RegionResolver(session)
    changes: list[_Change] = []
    unchanged = 0
    problems: list[ImportProblem] = []
    for record in rows.records:
        found = stored.get(merge_key(record.name, record.category), [])
        if len(found) > 1:
            problems.append(
                ImportProblem(
                    path,
                    _("several stored stakeholders match {name} ({category}): ids {ids}").format(
                        name=record.name,
                        category=record.category,
                        ids=", ".join(str(s.id) for s in found),
                    ),
                    row=record.line,
                    column=rows.columns["name"],
                )
            )
            continue
        existing = found[0] if found else None

        given = {
            name: value for name in TEXT_FIELDS if (value := getattr(record, name)) is not None
        }
        row_problems: list[ImportProblem] = []
        for name in ("phone", "email"):
            if name not in given:
                continue
            try:
                given.update(validate_stakeholder(session, {name: given[name]}))
            except errors.InvalidInput as exc:
                row_problems.append(
                    ImportProblem(path, exc.message, row=record.line, column=rows.columns[name])
                )
        codes: list[str] | None = None
        if record.regions is not None:
            codes = []
            for written in record.regions:
                try:
                    code = resolver.resolve(written)
                except ValueError as exc:
                    row_problems.append(
                        ImportProblem(
                            path, str(exc), row=record.line, column=rows.columns["regions"]
                        )
                    )
                    continue
                if code not in codes:
                    codes.append(code)
        if row_problems:
            problems.extend(row_problems)
            continue

        if existing is None:
            values = {"name": record.name, "category": record.category, **given}
            changes.append(_Change(None, values, codes))
            continue
        assert existing.id is not None
        values = {name: value for name, value in given.items() if getattr(existing, name) != value}
        if codes is not None and set(codes) == linked.get(existing.id, set()):
            codes = None
        if values or codes is not None:
            changes.append(_Change(existing, values, codes))
        else:
            unchanged += 1
    return _StakeholderPlan(changes, unchanged, problems)


def _preview(rows: StakeholderRows, plan: _StakeholderPlan) -> ImportPreview:
    return ImportPreview(
        kind="stakeholders",
        path=str(rows.path),
        rows=len(rows.records),
        to_add=sum(1 for c in plan.changes if c.existing is None),
        to_update=sum(1 for c in plan.changes if c.existing is not None),
        unchanged=plan.unchanged,
        problems=listed_problems(plan.problems),
        warnings=list(rows.warnings),
    )


def preview_stakeholders(session: Session, rows: StakeholderRows) -> ImportPreview:
    """How many stakeholders the file adds, changes, and matches exactly."""
    return _preview(rows, _plan(session, rows))


def apply_stakeholders(
    session: Session, rows: StakeholderRows, *, progress: Progress | None = None
) -> ImportPreview:
    """Add and update the stakeholders inside the caller's write transaction.

    Refuses on any problem before writing anything. The plan is made again
    here, so a colleague's edit since the preview is compared with, not
    overwritten by, the file's values.
    """
    from planner.services import stakeholders as service

    plan = _plan(session, rows)
    if plan.problems:
        refuse(plan.problems)
    total = len(rows.records)
    if progress is not None:
        progress(plan.unchanged, total)
    for done, change in enumerate(plan.changes, start=plan.unchanged + 1):
        if change.existing is None:
            service.add_stakeholder(session, **change.values, region_codes=change.regions or ())
        else:
            target = change.existing
            assert target.id is not None
            if change.values:
                service.update_stakeholder(
                    session, target.id, change.values, expected_version=target.version
                )
            if change.regions is not None:
                service.set_regions(
                    session, target.id, change.regions, expected_version=target.version
                )
        if progress is not None:
            progress(done, total)
    return _preview(rows, plan)


def summary_line(preview: ImportPreview) -> str:
    """What an import of stakeholders did, in one line."""
    message = _("{path}: {added} stakeholders added, {updated} updated, {unchanged} unchanged.")
    return message.format(
        path=preview.path,
        added=number(preview.to_add),
        updated=number(preview.to_update),
        unchanged=number(preview.unchanged),
    )
