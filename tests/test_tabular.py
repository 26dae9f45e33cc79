"""Reading CSV/TSV files, their numbers and headers, and region and turnout rows."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from planner.errors import ImportProblem
from planner.i18n import set_language
from planner.importers.fields import (
    REGION_SYNONYMS,
    TURNOUT_SYNONYMS,
    RegionRecord,
    TurnoutRecord,
    read_region_rows,
    read_turnout_rows,
)
from planner.importers.tabular import (
    Row,
    Table,
    detect_delimiter,
    map_headers,
    normalize_header,
    parse_count,
    parse_percent,
    read_table,
    table_from_records,
)


@pytest.fixture(autouse=True)
def _english(_isolate: None) -> None:
    # Assertions read the English message ids, whatever catalogs are compiled.
    set_language("en")


def write(tmp_path: Path, text: str, *, name: str = "data.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def problem(path: Path, *, row: int | None, column: str | None = None) -> ImportProblem:
    """Read `path` as a turnout file and return the ImportProblem it must raise."""
    with pytest.raises(ImportProblem) as info:
        read_turnout_rows(read_table(path))
    return checked(info.value, path, row=row, column=column)


def checked(
    exc: ImportProblem, path: Path, *, row: int | None, column: str | None = None
) -> ImportProblem:
    message = str(exc)
    assert exc.path == str(path)
    assert message.startswith(str(path))
    assert exc.row == row
    if row is not None:
        assert f"row {row}" in message
    assert exc.column == column
    if column is not None:
        assert f"column '{column}'" in message
    return exc


# ---------------------------------------------------------------------------
# Encodings and delimiters


REGIONS = "kode,nama\n11.01.02.2018,Pasi Kuala Ba’u\n11.01.07.2015,Sawang Ba'u\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_reads_every_encoding_excel_writes(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path, REGIONS, encoding=encoding)
    table = read_table(path)
    assert table.headers == ["kode", "nama"]
    assert [r.values["nama"] for r in table.rows] == ["Pasi Kuala Ba’u", "Sawang Ba'u"]


def test_bytes_invalid_as_utf8_are_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.csv"
    path.write_bytes(b"kode,nama\n11.01.02.2018,Pasi Kuala Ba\x92u\n")
    assert read_table(path).rows[0].values["nama"] == "Pasi Kuala Ba’u"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_detects_the_delimiter(tmp_path: Path, delimiter: str) -> None:
    lines = [["Kode", "Nama", "DPT"], ["3316062001", "Sambong, Desa", "22.549"]]
    text = "\n".join(
        delimiter.join(f'"{c}"' if delimiter in c or "," in c else c for c in line)
        for line in lines
    )
    table = read_table(write(tmp_path, text + "\n", name="data.txt"))
    assert table.headers == ["Kode", "Nama", "DPT"]
    assert table.rows[0].values == {"Kode": "3316062001", "Nama": "Sambong, Desa", "DPT": "22.549"}


def test_delimiters_inside_quoted_headers_do_not_count() -> None:
    assert detect_delimiter('"Kode, wilayah";"Nama, desa";DPT') == ";"
    assert detect_delimiter("kode,nama;x,y") == ","
    assert detect_delimiter("kode") == ","
    assert detect_delimiter("a;b\tc") == "\t"


def test_excel_sep_line_names_the_delimiter(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "sep=;\nkode;nama\n33;Jawa Tengah\n"))
    assert table.header_line == 2
    assert table.rows == [Row(3, {"kode": "33", "nama": "Jawa Tengah"})]


def test_strips_cells_skips_blank_lines_and_keeps_line_numbers(tmp_path: Path) -> None:
    text = (
        "\r\n"
        "  kode ,  nama  ,\r\n"
        "33 , Jawa Tengah ,\r\n"
        "\r\n"
        " , ,\r\n"
        '33.16,"Blora\r\nkota"\r\n'
        "33.16.06,\u00a0Sambong\u00a0\r\n"
    )
    table = read_table(write(tmp_path, text))
    assert table.header_line == 2
    assert table.headers == ["kode", "nama"]
    assert [(r.line, r.values) for r in table.rows] == [
        (3, {"kode": "33", "nama": "Jawa Tengah"}),
        (6, {"kode": "33.16", "nama": "Blora\r\nkota"}),
        (8, {"kode": "33.16.06", "nama": "Sambong"}),
    ]


def test_short_rows_are_padded_with_blanks(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "kode,nama,dpt\n33\n"))
    assert table.rows[0].values == {"kode": "33", "nama": "", "dpt": ""}


def test_a_blank_column_without_header_is_ignored(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "kode,,nama\n33,,Jawa Tengah\n"))
    assert table.headers == ["kode", "nama"]
    assert table.rows[0].values == {"kode": "33", "nama": "Jawa Tengah"}


def test_xlsx_seam_builds_the_same_table() -> None:
    # What a spreadsheet reader would hand over: sheet rows and their cell texts.
    table = table_from_records(Path("x.xlsx"), [(1, ["Kode", "DPT"]), (2, [" 33 ", "5"])])
    assert table == Table(Path("x.xlsx"), ["Kode", "DPT"], [Row(2, {"Kode": "33", "DPT": "5"})])


# ---------------------------------------------------------------------------
# Files that cannot be read


@pytest.mark.parametrize("text", ["", "\n\n  \n", ",,\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ImportProblem, match="empty") as info:
        read_table(path)
    checked(info.value, path, row=None)


def test_header_without_rows(tmp_path: Path) -> None:
    path = write(tmp_path, "\nkode,nama\n\n")
    with pytest.raises(ImportProblem, match="no data rows") as info:
        read_table(path)
    checked(info.value, path, row=2)


def test_too_many_cells(tmp_path: Path) -> None:
    path = write(tmp_path, "kode,nama\n33,Jawa Tengah\n\n33.16,Blora,Jawa Tengah\n")
    with pytest.raises(ImportProblem, match="3 values but the header names only 2") as info:
        read_table(path)
    checked(info.value, path, row=4)


def test_trailing_delimiters_are_not_too_many_cells(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "kode,nama\n33,Jawa Tengah,,\n"))
    assert table.rows[0].values == {"kode": "33", "nama": "Jawa Tengah"}


def test_value_under_a_missing_header(tmp_path: Path) -> None:
    path = write(tmp_path, "kode,,nama\n33,x,Jawa Tengah\n")
    with pytest.raises(ImportProblem, match="column 2, which has no header") as info:
        read_table(path)
    checked(info.value, path, row=2)


def test_duplicate_header(tmp_path: Path) -> None:
    path = write(tmp_path, "kode,nama,kode\n33,Jawa Tengah,33\n")
    with pytest.raises(ImportProblem, match="columns 1 and 3") as info:
        read_table(path)
    checked(info.value, path, row=1, column="kode")


def test_broken_quotes(tmp_path: Path) -> None:
    path = write(tmp_path, 'kode,nama\n33,Jawa Tengah\n33.16,"Blora\n')
    with pytest.raises(ImportProblem, match="quotes") as info:
        read_table(path)
    checked(info.value, path, row=3)


def test_binary_missing_and_spreadsheet_files(tmp_path: Path) -> None:
    binary = tmp_path / "book.csv"
    binary.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(ImportProblem, match="not a text file"):
        read_table(binary)
    with pytest.raises(ImportProblem, match="does not exist"):
        read_table(tmp_path / "missing.csv")
    with pytest.raises(ImportProblem, match="save the sheet as CSV"):
        read_table(tmp_path / "book.xls")
    with pytest.raises(ImportProblem, match="does not exist"):
        read_table(tmp_path / "book.xlsx")


# ---------------------------------------------------------------------------
# Numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("22549", 22549),
        ("22.549", 22549),
        ("22,549", 22549),
        ("1.234.567", 1234567),
        ("1,234,567", 1234567),
        ("22 549", 22549),
        ("22\u00a0549", 22549),
        (" 0 ", 0),
        ("1.000", 1000),
        ("22549.0", 22549),
        ("22549,00", 22549),
        ("", None),
        ("  ", None),
        ("-", None),
    ],
)
def test_parse_count_accepts(text: str, expected: int | None) -> None:
    assert parse_count(text, path="f.csv", line=2, column="DPT") == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("abc", "not a number"),
        ("12.5", "not a whole number"),
        ("12,5", "not a whole number"),
        ("1.2345", "not a whole number"),
        ("22.54", "not a whole number"),
        ("1.234,567", "not a number"),
        ("1.234 567", "not a number"),
        ("12a", "not a number"),
        ("-5", "negative"),
        ("-1.234", "negative"),
    ],
)
def test_parse_count_refuses(text: str, fragment: str) -> None:
    with pytest.raises(ImportProblem, match=fragment) as info:
        parse_count(text, path="f.csv", line=7, column="DPT")
    checked(info.value, Path("f.csv"), row=7, column="DPT")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("77,47", 77.47),
        ("77.47", 77.47),
        ("77,47%", 77.47),
        ("77.47 %", 77.47),
        ("83", 83.0),
        ("", None),
        ("-", None),
    ],
)
def test_parse_percent_accepts(text: str, expected: float | None) -> None:
    assert parse_percent(text, path="f.csv", line=2, column="Partisipasi") == expected


@pytest.mark.parametrize(
    ("text", "fragment"), [("tinggi", "not a percentage"), ("-3%", "negative")]
)
def test_parse_percent_refuses(text: str, fragment: str) -> None:
    with pytest.raises(ImportProblem, match=fragment) as info:
        parse_percent(text, path="f.csv", line=4, column="Partisipasi")
    checked(info.value, Path("f.csv"), row=4, column="Partisipasi")


# ---------------------------------------------------------------------------
# Headers


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Jumlah_DPT (L+P)", "jumlah dpt l p"),
        ("  Kode   Wilayah ", "kode wilayah"),
        ("PEMILIH_DPT_J", "pemilih dpt j"),
        ("Pérempuan", "perempuan"),
        ("No. TPS", "no tps"),
        ("DPT Laki-laki", "dpt laki laki"),
    ],
)
def test_normalize_header(header: str, expected: str) -> None:
    assert normalize_header(header) == expected


def test_no_synonym_means_two_fields() -> None:
    for synonyms in (TURNOUT_SYNONYMS, REGION_SYNONYMS):
        forms = Counter(
            form for names in synonyms.values() for form in {normalize_header(n) for n in names}
        )
        assert [form for form, n in forms.items() if n > 1] == []


def test_map_headers_in_any_order_and_language() -> None:
    headers = ["DPT", "Nama Desa", "Kode_TPS", "Pengguna Hak Pilih", "Suara Sah"]
    assert map_headers(headers, TURNOUT_SYNONYMS, required=("code", "dpt"), path="f.csv") == {
        "code": "Kode_TPS",
        "name": "Nama Desa",
        "dpt": "DPT",
        "voters": "Pengguna Hak Pilih",
        "valid": "Suara Sah",
    }
    english = ["valid ballots", "Registered Voters", "Region Code", "Total Voters"]
    assert map_headers(english, TURNOUT_SYNONYMS, required=("code", "dpt"), path="f.csv") == {
        "code": "Region Code",
        "dpt": "Registered Voters",
        "voters": "Total Voters",
        "valid": "valid ballots",
    }


def test_map_headers_prefers_the_earlier_synonym() -> None:
    headers = ["Kecamatan", "Desa", "Kode Kecamatan", "Kode Desa", "DPT"]
    mapping = map_headers(headers, TURNOUT_SYNONYMS, required=("code",), path="f.csv")
    assert (mapping["code"], mapping["name"]) == ("Kode Desa", "Desa")


def test_explicit_map_wins() -> None:
    headers = ["Kode", "Jml Pemilih", "DPT"]
    mapping = map_headers(
        headers,
        TURNOUT_SYNONYMS,
        required=("code", "dpt"),
        path="f.csv",
        explicit={"jml pemilih": "dpt", "DPT": "dptb"},
    )
    assert mapping == {"code": "Kode", "dpt": "Jml Pemilih", "dptb": "DPT"}


def test_missing_required_field_lists_the_headers() -> None:
    with pytest.raises(ImportProblem) as info:
        map_headers(["Kode", "Nama"], TURNOUT_SYNONYMS, required=("code", "dpt"), path="f.csv")
    checked(info.value, Path("f.csv"), row=1)
    assert "'dpt'" in info.value.message
    assert "'Kode', 'Nama'" in info.value.message


def test_explicit_map_mistakes() -> None:
    with pytest.raises(ImportProblem, match="unknown field 'pemilih'"):
        map_headers(
            ["Kode"], TURNOUT_SYNONYMS, required=(), path="f.csv", explicit={"Kode": "pemilih"}
        )
    with pytest.raises(ImportProblem, match="'Jumlah', which is not one column"):
        map_headers(
            ["Kode"], TURNOUT_SYNONYMS, required=(), path="f.csv", explicit={"Jumlah": "dpt"}
        )


def test_two_columns_for_one_field_are_refused() -> None:
    with pytest.raises(ImportProblem, match="could both be 'dpt'") as info:
        map_headers(["DPT", "dpt "], TURNOUT_SYNONYMS, required=(), path="f.csv")
    checked(info.value, Path("f.csv"), row=1, column="dpt ")


# ---------------------------------------------------------------------------
# Turnout rows


def test_turnout_per_tps_with_indonesian_headers(tmp_path: Path) -> None:
    text = (
        "Suara Tidak Sah;Suara Sah;Pengguna Hak Pilih;DPT;Kode TPS;Nama Desa;DPT L;DPT P\n"
        "5;228;233;292;3316062001001;Sambong;147;145\n"
        "0;100;100;22.549;3316062001002;Sambong;;\n"
    )
    records = read_turnout_rows(read_table(write(tmp_path, text)))
    assert records[0] == TurnoutRecord(
        line=2, code="33.16.06.2001", tps=1, name="Sambong", dpt=292, dptb=None, dpk=None,
        voters_dpt=None, voters_dptb=None, voters_dpk=None, voters=233, valid=228, invalid=5,
        dpt_men=147, dpt_women=145, voters_men=None, voters_women=None,
    )  # fmt: skip
    assert (records[1].line, records[1].tps, records[1].dpt, records[1].dpt_men) == (
        3, 2, 22549, None
    )  # fmt: skip


def test_turnout_with_sirekap_keys_sums_the_voter_parts(tmp_path: Path) -> None:
    text = (
        "kode_tps,pemilih_dpt_j,pemilih_dpt_l,pemilih_dpt_p,pengguna_dpt_j,pengguna_dptb_j,"
        "pengguna_non_dpt_j,pengguna_total_l,pengguna_total_p,suara_sah,suara_tidak_sah\n"
        "3101011001001,292,147,145,290,1,2,150,143,288,5\n"
    )
    [record] = read_turnout_rows(read_table(write(tmp_path, text)))
    assert (record.code, record.tps, record.voters) == ("31.01.01.1001", 1, 293)
    assert (record.voters_dpt, record.voters_dptb, record.voters_dpk) == (290, 1, 2)


def test_turnout_with_english_headers_and_a_tps_column(tmp_path: Path) -> None:
    text = (
        "Voters\tTPS\tRegistered voters\tRegion code\tDPTb\tDPK\n"
        "80\tTPS 003\t100\t33.16.06.2001\t\t\n"
        "99\t\t95\t3316062002\t3\t2\n"
    )
    records = read_turnout_rows(read_table(write(tmp_path, text, name="turnout.tsv")))
    assert [(r.code, r.tps, r.dpt, r.dptb, r.dpk, r.voters) for r in records] == [
        ("33.16.06.2001", 3, 100, None, None, 80),
        ("33.16.06.2002", None, 95, 3, 2, 99),
    ]


def test_turnout_per_kecamatan_with_explicit_map(tmp_path: Path) -> None:
    path = write(tmp_path, 'Kode,Kecamatan,Jml Pemilih,Hadir\n33.16.06,Sambong,"22,549",18000\n')
    [record] = read_turnout_rows(
        read_table(path), explicit_map={"Jml Pemilih": "dpt", "Hadir": "voters"}
    )
    assert (record.code, record.name, record.dpt, record.voters) == (
        "33.16.06", "Sambong", 22549, 18000
    )  # fmt: skip


def test_turnout_missing_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "kode,nama,pengguna hak pilih\n33.16,Blora,5\n")
    exc = problem(path, row=1)
    assert "'dpt'" in exc.message and "'kode', 'nama', 'pengguna hak pilih'" in exc.message
    path = write(tmp_path, "kode,dpt\n33.16,5\n")
    assert "'voters'" in problem(path, row=1).message


def test_text_in_a_number_column(tmp_path: Path) -> None:
    path = write(tmp_path, "kode,dpt,pengguna hak pilih\n33.16,700995,544183\n33.16.06,banyak,5\n")
    assert "'banyak' is not a number" in problem(path, row=3, column="dpt").message


def test_decimal_in_a_count_column(tmp_path: Path) -> None:
    path = write(tmp_path, "kode;dpt;pengguna hak pilih\n33.16;700995;77,5\n")
    problem(path, row=2, column="pengguna hak pilih")


def test_a_tps_twice_names_both_rows(tmp_path: Path) -> None:
    text = (
        "kode tps,dpt,pengguna hak pilih\n"
        "3316062001001,100,80\n"
        "3316062001002,100,80\n"
        "\n"
        "33.16.06.2001.001,100,80\n"
    )
    exc = problem(write(tmp_path, text), row=5, column="kode tps")
    assert "33.16.06.2001 TPS 001" in exc.message and "rows 2 and 5" in exc.message


def test_same_desa_code_twice(tmp_path: Path) -> None:
    text = "kode,dpt,pengguna hak pilih\n3316062001,100,80\n33.16.06.2001,100,80\n"
    assert "rows 2 and 3" in problem(write(tmp_path, text), row=3, column="kode").message


def test_impossible_code(tmp_path: Path) -> None:
    text = "kode,dpt,pengguna hak pilih\n33.16.06.2001,100,80\n33.16.6,100,80\n"
    assert "'33.16.6'" in problem(write(tmp_path, text), row=3, column="kode").message


def test_empty_code(tmp_path: Path) -> None:
    text = "kode,nama,dpt,pengguna hak pilih\n33.16.06,Sambong,100,80\n,Jumlah,100,80\n"
    assert "total row" in problem(write(tmp_path, text), row=3, column="kode").message


def test_tps_needs_a_desa_code(tmp_path: Path) -> None:
    text = "kode,tps,dpt,pengguna hak pilih\n33.16.06,1,100,80\n"
    assert "kecamatan" in problem(write(tmp_path, text), row=2, column="kode").message


def test_tps_column_disagreeing_with_the_code(tmp_path: Path) -> None:
    text = "kode,tps,dpt,pengguna hak pilih\n3316062001001,2,100,80\n"
    problem(write(tmp_path, text), row=2, column="tps")
    text = "kode,tps,dpt,pengguna hak pilih\n3316062001,nol,100,80\n"
    problem(write(tmp_path, text), row=2, column="tps")


def test_more_voters_than_registered(tmp_path: Path) -> None:
    text = "kode,dpt,dptb,dpk,pengguna hak pilih\n33.16,100,2,1,103\n33.16.06,100,2,1,104\n"
    exc = problem(write(tmp_path, text), row=3, column="pengguna hak pilih")
    assert "104" in exc.message and "103" in exc.message


def test_men_and_women_must_add_up_to_the_dpt(tmp_path: Path) -> None:
    text = "kode,dpt,dpt l,dpt p,pengguna hak pilih\n33.16,292,147,146,200\n"
    problem(write(tmp_path, text), row=2, column="dpt")


def test_men_and_women_voters_must_add_up(tmp_path: Path) -> None:
    text = (
        "kode,dpt,pengguna hak pilih,pengguna laki-laki,pengguna perempuan\n33.16,292,200,100,99\n"
    )
    problem(write(tmp_path, text), row=2, column="pengguna hak pilih")


def test_more_ballots_than_voters(tmp_path: Path) -> None:
    text = "kode,dpt,pengguna hak pilih,suara sah,suara tidak sah\n33.16,292,200,190,11\n"
    problem(write(tmp_path, text), row=2, column="suara sah")


def test_no_voters_on_a_row(tmp_path: Path) -> None:
    text = "kode,dpt,pengguna hak pilih\n33.16,292,\n"
    problem(write(tmp_path, text), row=2, column="pengguna hak pilih")


# ---------------------------------------------------------------------------
# Region rows


def test_region_rows_keep_apostrophes_and_find_parents(tmp_path: Path) -> None:
    path = tmp_path / "wilayah.csv"
    path.write_bytes("kode;nama\n11.01.02;Samadua\n1101022018;Pasi Kuala Ba’u\n".encode("cp1252"))
    assert read_region_rows(read_table(path)) == [
        RegionRecord(2, "11.01.02", "Samadua", "kecamatan", "11.01"),
        RegionRecord(3, "11.01.02.2018", "Pasi Kuala Ba’u", "desa", "11.01.02"),
    ]


def test_region_duplicate_names_both_rows(tmp_path: Path) -> None:
    path = write(tmp_path, "kode,nama\n33.16,Blora\n33,Jawa Tengah\n3316,Blora lagi\n")
    with pytest.raises(ImportProblem, match=r"33\.16 appears twice, on rows 2 and 4") as info:
        read_region_rows(read_table(path))
    checked(info.value, path, row=4, column="kode")


def test_region_refusals_name_row_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "kode,nama\n33,Jawa Tengah\n33.16.6,Sambong\n")
    with pytest.raises(ImportProblem) as info:
        read_region_rows(read_table(path))
    checked(info.value, path, row=3, column="kode")
    path = write(tmp_path, "kode,nama\n33,\n")
    with pytest.raises(ImportProblem, match="name is empty") as info:
        read_region_rows(read_table(path))
    checked(info.value, path, row=2, column="nama")


def test_the_real_kepmendagri_list(shared_data: Path) -> None:
    path = shared_data / "wilayah_kepmendagri_2025.csv"
    started = time.perf_counter()
    records = read_region_rows(read_table(path))
    elapsed = time.perf_counter() - started
    assert len(records) == 91_599
    assert Counter(r.level for r in records) == {
        "provinsi": 38, "kabupaten": 514, "kecamatan": 7285, "desa": 83_762
    }  # fmt: skip
    blora = [r for r in records if r.code == "33.16" or r.code.startswith("33.16.")]
    assert len(blora) == 312
    by_code = {r.code: r for r in records}
    assert by_code["11.01.02.2018"].name == "Pasi Kuala Ba'u"
    assert by_code["12.07.28.1007"].name == "Lubuk Pakam I,II"
    assert records[-1].line == 91_600
    assert elapsed < 3.0, f"reading the region list took {elapsed:.2f}s"


def test_sirekap_voters_above_dpt_plus_their_own_dptb_and_dpk(tmp_path: Path) -> None:
    text = "kode_tps,pemilih_dpt_j,pengguna_dpt_j,pengguna_dptb_j,pengguna_non_dpt_j\n"
    text += "3101011001001,292,300,1,2\n"
    problem(write(tmp_path, text), row=2, column="pengguna_dpt_j")
