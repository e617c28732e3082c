"""Scoring against published values.

Reference case: Kabupaten Bekasi 2022 (ANTARA Megapolitan 2023, ../shared/seeds/), seven units and
the Pemda score 73.02, grade C, yellow zone.
"""

import numpy as np
import pandas as pd
import pytest

import toolkit
from toolkit.errors import DataError

BEKASI_2022 = {
    "DPMPTSP": (82.70, "B", "hijau", "Kualitas Tinggi"),
    "Dinas Pendidikan": (62.62, "C", "kuning", "Kualitas Sedang"),
    "Dinas Kesehatan": (66.29, "C", "kuning", "Kualitas Sedang"),
    "Dinas Sosial": (62.72, "C", "kuning", "Kualitas Sedang"),
    "Disdukcapil": (77.45, "C", "kuning", "Kualitas Sedang"),
    "Puskesmas Cibatu": (75.91, "C", "kuning", "Kualitas Sedang"),
    "Puskesmas Cikarang": (83.48, "B", "hijau", "Kualitas Tinggi"),
}


def test_bekasi_2022_units_graded_as_published(results):
    summary = toolkit.summarise_region(results, "Kabupaten Bekasi", 2022)
    got = {row.unit: (row.score, row.grade, row.zone, row.opinion) for row in summary.units.itertuples()}
    assert got == BEKASI_2022


def test_bekasi_2022_pemda_as_published(results):
    summary = toolkit.summarise_region(results, "Kabupaten Bekasi", 2022)
    assert (summary.score, summary.grade, summary.zone) == (73.02, "C", "kuning")
    assert summary.opinion["id"] == "Kualitas Sedang"
    # 511.17 / 7 = 73.024...: the published score is the plain mean of the units
    assert summary.units_mean == pytest.approx(511.17 / 7)
    assert toolkit.round_half_up(summary.units_mean) == 73.02
    assert summary.discrepancy == pytest.approx(73.02 - 511.17 / 7)
    assert not summary.notes
    assert summary.gap_green == 4.98
    assert (summary.next_grade, summary.gap_next_grade) == ("B", 4.98)
    assert summary.zone_counts == {"hijau": 2, "kuning": 5}


def test_bekasi_2022_computed_mean_matches_published(results):
    units_only = results[(results["region"] == "Kabupaten Bekasi") & (results["level"] == "unit")]
    summary = toolkit.summarise_region(units_only, "Kabupaten Bekasi", 2022)
    assert (summary.score, summary.basis, summary.grade, summary.zone) == (73.02, "computed", "C", "kuning")


def test_lowest_units_are_education_and_social(results):
    units = toolkit.summarise_region(results, "Kab. Bekasi", 2022).units.sort_values("score")
    assert list(units["unit_type"][:2]) == ["education", "social"]
    assert list(units["gap_green"][:2]) == [15.38, 15.28]


def test_every_published_label_is_reproduced_or_reported(results):
    """Every published label in the bundled file: reproduced by the scheme, or reported as a
    source disagreement with its source (the only one: Puskesmas Kecamatan Kembangan 2022,
    89.11 published "B"/"kualitas tinggi" inside the A band)."""
    check = toolkit.check_published(results)
    labels = check[check["kind"] == "label"]
    assert check.attrs["labels_checked"] == 495
    assert len(labels) == 2
    assert set(labels["unit"]) == {"Puskesmas Kecamatan Kembangan"}
    assert set(labels["field"]) == {"category", "opinion"}
    assert labels["source_url"].str.startswith("http").all()
    # independently of check_published: the other 493 labels equal the scheme's
    graded = toolkit.grade(results["score"], results["year"].to_numpy())
    reproduced = 0
    for column, mine in toolkit.scoring.LABEL_CHECKS.items():
        given = results[column].notna()
        published = results.loc[given, column].str.casefold().str.replace(" tanpa maladministrasi", "")
        same = published == graded.loc[given, mine].str.casefold()
        reproduced += int(same.sum())
    assert reproduced == 493


def test_published_labels_are_never_copied_into_grades(results):
    kembangan = toolkit.score_table(results[results["unit"] == "Puskesmas Kecamatan Kembangan"])
    assert kembangan.loc[kembangan["level"] == "unit", "grade"].tolist() == ["A"]


def test_check_published_reports_pemda_means_that_differ(results):
    check = toolkit.check_published(results)
    means = check[check["kind"] == "pemda_mean"]
    got = sorted(zip(means["region"], means["year"], strict=True))
    assert got == [
        ("Kabupaten Bantul", 2025),
        ("Kabupaten Batang", 2024),
        ("Kabupaten Jayapura", 2023),
        ("Kota Batu", 2024),
        ("Kota Magelang", 2021),
    ]
    assert means["source_url"].str.startswith("http").all()


def test_check_published_finds_a_wrong_grade(results):
    broken = results.copy()
    broken.loc[(broken["unit"] == "Dinas Sosial") & (broken["year"] == 2022), "category_published"] = "B"
    labels = toolkit.check_published(broken).query("kind == 'label'")
    assert set(labels["unit"]) == {"Dinas Sosial", "Puskesmas Kecamatan Kembangan"}


@pytest.mark.parametrize(
    ("score", "year", "grade", "zone"),
    [
        (100.0, 2022, "A", "hijau"),
        (88.00, 2022, "A", "hijau"),
        (87.99, 2022, "B", "hijau"),
        (78.00, 2022, "B", "hijau"),
        (77.99, 2022, "C", "kuning"),
        (77.994, 2022, "C", "kuning"),
        (77.995, 2022, "B", "hijau"),  # rounded half-up to 78.00 first
        (54.00, 2022, "C", "kuning"),
        (53.99, 2022, "D", "merah"),
        (32.00, 2022, "D", "merah"),
        (31.99, 2022, "E", "merah"),
        (0.0, 2022, "E", "merah"),
        (81.00, 2021, None, "hijau"),
        (80.99, 2021, None, "kuning"),
        (51.00, 2021, None, "kuning"),
        (50.99, 2021, None, "merah"),
        (801, 2013, None, "hijau"),
        (800, 2013, None, "kuning"),
        (501, 2014, None, "kuning"),
        (500.99, 2014, None, "merah"),
        (31.99, 2025, None, "merah"),  # no band below 54 is confirmed for 2025
        (53.99, 2025, None, "merah"),
        (54.00, 2025, None, "kuning"),
        (77.99, 2025, None, "kuning"),
        (78.00, 2025, None, "hijau"),
    ],
)
def test_band_boundaries(score, year, grade, zone):
    row = toolkit.grade(score, year).iloc[0]
    assert row["zone"] == zone
    assert (row["grade"] if pd.notna(row["grade"]) else None) == grade


def test_grade_labels_in_both_languages():
    row = toolkit.grade(62.62, 2022).iloc[0]
    assert (row["opinion"], row["opinion_en"], row["zone_en"]) == ("Kualitas Sedang", "Medium quality", "yellow")


def test_grade_outside_scale_lists_each_position():
    with pytest.raises(DataError) as err:
        toolkit.grade([50, 101, -1, np.nan], 2022)
    assert [p.row for p in err.value.problems] == [1, 2, 3]


def test_grade_mixed_years():
    graded = toolkit.grade([80.0, 80.0], [2021, 2022])
    assert list(graded["zone"]) == ["kuning", "hijau"]
    assert list(graded["scheme"]) == ["ombudsman-2015", "ombudsman-2022"]


def test_composite_hand_computed():
    dims = {"input": 80, "proses": 70, "output": 90, "pengaduan": 60}
    # 80*.2185 + 70*.3237 + 90*.2424 + 60*.2154 = 17.48 + 22.659 + 21.816 + 12.924 = 74.879
    assert toolkit.composite(dims, 2022) == 74.88
    assert toolkit.composite(dict.fromkeys(dims, 100), 2023) == 100.0
    assert toolkit.composite(dict.fromkeys(dims, 0), 2024) == 0.0


def test_composite_frame_and_2025():
    frame = pd.DataFrame({"input": [100, 50], "proses": [100, 50], "output": [100, 50], "pengaduan": [100, 50]})
    assert list(toolkit.composite(frame, 2022)) == [100.0, 50.0]
    dims = {"input": 100, "proses": 100, "output": 100, "pengaduan": 100, "kepercayaan": 0}
    assert toolkit.composite(dims, 2025) == 70.0


def test_composite_errors():
    with pytest.raises(DataError, match="'pengaduan' is missing"):
        toolkit.composite({"input": 1, "proses": 1, "output": 1}, 2022)
    with pytest.raises(DataError, match="column 'output'"):
        toolkit.composite({"input": 1, "proses": 1, "output": 101, "pengaduan": 1}, 2022)
    with pytest.raises(DataError, match="no dimension weights"):
        toolkit.composite({"input": 1}, 2021)
    with pytest.raises(DataError, match="'kepercayaan' is missing"):
        toolkit.composite({"input": 1, "proses": 1, "output": 1, "pengaduan": 1}, 2025)


def test_magelang_2021_discrepancy_is_reported(results):
    summary = toolkit.summarise_region(results, "Kota Magelang", 2021)
    assert summary.score == 68.27 and summary.basis == "published"
    assert summary.units_mean == pytest.approx(62.2125)
    assert summary.discrepancy == pytest.approx(68.27 - 62.2125)
    assert "68.27" in summary.notes[0]["en"] and "62.21" in summary.notes[0]["en"]
    assert "68.27" in summary.text("en")


def test_bengkulu_2024_rounding_difference_is_not_flagged(results):
    summary = toolkit.summarise_region(results, "Kota Bengkulu", 2024)
    assert summary.score == 90.74 and summary.n_units == 7
    assert abs(summary.discrepancy) < 0.01
    assert not summary.notes


def test_unit_only_region_gets_computed_score(results):
    summary = toolkit.summarise_region(results, "Kota Jayapura", 2024)
    units = results[(results["region"] == "Kota Jayapura") & (results["year"] == 2024)]
    assert summary.basis == "computed"
    assert summary.score == toolkit.round_half_up(units["score"].mean())


def test_pre_2022_units_without_pemda_score_give_no_score():
    frame = toolkit.read_results(
        pd.DataFrame(
            {"year": [2021, 2021], "region": ["Kota X", "Kota X"], "unit": ["Dinkes", "Dinsos"], "score": [60, 70]}
        )
    )
    summary = toolkit.summarise_region(frame, "Kota X", 2021)
    assert summary.score is None and summary.basis == "unavailable"
    assert "ombudsman-2015" in summary.notes[0]["en"]


def test_rank_and_percentile(results):
    """Ranks are among Pemdas of the same kind, as Ombudsman ranks them: a kabupaten among the
    kabupaten of the year, never among kota and provinsi."""
    from toolkit.names import region_type

    summary = toolkit.summarise_region(results, "Kabupaten Bekasi", 2022)
    every = toolkit.pemda_scores(results, 2022).dropna(subset=["score"])
    peers = every[[region_type(r) == "kabupaten" for r in every["region"]]]
    assert summary.kind == "kabupaten" and summary.n_pemdas == len(peers) < len(every)
    assert "kabupaten tahun 2022" in summary.text("id") and "regencies of 2022" in summary.text("en")
    assert summary.rank == 1 + (peers["score"] > 73.02).sum()
    assert summary.percentile == toolkit.round_half_up(100 * (peers["score"] < 73.02).sum() / (len(peers) - 1), 1)
    best = peers.loc[peers["score"].idxmax(), "region"]
    top = toolkit.summarise_region(results, best, 2022)
    assert top.rank == 1 and top.percentile == 100.0
    provinces = every[[region_type(r) == "provinsi" for r in every["region"]]]
    province = toolkit.summarise_region(results, provinces["region"].iloc[0], 2022)
    assert province.kind == "provinsi" and province.n_pemdas == len(provinces)
    assert "sample" in top.text("en")  # a rank from the bundled rows says what it rests on


def test_previous_assessment(results):
    summary = toolkit.summarise_region(results, "Kabupaten Bekasi", 2023)
    assert summary.previous["year"] == 2022 and summary.previous["change"] == 10.2
    assert summary.previous["comparable"]
    assert "+10.20" in summary.text("en")


def test_unknown_region_lists_known_ones(results):
    with pytest.raises(DataError, match="Kabupaten Bekasi"):
        toolkit.summarise_region(results, "Kabupaten Atlantis", 2022)


def test_summary_to_dict_is_plain_json(results):
    import json

    data = toolkit.summarise_region(results, "Kabupaten Bekasi", 2022).to_dict()
    assert json.loads(json.dumps(data, allow_nan=False))["units"][0]["unit"] == "DPMPTSP"


def test_score_table_adds_pemda_rows(results):
    table = toolkit.score_table(results[results["year"] == 2024], lang="en")
    jayapura = table[(table["region"] == "Kota Jayapura") & (table["level"] == "pemda")]
    assert len(jayapura) == 1 and jayapura["basis"].iloc[0].startswith("computed: mean of 7")
    assert list(table.columns) == toolkit.scoring.SCORE_COLUMNS
    assert list(table.columns[:12]) == [
        "year",
        "level",
        "region",
        "unit",
        "unit_type",
        "score",
        "grade",
        "zone",
        "opinion",
        "without_maladministration",
        "quality",
        "scheme",
    ]
    assert table["quality"].isna().all()  # no quality label before 2025


def _reference_score_table(results: pd.DataFrame, lang: str) -> pd.DataFrame:
    """score_table the slow, obvious way: region by region and row by row, bands found by a
    loop over the scheme's bands, Pemda means by math.fsum. An independent implementation to
    compare the vectorised one against (issue 14: the speed-up must not change a result)."""
    import math

    from toolkit.i18n import t
    from toolkit.schemes import scheme_for

    def band(year, score):
        scheme = scheme_for(int(year))
        for i, b in enumerate(scheme.bands):
            top = i == len(scheme.bands) - 1
            if b.lower <= score and (score < b.upper or (top and score <= scheme.scale_max)):
                return scheme, b
        raise AssertionError((year, score))

    def graded(year, score):
        scheme, b = band(year, score)
        return {
            "grade": b.grade or np.nan,
            "zone": b.zone,
            "opinion": b.opinion[lang],
            "quality": b.quality[lang] if b.quality else np.nan,
            "scheme": scheme.id,
        }

    out = []
    order = []  # (year, key) in order of first appearance
    rows_of = {}
    for row in results.itertuples(index=False):
        k = (row.year, row.region_key)
        if k not in rows_of:
            rows_of[k] = []
            order.append(k)
        rows_of[k].append(row)
    for year, _key in order:
        rows = rows_of[(year, _key)]
        for row in rows:
            if row.level == "pemda":
                continue
            score = toolkit.round_half_up(row.score)
            out.append(
                {
                    "year": row.year,
                    "level": row.level,
                    "region": row.region,
                    "unit": row.unit,
                    "unit_type": row.unit_type,
                    "score": score,
                    **graded(year, score),
                    "without_maladministration": row.without_maladministration,
                    "basis": t("basis_published", lang),
                }
            )
        counted = [r for r in rows if r.level in ("unit", "pemda")]
        if not counted:
            continue
        units = [r.score for r in counted if r.level == "unit"]
        pemda = [r for r in counted if r.level == "pemda"]
        if pemda:
            score, basis = pemda[0].score, t("basis_published", lang)
        elif units and scheme_for(int(year)).pemda_aggregation == "mean_of_units":
            score, basis = toolkit.round_half_up(math.fsum(units) / len(units)), t("basis_computed", lang, n=len(units))
        else:
            continue
        score = toolkit.round_half_up(score)
        out.append(
            {
                "year": year,
                "level": "pemda",
                "region": counted[0].region,
                "unit": np.nan,
                "unit_type": np.nan,
                "score": score,
                **graded(year, score),
                "without_maladministration": pemda[0].without_maladministration if pemda else pd.NA,
                "basis": basis,
            }
        )
    return pd.DataFrame(out)[toolkit.scoring.SCORE_COLUMNS]


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("shuffled", [False, True])
def test_score_table_matches_a_region_by_region_reference(results, lang, shuffled):
    data = results.sample(frac=1, random_state=3).reset_index(drop=True) if shuffled else results
    got = toolkit.score_table(data, lang)
    want = _reference_score_table(data, lang)
    assert len(got) == len(want) > len(data) // 2
    for column in toolkit.scoring.SCORE_COLUMNS:
        a = got[column].astype(object).where(got[column].notna(), None).tolist()
        b = want[column].astype(object).where(want[column].notna(), None).tolist()
        assert a == b, column
    # one dtype per column whatever the data: a label column that is empty in every row (no
    # letters in 2025, no quality label before) is text, not object
    for year in (2021, 2025):
        one = toolkit.score_table(data[data["year"] == year], lang)
        assert all(str(one[c].dtype) == "str" for c in ("grade", "zone", "opinion", "quality", "scheme", "basis"))
