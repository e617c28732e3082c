"""Published data round 3: the 523-row file, province names, the 2025 instrument as the data show
it (the Lampung breakdown), the instruments as data, and computed Pemda scores marked computed."""

from __future__ import annotations

import math
import tomllib
import warnings
from pathlib import Path

import pandas as pd
import pytest

import toolkit
from toolkit import outputs
from toolkit.errors import DataWarning, SchemeError
from toolkit.names import canonical_province, canonical_region, provinces, region_key
from toolkit.request import resolve
from toolkit.schemes import SCHEME_DIR, indicator_catalogues, instrument_for, load_catalogue, load_scheme

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "published_results.csv"


# -- the file -----------------------------------------------------------------------------------
def test_bundled_file_counts_by_year_and_level(results):
    counts = results.groupby(["year", "level"]).size().unstack(fill_value=0)
    assert counts.loc[2025].to_dict() == {"instansi": 0, "pemda": 23, "unit": 29, "vertical": 11}
    assert counts.loc[2022].to_dict() == {"instansi": 1, "pemda": 104, "unit": 19, "vertical": 9}
    assert int(counts.to_numpy().sum()) == 523
    assert (results["source_url"].str.len() > 10).all()  # every row keeps its source (one is a citation, not a URL)


@pytest.mark.skipif(not SHARED.is_file(), reason="shared/ is not beside this checkout")
def test_bundled_file_is_the_shared_file_row_for_row():
    bundled = pd.read_csv(toolkit.bundled_results(), dtype=str, keep_default_na=False)
    shared = pd.read_csv(SHARED, dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(bundled, shared)


def test_new_unit_names_get_types(results):
    types = dict(zip(results["unit"].dropna(), results["unit_type"].dropna(), strict=False))
    assert types["Lapas Kelas IIA Yogyakarta"] == "prison"
    assert types["SMP Negeri 20 Depok"] == "school"
    assert types["RSUD Dr. H. Abdul Moeloek"] == "hospital"
    assert types["Kantor Pertanahan Kota Yogyakarta"] == "land_office"
    lapas = results[results["unit"] == "Lapas Kelas IIA Yogyakarta"].iloc[0]
    assert lapas["level"] == "vertical"  # a central-government office: never in the Pemda mean


# -- provinces ----------------------------------------------------------------------------------
def test_province_catalogue_is_complete_and_unambiguous():
    assert len(provinces()) == 38 == len(set(provinces()))
    seen: dict[str, str] = {}
    for entry in load_catalogue("provinces")["provinces"]:
        for written in (entry["name"], *entry["short"]):
            folded = " ".join(written.casefold().replace(".", " ").split())
            assert seen.setdefault(folded, entry["name"]) == entry["name"], written  # one meaning each


@pytest.mark.parametrize(
    ("written", "official"),
    [
        ("NTT", "Nusa Tenggara Timur"),
        ("ntb", "Nusa Tenggara Barat"),
        ("DIY", "Daerah Istimewa Yogyakarta"),
        ("DI Yogyakarta", "Daerah Istimewa Yogyakarta"),
        ("DKI", "DKI Jakarta"),
        ("Jabar", "Jawa Barat"),
        ("Jateng", "Jawa Tengah"),
        ("Jatim", "Jawa Timur"),
        ("Sumut", "Sumatera Utara"),
        ("Sumbar", "Sumatera Barat"),
        ("Sulsel", "Sulawesi Selatan"),
        ("Kalbar", "Kalimantan Barat"),
        ("Prov. Kepri", "Kepulauan Riau"),
        ("Sulbar", "Sulawesi Barat"),
    ],
)
def test_short_forms_map_to_the_official_name(written, official):
    assert canonical_province(written) == official


def test_bundled_provinces_are_all_official(results):
    assert set(results["province"].dropna()) <= set(provinces())
    # the file writes both NTB and Nusa Tenggara Barat: one province after loading
    ntb = results[results["province_as_written"].isin(["NTB", "Nusa Tenggara Barat"])]
    assert set(ntb["province_as_written"]) == {"NTB", "Nusa Tenggara Barat"}
    assert set(ntb["province"]) == {"Nusa Tenggara Barat"}
    assert set(results.loc[results["province_as_written"] == "NTT", "province"]) == {"Nusa Tenggara Timur"}


def test_province_governments_share_one_key_however_written():
    assert region_key("Provinsi NTB") == region_key("Provinsi Nusa Tenggara Barat")
    assert canonical_region("Pemprov DIY") == "Provinsi Daerah Istimewa Yogyakarta"
    assert canonical_region("Provinsi Antah Berantah") == "Provinsi Antah Berantah"  # kept as written


def test_rank_within_province_uses_the_canonical_name():
    rows = pd.DataFrame(
        {
            "year": [2022] * 3,
            "region": ["Kabupaten A", "Kabupaten B", "Kabupaten C"],
            "province": ["NTT", "Nusa Tenggara Timur", "nusa tenggara  timur"],
            "score": [70.0, 80.0, 60.0],
        }
    )
    summary = toolkit.summarise_region(toolkit.read_results(rows), "Kabupaten A", 2022)
    assert (summary.province, summary.province_n, summary.province_rank) == ("Nusa Tenggara Timur", 3, 2)


def test_unknown_province_is_kept_and_named_in_a_warning():
    rows = pd.DataFrame({"year": [2022], "region": ["Kabupaten A"], "province": ["Atlantis"], "score": [70.0]})
    with pytest.warns(DataWarning, match="Atlantis"):
        frame = toolkit.read_results(rows)
    assert frame["province"].tolist() == ["Atlantis"]


# -- the 2025 scheme from the evidence ----------------------------------------------------------
def test_lampung_breakdown_reproduces_89_25_through_the_scheme():
    scheme = load_scheme("ombudsman-2025")
    [lampung] = scheme.breakdowns
    parts = lampung["parts"]
    assert math.fsum(parts.values()) == pytest.approx(89.25, abs=1e-9)
    # each part as a dimension score (0-100) of its maximum, weighted back by the scheme
    dims = {k: 100.0 * v / scheme.weights[k] for k, v in parts.items()}
    assert toolkit.composite(dims, 2025) == 89.25
    # and the published unit row agrees
    results = toolkit.read_results(toolkit.bundled_results())
    row = results[
        (results["year"] == 2025) & (results["unit"] == "Dinas Sosial") & (results["region"] == "Provinsi Lampung")
    ]
    assert row["score"].tolist() == [89.25]


def test_2025_split_fits_the_published_bounds_and_says_it_is_unconfirmed():
    scheme = load_scheme("ombudsman-2025")
    assert scheme.weights == {"input": 25.0, "proses": 20.0, "output": 10.0, "pengaduan": 15.0, "kepercayaan": 30.0}
    bounds = scheme.breakdowns[0]["parts"]
    assert all(scheme.weights[k] >= v for k, v in bounds.items())
    text = " ".join(scheme.unconfirmed_for(2025, "en"))
    assert "input ≥ 23.32" in text and "complaints ≥ 10.97" in text
    cites = " ".join(scheme.source_lines("en"))
    assert "kabartujuhsatu.news" in cites and "pramoedya.id" in cites  # the competing reading stays cited


def test_the_proportional_split_is_refuted_by_the_data(tmp_path):
    """The split this scheme used to assume (the 2023 weights x 0.70) caps input at 15.295 points;
    the published 23.32 exceeds it, and the scheme loader says so."""
    text = (SCHEME_DIR / "ombudsman-2025.toml").read_text()
    for key, old in (("input", 25.0), ("proses", 20.0), ("output", 10.0), ("pengaduan", 15.0)):
        new = {"input": 15.295, "proses": 22.659, "output": 16.968, "pengaduan": 15.078}[key]
        text = text.replace(f'key = "{key}"\nweight = {old}', f'key = "{key}"\nweight = {new}')
    path = tmp_path / "proportional.toml"
    path.write_text(text)
    with pytest.raises(SchemeError, match=r"input 23\.32.*exceed"):
        load_scheme(str(path))


# -- instruments as data ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("year", "counts"),
    [
        (2022, {"input": 15, "proses": 12, "output": 6, "pengaduan": 6}),
        (2024, {"input": 15, "proses": 12, "output": 6, "pengaduan": 6}),
        (2025, {"input": 3, "proses": 14, "output": 4, "pengaduan": 9}),
        (2026, {"input": 3, "proses": 14, "output": 4, "pengaduan": 9}),
    ],
)
def test_each_year_gets_its_instrument(year, counts):
    instrument = instrument_for(year)
    scheme = toolkit.scheme_for(year)
    assert instrument["scheme"] == scheme.id
    got = pd.Series([i["dimension"] for i in instrument["indicators"]]).value_counts().to_dict()
    assert got == counts
    for ind in instrument["indicators"]:
        assert ind["confidence"] in {"high", "medium", "low"}
        assert ind["source"] in instrument["sources"]
        assert set(ind["label"]) == {"id", "en"}
        assert ind["variable"] in scheme.dimension(ind["dimension"])["variables"]  # the loader accepts it


def test_2025_list_is_low_confidence_and_says_unofficial():
    instrument = instrument_for(2025)
    assert {i["confidence"] for i in instrument["indicators"]} == {"low"}
    assert "unofficial" in instrument["unofficial"]["en"]
    named = [i["code"] for i in instrument["indicators"] if i.get("named", True)]
    assert named == ["IN1", "IN2", "IN3", "PR1", "PR2", "PR13", "PR14", "OU1", "OU2", "OU3", "OU4", "PA1", "PA8", "PA9"]


def test_indicator_codes_are_distinct_across_instruments():
    codes = [i["code"] for name in indicator_catalogues() for i in load_catalogue(name)["indicators"]]
    assert len(codes) == len(set(codes))


def test_templates_follow_the_year_instrument():
    from toolkit.paths import data_dir

    for name, year, codes in (("detail-template.csv", 2024, "KP1"), ("detail-template-2025.csv", 2025, "PR14")):
        frame = pd.read_csv(data_dir() / "templates" / name)
        assert set(frame["tahun"]) == {year}
        assert codes in set(frame["indikator"].dropna())
        dims = set(frame["dimensi"])
        assert ("kepercayaan" in dims) == (year >= 2025)


def test_synthetic_2025_detail_uses_the_2025_instrument(results):
    det = toolkit.synthetic.detail(results, seed=3, region="Provinsi Lampung", year=2025)
    assert set(det["indicator"].dropna().str[:2]) == {"IN", "PR", "OU", "PA"}
    trust = det[det["dimension"] == "kepercayaan"]
    assert len(trust) == 3 and trust["indicator"].isna().all()  # a dimension score: no indicators
    scores = toolkit.dimension_scores(det).merge(results, on=["year", "region", "unit"])
    assert (scores["composite"] == scores["score"]).all()


# -- computed is never shown as published ---------------------------------------------------------
def test_computed_pemda_score_is_marked_computed(results):
    summary = toolkit.summarise_region(results, "Kota Jayapura", 2024)
    assert (summary.score, summary.pemda_source, summary.n_units) == (88.63, "computed", 7)
    text = summary.text("id")
    assert "dihitung dari 7 unit yang dipublikasikan" in text
    assert "mencampur" in text  # the rank mixes published and computed scores
    assert summary.to_dict()["pemda_source"] == "computed"
    published = toolkit.summarise_region(results, "Kabupaten Bekasi", 2022)
    assert published.pemda_source == "published" and "unit yang dipublikasikan (rata-rata" not in published.text("id")


@pytest.mark.parametrize(
    ("lang", "phrase"), [("id", "dihitung dari 7 unit yang dipublikasikan"), ("en", "computed from 7 published units")]
)
def test_brief_says_a_computed_score_is_computed(tmp_path, lang, phrase):
    outputs.run_steps(resolve("Kota Jayapura", 2024, output_dir=tmp_path, lang=lang))
    md = (tmp_path / f"brief.{lang}.md").read_text()
    headline = md.split("## ")[0]
    assert phrase in headline.replace("\\", "")  # beside the score and in the headline sentence
    assert headline.replace("\\", "").count(phrase) >= 2
    assert ("mencampur" if lang == "id" else "mixes") in md


def test_catalogue_files_parse_and_name_their_scheme():
    for name in indicator_catalogues():
        with (SCHEME_DIR.parent / "catalogue" / f"{name}.toml").open("rb") as fh:
            data = tomllib.load(fh)
        assert load_scheme(data["scheme"]).catalogue == name


def test_loading_the_bundled_file_warns_of_nothing():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        toolkit.read_results(toolkit.bundled_results())


def test_published_pemda_scores_equal_their_units_mean_except_the_known_five(results):
    """2022 on, a Pemda score is the mean of its units (Lampung, Palembang and Depok 2025 among the
    new checks, within 0.01); the five that differ are reported, each with a reason in its note."""
    check = toolkit.check_published(results)
    differ = check[check["kind"] == "pemda_mean"]
    assert set(zip(differ["region"], differ["year"], strict=True)) == {
        ("Kota Magelang", 2021),
        ("Kabupaten Jayapura", 2023),
        ("Kabupaten Batang", 2024),
        ("Kota Batu", 2024),
        ("Kabupaten Bantul", 2025),
    }


def test_a_red_zone_position_does_not_read_as_the_very_bottom():
    """Kota Binjai 2022 (45,16, D): the red zone spans D and E, so "0 lower" must say it counts zones."""
    from toolkit.national import national_position, position_text

    text = position_text(national_position(45.16, 2022), "id")
    assert "522 di zona yang lebih tinggi dan 0 di zona yang lebih rendah" in text
    assert "mencakup kategori D / E" in text
    assert "mencakup" not in position_text(national_position(73.02, 2022), "id")  # the yellow zone is C alone
