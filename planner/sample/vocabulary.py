"""The division's default lists, in KPU's own words (PKPU 9/2022, Keputusan KPU 620/2024).

Every new database gets these, not only the Blora sample: a team should be
able to plan on day one and rename or retire entries later.
"""

from __future__ import annotations

from sqlmodel import Session, select

from planner.models import Challenge, Method, Segment, Strategy, StrategyChallenge
from planner.models.enums import MethodMode

# (name, description); sort_order follows this order, the ten basis pemilih
# first and Relawan Demokrasi, often counted as an eleventh, last.
SEGMENTS: tuple[tuple[str, str], ...] = (
    ("Keluarga", "Basis keluarga: pemilih dijangkau melalui keluarga dan rumah tangga."),
    ("Pemilih Pemula", "Pemilih berusia 17-21 tahun yang baru pertama kali memilih."),
    ("Pemilih Muda", "Pemilih berusia 22-30 tahun."),
    ("Perempuan", "Pemilih perempuan, termasuk melalui PKK dan organisasi perempuan."),
    (
        "Penyandang Disabilitas",
        "Pemilih penyandang disabilitas fisik, sensorik, intelektual dan mental.",
    ),
    (
        "Berkebutuhan Khusus",
        "Warga binaan lapas/rutan, pasien rumah sakit, warga daerah terpencil atau perbatasan, "
        "pekerja tambang, perkebunan dan lepas pantai.",
    ),
    ("Marjinal", "Kelompok marjinal: warga miskin, tunawisma, pekerja informal dan sejenisnya."),
    ("Komunitas", "Komunitas hobi, profesi, seni budaya dan kelompok masyarakat lainnya."),
    ("Keagamaan", "Pemilih yang dijangkau melalui organisasi dan lembaga keagamaan."),
    ("Warganet", "Pengguna internet dan media sosial."),
    ("Relawan Demokrasi", "Relawan mitra KPU yang menyosialisasikan pemilu kepada basisnya."),
)

# (name, mode, description). The two "Lainnya" carry their mode in the name
# because method names are unique.
METHODS: tuple[tuple[str, MethodMode, str], ...] = (
    ("Forum warga", MethodMode.LANGSUNG, "Pertemuan warga di desa, dusun atau RT/RW."),
    ("Diskusi", MethodMode.LANGSUNG, "Diskusi kelompok terarah atau diskusi publik."),
    ("Seminar", MethodMode.LANGSUNG, "Paparan narasumber di depan peserta."),
    ("Lokakarya", MethodMode.LANGSUNG, "Pertemuan kerja yang menghasilkan rumusan bersama."),
    ("Pelatihan", MethodMode.LANGSUNG, "Bimbingan teknis, misalnya bagi relawan demokrasi."),
    ("Ceramah", MethodMode.LANGSUNG, "Penyampaian materi, misalnya dalam pengajian."),
    ("Simulasi", MethodMode.LANGSUNG, "Simulasi pemungutan dan penghitungan suara."),
    ("Gelar wicara", MethodMode.LANGSUNG, "Talk show di hadapan peserta."),
    (
        "Budaya lokal/tradisional",
        MethodMode.LANGSUNG,
        "Pesan pemilu lewat kesenian setempat, misalnya barongan atau wayang.",
    ),
    ("Tatap muka", MethodMode.LANGSUNG, "Pertemuan langsung dengan kelompok sasaran."),
    ("Lainnya (langsung)", MethodMode.LANGSUNG, "Metode langsung lain."),
    ("Media cetak", MethodMode.TIDAK_LANGSUNG, "Surat kabar, majalah, buletin."),
    ("Media elektronik", MethodMode.TIDAK_LANGSUNG, "Radio dan televisi."),
    ("Media online", MethodMode.TIDAK_LANGSUNG, "Portal berita daring."),
    ("Media daring", MethodMode.TIDAK_LANGSUNG, "Situs web, pertemuan virtual, surel."),
    ("Media sosial", MethodMode.TIDAK_LANGSUNG, "Instagram, Facebook, TikTok, YouTube, WhatsApp."),
    ("Media luar ruang", MethodMode.TIDAK_LANGSUNG, "Baliho, spanduk, umbul-umbul, videotron."),
    ("Bahan sosialisasi", MethodMode.TIDAK_LANGSUNG, "Leaflet, brosur, stiker, poster."),
    ("Media kreatif", MethodMode.TIDAK_LANGSUNG, "Film pendek, lagu, lomba, konten kreatif."),
    ("Lainnya (tidak langsung)", MethodMode.TIDAK_LANGSUNG, "Metode tidak langsung lain."),
)

HOAKS = "Hoaks dan disinformasi"
PARTISIPASI_RENDAH = "Partisipasi rendah"
SUMBER_DAYA = "Keterbatasan sumber daya"
GEOGRAFIS = "Faktor geografis"
EKONOMI = "Faktor ekonomi"
GOLPUT = "Golput/apatisme"
SUARA_TIDAK_SAH = "Surat suara tidak sah tinggi"

CHALLENGES: tuple[tuple[str, str], ...] = (
    (HOAKS, "Informasi keliru tentang tahapan, peserta atau tata cara memilih."),
    (PARTISIPASI_RENDAH, "Tingkat partisipasi pemilih di bawah target atau rata-rata kabupaten."),
    (SUMBER_DAYA, "Anggaran, personel dan waktu sosialisasi terbatas."),
    (GEOGRAFIS, "Wilayah luas, hutan dan perbukitan, jarak ke TPS jauh."),
    (
        EKONOMI,
        "Pemilih bekerja di luar daerah (perantau) dan tidak pulang saat hari pemungutan suara.",
    ),
    (GOLPUT, "Pemilih enggan menggunakan hak pilih karena merasa tidak ada gunanya."),
    (SUARA_TIDAK_SAH, "Banyak surat suara tidak sah karena pemilih keliru mencoblos."),
)

STRATEGY_MEDIA = (
    "Pemberitaan melalui media sosial, cetak dan elektronik bersama seluruh pemangku kepentingan"
)
STRATEGY_SCHOOL = "KPU Goes to School"
STRATEGY_CAMPUS = "KPU Goes to Campus"
STRATEGY_PESANTREN = "KPU Goes to Pesantren"
STRATEGY_RELAWAN = "Relawan Demokrasi"
STRATEGY_DP3 = "Desa Peduli Pemilu dan Pemilihan (DP3)"
STRATEGY_RPP = "Rumah Pintar Pemilu"
STRATEGY_JEMPUT_BOLA = "Jemput bola ke daerah sulit dijangkau"
STRATEGY_PERANTAU = "Sosialisasi pemilih perantau pada hari pasaran dan masa mudik"
STRATEGY_SIMULASI = "Simulasi pemungutan suara untuk menekan suara tidak sah"
STRATEGY_INKLUSIF = "Sosialisasi inklusif bersama organisasi penyandang disabilitas"

# (name, description, challenges it answers)
STRATEGIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        STRATEGY_MEDIA,
        "Strategi yang disepakati dalam rapat kerja KPU Blora 27 Juli 2024: informasi pemilu "
        "disebarkan bersama pemangku kepentingan lewat semua saluran media.",
        (HOAKS, PARTISIPASI_RENDAH, SUMBER_DAYA),
    ),
    (
        STRATEGY_SCHOOL,
        "Sosialisasi dan simulasi di SMA/SMK/MA bagi pemilih pemula, bersama MKKS.",
        (PARTISIPASI_RENDAH, SUARA_TIDAK_SAH, HOAKS),
    ),
    (STRATEGY_CAMPUS, "Diskusi dan seminar bagi mahasiswa (pemilih muda).", (HOAKS, GOLPUT)),
    (
        STRATEGY_PESANTREN,
        "Sosialisasi bagi santri di pondok pesantren.",
        (PARTISIPASI_RENDAH, HOAKS),
    ),
    (
        STRATEGY_RELAWAN,
        "Relawan demokrasi menjangkau basis pemilih yang sulit dijangkau KPU sendiri.",
        (SUMBER_DAYA, PARTISIPASI_RENDAH, GEOGRAFIS),
    ),
    (
        STRATEGY_DP3,
        "Membentuk kader pemilu di desa yang menjadi rujukan warga tentang kepemiluan.",
        (PARTISIPASI_RENDAH, GOLPUT, HOAKS),
    ),
    (
        STRATEGY_RPP,
        "Pusat pendidikan pemilih di kantor KPU: kunjungan sekolah dan kelas kepemiluan.",
        (SUARA_TIDAK_SAH, PARTISIPASI_RENDAH),
    ),
    (
        STRATEGY_JEMPUT_BOLA,
        "Tim mendatangi dusun di kawasan hutan dan perbukitan yang jauh dari pusat kecamatan.",
        (GEOGRAFIS, PARTISIPASI_RENDAH),
    ),
    (
        STRATEGY_PERANTAU,
        "Menjangkau perantau dan keluarganya ketika pulang: hari pasaran, Lebaran, akhir tahun.",
        (EKONOMI, PARTISIPASI_RENDAH),
    ),
    (
        STRATEGY_SIMULASI,
        "Simulasi pencoblosan dan contoh surat suara agar pemilih tidak keliru mencoblos.",
        (SUARA_TIDAK_SAH,),
    ),
    (
        STRATEGY_INKLUSIF,
        "Sosialisasi dan simulasi aksesibel bersama organisasi penyandang disabilitas.",
        (PARTISIPASI_RENDAH,),
    ),
)


def seed_vocabulary(session: Session) -> None:
    """Add the default segments, methods, challenges and strategies that are missing.

    Matching is by name, so running it again adds nothing, and an entry the
    team retired (active = False) stays retired. Links between a strategy and
    its challenges are made only for strategies added now: a link the team
    removed from an existing strategy is their decision, not a gap.
    """
    segments = set(session.exec(select(Segment.name)).all())
    for order, (name, description) in enumerate(SEGMENTS, start=1):
        if name not in segments:
            session.add(Segment(name=name, description=description, sort_order=order))

    methods = set(session.exec(select(Method.name)).all())
    for name, mode, description in METHODS:
        if name not in methods:
            session.add(Method(name=name, mode=mode.value, description=description))

    challenges = set(session.exec(select(Challenge.name)).all())
    for name, description in CHALLENGES:
        if name not in challenges:
            session.add(Challenge(name=name, description=description))

    strategies = set(session.exec(select(Strategy.name)).all())
    added: list[tuple[Strategy, tuple[str, ...]]] = []
    for name, description, answers in STRATEGIES:
        if name not in strategies:
            strategy = Strategy(name=name, description=description)
            session.add(strategy)
            added.append((strategy, answers))
    session.flush()

    if added:
        ids = challenge_ids(session)
        for strategy, answers in added:
            assert strategy.id is not None
            for challenge in answers:
                if challenge in ids:
                    link = StrategyChallenge(strategy_id=strategy.id, challenge_id=ids[challenge])
                    session.add(link)
        session.flush()


def segment_ids(session: Session) -> dict[str, int]:
    rows = session.exec(select(Segment.name, Segment.id)).all()
    return {name: id_ for name, id_ in rows if id_ is not None}


def method_ids(session: Session) -> dict[str, int]:
    rows = session.exec(select(Method.name, Method.id)).all()
    return {name: id_ for name, id_ in rows if id_ is not None}


def challenge_ids(session: Session) -> dict[str, int]:
    rows = session.exec(select(Challenge.name, Challenge.id)).all()
    return {name: id_ for name, id_ in rows if id_ is not None}


def strategy_ids(session: Session) -> dict[str, int]:
    rows = session.exec(select(Strategy.name, Strategy.id)).all()
    return {name: id_ for name, id_ in rows if id_ is not None}
