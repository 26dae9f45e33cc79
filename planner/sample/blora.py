"""The built-in sample: Kabupaten Blora, its elections since 2018, partners and activities.

Loaded into a new database so that a team can try the planner on a real
kabupaten before entering its own data. Kabupaten totals, the 27 July 2024
working meeting and "KPU Goes To Pesantren" are real; figures below the
kabupaten, contacts and the other activities are made up, and the database is
marked as such (setting `sample.synthetic`) so every screen can say so.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, select

from planner import errors
from planner.formatting import number
from planner.i18n import _
from planner.models import (
    Activity,
    ActivityRegion,
    ActivitySegment,
    ActivityStakeholder,
    Election,
    Lokus,
    Region,
    Stakeholder,
    StakeholderRegion,
    Turnout,
)
from planner.models.enums import (
    ActivityStatus,
    Denominator,
    ElectionKind,
    Level,
    LokusCriterion,
    StakeholderCategory,
    StakeholderRole,
)
from planner.sample import vocabulary as voc
from planner.sample.figures import (
    BOGOREJO,
    CEPU,
    JIKEN,
    KABUPATEN_CODE,
    KECAMATAN_BLORA,
    KUNDURAN,
    PAST_ELECTIONS,
    PEMILU_2024,
    PEMILU_2029_DAY,
    PEMILU_2029_NAME,
    PEMILU_2029_NOTES,
    PEMILU_2029_TARGET,
    PILKADA_BLORA_2024,
    RANDUBLATUNG,
    SAMBONG,
    TODANAN,
    Counts,
)
from planner.sample.synth import SEED, spread_election
from planner.services import settings
from planner.services.turnout import rebuild_totals
from planner.store import Database, audit

DATA_DIR = Path(__file__).resolve().parent / "data"
WILAYAH_CSV = DATA_DIR / "wilayah_blora.csv"
TURNOUT_SOURCE = "sampel Blora (sebagian sintetis)"
SAMPLE_CONTACT_NOTE = "Kontak adalah data sampel, bukan kontak sebenarnya."
# A desa of Jiken, deep in the teak forest, for the sample's DP3 activity.
NGLOBO = "33.16.07.2001"

_LEVELS = (Level.PROVINSI, Level.KABUPATEN, Level.KECAMATAN, Level.DESA)


@dataclass(frozen=True)
class SampleSummary:
    regions: int
    elections: int
    turnout_rows: int
    stakeholders: int
    activities: int
    lokus: int


def read_wilayah(path: Path = WILAYAH_CSV) -> list[tuple[str, str]]:
    """(code, name) of every region in the sample, parents before children."""
    with path.open(newline="", encoding="utf-8") as fh:
        return [(row["kode"], row["nama"]) for row in csv.DictReader(fh)]


def level_of(code: str) -> Level:
    return _LEVELS[code.count(".")]


def parent_of(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def desa_by_kecamatan(codes: Sequence[str]) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for code in codes:
        if level_of(code) == Level.KECAMATAN:
            result.setdefault(code, [])
        elif level_of(code) == Level.DESA:
            result.setdefault(code[:8], []).append(code)
    return result


def load_blora(db: Database, *, today: date) -> SampleSummary:
    """Load the whole sample in one transaction into a freshly created, empty database.

    `today` anchors the Pemilu 2029 campaign, so that the countdown and the
    agenda show done, current and planned work whenever the sample is loaded.
    """
    wilayah = read_wilayah()
    with db.write() as session:
        has_regions = session.exec(select(func.count()).select_from(Region)).one()
        has_elections = session.exec(select(func.count()).select_from(Election)).one()
        if has_regions or has_elections:
            raise errors.PlannerError(
                _(
                    "The database already holds regions or elections; the Blora sample "
                    "can only be loaded into a new, empty database."
                )
            )
        for code, name in wilayah:
            session.add(
                Region(code=code, name=name, level=level_of(code), parent_code=parent_of(code))
            )
        session.flush()

        voc.seed_vocabulary(session)
        settings.set_value(session, settings.SCOPE_KEY, KABUPATEN_CODE)
        settings.set_value(session, settings.SYNTHETIC_KEY, True)

        elections = _add_elections(session)
        rows = _add_turnout(session, elections, desa_by_kecamatan([c for c, _n in wilayah]))
        for election_id in elections.values():
            rebuild_totals(session, election_id)

        stakeholders = _add_stakeholders(session)
        activities = _add_activities(session, elections, stakeholders, today)
        lokus = _add_lokus(session)
        return SampleSummary(
            regions=len(wilayah),
            elections=len(elections),
            turnout_rows=rows,
            stakeholders=len(stakeholders),
            activities=activities,
            lokus=lokus,
        )


# --- elections and turnout -------------------------------------------------------


def _add_elections(session: Session) -> dict[str, int]:
    ids: dict[str, int] = {}
    for fig in PAST_ELECTIONS:
        made_up = ", ".join(sorted(fig.synthetic_fields)) or "tidak ada"
        notes = (
            f"{fig.notes} Angka tingkat kabupaten dari sumber publik (disintesis: {made_up}); "
            "angka kecamatan, desa dan TPS adalah data sampel sintetis."
        )
        ids[fig.name] = _add_election(
            session,
            Election(
                name=fig.name,
                kind=fig.kind.value,
                voting_day=fig.voting_day,
                target_pct=fig.target_pct,
                denominator=fig.denominator.value,
                region_code=fig.region_code,
                notes=notes,
            ),
        )
    ids[PEMILU_2029_NAME] = _add_election(
        session,
        Election(
            name=PEMILU_2029_NAME,
            kind=ElectionKind.PEMILU.value,
            voting_day=PEMILU_2029_DAY,
            voting_day_estimated=True,
            target_pct=PEMILU_2029_TARGET,
            denominator=Denominator.DPT_DPTB_DPK.value,
            region_code=None,
            notes=PEMILU_2029_NOTES,
        ),
    )
    return ids


def _add_election(session: Session, election: Election) -> int:
    session.add(election)
    session.flush()
    assert election.id is not None
    return election.id


def _turnout(election_id: int, code: str, tps: int, counts: Counts) -> Turnout:
    return Turnout(
        election_id=election_id,
        region_code=code,
        tps=tps,
        dpt=counts.dpt,
        dptb=counts.dptb,
        dpk=counts.dpk,
        voters=counts.voters,
        valid=counts.valid,
        invalid=counts.invalid,
        dpt_men=counts.dpt_men,
        dpt_women=counts.dpt_women,
        source=TURNOUT_SOURCE,
        # Every row below the kabupaten was spread from a total, so none is real.
        synthetic=True,
    )


def _add_turnout(session: Session, elections: dict[str, int], desa: dict[str, list[str]]) -> int:
    rows = 0
    for fig in PAST_ELECTIONS:
        election_id = elections[fig.name]
        # Only the latest pilkada is spread down to TPS: one election is enough
        # to exercise TPS-level views without multiplying the file size.
        with_tps = fig is PILKADA_BLORA_2024
        spread = spread_election(fig, desa, with_tps=with_tps, seed=SEED)
        batch: list[Turnout] = []
        if with_tps:
            for code, tps in spread.tps.items():
                batch.extend(_turnout(election_id, code, n, c) for n, c in enumerate(tps, 1))
        else:
            batch.extend(_turnout(election_id, code, 0, c) for code, c in spread.desa.items())
        # Thousands of made-up rows would swell the audit log; one entry says what was loaded.
        with audit.suspended(session):
            session.add_all(batch)
            session.flush()
        audit.record_bulk(
            session,
            "turnout",
            _("sample turnout for {election}: {rows} rows").format(
                election=fig.name, rows=number(len(batch))
            ),
            len(batch),
        )
        rows += len(batch)
    return rows


# --- stakeholders ----------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class _Partner:
    name: str
    category: StakeholderCategory
    contact_person: str
    contact_title: str
    about: str = ""
    regions: tuple[str, ...] = (KABUPATEN_CODE,)
    invited_27_july: bool = False


BAWASLU = "Bawaslu Blora"
POLRES = "Polres Blora"
RUTAN = "Rutan Kelas IIB Blora"
DINKOMINFO = "Dinkominfo Blora"
PARTAI = "Partai politik Kabupaten Blora"
MKKS_SMA = "MKKS SMA Kabupaten Blora"
MKKS_SMK = "MKKS SMK Kabupaten Blora"
MEDIA = "Media massa Blora"
PCNU = "PCNU Blora"
MUHAMMADIYAH = "PD Muhammadiyah Blora"
PPDI = "PPDI Kabupaten Blora"
KARANG_TARUNA = "Karang Taruna Kabupaten Blora"
PKK = "TP PKK Kabupaten Blora"
PKK_SAMBONG = "TP PKK Kecamatan Sambong"
KARANG_TARUNA_CEPU = "Karang Taruna Kecamatan Cepu"


_C = StakeholderCategory
PARTNERS: tuple[_Partner, ...] = (
    _Partner(
        name=BAWASLU,
        category=_C.PENYELENGGARA_PEMILU,
        contact_person="Sri Wahyuni",
        contact_title="Staf Divisi Pencegahan",
        about="Badan Pengawas Pemilu Kabupaten Blora.",
        invited_27_july=True,
    ),
    _Partner(
        name=POLRES,
        category=_C.KEAMANAN,
        contact_person="Agus Setiawan",
        contact_title="Staf Bagian Operasi",
        about="Kepolisian Resor Blora.",
        invited_27_july=True,
    ),
    _Partner(
        name="Kejari Blora",
        category=_C.PENEGAK_HUKUM,
        contact_person="Dwi Rahmawati",
        contact_title="Staf Seksi Intelijen",
        about="Kejaksaan Negeri Blora.",
        invited_27_july=True,
    ),
    _Partner(
        name="Kodim 0721/Blora",
        category=_C.KEAMANAN,
        contact_person="Bambang Susilo",
        contact_title="Staf Teritorial",
        about="Komando Distrik Militer 0721/Blora.",
        invited_27_july=True,
    ),
    _Partner(
        name="Yonif 410/Alugoro",
        category=_C.KEAMANAN,
        contact_person="Eko Prasetyo",
        contact_title="Staf Operasi",
        about="Batalyon Infanteri 410/Alugoro.",
        invited_27_july=True,
    ),
    _Partner(
        name="Dindukcapil Blora",
        category=_C.PEMERINTAH_DAERAH,
        contact_person="Retno Handayani",
        contact_title="Staf Bidang Pelayanan",
        about="Dinas Kependudukan dan Pencatatan Sipil: data "
        "kependudukan untuk pemutakhiran daftar pemilih.",
        invited_27_july=True,
    ),
    _Partner(
        name=RUTAN,
        category=_C.LEMBAGA_PEMASYARAKATAN,
        contact_person="Joko Purnomo",
        contact_title="Staf Pembinaan",
        about="Rumah Tahanan Negara Kelas IIB Blora: warga binaan memilih di TPS lokasi khusus.",
        regions=(KECAMATAN_BLORA,),
        invited_27_july=True,
    ),
    _Partner(
        name="Bakesbangpol Blora",
        category=_C.PEMERINTAH_DAERAH,
        contact_person="Siti Aminah",
        contact_title="Staf Bidang Politik",
        about="Badan Kesatuan Bangsa dan Politik Kabupaten Blora.",
        invited_27_july=True,
    ),
    _Partner(
        name="Satpol PP Blora",
        category=_C.PEMERINTAH_DAERAH,
        contact_person="Heru Santoso",
        contact_title="Staf Penegakan Perda",
        about="Satuan Polisi Pamong Praja: penertiban alat peraga.",
        invited_27_july=True,
    ),
    _Partner(
        name=DINKOMINFO,
        category=_C.PEMERINTAH_DAERAH,
        contact_person="Novi Kurniawati",
        contact_title="Staf Bidang IKP",
        about="Dinas Komunikasi dan Informatika: radio, media sosial dan situs pemda.",
        invited_27_july=True,
    ),
    _Partner(
        name="Bagian Tata Pemerintahan Setda Blora",
        category=_C.PEMERINTAH_DAERAH,
        contact_person="Teguh Wibowo",
        contact_title="Staf",
        about="Sekretariat Daerah Kabupaten Blora.",
        invited_27_july=True,
    ),
    _Partner(
        name="Bagian Hukum Setda Blora",
        category=_C.PEMERINTAH_DAERAH,
        contact_person="Yuni Astuti",
        contact_title="Staf",
        about="Sekretariat Daerah Kabupaten Blora.",
        invited_27_july=True,
    ),
    _Partner(
        name="Bagian Prokompim Setda Blora",
        category=_C.PEMERINTAH_DAERAH,
        contact_person="Arif Hidayat",
        contact_title="Staf",
        about="Bagian Protokol dan Komunikasi Pimpinan, Sekretariat Daerah Kabupaten Blora.",
        invited_27_july=True,
    ),
    # One entry for all parties: the meeting invited "partai politik" as a
    # group, and the parties with a seat or a ticket change from one election
    # to the next; the team can split it into one record per party.
    _Partner(
        name=PARTAI,
        category=_C.PARTAI_POLITIK,
        contact_person="Slamet Riyadi",
        contact_title="Penghubung (contoh)",
        about="Pengurus partai politik tingkat kabupaten, dicatat sebagai satu kelompok.",
        invited_27_july=True,
    ),
    _Partner(
        name=MKKS_SMA,
        category=_C.PENDIDIKAN,
        contact_person="Endang Sulistyowati",
        contact_title="Sekretaris MKKS",
        about="Musyawarah Kerja Kepala Sekolah SMA.",
        invited_27_july=True,
    ),
    _Partner(
        name=MKKS_SMK,
        category=_C.PENDIDIKAN,
        contact_person="Budi Hartono",
        contact_title="Sekretaris MKKS",
        about="Musyawarah Kerja Kepala Sekolah SMK.",
        invited_27_july=True,
    ),
    _Partner(
        name=MEDIA,
        category=_C.MEDIA,
        contact_person="Rina Marlina",
        contact_title="Koordinator liputan (contoh)",
        about="Wartawan media cetak, elektronik dan daring di Blora, dicatat sebagai kelompok.",
        invited_27_july=True,
    ),
    _Partner(
        name=PCNU,
        category=_C.KEAGAMAAN,
        contact_person="Ahmad Fauzi",
        contact_title="Staf Sekretariat",
        about="Pengurus Cabang Nahdlatul Ulama Blora.",
    ),
    _Partner(
        name=MUHAMMADIYAH,
        category=_C.KEAGAMAAN,
        contact_person="Muhammad Ridwan",
        contact_title="Staf Sekretariat",
        about="Pimpinan Daerah Muhammadiyah Blora.",
    ),
    _Partner(
        name=PPDI,
        category=_C.KOMUNITAS,
        contact_person="Wahyu Nugroho",
        contact_title="Pengurus",
        about="Persatuan Penyandang Disabilitas Indonesia, Kabupaten Blora.",
    ),
    _Partner(
        name=KARANG_TARUNA,
        category=_C.KOMUNITAS,
        contact_person="Dimas Saputra",
        contact_title="Pengurus",
        about="Organisasi kepemudaan tingkat kabupaten.",
    ),
    _Partner(
        name=PKK,
        category=_C.KOMUNITAS,
        contact_person="Lestari Wulandari",
        contact_title="Pengurus Pokja I",
        about="Tim Penggerak Pemberdayaan dan Kesejahteraan Keluarga Kabupaten Blora.",
    ),
    _Partner(
        name=PKK_SAMBONG,
        category=_C.KOMUNITAS,
        contact_person="Suharti",
        contact_title="Pengurus",
        about="TP PKK tingkat kecamatan.",
        regions=(SAMBONG,),
    ),
    _Partner(
        name=KARANG_TARUNA_CEPU,
        category=_C.KOMUNITAS,
        contact_person="Rizky Pratama",
        contact_title="Pengurus",
        about="Karang Taruna tingkat kecamatan.",
        regions=(CEPU,),
    ),
)


def _slug(name: str) -> str:
    kept = "".join(ch if ch.isalnum() else "." for ch in name.lower())
    return ".".join(part for part in kept.split(".") if part)


def _add_stakeholders(session: Session) -> dict[str, int]:
    ids: dict[str, int] = {}
    for n, partner in enumerate(PARTNERS, start=1):
        row = Stakeholder(
            name=partner.name,
            category=partner.category.value,
            contact_person=partner.contact_person,
            contact_title=partner.contact_title,
            # 0812-0000-xxxx is not a number in use and example.id is reserved
            # for examples: nobody gets called because of the sample.
            phone=f"0812-0000-{n:04d}",
            email=f"{_slug(partner.name)}@example.id",
            notes=f"{partner.about} {SAMPLE_CONTACT_NOTE}".strip(),
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        ids[partner.name] = row.id
        for code in partner.regions:
            session.add(StakeholderRegion(stakeholder_id=row.id, region_code=code))
    session.flush()
    return ids


# --- activities -------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class _Plan:
    title: str
    start: datetime
    status: ActivityStatus
    election: str | None
    regions: tuple[str, ...]
    segments: tuple[str, ...] = ()
    method: str | None = None
    strategy: str | None = None
    partners: tuple[tuple[str, StakeholderRole], ...] = ()
    hours: float = 3.0
    all_day: bool = False
    venue: str = ""
    description: str = ""
    budget: int | None = None
    target: int | None = None
    actual: int | None = None
    outcome: str = ""
    rrule: str | None = None


_S = ActivityStatus
_R = StakeholderRole
PEMILU_2024_NAME = PEMILU_2024.name

RAKER_OUTCOME = (
    "Evaluasi: partisipasi pemilih naik dari 77,6% pada Pilkada 2020 menjadi lebih dari 83,5% "
    "pada Pemilu 2024. Surat suara tidak sah masih tinggi: 26.238 pada Pemilu 2019, serta "
    "10.970 dan 31.028 pada Pemilu 2024. Partisipasi tertinggal di Kecamatan Sambong (DPT "
    "22.549 pada Pemilu 2019) dan Kecamatan Bogorejo (DPT 20.563 pada Pilkada 2020), karena "
    "faktor geografis dan banyak warga bekerja di luar daerah. Tantangan: hoaks dan "
    "disinformasi, partisipasi rendah, keterbatasan sumber daya. Strategi yang disepakati: "
    "pemberitaan melalui media sosial, cetak dan elektronik bersama seluruh pemangku "
    "kepentingan."
)


def _plans_2024() -> list[_Plan]:
    pilkada = PILKADA_BLORA_2024.name
    return [
        _Plan(
            title="Simulasi pencoblosan bagi pemilih pemula",
            start=datetime(2024, 1, 20, 9),
            status=_S.TERLAKSANA,
            election=PEMILU_2024_NAME,
            regions=(RANDUBLATUNG,),
            segments=("Pemilih Pemula",),
            method="Simulasi",
            strategy=voc.STRATEGY_SCHOOL,
            partners=((MKKS_SMA, _R.MITRA),),
            venue="Aula SMA di Kecamatan Randublatung",
            budget=3_500_000,
            target=200,
            actual=214,
            outcome="Peserta mencoba mencoblos lima surat suara; kekeliruan "
            "terbanyak: mencoblos di luar kolom.",
        ),
        _Plan(
            title="Sosialisasi dan simulasi bagi pemilih penyandang disabilitas",
            start=datetime(2024, 1, 27, 9),
            status=_S.TERLAKSANA,
            election=PEMILU_2024_NAME,
            regions=(KECAMATAN_BLORA,),
            segments=("Penyandang Disabilitas",),
            method="Simulasi",
            strategy=voc.STRATEGY_INKLUSIF,
            partners=((PPDI, _R.MITRA),),
            venue="Kantor KPU Kabupaten Blora",
            budget=4_000_000,
            target=60,
            actual=58,
            outcome="Template braille dan pendamping memilih diperkenalkan.",
        ),
        _Plan(
            title="Pentas barongan: ajakan datang ke TPS",
            start=datetime(2024, 2, 3, 19),
            status=_S.TERLAKSANA,
            election=PEMILU_2024_NAME,
            regions=(CEPU,),
            segments=("Komunitas", "Pemilih Muda"),
            method="Budaya lokal/tradisional",
            partners=((KARANG_TARUNA_CEPU, _R.MITRA),),
            venue="Lapangan di Kecamatan Cepu",
            budget=7_500_000,
            target=500,
            actual=650,
        ),
        _Plan(
            title="Iklan layanan masyarakat ajakan memilih di media sosial",
            start=datetime(2024, 2, 5),
            status=_S.TERLAKSANA,
            election=PEMILU_2024_NAME,
            regions=(KABUPATEN_CODE,),
            segments=("Warganet",),
            method="Media sosial",
            strategy=voc.STRATEGY_MEDIA,
            partners=((DINKOMINFO, _R.MITRA),),
            all_day=True,
            budget=2_000_000,
            outcome="Video pendek diunggah di akun KPU dan Pemkab (angka jangkauan tidak dicatat).",
        ),
        _Plan(
            title="Rapat kerja sosialisasi pendidikan pemilih",
            start=datetime(2024, 7, 27, 9),
            status=_S.TERLAKSANA,
            election=pilkada,
            regions=(KABUPATEN_CODE,),
            method="Diskusi",
            strategy=voc.STRATEGY_MEDIA,
            partners=tuple((p.name, _R.UNDANGAN) for p in PARTNERS if p.invited_27_july),
            venue="Garden Resto and Caffe, Tunjungan",
            description="Rapat kerja KPU Kabupaten Blora (Divisi Sosdiklih Parmas dan SDM) "
            "dengan pemangku kepentingan menjelang Pilkada 2024. Kegiatan nyata, sesuai "
            "pemberitaan; jam selesai dan anggaran tidak diberitakan.",
            outcome=RAKER_OUTCOME,
        ),
        _Plan(
            title="Pemasangan baliho ajakan memilih Pilkada 2024",
            start=datetime(2024, 9, 10),
            status=_S.TERLAKSANA,
            election=pilkada,
            regions=(KABUPATEN_CODE,),
            segments=("Keluarga",),
            method="Media luar ruang",
            strategy=voc.STRATEGY_MEDIA,
            all_day=True,
            budget=12_000_000,
            venue="16 ibu kota kecamatan",
        ),
        _Plan(
            title="Bimbingan teknis Relawan Demokrasi Pilkada 2024",
            start=datetime(2024, 9, 14, 8),
            status=_S.TERLAKSANA,
            election=pilkada,
            regions=(KABUPATEN_CODE,),
            segments=("Relawan Demokrasi",),
            method="Pelatihan",
            strategy=voc.STRATEGY_RELAWAN,
            partners=((BAWASLU, _R.NARASUMBER),),
            hours=7,
            venue="Aula KPU Kabupaten Blora",
            budget=18_000_000,
            target=55,
            actual=55,
        ),
        _Plan(
            title="Sosialisasi pemilih perempuan bersama PKK",
            start=datetime(2024, 10, 5, 13),
            status=_S.TERLAKSANA,
            election=pilkada,
            regions=(KUNDURAN,),
            segments=("Perempuan",),
            method="Forum warga",
            partners=((PKK, _R.MITRA),),
            venue="Pendopo Kecamatan Kunduran",
            budget=3_000_000,
            target=100,
            actual=118,
        ),
        _Plan(
            title="KPU Goes to School: SMK di Kecamatan Sambong",
            start=datetime(2024, 10, 12, 9),
            status=_S.TERLAKSANA,
            election=pilkada,
            regions=(SAMBONG,),
            segments=("Pemilih Pemula",),
            method="Simulasi",
            strategy=voc.STRATEGY_SCHOOL,
            partners=((MKKS_SMK, _R.MITRA),),
            venue="Sekolah menengah di Kecamatan Sambong",
            budget=3_500_000,
            target=180,
            actual=167,
        ),
        _Plan(
            title="KPU Goes To Pesantren",
            start=datetime(2024, 10, 22, 8),
            status=_S.TERLAKSANA,
            election=pilkada,
            regions=(KABUPATEN_CODE,),
            segments=("Keagamaan", "Pemilih Pemula"),
            method="Ceramah",
            strategy=voc.STRATEGY_PESANTREN,
            description="Kegiatan nyata, sesuai pemberitaan: 950 santri. "
            "Lokasi, target dan anggaran tidak diberitakan; target di sini data sampel.",
            target=1_000,
            actual=950,
        ),
        _Plan(
            title="Gelar wicara Pilkada 2024 di radio",
            start=datetime(2024, 10, 26, 19),
            status=_S.TERLAKSANA,
            election=pilkada,
            regions=(KABUPATEN_CODE,),
            segments=("Pemilih Muda",),
            method="Media elektronik",
            strategy=voc.STRATEGY_MEDIA,
            partners=((DINKOMINFO, _R.MITRA), (MEDIA, _R.MITRA), (BAWASLU, _R.NARASUMBER)),
            hours=1,
            budget=1_500_000,
        ),
        _Plan(
            title="Sosialisasi bagi warga binaan Rutan Kelas IIB Blora",
            start=datetime(2024, 11, 2, 9),
            status=_S.TERLAKSANA,
            election=pilkada,
            regions=(KECAMATAN_BLORA,),
            segments=("Berkebutuhan Khusus",),
            method="Tatap muka",
            partners=((RUTAN, _R.MITRA),),
            hours=2,
            venue=RUTAN,
            budget=1_500_000,
            target=150,
            actual=141,
        ),
        _Plan(
            title="Sosialisasi pemilih perantau di hari pasaran Jiken",
            start=datetime(2024, 11, 9, 7),
            status=_S.TERLAKSANA,
            election=pilkada,
            regions=(JIKEN,),
            segments=("Keluarga",),
            method="Tatap muka",
            strategy=voc.STRATEGY_PERANTAU,
            venue="Pasar di Kecamatan Jiken",
            budget=2_500_000,
            target=300,
            actual=260,
        ),
        _Plan(
            title="Jalan sehat ajak ke TPS",
            start=datetime(2024, 11, 16, 6),
            status=_S.BATAL,
            election=pilkada,
            regions=(BOGOREJO,),
            segments=("Keluarga", "Komunitas"),
            method="Lainnya (langsung)",
            venue="Lapangan di Kecamatan Bogorejo",
            budget=10_000_000,
            target=1_000,
            outcome="Dibatalkan: lapangan dipakai kampanye terbuka; tidak dijadwalkan ulang.",
        ),
        _Plan(
            title="Diskusi pemilih muda bersama Karang Taruna",
            start=datetime(2024, 11, 23, 19, 30),
            status=_S.TERLAKSANA,
            election=pilkada,
            regions=(TODANAN,),
            segments=("Pemilih Muda",),
            method="Diskusi",
            partners=((KARANG_TARUNA, _R.MITRA),),
            hours=2,
            venue="Balai desa di Kecamatan Todanan",
            budget=2_000_000,
            target=80,
            actual=74,
        ),
    ]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


def _plans_2029(today: date) -> list[_Plan]:
    """A campaign under way on `today`: some done, some this week, more to come."""

    def day(offset: int) -> date:
        return today + timedelta(days=offset)

    def status(offset: int) -> ActivityStatus:
        if offset < 0:
            return _S.TERLAKSANA
        return _S.TERKONFIRMASI if offset < 7 else _S.RENCANA

    # Monthly rules skip months without the start's day (RFC 5545): stay <= 28.
    monthly = day(-20)
    monthly = monthly.replace(day=min(monthly.day, 28))
    e = PEMILU_2029_NAME
    return [
        _Plan(
            title="Bimbingan teknis Relawan Demokrasi Pemilu 2029",
            start=_at(day(-45), 8),
            status=status(-45),
            election=e,
            regions=(KABUPATEN_CODE,),
            segments=("Relawan Demokrasi",),
            method="Pelatihan",
            strategy=voc.STRATEGY_RELAWAN,
            partners=((BAWASLU, _R.NARASUMBER),),
            hours=7,
            venue="Aula KPU Kabupaten Blora",
            budget=20_000_000,
            target=60,
            actual=57,
        ),
        _Plan(
            title="KPU Goes to School di Kecamatan Sambong",
            start=_at(day(-38), 9),
            status=status(-38),
            election=e,
            regions=(SAMBONG,),
            segments=("Pemilih Pemula",),
            method="Simulasi",
            strategy=voc.STRATEGY_SCHOOL,
            partners=((MKKS_SMA, _R.MITRA), (MKKS_SMK, _R.MITRA)),
            venue="Sekolah menengah di Kecamatan Sambong",
            budget=4_500_000,
            target=250,
            actual=231,
        ),
        _Plan(
            title="Sosialisasi pemilih perempuan bersama TP PKK Kecamatan Sambong",
            start=_at(day(-31), 13),
            status=status(-31),
            election=e,
            regions=(SAMBONG,),
            segments=("Perempuan",),
            method="Forum warga",
            partners=((PKK_SAMBONG, _R.MITRA),),
            venue="Pendopo Kecamatan Sambong",
            budget=3_000_000,
            target=120,
            actual=134,
        ),
        _Plan(
            title="KPU Goes to Campus: diskusi pemilih muda",
            start=_at(day(-24), 9),
            status=status(-24),
            election=e,
            regions=(CEPU,),
            segments=("Pemilih Muda",),
            method="Seminar",
            strategy=voc.STRATEGY_CAMPUS,
            venue="Kampus di Kecamatan Cepu",
            budget=6_000_000,
            target=200,
            actual=176,
        ),
        _Plan(
            title="Simulasi aksesibel bagi pemilih penyandang disabilitas",
            start=_at(day(-17), 9),
            status=status(-17),
            election=e,
            regions=(KECAMATAN_BLORA,),
            segments=("Penyandang Disabilitas",),
            method="Simulasi",
            strategy=voc.STRATEGY_INKLUSIF,
            partners=((PPDI, _R.MITRA),),
            venue="Kantor KPU Kabupaten Blora",
            budget=4_000_000,
            target=70,
            actual=64,
        ),
        _Plan(
            title="Sosialisasi bagi warga binaan Rutan Kelas IIB Blora",
            start=_at(day(-10), 9),
            status=status(-10),
            election=e,
            regions=(KECAMATAN_BLORA,),
            segments=("Berkebutuhan Khusus",),
            method="Tatap muka",
            partners=((RUTAN, _R.MITRA),),
            hours=2,
            venue=RUTAN,
            budget=1_500_000,
            target=150,
            actual=143,
        ),
        _Plan(
            title="Gelar wicara radio mingguan: Sapa Pemilih Blora",
            start=_at(day(-14), 10),
            status=_S.TERKONFIRMASI,
            election=e,
            regions=(KABUPATEN_CODE,),
            segments=("Keluarga",),
            method="Media elektronik",
            strategy=voc.STRATEGY_MEDIA,
            partners=((DINKOMINFO, _R.MITRA), (MEDIA, _R.MITRA), (BAWASLU, _R.NARASUMBER)),
            hours=1,
            rrule="FREQ=WEEKLY;COUNT=8",
            venue="Studio radio pemerintah daerah",
            budget=6_400_000,
            description="Delapan episode, satu tema tahapan pemilu per pekan.",
        ),
        _Plan(
            title="Kelas Rumah Pintar Pemilu",
            start=_at(monthly, 9),
            status=_S.TERKONFIRMASI,
            election=e,
            regions=(KECAMATAN_BLORA,),
            segments=("Pemilih Pemula", "Komunitas"),
            method="Diskusi",
            strategy=voc.STRATEGY_RPP,
            rrule="FREQ=MONTHLY;COUNT=6",
            venue="Rumah Pintar Pemilu, Kantor KPU Kabupaten Blora",
            budget=6_000_000,
            target=40,
            description="Kelas bulanan untuk kunjungan sekolah "
            "dan komunitas; target peserta per pertemuan.",
        ),
        _Plan(
            title="Gelar wicara pemilih muda bersama Karang Taruna Cepu",
            start=_at(day(1), 19, 30),
            status=status(1),
            election=e,
            regions=(CEPU,),
            segments=("Pemilih Muda",),
            method="Gelar wicara",
            partners=((KARANG_TARUNA_CEPU, _R.MITRA),),
            hours=2,
            venue="Gedung pertemuan di Cepu",
            budget=2_500_000,
            target=100,
        ),
        _Plan(
            title="Sosialisasi pemilih perantau di hari pasaran Bogorejo",
            start=_at(day(3), 7),
            status=status(3),
            election=e,
            regions=(BOGOREJO,),
            segments=("Keluarga",),
            method="Tatap muka",
            strategy=voc.STRATEGY_PERANTAU,
            venue="Pasar di Kecamatan Bogorejo",
            budget=2_500_000,
            target=300,
        ),
        _Plan(
            title="Pembentukan Desa Peduli Pemilu dan Pemilihan (DP3) Desa Nglobo",
            start=_at(day(21), 9),
            status=status(21),
            election=e,
            regions=(NGLOBO,),
            segments=("Keluarga", "Komunitas"),
            method="Forum warga",
            strategy=voc.STRATEGY_DP3,
            venue="Balai Desa Nglobo",
            budget=8_000_000,
            target=50,
        ),
        _Plan(
            title="Pengajian kebangsaan: pemilu damai tanpa hoaks",
            start=_at(day(45), 19, 30),
            status=status(45),
            election=e,
            regions=(TODANAN,),
            segments=("Keagamaan",),
            method="Ceramah",
            strategy=voc.STRATEGY_MEDIA,
            partners=((PCNU, _R.MITRA), (MUHAMMADIYAH, _R.MITRA)),
            venue="Masjid di Kecamatan Todanan",
            budget=5_000_000,
            target=400,
        ),
        _Plan(
            title="Lokakarya konten media sosial melawan hoaks pemilu",
            start=_at(day(60), 9),
            status=status(60),
            election=e,
            regions=(KABUPATEN_CODE,),
            segments=("Warganet",),
            method="Lokakarya",
            strategy=voc.STRATEGY_MEDIA,
            partners=((DINKOMINFO, _R.MITRA), (MEDIA, _R.NARASUMBER)),
            hours=6,
            venue="Aula KPU Kabupaten Blora",
            budget=9_000_000,
            target=60,
        ),
        _Plan(
            title="Jemput bola ke dusun di kawasan hutan Jiken",
            start=_at(day(90), 8),
            status=status(90),
            election=e,
            regions=(JIKEN,),
            segments=("Marjinal",),
            method="Tatap muka",
            strategy=voc.STRATEGY_JEMPUT_BOLA,
            hours=6,
            venue="Dusun-dusun di Kecamatan Jiken",
            budget=6_500_000,
            target=150,
        ),
        _Plan(
            title="Pentas barongan ajakan memilih",
            start=_at(day(120), 19),
            status=status(120),
            election=e,
            regions=(RANDUBLATUNG,),
            segments=("Komunitas", "Pemilih Muda"),
            method="Budaya lokal/tradisional",
            strategy=voc.STRATEGY_MEDIA,
            partners=((KARANG_TARUNA, _R.MITRA),),
            venue="Lapangan di Kecamatan Randublatung",
            budget=15_000_000,
            target=600,
        ),
    ]


def _add_activities(
    session: Session, elections: dict[str, int], stakeholders: dict[str, int], today: date
) -> int:
    segments = voc.segment_ids(session)
    methods = voc.method_ids(session)
    strategies = voc.strategy_ids(session)
    plans = _plans_2024() + _plans_2029(today)
    for plan in plans:
        activity = Activity(
            title=plan.title,
            description=plan.description,
            method_id=methods[plan.method] if plan.method else None,
            strategy_id=strategies[plan.strategy] if plan.strategy else None,
            election_id=elections[plan.election] if plan.election else None,
            start=plan.start,
            end=None if plan.all_day else plan.start + timedelta(hours=plan.hours),
            all_day=plan.all_day,
            rrule=plan.rrule,
            venue=plan.venue,
            status=plan.status.value,
            budget=plan.budget,
            target_participants=plan.target,
            actual_participants=plan.actual,
            outcome=plan.outcome,
        )
        session.add(activity)
        session.flush()
        assert activity.id is not None
        for code in plan.regions:
            session.add(ActivityRegion(activity_id=activity.id, region_code=code))
        for name in plan.segments:
            session.add(ActivitySegment(activity_id=activity.id, segment_id=segments[name]))
        for name, role in plan.partners:
            session.add(
                ActivityStakeholder(
                    activity_id=activity.id, stakeholder_id=stakeholders[name], role=role.value
                )
            )
    session.flush()
    return len(plans)


# --- lokus ------------------------------------------------------------------------


LOKUS: tuple[tuple[str, LokusCriterion, str], ...] = (
    (
        KECAMATAN_BLORA,
        LokusCriterion.LAPAS_RUTAN,
        "Rutan Kelas IIB Blora berada di Kecamatan Blora: warga binaan memilih di TPS lokasi "
        "khusus dan perlu sosialisasi tersendiri bersama pihak rutan.",
    ),
    (
        SAMBONG,
        LokusCriterion.SULIT_DIJANGKAU,
        "Sebagian dusun berada di kawasan hutan jati dan perbukitan, jauh dari pusat kecamatan; "
        "faktor geografis disebut dalam rapat kerja 27 Juli 2024 sebagai penyebab partisipasi "
        "rendah, bersama banyaknya warga yang bekerja di luar daerah.",
    ),
)


def _add_lokus(session: Session) -> int:
    for code, criterion, note in LOKUS:
        session.add(Lokus(region_code=code, criterion=criterion.value, note=note))
    session.flush()
    return len(LOKUS)
