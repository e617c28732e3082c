"""Published data through 2025, the Opini Ombudsman scheme, regimes and national distributions.

Facts from ../shared/domain.md (2025 section, regimes, national distribution) and the 2025 rows of
data/published/results.csv, each with its source address.
"""

import pandas as pd
import pytest

import toolkit
from toolkit.errors import DataError
from toolkit.national import national_distribution, national_position
from toolkit.schemes import comparable, regime_for


@pytest.mark.parametrize(
    ("region", "published"),
    [
        ("Provinsi Gorontalo", 76.82),
        ("Kabupaten Bolaang Mongondow", 85.18),
        ("Provinsi Daerah Istimewa Yogyakarta", 86.00),
        ("Kota Yogyakarta", 88.39),
    ],
)
def test_2025_pemda_means_reproduce_published_scores(results, region, published):
    units = results[(results["year"] == 2025) & (results["region"] == region) & (results["level"] == "unit")]
    computed = toolkit.summarise_region(units, region, 2025)
    assert computed.basis == "computed"
    assert abs(computed.score - published) <= 0.01
    summary = toolkit.summarise_region(results, region, 2025)
    assert summary.score == published and not summary.notes  # within 0.01: nothing to report


def test_vertical_offices_never_change_a_pemda_mean(results):
    metro = results[(results["year"] == 2025) & (results["region"] == "Kota Metro")]
    assert set(metro["level"]) == {"pemda", "vertical"}
    summary = toolkit.summarise_region(metro, "Kota Metro", 2025)
    assert summary.n_units == 0 and summary.score == 84.43
    assert summary.vertical["unit"].tolist() == ["Polres Metro"]
    # a Pemda with units: adding a vertical office with an extreme score leaves its mean alone
    diy = results[(results["year"] == 2025) & (results["region"] == "Provinsi Daerah Istimewa Yogyakarta")]
    extra = pd.DataFrame(
        {
            "year": [2025],
            "level": ["vertical"],
            "region": ["Provinsi Daerah Istimewa Yogyakarta"],
            "unit": ["Polda DIY"],
            "score": [10.0],
        }
    )
    both = toolkit.read_results(pd.concat([diy[["year", "level", "region", "unit", "score"]], extra]))
    before = toolkit.pemda_scores(toolkit.read_results(diy[["year", "level", "region", "unit", "score"]]))
    after = toolkit.pemda_scores(both)
    assert after["units_mean"].iloc[0] == before["units_mean"].iloc[0]
    assert after["n_units"].iloc[0] == 6
    table = toolkit.score_table(both)
    assert table.loc[table["level"] == "vertical", "opinion"].tolist() == ["Kualitas Rendah"]


def test_ministries_have_no_region_and_are_graded(results):
    kemenlu = results[results["unit"] == "Kementerian Luar Negeri"]
    assert kemenlu["level"].tolist() == ["instansi"] and kemenlu["region"].isna().all()
    assert kemenlu["unit_type"].tolist() == ["ministry"]
    table = toolkit.score_table(kemenlu)
    assert table[["level", "grade", "zone"]].values.tolist() == [["instansi", "A", "hijau"]]
    assert (toolkit.pemda_scores(results)["region"] != "nan").all()  # never a Pemda of their own


def test_2025_unit_types(results):
    diy = results[
        (results["year"] == 2025)
        & (results["region"] == "Provinsi Daerah Istimewa Yogyakarta")
        & (results["level"] == "unit")
    ]
    assert dict(zip(diy["unit"], diy["unit_type"], strict=True)) == {
        "Dinas Sosial": "social",
        "RSJ Grhasia": "hospital",
        "Dinas Kesehatan": "health",
        "Dinas Pendidikan, Pemuda dan Olahraga": "education",
        "Balai Rehabilitasi Sosial Bina Karya dan Laras": "social_rehabilitation",
        "SMA Negeri 1 Yogyakarta": "school",
    }
    offices = results[results["level"] == "vertical"]
    assert set(offices["unit_type"]) == {"police", "land_office", "prison"}


def test_2025_scheme_labels_on_88_78_54(results):
    graded = toolkit.grade([92.36, 88.0, 87.99, 78.0, 77.99, 54.0, 53.99], 2025)
    assert graded["opinion"].tolist() == [
        "Kualitas Tertinggi",
        "Kualitas Tertinggi",
        "Kualitas Tinggi",
        "Kualitas Tinggi",
        "Kualitas Sedang",
        "Kualitas Sedang",
        "Kualitas Rendah",
    ]
    assert graded["quality"].tolist() == ["Sangat Baik", "Sangat Baik", "Baik", "Baik", "Cukup", "Cukup", "Kurang"]
    assert graded["grade"].isna().all()
    scheme = toolkit.scheme_for(2025)
    keys = {u["key"] for u in scheme.unconfirmed}
    assert {"below_54_2025", "weight_30_2025"} <= keys
    cites = " ".join(scheme.source_lines("en"))
    assert "lampost.co" in cites and "kabartujuhsatu.news" in cites  # both readings of the 30 %


def test_tanpa_maladministrasi_is_data_not_computed(results):
    diy = toolkit.summarise_region(results, "Provinsi Daerah Istimewa Yogyakarta", 2025)
    assert diy.without_maladministration is True
    assert "tanpa maladministrasi" in diy.text("id").casefold()
    maluku = toolkit.summarise_region(results, "Provinsi Maluku Utara", 2025)
    assert maluku.without_maladministration is None  # not published: unknown, not False
    # the same score without the published suffix does not get it
    frame = toolkit.read_results(
        pd.DataFrame(
            {
                "year": [2025, 2025],
                "region": ["Kota A", "Kota B"],
                "score": [86.0, 86.0],
                "opini": ["kualitas tinggi tanpa maladministrasi", "kualitas tinggi"],
            }
        )
    )
    assert frame["without_maladministration"].tolist() == [True, False]


def test_user_column_for_maladministration():
    frame = toolkit.read_results(
        pd.DataFrame(
            {
                "year": [2025, 2025],
                "region": ["Kota A", "Kota B"],
                "score": [70, 70],
                "tanpa_maladministrasi": ["ya", "tidak"],
            }
        )
    )
    assert frame["without_maladministration"].tolist() == [True, False]
    with pytest.raises(DataError, match="only from 2025"):
        toolkit.read_results(
            pd.DataFrame({"year": [2022], "region": ["Kota A"], "score": [70], "tanpa_maladministrasi": ["ya"]})
        )
    with pytest.raises(DataError, match="disagrees with the published opinion"):
        toolkit.read_results(
            pd.DataFrame(
                {
                    "year": [2025],
                    "region": ["Kota A"],
                    "score": [70],
                    "opini": ["kualitas sedang"],
                    "tanpa_maladministrasi": ["ya"],
                }
            )
        )


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (2013, 2014, True),
        (2014, 2015, False),
        (2015, 2021, True),
        (2019, 2021, True),
        (2021, 2022, False),
        (2022, 2024, True),
        (2024, 2025, False),
        (2025, 2026, True),
        (2013, 2025, False),
    ],
)
def test_comparable_at_each_regime_boundary(a, b, same):
    assert comparable(a, b) is same
    assert comparable(b, a) is same


def test_regime_names():
    assert [regime_for(y) for y in (2013, 2015, 2021, 2022, 2024, 2025)] == [
        "2013-2014",
        "2015-2021",
        "2015-2021",
        "2022-2024",
        "2022-2024",
        "2025-",
    ]


def test_change_across_a_break_is_a_position_not_points(results):
    diy = toolkit.summarise_region(results, "Provinsi Daerah Istimewa Yogyakarta", 2025)
    prev = diy.previous
    assert prev["year"] == 2024 and prev["comparable"] is False and prev["change"] is None
    text = diy.text("en")
    assert "cannot be compared point for point" in text
    assert "2022–2024" in text and "instrument changed for 2025" in text
    same = toolkit.summarise_region(results, "Kabupaten Bekasi", 2023)
    assert same.previous["comparable"] and same.previous["change"] == 10.2


def test_national_distribution_figures():
    assert national_distribution(2022)["zones"] == {"hijau": 272, "kuning": 250, "merah": 64}
    assert national_distribution(2023)["assessed"] == 586 and national_distribution(2023)["assessed_is_sum"]
    assert national_distribution(2024)["zones"] == {"hijau": 494, "kuning": 70, "merah": 23}
    assert national_distribution(2025)["mean"] == 74.64
    assert national_distribution(2021) is None
    for year in (2022, 2023, 2024, 2025):
        assert national_distribution(year)["sources"]


def test_bekasi_placed_in_the_national_distribution(results):
    summary = toolkit.summarise_region(results, "Kabupaten Bekasi", 2022)
    assert (summary.national["band"], summary.national["same"], summary.national["above"]) == ("kuning", 250, 272)
    text = summary.text("id")
    assert "250 dari 586 instansi yang dinilai berada di zona kuning" in text
    bengkulu = toolkit.summarise_region(results, "Kota Bengkulu", 2024)
    assert bengkulu.national["by"] == "grade" and bengkulu.national["band"] == "A"
    assert "494 of 587" in bengkulu.text("en")
    pos = national_position(86.0, 2025)
    assert pos["diff_mean"] == 11.36


def test_score_command_on_2025(capsys):
    from toolkit.cli import main

    code = main(["score", "--year", "2025", "--format", "csv", "--lang", "en"])
    out = capsys.readouterr().out
    table = pd.read_csv(__import__("io").StringIO(out))
    assert code == 0
    diy = table[(table["region"] == "Provinsi Daerah Istimewa Yogyakarta") & (table["level"] == "pemda")].iloc[0]
    assert diy["score"] == 86.0 and diy["opinion"] == "High quality" and diy["quality"] == "Good"
    assert bool(diy["without_maladministration"]) is True
    assert set(table["level"]) == {"unit", "pemda", "vertical"}
