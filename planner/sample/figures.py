"""Kabupaten Blora's published turnout figures, and what the sample had to make up.

Every kabupaten total below is either a published figure (its source is in the
comment beside it) or synthesized to agree with a published rate; each
election lists its synthesized fields in `synthetic_fields`. Nothing below the
kabupaten was published in the sources used: synth.py spreads these totals over
kecamatan, desa and TPS.

Sources, as summarized in the project's shared data README:
- [rakor] the news report of KPU Blora's working meeting on Saturday 27 July
  2024 at Garden Resto and Caffe, Tunjungan (turnout 77.6% in 2020 to over
  83.5% in 2024; invalid ballots 26,238 in 2019 and 10,970 / 31,028 in 2024;
  Sambong's DPT of 22,549 in 2019; Bogorejo's DPT of 20,563 in 2020);
- [tabel] the table of public kabupaten totals in the project's reference
  data (shared data README, "Kabupaten Blora: facts for the built-in
  sample"), which collects the reported DPT, voters, valid and
  invalid ballots and TPS; it does not name the publication of each figure;
- [dps] an older published DPS per kecamatan (probably Pilkada 2015; 710,521
  voters, 1,681 TPS), used only as relative sizes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from planner.models.enums import Denominator, ElectionKind

PROVINCE_CODE = "33"
KABUPATEN_CODE = "33.16"

JATI = "33.16.01"
RANDUBLATUNG = "33.16.02"
KRADENAN = "33.16.03"
KEDUNGTUBAN = "33.16.04"
CEPU = "33.16.05"
SAMBONG = "33.16.06"
JIKEN = "33.16.07"
JEPON = "33.16.08"
KECAMATAN_BLORA = "33.16.09"  # the kecamatan of the town itself, not the kabupaten
TUNJUNGAN = "33.16.10"
BANJAREJO = "33.16.11"
NGAWEN = "33.16.12"
KUNDURAN = "33.16.13"
TODANAN = "33.16.14"
BOGOREJO = "33.16.15"
JAPAH = "33.16.16"

# [dps] Voters per kecamatan in the older DPS (sum 710,521). Only the
# proportions are used: kecamatan have grown unevenly since, but no newer
# per-kecamatan list was at hand.
DPS_SIZES: Mapping[str, int] = MappingProxyType(
    {
        JATI: 41_207,
        RANDUBLATUNG: 63_823,
        KRADENAN: 33_517,
        KEDUNGTUBAN: 46_768,
        CEPU: 59_806,
        SAMBONG: 23_252,
        JIKEN: 31_323,
        JEPON: 49_552,
        KECAMATAN_BLORA: 72_873,
        TUNJUNGAN: 37_339,
        BANJAREJO: 48_730,
        NGAWEN: 48_131,
        KUNDURAN: 53_404,
        TODANAN: 51_724,
        BOGOREJO: 20_570,
        JAPAH: 28_502,
    }
)
DPS_TOTAL = 710_521
DPS_TPS = 1_681

# [rakor] The two kecamatan the meeting named as lagging, for geography and
# because many residents work away from home.
SAMBONG_DPT_2019 = 22_549
BOGOREJO_DPT_2020 = 20_563
LAGGING_KECAMATAN: tuple[str, ...] = (SAMBONG, BOGOREJO)
# Not named anywhere: the sample lets these two trail slightly so that the
# flags have borderline cases to show, not only the obvious two.
SLIGHTLY_LAGGING_KECAMATAN: tuple[str, ...] = (JIKEN, TODANAN)


@dataclass(frozen=True)
class Counts:
    """The counts KPU publishes for a region or a TPS; None = not known."""

    dpt: int
    voters: int
    dptb: int | None = None
    dpk: int | None = None
    valid: int | None = None
    invalid: int | None = None
    dpt_men: int | None = None
    dpt_women: int | None = None

    @property
    def registered(self) -> int:
        """DPT + DPTb + DPK: the denominator the sample's elections use."""
        return self.dpt + (self.dptb or 0) + (self.dpk or 0)


@dataclass(frozen=True)
class ElectionFigures:
    name: str
    kind: ElectionKind
    voting_day: date
    # The area the election is held in; None for the national pemilu.
    region_code: str | None
    target_pct: float | None
    totals: Counts
    tps: int | None
    # Kecamatan whose DPT was published for this election.
    fixed_kecamatan_dpt: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    # Fields of `totals` (or "tps") that were made up, not published.
    synthetic_fields: frozenset[str] = frozenset()
    denominator: Denominator = Denominator.DPT_DPTB_DPK
    notes: str = ""

    @property
    def key(self) -> str:
        """A stable seed for this election's synthetic spread."""
        return self.name


PILGUB_JATENG_2018 = ElectionFigures(
    name="Pilgub Jateng 2018",
    kind=ElectionKind.PILGUB,
    voting_day=date(2018, 6, 27),
    region_code=PROVINCE_CODE,
    target_pct=None,
    totals=Counts(
        dpt=689_297,  # [tabel]
        voters=434_192,  # [tabel]
        valid=416_693,  # [tabel]
        invalid=17_499,  # [tabel]
        # Synthesized: the published 62.8% is not voters/DPT (62.99%), so the
        # published rate must have counted DPTb and DPK too; these two add up
        # to what makes 434,192 exactly 62.80% of DPT + DPTb + DPK.
        dptb=1_032,
        dpk=1_059,
    ),
    tps=None,
    synthetic_fields=frozenset({"dptb", "dpk"}),
    notes="Partisipasi 62,8% (DPT + DPTb + DPK). DPTb dan DPK pada sampel disintesis.",
)

PEMILU_2019 = ElectionFigures(
    name="Pemilu 2019",
    kind=ElectionKind.PEMILU,
    voting_day=date(2019, 4, 17),
    region_code=None,
    target_pct=77.5,  # [tabel] the national target
    totals=Counts(
        dpt=706_940,  # [tabel] DPTHP-2
        # Synthesized: only "about 80%" was reported; 80.00% of DPT.
        voters=565_552,
        invalid=26_238,  # [rakor]
        valid=565_552 - 26_238,  # synthesized: follows from the two above
    ),
    tps=2_950,  # [tabel]
    fixed_kecamatan_dpt=MappingProxyType({SAMBONG: SAMBONG_DPT_2019}),
    synthetic_fields=frozenset({"voters", "valid"}),
    notes="DPTHP-2, 2.950 TPS. Partisipasi sekitar 80% (jumlah pengguna hak pilih disintesis).",
)

PILKADA_BLORA_2020 = ElectionFigures(
    name="Pilkada Blora 2020",
    kind=ElectionKind.PILKADA,
    voting_day=date(2020, 12, 9),
    region_code=KABUPATEN_CODE,
    target_pct=77.5,  # [tabel]
    totals=Counts(
        dpt=700_995,  # [tabel]
        dptb=1_451,  # [tabel]
        # Synthesized: the published 77.47% on DPT + DPTb + DPK leaves room
        # for at most 43 DPK voters; 24 keeps the rate clear of the rounding edge.
        dpk=24,
        voters=544_183,  # [tabel] 77.47% of DPT+DPTb+DPK, 77.63% of DPT alone
        # Synthesized: a 3.9% invalid share, between the neighbouring elections.
        invalid=21_224,
        valid=544_183 - 21_224,
    ),
    tps=None,
    fixed_kecamatan_dpt=MappingProxyType({BOGOREJO: BOGOREJO_DPT_2020}),
    synthetic_fields=frozenset({"dpk", "valid", "invalid"}),
    notes="Partisipasi 77,47% (DPT + DPTb + DPK) atau 77,6% (DPT saja).",
)

PEMILU_2024 = ElectionFigures(
    name="Pemilu 2024",
    kind=ElectionKind.PEMILU,
    voting_day=date(2024, 2, 14),
    region_code=None,
    target_pct=None,
    totals=Counts(
        dpt=704_285,  # [tabel]
        dpt_men=349_413,  # [tabel]
        dpt_women=354_872,  # [tabel]
        # Synthesized: "over 83.5%" was reported; this is 83.50% of DPT.
        voters=588_078,
        # [rakor] the presidential race's invalid ballots; the 31,028 the
        # meeting also named are presumably another ballot of the same day.
        invalid=10_970,
        valid=588_078 - 10_970,  # synthesized: follows from the two above
    ),
    tps=2_977,  # [tabel]
    synthetic_fields=frozenset({"voters", "valid"}),
    notes="2.977 TPS. Partisipasi sekitar 83,5% (jumlah pengguna hak pilih disintesis); "
    "suara tidak sah 10.970 (pemilihan presiden).",
)

PILKADA_BLORA_2024 = ElectionFigures(
    name="Pilkada Blora 2024",
    kind=ElectionKind.PILKADA,
    voting_day=date(2024, 11, 27),
    region_code=KABUPATEN_CODE,
    target_pct=82.0,  # [tabel] the national target
    totals=Counts(
        dpt=700_613,  # [tabel]
        dpt_men=347_749,  # [tabel]
        dpt_women=352_864,  # [tabel]
        voters=499_100,  # [tabel] 71.24% of DPT
        valid=472_622,  # [tabel]
        invalid=26_478,  # [tabel]
    ),
    tps=1_453,  # [tabel]
    synthetic_fields=frozenset(),
    notes="1.453 TPS. Partisipasi 71,24%; target nasional 82%.",
)

PAST_ELECTIONS: tuple[ElectionFigures, ...] = (
    PILGUB_JATENG_2018,
    PEMILU_2019,
    PILKADA_BLORA_2020,
    PEMILU_2024,
    PILKADA_BLORA_2024,
)

# The next simultaneous election. Its day is not set yet: the sample assumes
# the same date pattern as 2024 so that the countdown has something to count.
PEMILU_2029_NAME = "Pemilu 2029"
PEMILU_2029_DAY = date(2029, 2, 14)
PEMILU_2029_TARGET = 82.0
PEMILU_2029_NOTES = (
    "Tanggal pemungutan suara masih perkiraan (belum ditetapkan KPU); "
    "diasumsikan 14 Februari 2029 seperti pola Pemilu 2024."
)
