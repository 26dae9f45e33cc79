"""Closed vocabularies, stored as their string values."""

from enum import StrEnum


class Level(StrEnum):
    PROVINSI = "provinsi"
    KABUPATEN = "kabupaten"
    KECAMATAN = "kecamatan"
    DESA = "desa"


LEVEL_ORDER: tuple[Level, ...] = (Level.PROVINSI, Level.KABUPATEN, Level.KECAMATAN, Level.DESA)


class ElectionKind(StrEnum):
    PEMILU = "pemilu"  # the simultaneous national election (presiden and legislatif)
    PILPRES = "pilpres"
    PILEG = "pileg"
    PILGUB = "pilgub"
    PILKADA = "pilkada"  # bupati or wali kota
    PSU = "psu"  # re-vote


class Denominator(StrEnum):
    DPT = "dpt"
    DPT_DPTB_DPK = "dpt_dptb_dpk"


class ActivityStatus(StrEnum):
    RENCANA = "rencana"
    TERKONFIRMASI = "terkonfirmasi"
    TERLAKSANA = "terlaksana"
    BATAL = "batal"


class StakeholderRole(StrEnum):
    PENYELENGGARA = "penyelenggara"
    MITRA = "mitra"
    NARASUMBER = "narasumber"
    UNDANGAN = "undangan"
    PESERTA = "peserta"


class MethodMode(StrEnum):
    LANGSUNG = "langsung"
    TIDAK_LANGSUNG = "tidak_langsung"


class StakeholderCategory(StrEnum):
    PENYELENGGARA_PEMILU = "penyelenggara_pemilu"
    KEAMANAN = "keamanan"
    PENEGAK_HUKUM = "penegak_hukum"
    PEMERINTAH_DAERAH = "pemerintah_daerah"
    LEMBAGA_PEMASYARAKATAN = "lembaga_pemasyarakatan"
    PARTAI_POLITIK = "partai_politik"
    PENDIDIKAN = "pendidikan"
    MEDIA = "media"
    KEAGAMAAN = "keagamaan"
    KOMUNITAS = "komunitas"
    LAINNYA = "lainnya"


class LokusCriterion(StrEnum):
    """KPU's criteria for a focus area (lokus)."""

    PARTISIPASI_RENDAH = "partisipasi_rendah"
    RAWAN_PELANGGARAN = "rawan_pelanggaran"
    RAWAN_KONFLIK_BENCANA = "rawan_konflik_bencana"
    PERBATASAN = "perbatasan"
    KEPULAUAN = "kepulauan"
    SULIT_DIJANGKAU = "sulit_dijangkau"
    TAMBANG_PERKEBUNAN = "tambang_perkebunan_lepas_pantai"
    LAPAS_RUTAN = "lapas_rutan"
    RUMAH_SAKIT = "rumah_sakit"
