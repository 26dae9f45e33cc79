"""What the columns of region and turnout files are called, and their rows as records.

The synonyms are the headers KPU's spreadsheets (Model D.Hasil recaps, DPT
recaps) and SIREKAP's `administrasi` keys use, in Indonesian and English.
Within a field, earlier names are preferred when a file has several.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from planner.errors import ImportProblem
from planner.formatting import number
from planner.i18n import _
from planner.importers.codes import Level, level_of, normalize_code, parent_of, split_tps
from planner.importers.tabular import (
    CellRows,
    Row,
    Table,
    map_headers,
    missing_column_problem,
    no_data_rows,
    parse_count,
)

REGION_SYNONYMS: dict[str, tuple[str, ...]] = {
    "code": ("kode", "kode wilayah", "kode kemendagri", "region code", "code"),
    "name": ("nama", "nama wilayah", "region name", "name"),
}

TURNOUT_SYNONYMS: dict[str, tuple[str, ...]] = {
    # The finest code wins when a file carries several (kode desa beside kode kecamatan).
    "code": (
        "kode tps",
        "kode desa",
        "kode kelurahan",
        "kode desa kelurahan",
        "kode wilayah",
        "kode",
        "kode kecamatan",
        "tps code",
        "region code",
        "code",
    ),
    "name": (
        "nama",
        "nama wilayah",
        "nama desa",
        "desa",
        "kelurahan",
        "desa kelurahan",
        "nama kecamatan",
        "kecamatan",
        "region",
        "region name",
        "name",
    ),
    "tps": ("tps", "no tps", "nomor tps", "tps number"),
    "dpt": (
        "dpt",
        "jumlah dpt",
        "total dpt",
        "dpt l+p",
        "pemilih dpt",
        "pemilih_dpt_j",
        "registered voters",
    ),
    "dpt_men": (
        "dpt laki-laki",
        "dpt l",
        "pemilih dpt laki-laki",
        "pemilih_dpt_l",
        "men registered",
        "registered men",
    ),
    "dpt_women": (
        "dpt perempuan",
        "dpt p",
        "pemilih dpt perempuan",
        "pemilih_dpt_p",
        "women registered",
        "registered women",
    ),
    "dptb": ("dptb", "jumlah dptb", "pemilih dptb", "pemilih_dptb_j"),
    "dpk": ("dpk", "jumlah dpk", "pemilih dpk", "pemilih_dpk_j", "non dpt", "pemilih_non_dpt_j"),
    "voters_dpt": ("pengguna dpt", "pengguna hak pilih dpt", "pengguna_dpt_j", "voters dpt"),
    "voters_dptb": ("pengguna dptb", "pengguna hak pilih dptb", "pengguna_dptb_j", "voters dptb"),
    "voters_dpk": (
        "pengguna dpk",
        "pengguna hak pilih dpk",
        "pengguna_non_dpt_j",
        "pengguna non dpt",
        "voters dpk",
    ),
    "voters": (
        "pengguna hak pilih",
        "jumlah pengguna hak pilih",
        "total pengguna hak pilih",
        "pengguna_total_j",
        "voters",
        "total voters",
        "kehadiran",
    ),
    "voters_men": (
        "pengguna laki-laki",
        "pengguna hak pilih laki-laki",
        "pengguna_total_l",
        "voters men",
        "men voters",
    ),
    "voters_women": (
        "pengguna perempuan",
        "pengguna hak pilih perempuan",
        "pengguna_total_p",
        "voters women",
        "women voters",
    ),
    "valid": (
        "suara sah",
        "jumlah suara sah",
        "sah",
        "suara_sah",
        "valid ballots",
        "valid votes",
        "valid",
    ),
    "invalid": (
        "suara tidak sah",
        "jumlah suara tidak sah",
        "tidak sah",
        "suara_tidak_sah",
        "invalid ballots",
        "invalid votes",
        "invalid",
    ),
}


@dataclass(frozen=True, slots=True)
class RegionRecord:
    line: int
    code: str
    name: str
    level: Level
    parent: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class TurnoutRecord:
    """One row of a turnout file; a missing optional figure is None, never 0."""

    line: int
    code: str
    tps: int | None
    name: str | None
    dpt: int
    dptb: int | None
    dpk: int | None
    voters_dpt: int | None
    voters_dptb: int | None
    voters_dpk: int | None
    voters: int
    valid: int | None
    invalid: int | None
    dpt_men: int | None
    dpt_women: int | None
    voters_men: int | None
    voters_women: int | None


def read_region_rows(table: Table) -> list[RegionRecord]:
    """Rows of a `kode,nama` file such as wilayah_kepmendagri_2025.csv.

    Parents are not checked here: a file may rightly hold a kabupaten's desa
    without its provinsi, and only the database knows what already exists.
    """
    path = str(table.path)
    columns = map_headers(
        table.headers,
        REGION_SYNONYMS,
        required=("code", "name"),
        path=path,
        row=table.header_line,
    )
    code_column, name_column = columns["code"], columns["name"]
    records: list[RegionRecord] = []
    first_line: dict[str, int] = {}
    for row in table.rows:
        try:
            code = normalize_code(row.values[code_column])
        except ValueError as exc:
            raise ImportProblem(path, str(exc), row=row.line, column=code_column) from None
        name = row.values[name_column]
        if not name:
            raise ImportProblem(path, _("the name is empty"), row=row.line, column=name_column)
        if code in first_line:
            raise _twice(path, code, first_line[code], row.line, code_column)
        first_line[code] = row.line
        records.append(RegionRecord(row.line, code, name, level_of(code), parent_of(code)))
    return records


def _twice(path: str, what: str, first: int, second: int, column: str) -> ImportProblem:
    return ImportProblem(
        path,
        _("%(what)s appears twice, on rows %(first)d and %(second)d")
        % {"what": what, "first": first, "second": second},
        row=second,
        column=column,
    )


def _parse_tps(text: str, *, path: str, line: int, column: str) -> int | None:
    value = text.strip()
    if not value:
        return None
    digits = value[3:].strip() if value[:3].casefold() == "tps" else value
    if not (digits.isascii() and digits.isdigit()) or not 1 <= int(digits) <= 999:
        raise ImportProblem(
            path,
            _("'%(value)s' is not a TPS number (1 to 999, such as 3, 003 or TPS 003)")
            % {"value": value},
            row=line,
            column=column,
        )
    return int(digits)


class _RowReader:
    """Reads one row's cells by field, naming the row and column in any error."""

    def __init__(self, path: str, columns: Mapping[str, str], row: Row) -> None:
        self.path = path
        self.columns = columns
        self.row = row

    def text(self, field: str) -> str:
        header = self.columns.get(field)
        return self.row.values[header] if header is not None else ""

    def count(self, field: str) -> int | None:
        header = self.columns.get(field)
        if header is None:
            return None
        return parse_count(
            self.row.values[header], path=self.path, line=self.row.line, column=header
        )

    def problem(self, message: str, *fields: str) -> ImportProblem:
        """An error at this row, in the first of `fields` the file has a column for."""
        column = next((self.columns[f] for f in fields if f in self.columns), None)
        return ImportProblem(self.path, message, row=self.row.line, column=column)


def read_turnout_rows(
    table: Table, *, explicit_map: Mapping[str, str] | None = None
) -> list[TurnoutRecord]:
    """Rows of a turnout file (per TPS, desa or kecamatan) as checked records.

    `explicit_map` maps a header of the file to a field name, over the synonyms.
    """
    headers = table.headers
    rows = ((row.line, [row.values[h] for h in headers]) for row in table.rows)
    cells = CellRows(table.path, list(headers), table.header_line, rows)
    return turnout_records(cells, explicit_map=explicit_map)


def turnout_records(
    cells: CellRows, *, explicit_map: Mapping[str, str] | None = None
) -> list[TurnoutRecord]:
    """The rows of a turnout file read as cells, as checked records (see read_turnout_rows).

    A national file has 820,000 rows: each is first read by a fast path for
    the common case (a SIREKAP or dotted code, plain whole numbers, figures
    that add up) and otherwise by the full rules, which also word every error.
    """
    path = str(cells.path)
    names = cells.names
    columns = map_headers(
        names,
        TURNOUT_SYNONYMS,
        required=("code", "dpt"),
        path=path,
        explicit=explicit_map,
        row=cells.header_line,
    )
    if "voters" not in columns and "voters_dpt" not in columns:
        raise missing_column_problem(
            "voters", TURNOUT_SYNONYMS, names, path=path, row=cells.header_line
        )
    parse = _FastTurnout(path, cells.headers, columns)
    records: list[TurnoutRecord] = []
    first_line: dict[tuple[str, int | None], int] = {}
    for line, row in cells.rows:
        record = parse(line, row)
        key = (record.code, record.tps)
        if key in first_line:
            what = (
                record.code
                if record.tps is None
                else _("%(code)s TPS %(tps)03d") % {"code": record.code, "tps": record.tps}
            )
            raise _twice(path, what, first_line[key], line, columns["code"])
        first_line[key] = line
        records.append(record)
    if not records:
        raise no_data_rows(cells)
    return records


_EMPTY_COUNTS = frozenset({"", "-", "–", "—"})
# The counts in the order TurnoutRecord takes them after `voters`.
_COUNTS = (
    "dpt",
    "dptb",
    "dpk",
    "voters_dpt",
    "voters_dptb",
    "voters_dpk",
    "voters",
    "valid",
    "invalid",
    "dpt_men",
    "dpt_women",
    "voters_men",
    "voters_women",
)


def _slot_setter(name: str) -> Any:
    return getattr(TurnoutRecord, name).__set__


_new = object.__new__
(
    _set_line,
    _set_code,
    _set_tps,
    _set_name,
    _set_dpt,
    _set_dptb,
    _set_dpk,
    _set_voters_dpt,
    _set_voters_dptb,
    _set_voters_dpk,
    _set_voters,
    _set_valid,
    _set_invalid,
    _set_dpt_men,
    _set_dpt_women,
    _set_voters_men,
    _set_voters_women,
) = (_slot_setter(f.name) for f in fields(TurnoutRecord))


def _record(
    line: int,
    code: str,
    tps: int | None,
    name: str | None,
    counts: list[int | None],
) -> TurnoutRecord:
    """TurnoutRecord(...) by its slots: the frozen dataclass's __init__ costs 2 µs a row.

    Equal to the constructor's (tests/test_import_speed.py checks it); the
    fields are set once, here, and never again, as frozen means.
    """
    record = _new(TurnoutRecord)
    _set_line(record, line)
    _set_code(record, code)
    _set_tps(record, tps)
    _set_name(record, name)
    _set_dpt(record, counts[0])
    _set_dptb(record, counts[1])
    _set_dpk(record, counts[2])
    _set_voters_dpt(record, counts[3])
    _set_voters_dptb(record, counts[4])
    _set_voters_dpk(record, counts[5])
    _set_voters(record, counts[6])
    _set_valid(record, counts[7])
    _set_invalid(record, counts[8])
    _set_dpt_men(record, counts[9])
    _set_dpt_women(record, counts[10])
    _set_voters_men(record, counts[11])
    _set_voters_women(record, counts[12])
    return record


class _FastTurnout:
    """Reads one row of cells into a record: a fast path, or else the full rules.

    The fast path takes only what it can judge exactly as the full rules do,
    and hands anything else (a grouped number, a bad code, figures that do not
    add up) to `_turnout_record`, whose result or error it returns: the two
    never differ, but the full rules cost ten times as much.
    """

    def __init__(self, path: str, headers: list[str], columns: Mapping[str, str]) -> None:
        self.path = path
        self.headers = headers
        self.columns = columns
        position = {h: i for i, h in enumerate(headers) if h}
        self.code_at = position[columns["code"]]
        self.name_at = position.get(columns.get("name", ""), -1)
        self.tps_at = position.get(columns.get("tps", ""), -1)
        # (place in the record's counts, column) for the counts the file has.
        self.count_at = [(i, position[columns[f]]) for i, f in enumerate(_COUNTS) if f in columns]
        # Codes already read, with the region code and TPS they give: a file
        # repeats each desa's code once per TPS.
        self.desa_of: dict[str, str] = {}
        self.split: dict[str, tuple[str, int | None]] = {}

    def slow(self, line: int, cells: list[str]) -> TurnoutRecord:
        values = {h: cell for h, cell in zip(self.headers, cells, strict=True) if h}
        return _turnout_record(_RowReader(self.path, self.columns, Row(line, values)))

    def _code(self, text: str) -> tuple[str, int | None] | None:
        if len(text) == 13 and text.isdigit() and text.isascii():
            # SIREKAP's TPS code: ten digits of desa, three of TPS.
            tps = int(text[10:])
            desa = self.desa_of.get(text[:10])
            if desa is None:
                # split_tps's rule for these digits: no part may be all zeros.
                if "00" in (text[0:2], text[2:4], text[4:6]) or text[6:10] == "0000":
                    return None
                desa = f"{text[0:2]}.{text[2:4]}.{text[4:6]}.{text[6:10]}"
                self.desa_of[text[:10]] = desa
            return (desa, tps) if tps else None
        known = self.split.get(text)
        if known is None:
            try:
                known = split_tps(text)
            except ValueError:
                return None
            self.split[text] = known
        return known

    def __call__(self, line: int, cells: list[str]) -> TurnoutRecord:
        split = self._code(cells[self.code_at])
        if split is None:
            return self.slow(line, cells)
        code, tps = split
        if self.tps_at >= 0:
            text = cells[self.tps_at]
            if text:
                if not (text.isdigit() and text.isascii()):
                    return self.slow(line, cells)
                number = int(text)
                if not 1 <= number <= 999 or (tps is not None and tps != number):
                    return self.slow(line, cells)
                tps = number
        if tps is not None and len(code) != 13:
            return self.slow(line, cells)
        counts: list[int | None] = [None] * 13
        for i, at in self.count_at:
            text = cells[at]
            if text.isdigit() and text.isascii():
                counts[i] = int(text)
            elif text not in _EMPTY_COUNTS:
                return self.slow(line, cells)
        dpt, dptb, dpk, voters_dpt, voters_dptb, voters_dpk, voters, valid, invalid = counts[:9]
        if dpt is None:
            return self.slow(line, cells)
        if voters is None:
            if voters_dpt is None:
                return self.slow(line, cells)
            counts[6] = voters = voters_dpt + (voters_dptb or 0) + (voters_dpk or 0)
        registered = dpt + _known_or(dptb, voters_dptb) + _known_or(dpk, voters_dpk)
        dpt_men, dpt_women, voters_men, voters_women = counts[9:]
        if (
            voters > registered
            or (dpt_men is not None and dpt_women is not None and dpt_men + dpt_women != dpt)
            or (
                voters_men is not None
                and voters_women is not None
                and voters_men + voters_women != voters
            )
            or (valid or 0) + (invalid or 0) > voters
        ):
            return self.slow(line, cells)
        name = (cells[self.name_at] or None) if self.name_at >= 0 else None
        return _record(line, code, tps, name, counts)


def _known_or(registered: int | None, voted: int | None) -> int:
    if registered is not None:
        return registered
    return voted or 0


def _turnout_record(cells: _RowReader) -> TurnoutRecord:
    row = cells.row
    code_text = cells.text("code")
    if not code_text:
        raise cells.problem(
            _("the region code is empty (a total row? remove it before importing)"), "code"
        )
    try:
        code, tps = split_tps(code_text)
    except ValueError as exc:
        raise cells.problem(str(exc), "code") from None

    if "tps" in cells.columns:
        column_tps = _parse_tps(
            cells.text("tps"), path=cells.path, line=row.line, column=cells.columns["tps"]
        )
        if column_tps is not None:
            if tps is not None and tps != column_tps:
                raise cells.problem(
                    _("the code says TPS %(in_code)d but the TPS column says %(in_column)d")
                    % {"in_code": tps, "in_column": column_tps},
                    "tps",
                )
            tps = column_tps
    level = level_of(code)
    if tps is not None and level != "desa":
        raise cells.problem(
            _("a TPS belongs to a desa or kelurahan, but '%(code)s' is a %(level)s code")
            % {"code": code, "level": level},
            "code",
        )

    dpt = cells.count("dpt")
    if dpt is None:
        raise cells.problem(_("the DPT is empty"), "dpt")
    dptb, dpk = cells.count("dptb"), cells.count("dpk")
    voters_dpt, voters_dptb, voters_dpk = (
        cells.count("voters_dpt"),
        cells.count("voters_dptb"),
        cells.count("voters_dpk"),
    )
    voters = cells.count("voters")
    if voters is None:
        if voters_dpt is None:
            raise cells.problem(_("the number of voters is empty"), "voters", "voters_dpt")
        voters = voters_dpt + (voters_dptb or 0) + (voters_dpk or 0)

    # SIREKAP gives DPTb and DPK voters but not how many were registered there;
    # each such voter was registered (or, for DPK, became so by voting), so
    # their count stands in for an unknown registration.
    registered = dpt + _known_or(dptb, voters_dptb) + _known_or(dpk, voters_dpk)
    if voters > registered:
        raise cells.problem(
            _("%(voters)s voters is more than the %(registered)s registered (DPT + DPTb + DPK)")
            % {"voters": number(voters), "registered": number(registered)},
            "voters",
            "voters_dpt",
        )

    dpt_men, dpt_women = cells.count("dpt_men"), cells.count("dpt_women")
    if dpt_men is not None and dpt_women is not None and dpt_men + dpt_women != dpt:
        raise cells.problem(
            _("men %(men)s + women %(women)s is not the DPT %(total)s")
            % {"men": number(dpt_men), "women": number(dpt_women), "total": number(dpt)},
            "dpt",
        )
    voters_men, voters_women = cells.count("voters_men"), cells.count("voters_women")
    if voters_men is not None and voters_women is not None and voters_men + voters_women != voters:
        raise cells.problem(
            _("men %(men)s + women %(women)s is not the %(total)s voters")
            % {"men": number(voters_men), "women": number(voters_women), "total": number(voters)},
            "voters",
            "voters_men",
        )

    valid, invalid = cells.count("valid"), cells.count("invalid")
    if (valid or 0) + (invalid or 0) > voters:
        raise cells.problem(
            _("valid %(valid)s + invalid %(invalid)s ballots is more than the %(voters)s voters")
            % {
                "valid": number(valid or 0),
                "invalid": number(invalid or 0),
                "voters": number(voters),
            },
            "valid" if valid is not None else "invalid",
        )

    name = cells.text("name") or None
    return TurnoutRecord(
        line=row.line,
        code=code,
        tps=tps,
        name=name,
        dpt=dpt,
        dptb=dptb,
        dpk=dpk,
        voters_dpt=voters_dpt,
        voters_dptb=voters_dptb,
        voters_dpk=voters_dpk,
        voters=voters,
        valid=valid,
        invalid=invalid,
        dpt_men=dpt_men,
        dpt_women=dpt_women,
        voters_men=voters_men,
        voters_women=voters_women,
    )
