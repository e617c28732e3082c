import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import toolkit
from toolkit.errors import DataError, DataWarning
from toolkit.names import _fold


def test_bundled_results_load_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        frame = toolkit.read_results(toolkit.bundled_results())
    assert len(frame) == 523
    assert frame["source_url"].notna().all()  # every row keeps its source address
    assert set(frame["level"]) == {"unit", "pemda", "instansi", "vertical"}
    assert not (frame["unit_type"] == "other").any()  # every unit name of 2021-2025 has a type
    provenance = frame.attrs["provenance"]
    assert provenance["file"] == "results.csv" and len(provenance["sha256"]) == 64


def test_indonesian_headers_decimal_comma_whitespace_and_case(good_rows):
    frame = toolkit.read_results(good_rows)
    assert list(frame["score"]) == [62.62, 62.72, 73.02]
    assert list(frame["level"]) == ["unit", "unit", "pemda"]
    assert list(frame["region"]) == ["Kabupaten Bekasi"] * 3
    assert list(frame["region_as_written"]) == ["Kab. Bekasi"] * 3
    assert list(frame["unit_type"].fillna("-")) == ["education", "social", "-"]


def test_messy_csv_semicolons_and_spaces(tmp_path):
    path = tmp_path / "hasil.csv"
    path.write_text("  TAHUN ; Wilayah ;Unit Layanan; Nilai Akhir \n2022; kab.  bekasi ;  Disdukcapil ; 77,45 \n")
    frame = toolkit.read_results(path)
    assert frame.loc[0, "score"] == 77.45
    assert frame.loc[0, "region"] == "Kabupaten bekasi"
    assert frame.loc[0, "unit"] == "Disdukcapil"
    assert frame.loc[0, "unit_type"] == "civil_registration"
    assert frame.loc[0, "source_row"] == 2


@pytest.mark.parametrize("suffix", [".xlsx", ".parquet"])
def test_xlsx_and_parquet(tmp_path, good_rows, suffix):
    path = tmp_path / f"hasil{suffix}"
    if suffix == ".xlsx":
        good_rows.to_excel(path, index=False)
    else:
        good_rows.to_parquet(path)
    frame = toolkit.read_results(path)
    assert list(frame["score"]) == [62.62, 62.72, 73.02]
    assert frame.attrs["provenance"]["file"] == path.name


def test_names_kept_as_written_and_canonicalised():
    frame = toolkit.read_results(
        pd.DataFrame(
            {
                "year": [2022] * 6,
                "region": ["Pemkab Bekasi"] * 6,
                "unit": [
                    "Dukcapil",
                    "DPMPTSP Kabupaten Bekasi",
                    "Disdikbud",
                    "Dinkes",
                    "UPT Puskesmas Cibatu",
                    "PKM Sukatani",
                ],
                "score": [70] * 6,
            }
        )
    )
    assert next(iter(frame["unit"])) == "Dukcapil"
    assert list(frame["unit_type"]) == [
        "civil_registration",
        "investment_licensing",
        "education",
        "health",
        "primary_care",
        "primary_care",
    ]


def test_unknown_unit_is_other_with_a_warning():
    rows = pd.DataFrame({"year": [2022], "region": ["Kota X"], "unit": ["Dinas Perhubungan"], "score": [70]})
    with pytest.warns(DataWarning, match="Dinas Perhubungan"):
        frame = toolkit.read_results(rows)
    assert frame.loc[0, "unit_type"] == "other"


def _problems(source):
    with pytest.raises(DataError) as err:
        toolkit.read_results(source)
    return err.value


def _csv(tmp_path, text):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    return path


HEADER = "year,region,unit,score\n"


@pytest.mark.parametrize(
    ("body", "row", "column", "message"),
    [
        ("2022,Kota X,Dinkes,\n", 2, "score", "score is missing"),
        ("2022,Kota X,Dinkes,7x\n", 2, "score", "score is not a number"),
        ("2022,Kota X,Dinkes,100.5\n", 2, "score", "outside the ombudsman-2022 scale 0-100"),
        ("2013,Kota X,Dinkes,1000.5\n", 2, "score", "outside the ombudsman-2013 scale 0-1000"),
        ("2022,Kota X,Dinkes,-1\n", 2, "score", "outside"),
        (",Kota X,Dinkes,70\n", 2, "year", "year is missing"),
        ("dua ribu,Kota X,Dinkes,70\n", 2, "year", "year is not a whole number"),
        ("2022.5,Kota X,Dinkes,70\n", 2, "year", "year is not a whole number"),
        ("2020,Kota X,Dinkes,70\n", 2, "year", "no assessment scheme for year 2020"),
        ("2011,Kota X,Dinkes,70\n", 2, "year", "no assessment scheme for year 2011"),
        ("2022,,Dinkes,70\n", 2, "region", "region is missing"),
        ("2022,Kota X,Dinkes,70\n2022,Kota X,Dinas Kesehatan,71\n", 3, "unit", "duplicate of row 2"),
        ("2022,Kota X,,70\n2022,kota x,,71\n", 3, "unit", "duplicate of row 2"),
    ],
)
def test_each_bad_value_names_file_row_and_column(tmp_path, body, row, column, message):
    path = _csv(tmp_path, HEADER + "2022,Kota Y,Dinsos,70\n".replace("2022,Kota Y", "2022,Kota Y") * 0 + body)
    err = _problems(path)
    assert err.total == 1
    problem = err.problems[0]
    assert (problem.row, problem.column) == (row, column)
    assert message in problem.message
    text = str(err)
    assert str(path) in text and f"row {row}" in text and f"column '{column}'" in text


def test_bad_level(tmp_path):
    err = _problems(_csv(tmp_path, "tahun,pemda,opd,nilai,tingkat\n2022,Kota X,Dinkes,70,kecamatan\n"))
    assert (err.problems[0].row, err.problems[0].column) == (2, "tingkat")
    err = _problems(_csv(tmp_path, "tahun,pemda,opd,nilai,tingkat\n2022,Kota X,,70,unit\n"))
    assert "needs a unit name" in str(err)


def test_missing_required_columns(tmp_path):
    err = _problems(_csv(tmp_path, "tahun,opd\n2022,Dinkes\n"))
    assert {p.column for p in err.problems} == {"region", "score"}
    assert "accepted headers" in str(err)


def test_two_columns_with_one_meaning(tmp_path):
    err = _problems(_csv(tmp_path, "tahun,year,pemda,nilai\n2022,2022,Kota X,70\n"))
    assert "two columns mean 'year'" in str(err)


def test_every_problem_is_listed_at_once(tmp_path):
    err = _problems(_csv(tmp_path, HEADER + "2022,Kota X,Dinkes,abc\n2020,Kota X,Dinsos,70\n2022,Kota X,Disdik,101\n"))
    assert err.total == 3
    assert [(p.row, p.column) for p in err.problems] == [(3, "year"), (2, "score"), (4, "score")]


def test_many_problems_are_counted_and_capped_in_message():
    rows = pd.DataFrame({"year": [2022] * 300, "region": [f"Kota {i}" for i in range(300)], "score": ["x"] * 300})
    err = _problems(rows)
    assert err.total == 300 and "and 250 more" in str(err)
    assert err.problems[0].row == 0  # DataFrame sources name the index label


def test_file_errors(tmp_path):
    assert "file not found" in str(_problems(tmp_path / "nope.csv"))
    (tmp_path / "x.json").write_text("{}")
    assert "unknown file type" in str(_problems(tmp_path / "x.json"))
    (tmp_path / "empty.csv").write_text("")
    assert "empty" in str(_problems(tmp_path / "empty.csv"))


def test_no_row_is_dropped(good_rows):
    noisy = pd.concat([good_rows, good_rows.assign(Pemda="Kota Bekasi")], ignore_index=True)
    noisy["extra"] = range(len(noisy))
    with pytest.warns(toolkit.DataWarning, match="not recognised: 'extra'"):
        frame = toolkit.read_results(noisy)
    assert len(frame) == len(noisy)
    assert list(frame["extra"]) == list(range(len(noisy)))  # unknown columns are carried through


# -- property test: any table either loads and grades, or raises the toolkit's error ------------
cells = st.one_of(
    st.none(),
    st.integers(-5, 3000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        ["", " ", "73,02", "1.234,5", "2022", "Kab. Bekasi", "Disdik", "pemda", "unit", "-", "nan", "Kota X"]
    ),
    st.text(max_size=8),
)
headers = st.lists(
    st.sampled_from(
        ["tahun", "year", "pemda", "region", "opd", "unit", "nilai", "score", "level", "zona", "x", "Nilai "]
    ),
    min_size=0,
    max_size=6,
)


@st.composite
def tables(draw):
    columns = draw(headers)
    n = draw(st.integers(0, 6))
    data = {f"{c}": [draw(cells) for _ in range(n)] for c in columns}
    frame = pd.DataFrame(data, columns=list(dict.fromkeys(columns)))
    if draw(st.booleans()) and columns:
        frame = frame.astype(str)
    return frame


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_any_table_loads_and_grades_or_raises_data_error(frame):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        try:
            loaded = toolkit.read_results(frame)
        except DataError:
            return
    assert len(loaded) == len(frame)
    _names_derived_row_by_row(loaded)
    if len(loaded):
        graded = toolkit.grade(loaded["score"], loaded["year"].to_numpy())
        assert graded["zone"].notna().all()
        toolkit.score_table(loaded)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=20))
def test_round_trip_of_decimal_commas(values):
    text = [f"{v:.2f}".replace(".", ",") for v in values]
    frame = toolkit.read_results(
        pd.DataFrame({"year": 2022, "region": [f"Kota {i}" for i in range(len(values))], "score": text})
    )
    assert np.allclose(frame["score"], [float(f"{v:.2f}") for v in values])


def _names_derived_row_by_row(loaded: pd.DataFrame) -> None:
    """The loader works out names once per distinct value and spreads them by codes; every row
    must still hold what the name functions give for that row's own name."""
    from toolkit import names

    def same(a, b):
        return (pd.isna(a) and pd.isna(b)) or a == b

    for row in loaded.itertuples(index=False):
        written = row.region_as_written
        has_region = isinstance(written, str)
        assert same(row.region, names.canonical_region(written) if has_region else np.nan)
        assert row.region_key == (names.region_key(written) if has_region else "")
        if row.level == "instansi":
            assert row.region_type == "instansi"
        else:
            assert same(row.region_type, names.region_type(written) if has_region else np.nan)
        assert same(row.unit_type, names.unit_type(row.unit) if isinstance(row.unit, str) else np.nan)


@settings(max_examples=300, deadline=None)
@given(st.lists(cells, max_size=12))
@example([1, 1.0, True, " 1 ", None, float("nan"), "-"])  # equal to Python's hashing, not as written
def test_coded_text_is_clean_text_row_by_row(values):
    from toolkit.loading import Coded, clean_text

    series = pd.Series(values, dtype=object)
    coded = Coded.of(series)
    # the definition, cell by cell: whitespace collapsed; blank, "-", "nan", "none", "null" missing
    want = [
        " ".join(str(v).split()) if v is not None and not (isinstance(v, float) and np.isnan(v)) else "" for v in values
    ]
    want = [None if w == "" or w.casefold() in ("nan", "none", "null", "-") else w for w in want]
    assert [None if pd.isna(v) else v for v in clean_text(series).tolist()] == want
    got = coded.spread().tolist()
    assert [None if pd.isna(v) else v for v in got] == [None if pd.isna(v) else v for v in want]
    assert [coded.at(i) for i in range(len(values))] == [None if pd.isna(v) else v for v in want]
    assert coded.test(lambda v: v.startswith("K")).tolist() == [isinstance(v, str) and v.startswith("K") for v in want]
    assert len(coded.values) == len(set(coded.values))  # one entry per distinct cleaned text


_PREFIXES = [
    (r"^(?:pemerintah\s+kabupaten|pemkab|kabupaten|kab)\b\.?\s*", "Kabupaten "),
    (r"^(?:pemerintah\s+kota|pemkot|kota)\b\.?\s*", "Kota "),
    (r"^(?:pemerintah\s+provinsi|pemprov|provinsi|prov)\b\.?\s*", "Provinsi "),
]


def _reference_region_facts(name: str) -> tuple[str, str, str]:
    """region_facts as first written: each prefix pattern tried in turn (names.py now uses one
    combined pattern, and must agree)."""
    import re

    from toolkit.names import _fold
    from toolkit.schemes import load_catalogue

    official = {  # a province government is named by its province's official name
        _fold(written): entry["name"]
        for entry in load_catalogue("provinces")["provinces"]
        for written in (entry["name"], *entry["short"])
    }
    text = " ".join(name.split())
    canonical = text
    for pattern, prefix in _PREFIXES:
        match = re.match(pattern, text, re.I)
        if match and text[match.end() :]:
            rest = text[match.end() :]
            if prefix.startswith("Provinsi"):
                rest = official.get(re.sub(r"^(pemerintah provinsi|pemprov|provinsi|prov)\b\s*", "", _fold(rest)), rest)
            canonical = prefix + rest
            break
    first = canonical.split(" ", 1)[0].casefold()
    return canonical, _fold(canonical), first if first in ("kabupaten", "kota", "provinsi") else "other"


region_words = st.sampled_from(
    [
        "Kab",
        "Kab.",
        "KABUPATEN",
        "Pemkab",
        "pemerintah  kabupaten",
        "Kota",
        "Pemkot",
        "Pemerintah Kota",
        "Provinsi",
        "Prov.",
        "Pemprov",
        "Kotabaru",
        "Provinsial",
        "Bekasi",
        "DKI",
        ".",
        "-",
        "Ü",
        "ı",
        "ß",
        "\t",
    ]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(region_words, st.text(max_size=6)), min_size=1, max_size=4))
def test_region_facts_agree_with_the_pattern_by_pattern_reference(words):
    from toolkit.names import region_facts

    name = " ".join(words)
    assert region_facts(name) == _reference_region_facts(name)


def test_headers_indonesian_offices_use_for_units_and_unknown_columns_named():
    """#23: 'Tahun | Nama Pemda | Nama Perangkat Daerah | Nilai Kepatuhan' had its unit column
    ignored and the unit's 81,25 became the Pemda's score."""
    frame = pd.DataFrame(
        {
            "Tahun": [2023, 2023],
            "Nama Pemda": ["Kota X", "Kota X"],
            "Nama Perangkat Daerah": ["Dinas Sosial", "Dinas Pendidikan"],
            "Nilai Kepatuhan": ["81,25", "70"],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loaded = toolkit.read_results(frame)
    assert loaded["level"].tolist() == ["unit", "unit"] and loaded["score"].tolist() == [81.25, 70.0]
    for header in ("Unit Kerja", "SKPD", "Nama Unit Layanan", "Unit (Pelayanan)", "Satuan Kerja"):
        renamed = frame.rename(columns={"Nama Perangkat Daerah": header})
        assert toolkit.read_results(renamed)["unit"].tolist() == ["Dinas Sosial", "Dinas Pendidikan"], header
    with pytest.warns(DataWarning, match=r"not recognised: 'Bidang'"):
        toolkit.read_results(frame.rename(columns={"Nama Perangkat Daerah": "Bidang"}).iloc[:1])


def test_unit_scores_template_loads_once_filled():
    from toolkit.paths import data_dir

    for name in ("unit-scores-template.csv", "unit-scores-template.xlsx"):
        path = data_dir() / "templates" / name
        frame = pd.read_csv(path) if name.endswith(".csv") else pd.read_excel(path)
        frame["Nilai Kepatuhan"] = [70, 80, 75, 90, 85, 60, 65, 75]
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # every header recognised
            loaded = toolkit.read_results(frame)
        assert loaded["level"].tolist() == ["unit"] * 7 + ["pemda"]
        assert toolkit.summarise_region(loaded, "Kab. Contoh", 2024).score == 75.0


# -- property: a table written in any supported form reads back unchanged, no row dropped ---------
# Words in several scripts (Latin with accents, Cyrillic, Arabic, CJK): names are prefixed so
# that no cell reads as a number or as a blank marker ("nan", "-").
name_words = st.text(
    alphabet=st.sampled_from(list("abcxyzABÜéøıß") + list("жЖял") + list("مدينة") + list("東京都")),
    min_size=1,
    max_size=8,
)
written_forms = st.sampled_from(["csv", "csv;", "utf-16", "utf-8-sig", "cp1252", "xlsx", "parquet"])


def _write_table(frame: pd.DataFrame, path_base, form: str):
    if form == "xlsx":
        path = path_base.with_suffix(".xlsx")
        frame.to_excel(path, index=False)
    elif form == "parquet":
        path = path_base.with_suffix(".parquet")
        frame.to_parquet(path)
    else:
        path = path_base.with_suffix(".csv")
        sep, decimal = (";", ",") if form == "csv;" else (",", ".")
        encoding = {"csv": "utf-8", "csv;": "utf-8"}.get(form, form)
        frame.to_csv(path, index=False, sep=sep, decimal=decimal, encoding=encoding)
    return path


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    # names that differ by more than case and accents (those are one name by design)
    st.lists(st.tuples(name_words, st.integers(0, 10_000)), min_size=1, max_size=15, unique_by=lambda t: _fold(t[0])),
    st.lists(name_words, min_size=1, max_size=4, unique_by=_fold),
    written_forms,
    st.integers(2022, 2025),
)
def test_results_written_in_any_form_read_back_unchanged(tmp_path_factory, units, regions, form, year):
    if form == "cp1252":  # only names the encoding can hold
        units = [(u, s) for u, s in units if all(ch.encode("cp1252", "ignore") for ch in u)]
        regions = [r for r in regions if all(ch.encode("cp1252", "ignore") for ch in r)] or ["abc"]
        if not units:
            return
    rows = pd.DataFrame(
        {
            "Tahun": year,
            "Pemda": [f"Kota {regions[i % len(regions)]}" for i in range(len(units))],
            "Nama Unit Layanan": [f"UPT Puskesmas {u}" for u, _ in units],
            "Nilai": [s / 100 for _, s in units],  # two decimals, 0-100
        }
    )
    path = _write_table(rows, tmp_path_factory.mktemp("t") / "hasil", form)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing to warn of: every header known, every byte decoded
        loaded = toolkit.read_results(path)
    assert len(loaded) == len(rows)
    assert loaded["region_as_written"].tolist() == rows["Pemda"].tolist()
    assert loaded["unit"].tolist() == rows["Nama Unit Layanan"].tolist()
    assert np.allclose(loaded["score"], rows["Nilai"]) and (loaded["year"] == year).all()
    assert loaded["source_row"].tolist() == list(range(2, len(rows) + 2))
    # a different written region is a different key: nothing merges
    assert loaded.groupby("region_key")["region_as_written"].nunique().max() == 1
    assert loaded["region_key"].nunique() == min(len(regions), len(units))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(name_words, min_size=1, max_size=5, unique_by=_fold),
    st.sampled_from(["csv", "csv;", "xlsx", "parquet"]),
    st.integers(0, 2**32 - 1),
)
def test_detail_written_in_any_form_reads_back_unchanged(tmp_path_factory, units, form, seed):
    rng = np.random.default_rng(seed)
    dims = ["input", "proses", "output", "pengaduan"]
    rows = pd.DataFrame(
        [
            {
                "tahun": 2023,
                "pemda": "Kota Ж",
                "opd": f"UPT Puskesmas {u}",
                "dimensi": d,
                "nilai": rng.integers(0, 10_001) / 100,
            }
            for u in units
            for d in dims
        ]
    )
    path = _write_table(rows, tmp_path_factory.mktemp("d") / "detail", form)
    loaded = toolkit.read_detail(path)
    assert len(loaded) == len(rows)
    assert loaded["unit"].tolist() == rows["opd"].tolist() and loaded["dimension"].tolist() == rows["dimensi"].tolist()
    assert np.allclose(loaded["score"], rows["nilai"]) and set(loaded["region_key"]) == {"kota ж"}
