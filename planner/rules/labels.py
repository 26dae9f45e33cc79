"""Words for the stored vocabulary values, in the current language."""

from __future__ import annotations

from planner.i18n import N_, _

_LOKUS = {
    "partisipasi_rendah": N_("low participation"),
    "rawan_pelanggaran": N_("high risk of violations"),
    "rawan_konflik_bencana": N_("prone to conflict or disaster"),
    "perbatasan": N_("border area"),
    "kepulauan": N_("islands"),
    "sulit_dijangkau": N_("hard to reach"),
    "tambang_perkebunan_lepas_pantai": N_("mining, plantation or offshore workers"),
    "lapas_rutan": N_("prison (lapas/rutan)"),
    "rumah_sakit": N_("hospital"),
}

_STATUS = {
    "rencana": N_("planned"),
    "terkonfirmasi": N_("confirmed"),
    "terlaksana": N_("done"),
    "batal": N_("cancelled"),
}

_ROLE = {
    "penyelenggara": N_("organiser"),
    "mitra": N_("partner"),
    "narasumber": N_("speaker"),
    "undangan": N_("invited"),
    "peserta": N_("participant"),
}

_CATEGORY = {
    "penyelenggara_pemilu": N_("election body"),
    "keamanan": N_("security"),
    "penegak_hukum": N_("law enforcement"),
    "pemerintah_daerah": N_("local government"),
    "lembaga_pemasyarakatan": N_("correctional institution"),
    "partai_politik": N_("political party"),
    "pendidikan": N_("education"),
    "media": N_("media"),
    "keagamaan": N_("religious group"),
    "komunitas": N_("community group"),
    "lainnya": N_("other"),
}

_LEVEL = {
    "provinsi": N_("province"),
    "kabupaten": N_("regency/city"),
    "kecamatan": N_("district"),
    "desa": N_("village"),
}

_KIND = {
    "pemilu": N_("general election"),
    "pilpres": N_("presidential election"),
    "pileg": N_("legislative election"),
    "pilgub": N_("governor election"),
    "pilkada": N_("regent/mayor election"),
    "psu": N_("re-vote"),
}

_METHOD_MODE = {"langsung": N_("direct"), "tidak_langsung": N_("indirect")}


def _label(table: dict[str, str], value: str) -> str:
    return _(table[value]) if value in table else value


def lokus_criterion_label(value: str) -> str:
    return _label(_LOKUS, value)


def status_label(value: str) -> str:
    return _label(_STATUS, value)


def role_label(value: str) -> str:
    return _label(_ROLE, value)


def category_label(value: str) -> str:
    return _label(_CATEGORY, value)


def level_label(value: str) -> str:
    return _label(_LEVEL, value)


def kind_label(value: str) -> str:
    return _label(_KIND, value)


def method_mode_label(value: str) -> str:
    return _label(_METHOD_MODE, value)
