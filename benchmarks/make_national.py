"""A reproducible national planner database, for the benchmarks.

    python benchmarks/make_national.py --out national.db [--seed 2024] [--scale 1.0]

Every region of Kepmendagri 2025 (../shared/data/wilayah_kepmendagri_2025.csv),
two Pemilu with TPS-level turnout for every desa (about 820,000 TPS each),
a future Pemilu with no figures yet, 100,000 activities linked to regions,
segments and stakeholders, and 20,000 stakeholders. All figures are made up
(and marked synthetic), drawn from a seeded generator so that two runs give
the same file. Some kabupaten and kecamatan lag behind the rest, as real ones
do, so that flags and gaps have something to find.

`--scale 0.01` keeps a seeded 1% of the kabupaten (whole, with all their
desa) and 1% of the activities and stakeholders: a file CI can make in
seconds.

Rows go in by executemany inside one write transaction, with row-by-row
auditing suspended and one audit entry per table, as a real bulk import does.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import sqlite3
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    # Run as a script from a checkout: the planner package is beside this folder.
    sys.path.insert(0, str(ROOT))

WILAYAH_CSV = ROOT.parent / "shared" / "data" / "wilayah_kepmendagri_2025.csv"

ACTIVITIES = 100_000
STAKEHOLDERS = 20_000
DEFAULT_SEED = 2024

# Kelurahan (urban, 1xxx) have more voters, so more TPS, than desa (2xxx):
# these means give about 820,000 TPS over 83,762 desa and kelurahan.
MEAN_TPS_DESA = 8.9
MEAN_TPS_KELURAHAN = 17.0
# Share of kabupaten and kecamatan whose participation lags well behind.
LAGGING_KABUPATEN = 0.06
LAGGING_KECAMATAN = 0.04

SOURCE = "benchmark nasional (sintetis)"
ELECTIONS: tuple[tuple[str, date, float, bool], ...] = (
    # name, voting day, target, has TPS figures
    ("Pemilu 2019", date(2019, 4, 17), 77.5, True),
    ("Pemilu 2024", date(2024, 2, 14), 79.5, True),
    ("Pemilu 2029", date(2029, 2, 14), 82.0, False),
)
FIRST_ACTIVITY = datetime(2023, 1, 2, 8, 0)
LAST_ACTIVITY = datetime(2029, 2, 10, 8, 0)

_FIRST_NAMES = (
    "Agus", "Budi", "Dewi", "Eko", "Fitri", "Hadi", "Indah", "Joko", "Kartika", "Lestari",
    "Made", "Nur", "Putri", "Rahmat", "Siti", "Teguh", "Umi", "Wahyu", "Yanti", "Zainal",
)  # fmt: skip
_LAST_NAMES = (
    "Santoso", "Wijaya", "Rahmawati", "Hidayat", "Saputra", "Pratama", "Lubis", "Nasution",
    "Siregar", "Harahap", "Setiawan", "Kusuma", "Nugroho", "Sembiring", "Tanjung", "Wibowo",
)  # fmt: skip


@dataclass(frozen=True)
class Wilayah:
    code: str
    name: str

    @property
    def level(self) -> str:
        return ("provinsi", "kabupaten", "kecamatan", "desa")[self.code.count(".")]

    @property
    def parent(self) -> str | None:
        head, dot, _tail = self.code.rpartition(".")
        return head if dot else None


@dataclass(frozen=True)
class Built:
    regions: int
    tps_rows: int
    activities: int
    stakeholders: int
    seconds: float
    size_bytes: int


def read_wilayah(path: Path = WILAYAH_CSV) -> list[Wilayah]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [Wilayah(row["kode"], row["nama"]) for row in csv.DictReader(fh)]


def choose_regions(rows: Sequence[Wilayah], scale: float, rng: random.Random) -> list[Wilayah]:
    """Whole kabupaten, a seeded share of them; every province keeps its row."""
    if scale >= 1.0:
        return list(rows)
    kabupaten = [r.code for r in rows if r.level == "kabupaten"]
    wanted = max(1, round(len(kabupaten) * scale))
    kept = set(rng.sample(kabupaten, wanted))
    provinces = {code[:2] for code in kept}
    return [
        r for r in rows if (r.level == "provinsi" and r.code in provinces) or r.code[:5] in kept
    ]


def _stamp(moment: datetime) -> str:
    # The text SQLAlchemy's SQLite DateTime writes and reads back.
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def _tps_count(rng: random.Random, desa_code: str) -> int:
    mean = MEAN_TPS_KELURAHAN if desa_code[9] == "1" else MEAN_TPS_DESA
    # Log-normal: most desa have a handful of TPS, a few have dozens.
    return max(1, min(60, round(rng.lognormvariate(math.log(mean) - 0.08, 0.4))))


def _tps_figures(rng: random.Random, rate: float, max_dpt: int) -> tuple[int, ...]:
    """(dpt, dptb, dpk, voters, valid, invalid, dpt_men, dpt_women, voters_men, voters_women)."""
    dpt = rng.randint(150, max_dpt)
    dptb = rng.randint(0, 6)
    dpk = rng.randint(0, 3)
    p = min(99.0, max(35.0, rng.gauss(rate, 3.0))) / 100
    voters = min(dpt + dptb + dpk, round(dpt * p) + dptb + rng.randint(0, dpk))
    dpt_men = round(dpt * rng.uniform(0.48, 0.52))
    voters_men = min(voters, round(voters * rng.uniform(0.46, 0.52)))
    invalid = round(voters * rng.uniform(0.01, 0.045))
    return (
        dpt,
        dptb,
        dpk,
        voters,
        voters - invalid,
        invalid,
        dpt_men,
        dpt - dpt_men,
        voters_men,
        voters - voters_men,
    )


def turnout_rows(
    rng: random.Random, desa: Sequence[str], election_id: int, when: str
) -> Iterator[tuple[object, ...]]:
    """Every TPS of every desa for one election, in key order (cheap index appends)."""
    base = 81.0 if election_id == 1 else 82.5
    max_dpt = 500 if election_id == 1 else 300
    kabupaten_rate: dict[str, float] = {}
    kecamatan_rate: dict[str, float] = {}
    for code in desa:
        kab, kec = code[:5], code[:8]
        if kab not in kabupaten_rate:
            lag = 12.0 if rng.random() < LAGGING_KABUPATEN else 0.0
            kabupaten_rate[kab] = rng.gauss(base, 3.5) - lag
        if kec not in kecamatan_rate:
            lag = 10.0 if rng.random() < LAGGING_KECAMATAN else 0.0
            kecamatan_rate[kec] = kabupaten_rate[kab] + rng.gauss(0, 2.5) - lag
        rate = kecamatan_rate[kec] + rng.gauss(0, 1.5)
        for tps in range(1, _tps_count(rng, code) + 1):
            yield (
                election_id,
                code,
                tps,
                SOURCE,
                1,
                when,
                when,
                1,
                *_tps_figures(rng, rate, max_dpt),
            )


TURNOUT_SQL = (
    "INSERT INTO turnout (election_id, region_code, tps, source, synthetic, created_at, "
    "updated_at, version, dpt, dptb, dpk, voters, valid, invalid, dpt_men, dpt_women, "
    "voters_men, voters_women) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _stakeholder_rows(
    rng: random.Random, wilayah: Sequence[Wilayah], count: int, when: str
) -> tuple[list[tuple[object, ...]], list[tuple[int, str]]]:
    kabupaten = [w for w in wilayah if w.level == "kabupaten"]
    kecamatan = [w for w in wilayah if w.level == "kecamatan"]
    kab_names = {w.code: w.name.replace("Kabupaten ", "").replace("Kota ", "") for w in kabupaten}
    per_kabupaten = (
        ("Bawaslu {kab}", "penyelenggara_pemilu"),
        ("Polres {kab}", "keamanan"),
        ("Kodim {kab}", "keamanan"),
        ("Kejari {kab}", "penegak_hukum"),
        ("Dinkominfo {kab}", "pemerintah_daerah"),
        ("Bakesbangpol {kab}", "pemerintah_daerah"),
        ("Rutan {kab}", "lembaga_pemasyarakatan"),
        ("MKKS SMA {kab}", "pendidikan"),
        ("PCNU {kab}", "keagamaan"),
        ("PD Muhammadiyah {kab}", "keagamaan"),
        ("Radio Suara {kab}", "media"),
        ("Partai politik {kab}", "partai_politik"),
    )
    per_kecamatan = (
        ("Karang Taruna Kecamatan {kec}", "komunitas"),
        ("TP PKK Kecamatan {kec}", "komunitas"),
        ("Polsek {kec}", "keamanan"),
        ("Koramil {kec}", "keamanan"),
        ("SMA Negeri 1 {kec}", "pendidikan"),
        ("Panwascam {kec}", "penyelenggara_pemilu"),
        ("Puskesmas {kec}", "lainnya"),
        ("Forum Pemuda {kec}", "komunitas"),
    )
    candidates: list[tuple[str, str, str]] = []
    for w in kabupaten:
        candidates.extend((t.format(kab=kab_names[w.code]), c, w.code) for t, c in per_kabupaten)
    for w in kecamatan:
        kab = kab_names.get(w.code[:5], w.code[:5])
        candidates.extend((t.format(kec=f"{w.name} {kab}"), c, w.code) for t, c in per_kecamatan)
    rng.shuffle(candidates)
    seen: set[tuple[str, str]] = set()
    rows: list[tuple[object, ...]] = []
    links: list[tuple[int, str]] = []
    for name, category, region in candidates:
        if len(rows) >= count:
            break
        if (name, category) in seen:
            continue
        seen.add((name, category))
        person = f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}"
        phone = f"08{rng.randint(11, 99)}-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
        slug = "".join(ch for ch in name.lower() if ch.isalnum())[:24]
        rows.append(
            (
                when,
                when,
                1,
                len(rows) + 1,
                name,
                category,
                person,
                "Ketua",
                phone,
                f"{slug}@example.id",
                "",
                "Data benchmark sintetis.",
            )
        )
        links.append((len(rows), region))
    return rows, links


@dataclass(frozen=True)
class _ActivityLinks:
    activities: list[tuple[object, ...]]
    regions: list[tuple[int, str]]
    segments: list[tuple[int, int]]
    stakeholders: list[tuple[int, int, str]]


def _activity_rows(
    rng: random.Random,
    wilayah: Sequence[Wilayah],
    count: int,
    *,
    segments: Sequence[int],
    methods: Sequence[tuple[int, str]],
    strategies: Sequence[int],
    stakeholders: int,
    elections: dict[str, int],
    now: datetime,
    when: str,
) -> _ActivityLinks:
    names = {w.code: w.name for w in wilayah}
    by_level: dict[str, list[str]] = {}
    for w in wilayah:
        by_level.setdefault(w.level, []).append(w.code)
    segment_names = ("pemilih pemula", "perempuan", "keluarga", "pemilih muda", "disabilitas")
    span = (LAST_ACTIVITY - FIRST_ACTIVITY).total_seconds()
    pemilu_2024 = datetime.combine(ELECTIONS[1][1], datetime.min.time())
    out = _ActivityLinks([], [], [], [])
    for activity_id in range(1, count + 1):
        start = FIRST_ACTIVITY + timedelta(seconds=rng.random() * span)
        start = start.replace(minute=(start.minute // 30) * 30, second=0, microsecond=0)
        level = rng.choices(("kabupaten", "kecamatan", "desa"), (1, 6, 3))[0]
        places = by_level.get(level) or by_level["kabupaten"]
        region = rng.choice(places)
        method_id, method = rng.choice(methods)
        if start < now:
            status = rng.choices(("terlaksana", "batal", "rencana"), (85, 10, 5))[0]
        else:
            status = rng.choices(("rencana", "terkonfirmasi"), (6, 4))[0]
        target = rng.randint(2, 30) * 10
        actual = round(target * rng.uniform(0.6, 1.2)) if status == "terlaksana" else None
        election = elections["Pemilu 2024"] if start < pemilu_2024 else elections["Pemilu 2029"]
        recurring = rng.random() < 0.01
        title = f"{method} {rng.choice(segment_names)} di {names[region]}"
        out.activities.append(
            (
                when,
                when,
                1,
                activity_id,
                title,
                "",
                method_id,
                rng.choice(strategies) if strategies else None,
                election,
                _stamp(start),
                _stamp(start + timedelta(hours=2)),
                0,
                "FREQ=WEEKLY;COUNT=8" if recurring else None,
                f"Balai {names[region]}",
                status,
                rng.randint(5, 50) * 100_000,
                target,
                actual,
                "",
            )
        )
        out.regions.append((activity_id, region))
        if level != "desa" and rng.random() < 0.3:
            # A second place: a desa of the same area, or a neighbouring area.
            other = rng.choice(places)
            if other != region:
                out.regions.append((activity_id, other))
        for segment in rng.sample(list(segments), rng.choice((1, 1, 2))):
            out.segments.append((activity_id, segment))
        if stakeholders:
            picked = {rng.randint(1, stakeholders) for _ in range(rng.choice((0, 1, 1, 2, 3)))}
            for i, stakeholder in enumerate(sorted(picked)):
                out.stakeholders.append((activity_id, stakeholder, "mitra" if i else "undangan"))
    return out


def build(out: Path, *, seed: int = DEFAULT_SEED, scale: float = 1.0, quiet: bool = False) -> Built:
    """Write the database to `out` (which must not exist); returns what went in."""
    from sqlmodel import col, select

    from planner.models import Method, Segment, Strategy
    from planner.sample.vocabulary import seed_vocabulary
    from planner.services import settings
    from planner.services.turnout import rebuild_totals
    from planner.store import audit, open_database

    started = time.perf_counter()

    def say(message: str) -> None:
        if not quiet:
            print(f"[{time.perf_counter() - started:6.1f}s] {message}", file=sys.stderr)

    if out.exists():
        raise SystemExit(f"{out} exists; give a new file name")
    rng = random.Random(seed)
    wilayah = choose_regions(read_wilayah(), scale, rng)
    desa = [w.code for w in wilayah if w.level == "desa"]
    activities = max(10, round(ACTIVITIES * scale))
    stakeholders = max(10, round(STAKEHOLDERS * scale))
    now = datetime(2026, 11, 28, 9, 0)
    when = _stamp(now)

    db = open_database(out, daily_backup=False)
    tps_rows = 0
    try:
        with db.write() as session, audit.suspended(session):
            driver = session.connection().connection.dbapi_connection
            assert isinstance(driver, sqlite3.Connection)
            raw: sqlite3.Connection = driver
            cursor = raw.cursor()
            # This one connection builds the file: a big cache makes the indexes cheap.
            cursor.execute("PRAGMA cache_size = -262144")
            cursor.executemany(
                "INSERT INTO region (created_at, updated_at, version, code, name, level, "
                "parent_code) VALUES (?, ?, 1, ?, ?, ?, ?)",
                ((when, when, w.code, w.name, w.level, w.parent) for w in wilayah),
            )
            audit.record_bulk(session, "region", f"{SOURCE}: regions", len(wilayah))
            say(f"{len(wilayah):,} regions")

            seed_vocabulary(session)
            settings.set_value(session, settings.SYNTHETIC_KEY, True)
            election_ids: dict[str, int] = {}
            for i, (name, day, target, _figures) in enumerate(ELECTIONS, start=1):
                cursor.execute(
                    "INSERT INTO election (created_at, updated_at, version, id, name, kind, "
                    "voting_day, voting_day_estimated, target_pct, denominator, region_code, "
                    "notes) VALUES (?, ?, 1, ?, ?, 'pemilu', ?, ?, ?, 'dpt', NULL, ?)",
                    (when, when, i, name, day.isoformat(), int(day.year > 2026), target, SOURCE),
                )
                election_ids[name] = i
            audit.record_bulk(session, "election", f"{SOURCE}: elections", len(ELECTIONS))

            for name, _day, _target, has_figures in ELECTIONS:
                if not has_figures:
                    continue
                election_id = election_ids[name]
                before = raw.total_changes
                cursor.executemany(TURNOUT_SQL, turnout_rows(rng, desa, election_id, when))
                written = raw.total_changes - before
                tps_rows += written
                say(f"{written:,} TPS rows for {name}")
                rebuild_totals(session, election_id)
                say(f"totals of {name}")
                audit.record_bulk(session, "turnout", f"{SOURCE}: {name}", written)

            segments = [i for i in session.exec(select(Segment.id).order_by(col(Segment.id)))]
            methods = list(session.exec(select(Method.id, Method.name).order_by(col(Method.id))))
            strategies = list(session.exec(select(Strategy.id).order_by(col(Strategy.id))))

            people, served = _stakeholder_rows(rng, wilayah, stakeholders, when)
            cursor.executemany(
                "INSERT INTO stakeholder (created_at, updated_at, version, id, name, category, "
                "contact_person, contact_title, phone, email, address, notes) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                people,
            )
            cursor.executemany(
                "INSERT INTO stakeholder_region (stakeholder_id, region_code) VALUES (?, ?)",
                served,
            )
            audit.record_bulk(session, "stakeholder", f"{SOURCE}: stakeholders", len(people))
            say(f"{len(people):,} stakeholders")

            made = _activity_rows(
                rng,
                wilayah,
                activities,
                segments=[s for s in segments if s is not None],
                methods=[(i, n) for i, n in methods if i is not None],
                strategies=[s for s in strategies if s is not None],
                stakeholders=len(people),
                elections=election_ids,
                now=now,
                when=when,
            )
            cursor.executemany(
                "INSERT INTO activity (created_at, updated_at, version, id, title, description, "
                'method_id, strategy_id, election_id, start, "end", all_day, rrule, venue, '
                "status, budget, target_participants, actual_participants, outcome) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                made.activities,
            )
            cursor.executemany(
                "INSERT OR IGNORE INTO activity_region (activity_id, region_code) VALUES (?, ?)",
                made.regions,
            )
            cursor.executemany(
                "INSERT INTO activity_segment (activity_id, segment_id) VALUES (?, ?)",
                made.segments,
            )
            cursor.executemany(
                "INSERT INTO activity_stakeholder (activity_id, stakeholder_id, role) "
                "VALUES (?, ?, ?)",
                made.stakeholders,
            )
            audit.record_bulk(session, "activity", f"{SOURCE}: activities", len(made.activities))
            say(f"{len(made.activities):,} activities")

            kecamatan = [w.code for w in wilayah if w.level == "kecamatan"]
            lokus = rng.sample(kecamatan, max(1, len(kecamatan) // 100))
            cursor.executemany(
                "INSERT INTO lokus (created_at, updated_at, version, region_code, criterion, "
                "note) VALUES (?, ?, 1, ?, 'sulit_dijangkau', '')",
                [(when, when, code) for code in sorted(lokus)],
            )
            audit.record_bulk(session, "lokus", f"{SOURCE}: lokus", len(lokus))
            cursor.close()
        say("committed")
    finally:
        db.dispose()
    # No ANALYZE: a user's file has no statistics either, and the plans must hold without.
    with closing(sqlite3.connect(out)) as raw_conn:
        raw_conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    seconds = time.perf_counter() - started
    return Built(
        regions=len(wilayah),
        tps_rows=tps_rows,
        activities=activities,
        stakeholders=stakeholders,
        seconds=seconds,
        size_bytes=out.stat().st_size,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="the database file to write")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--scale", type=float, default=1.0, help="share of the kabupaten and records (0.01 for CI)"
    )
    args = parser.parse_args(argv)
    built = build(args.out, seed=args.seed, scale=args.scale)
    print(
        f"{args.out}: {built.regions:,} regions, {built.tps_rows:,} TPS rows, "
        f"{built.activities:,} activities, {built.stakeholders:,} stakeholders; "
        f"{built.seconds:.1f} s, {built.size_bytes / 1e6:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
