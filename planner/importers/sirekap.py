"""SIREKAP's per-TPS JSON files, from a folder or a .zip, as turnout records.

SIREKAP publishes one JSON file per TPS, named by its 13-digit code, whose
`administrasi` object holds the form C figures (`_j` total, `_l` men, `_p`
women). The feed is messy, as real data is: nearly half the TPS have no
`administrasi` yet, and some that do contradict themselves. What is usable
is kept, and every contradiction is reported by TPS code so the user can
check it against the scanned form: an import must neither crash on the feed
nor quietly smooth it over.

A file that is not valid JSON is refused, naming the file and where in it the
JSON breaks: a truncated download would otherwise leave a TPS out of the
desa's totals without anyone noticing.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path, PurePosixPath

from planner.errors import ImportProblem
from planner.formatting import number, percent
from planner.i18n import _
from planner.importers.codes import split_tps
from planner.importers.fields import TurnoutRecord

_TPS_FILE = re.compile(r"\d{13}")
# How many codes a warning names before it only counts the rest.
_LISTED = 10


class AnomalyKind(StrEnum):
    """What is wrong with a TPS's figures. Every kind but INCOMPLETE is imported as given."""

    INCOMPLETE = "incomplete"
    DPT_ZERO = "dpt_zero"
    DPT_VOTERS_ABOVE_DPT = "dpt_voters_above_dpt"
    VOTERS_ABOVE_REGISTERED = "voters_above_registered"
    VOTERS_ABOVE_DPT = "voters_above_dpt"
    VOTER_PARTS = "voter_parts"
    BALLOTS_NOT_VOTERS = "ballots_not_voters"
    BALLOT_PARTS = "ballot_parts"
    SEX_SPLIT = "sex_split"


@dataclass(frozen=True, slots=True)
class Anomaly:
    """One contradiction in one TPS's file; `code` is SIREKAP's 13-digit TPS code."""

    code: str
    kind: AnomalyKind
    message: str

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


@dataclass(frozen=True, slots=True, kw_only=True)
class SirekapData:
    """What a folder or zip of SIREKAP files holds, before anything is written."""

    path: Path
    files: int
    records: list[TurnoutRecord]
    # TPS codes without administrative figures yet; they are not imported.
    not_entered: list[str]
    anomalies: list[Anomaly]
    # Files in the folder or zip that are not TPS files (not named by a 13-digit code).
    ignored: list[str] = field(default_factory=list)
    # The file each record came from, by record.line, to name it in later errors.
    file_of: dict[int, str] = field(default_factory=dict)

    @property
    def skipped(self) -> int:
        """TPS files read but not imported: not yet entered, or missing a needed figure."""
        return self.files - len(self.records)

    def anomaly_counts(self) -> Counter[AnomalyKind]:
        return Counter(anomaly.kind for anomaly in self.anomalies)

    def warnings(self) -> list[str]:
        """One line per anomaly, after a line each for what was not imported or ignored."""
        lines: list[str] = []
        if self.not_entered:
            lines.append(
                _(
                    "{count} TPS have no administrative figures in SIREKAP yet and are not "
                    "imported: {codes}"
                ).format(count=number(len(self.not_entered)), codes=_some(self.not_entered))
            )
        if self.ignored:
            lines.append(
                _(
                    "{count} files are not TPS files (not named by a 13-digit code) and are "
                    "ignored: {names}"
                ).format(count=number(len(self.ignored)), names=_some(self.ignored))
            )
        lines.extend(str(anomaly) for anomaly in self.anomalies)
        return lines


def _some(items: list[str]) -> str:
    shown = ", ".join(items[:_LISTED])
    if len(items) > _LISTED:
        shown += " " + _("and {count} more").format(count=number(len(items) - _LISTED))
    return shown


def is_sirekap_source(path: Path) -> bool:
    """A folder or a .zip is read as SIREKAP files; anything else is a table."""
    return path.is_dir() or path.suffix.lower() == ".zip"


# ---------------------------------------------------------------------------
# Files


@dataclass(frozen=True, slots=True)
class _Member:
    name: str  # shown in messages
    stem: str
    read: Callable[[], bytes]


def _is_clutter(parts: tuple[str, ...]) -> bool:
    # macOS and Windows add these to folders and zips; nobody means them as data.
    return any(p == "__MACOSX" or p.startswith("._") or p.startswith(".") for p in parts)


def _folder_members(folder: Path) -> list[_Member]:
    members: list[_Member] = []
    for file in sorted(folder.rglob("*")):
        relative = file.relative_to(folder)
        if not file.is_file() or _is_clutter(relative.parts):
            continue
        members.append(_Member(str(file), file.stem, file.read_bytes))
    return members


def _zip_members(archive: zipfile.ZipFile, path: Path) -> list[_Member]:
    members: list[_Member] = []
    for info in sorted(archive.infolist(), key=lambda i: i.filename):
        inner = PurePosixPath(info.filename)
        if info.is_dir() or _is_clutter(inner.parts):
            continue

        def read(info: zipfile.ZipInfo = info) -> bytes:
            return archive.read(info)

        members.append(_Member(f"{path}/{info.filename}", inner.stem, read))
    return members


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise ImportProblem(str(path), _("the file does not exist")) from None
    except (zipfile.BadZipFile, OSError):
        raise ImportProblem(str(path), _("this is not a zip file, or it is damaged")) from None


def _load(member: _Member) -> object:
    try:
        data = member.read()
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ImportProblem(
            member.name, _("the file cannot be read: {reason}").format(reason=exc)
        ) from None
    if not data.strip():
        raise ImportProblem(member.name, _("the file is empty"))
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportProblem(member.name, _("the file is not UTF-8 text")) from None
    except json.JSONDecodeError as exc:
        raise ImportProblem(
            member.name,
            _("the file is not valid JSON: {reason} at line {line}, column {column}").format(
                reason=exc.msg, line=exc.lineno, column=exc.colno
            ),
            row=exc.lineno,
        ) from None


# ---------------------------------------------------------------------------
# One TPS


def _count(figures: Mapping[str, object], key: str, name: str) -> int | None:
    value = figures.get(key)
    if value is None:
        return None
    result: int | None = None
    if isinstance(value, bool):
        result = None
    elif isinstance(value, int):
        result = value
    elif isinstance(value, float) and value.is_integer():
        result = int(value)
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        result = int(value.strip())
    if result is None:
        raise ImportProblem(
            name, _("{value} is not a count").format(value=json.dumps(value)), column=key
        )
    if result < 0:
        raise ImportProblem(
            name, _("{value} is negative; a count cannot be").format(value=result), column=key
        )
    return result


@dataclass(frozen=True, slots=True)
class _Figures:
    dpt: int | None
    dpt_men: int | None
    dpt_women: int | None
    voters: int | None
    voters_men: int | None
    voters_women: int | None
    voters_dpt: int | None
    voters_dptb: int | None
    voters_dpk: int | None
    valid: int | None
    invalid: int | None
    ballots: int | None


def _figures(figures: Mapping[str, object], name: str) -> _Figures:
    def get(key: str) -> int | None:
        return _count(figures, key, name)

    return _Figures(
        dpt=get("pemilih_dpt_j"),
        dpt_men=get("pemilih_dpt_l"),
        dpt_women=get("pemilih_dpt_p"),
        voters=get("pengguna_total_j"),
        voters_men=get("pengguna_total_l"),
        voters_women=get("pengguna_total_p"),
        voters_dpt=get("pengguna_dpt_j"),
        voters_dptb=get("pengguna_dptb_j"),
        voters_dpk=get("pengguna_non_dpt_j"),
        valid=get("suara_sah"),
        invalid=get("suara_tidak_sah"),
        ballots=get("suara_total"),
    )


def _check(code: str, f: _Figures, dpt: int, voters: int) -> tuple[list[Anomaly], bool, bool]:
    """The TPS's anomalies, and whether its DPT and its voters split by sex are usable."""
    found: list[Anomaly] = []

    def add(kind: AnomalyKind, message: str) -> None:
        found.append(Anomaly(code, kind, message))

    if dpt == 0:
        add(AnomalyKind.DPT_ZERO, _("the DPT is 0: the administrative figures look unfilled"))
    if f.voters_dpt is not None and f.voters_dpt > dpt:
        add(
            AnomalyKind.DPT_VOTERS_ABOVE_DPT,
            _("{voters} voters from the DPT is more than the DPT of {dpt}").format(
                voters=number(f.voters_dpt), dpt=number(dpt)
            ),
        )
    # SIREKAP gives no DPTb or DPK registrations; those who voted there were
    # registered there, as the CSV reader also assumes.
    extra = (f.voters_dptb or 0) + (f.voters_dpk or 0)
    if voters > dpt + extra:
        add(
            AnomalyKind.VOTERS_ABOVE_REGISTERED,
            _(
                "{voters} voters is more than the {registered} registered "
                "(DPT {dpt} + {extra} DPTb and DPK voters)"
            ).format(
                voters=number(voters),
                registered=number(dpt + extra),
                dpt=number(dpt),
                extra=number(extra),
            ),
        )
    elif voters > dpt:
        # Arithmetically possible, but it takes nearly every DPT voter turning
        # out, which the user should see and check against the form.
        if f.voters_dpt is not None and dpt:
            message = _(
                "{voters} voters is more than the DPT of {dpt}: {voters_dpt} from the DPT "
                "({share}) and {extra} DPTb and DPK voters"
            ).format(
                voters=number(voters),
                dpt=number(dpt),
                voters_dpt=number(f.voters_dpt),
                share=percent(100 * f.voters_dpt / dpt, 1),
                extra=number(extra),
            )
        else:
            message = _("{voters} voters is more than the DPT of {dpt}").format(
                voters=number(voters), dpt=number(dpt)
            )
        add(AnomalyKind.VOTERS_ABOVE_DPT, message)
    parts = (f.voters_dpt, f.voters_dptb, f.voters_dpk)
    if all(p is not None for p in parts) and sum(p or 0 for p in parts) != voters:
        add(
            AnomalyKind.VOTER_PARTS,
            _(
                "DPT, DPTb and DPK voters ({dpt} + {dptb} + {dpk}) do not add up to the "
                "{voters} voters"
            ).format(
                dpt=number(f.voters_dpt),
                dptb=number(f.voters_dptb),
                dpk=number(f.voters_dpk),
                voters=number(voters),
            ),
        )
    if f.ballots is not None and f.ballots != voters:
        add(
            AnomalyKind.BALLOTS_NOT_VOTERS,
            _("{ballots} ballots were counted but there were {voters} voters").format(
                ballots=number(f.ballots), voters=number(voters)
            ),
        )
    if (
        f.ballots is not None
        and f.valid is not None
        and f.invalid is not None
        and f.valid + f.invalid != f.ballots
    ):
        add(
            AnomalyKind.BALLOT_PARTS,
            _("valid {valid} + invalid {invalid} ballots is not the {ballots} counted").format(
                valid=number(f.valid), invalid=number(f.invalid), ballots=number(f.ballots)
            ),
        )
    # A split by sex that does not add up cannot be told right from wrong;
    # the total is kept and the split left out rather than stored contradicting it.
    dpt_split = f.dpt_men is not None and f.dpt_women is not None
    if dpt_split and (f.dpt_men or 0) + (f.dpt_women or 0) != dpt:
        dpt_split = False
        add(
            AnomalyKind.SEX_SPLIT,
            _(
                "DPT men {men} + women {women} is not the DPT of {total}; "
                "the split by sex is left out"
            ).format(men=number(f.dpt_men), women=number(f.dpt_women), total=number(dpt)),
        )
    voters_split = f.voters_men is not None and f.voters_women is not None
    if voters_split and (f.voters_men or 0) + (f.voters_women or 0) != voters:
        voters_split = False
        add(
            AnomalyKind.SEX_SPLIT,
            _(
                "voters men {men} + women {women} is not the {total} voters; "
                "the split by sex is left out"
            ).format(men=number(f.voters_men), women=number(f.voters_women), total=number(voters)),
        )
    return found, dpt_split, voters_split


@dataclass(frozen=True, slots=True)
class _Outcome:
    record: TurnoutRecord | None
    anomalies: list[Anomaly]
    not_entered: bool


def _read_tps(member: _Member, line: int) -> _Outcome:
    code = member.stem
    try:
        desa, tps = split_tps(code)
    except ValueError as exc:
        raise ImportProblem(member.name, str(exc)) from None
    document = _load(member)
    if not isinstance(document, dict):
        raise ImportProblem(
            member.name,
            _("this is not a SIREKAP TPS file (a JSON object with 'administrasi')"),
        )
    administrasi = document.get("administrasi")
    if not administrasi:
        return _Outcome(None, [], not_entered=True)
    if not isinstance(administrasi, dict):
        raise ImportProblem(
            member.name,
            _("'administrasi' is not an object of figures"),
            column="administrasi",
        )
    f = _figures(administrasi, member.name)
    if f.dpt is None and f.voters is None:
        return _Outcome(None, [], not_entered=True)
    if f.dpt is None or f.voters is None:
        missing = "pemilih_dpt_j" if f.dpt is None else "pengguna_total_j"
        return _Outcome(
            None,
            [
                Anomaly(
                    code,
                    AnomalyKind.INCOMPLETE,
                    _("'{key}' is missing, so the TPS is not imported").format(key=missing),
                )
            ],
            not_entered=False,
        )
    anomalies, dpt_split, voters_split = _check(code, f, f.dpt, f.voters)
    record = TurnoutRecord(
        line=line,
        code=desa,
        tps=tps,
        name=None,
        dpt=f.dpt,
        dptb=None,
        dpk=None,
        voters_dpt=f.voters_dpt,
        voters_dptb=f.voters_dptb,
        voters_dpk=f.voters_dpk,
        voters=f.voters,
        valid=f.valid,
        invalid=f.invalid,
        dpt_men=f.dpt_men if dpt_split else None,
        dpt_women=f.dpt_women if dpt_split else None,
        voters_men=f.voters_men if voters_split else None,
        voters_women=f.voters_women if voters_split else None,
    )
    return _Outcome(record, anomalies, not_entered=False)


# ---------------------------------------------------------------------------
# A folder or a zip


def _tps_members(members: list[_Member]) -> tuple[list[_Member], list[str]]:
    tps: list[_Member] = []
    ignored: list[str] = []
    first: dict[str, str] = {}
    for member in members:
        is_json = member.name.lower().endswith(".json")
        if not (is_json and _TPS_FILE.fullmatch(member.stem)):
            ignored.append(member.name)
            continue
        if member.stem in first:
            raise ImportProblem(
                member.name,
                _("TPS {code} appears twice: in {first} and in this file").format(
                    code=member.stem, first=first[member.stem]
                ),
            )
        first[member.stem] = member.name
        tps.append(member)
    return tps, ignored


def _members(path: Path, archive: zipfile.ZipFile | None) -> list[_Member]:
    if archive is not None:
        return _zip_members(archive, path)
    return _folder_members(path)


def read_sirekap(path: Path, *, progress: Callable[[int, int], None] | None = None) -> SirekapData:
    """Every TPS file in a folder (and its subfolders) or a .zip, in code order.

    Refuses the whole source when a TPS file is broken or appears twice, or
    when there is no TPS file at all; `progress` hears (files read, files).
    """
    if not path.exists():
        raise ImportProblem(str(path), _("the file does not exist"))
    archive = None if path.is_dir() else _open_zip(path)
    try:
        members, ignored = _tps_members(_members(path, archive))
        if not members:
            raise ImportProblem(
                str(path),
                _(
                    "no SIREKAP TPS files here: they are JSON files named by the TPS's "
                    "13-digit code, such as 3316062001003.json"
                ),
            )
        return _read_members(path, members, ignored, progress)
    finally:
        if archive is not None:
            archive.close()


def _read_members(
    path: Path,
    members: list[_Member],
    ignored: list[str],
    progress: Callable[[int, int], None] | None,
) -> SirekapData:
    records: list[TurnoutRecord] = []
    not_entered: list[str] = []
    anomalies: list[Anomaly] = []
    file_of: dict[int, str] = {}
    total = len(members)
    for line, member in enumerate(_each(members, total, progress), start=1):
        outcome = _read_tps(member, line)
        anomalies.extend(outcome.anomalies)
        if outcome.not_entered:
            not_entered.append(member.stem)
        if outcome.record is not None:
            records.append(outcome.record)
            file_of[line] = member.name
    return SirekapData(
        path=path,
        files=total,
        records=records,
        not_entered=not_entered,
        anomalies=anomalies,
        ignored=ignored,
        file_of=file_of,
    )


def _each(
    members: list[_Member], total: int, progress: Callable[[int, int], None] | None
) -> Iterator[_Member]:
    for done, member in enumerate(members, start=1):
        yield member
        if progress is not None:
            progress(done, total)
