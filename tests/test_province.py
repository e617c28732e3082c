"""The province brief: every Pemda of the province in the data, coverage, units below green by
type, closest and furthest, history inside a regime, the slide chart, CLI and batch."""

from __future__ import annotations

import json

import openpyxl
import pytest
from PIL import Image

import toolkit
from toolkit.cli import main
from toolkit.errors import DataError
from toolkit.names import provinces
from toolkit.province import province_brief, resolve_province, summarise_province
from toolkit.schemes import load_catalogue


@pytest.fixture(scope="module")
def sumut(tmp_path_factory):
    out = tmp_path_factory.mktemp("prov")
    files = province_brief("Sumut", 2022, out=out)
    return files[0].parent


def test_province_counts_add_up_to_the_national_count():
    entries = load_catalogue("provinces")["provinces"]
    assert sum(e["kabupaten_kota"] for e in entries) == 514 == 416 + 98  # "185 dari 416 kabupaten", "98 kota"
    assert len(entries) == len(provinces()) == 38


def test_sumatera_utara_2022_names_every_pemda_of_the_province_in_the_data(results, sumut):
    rows = results[
        (results["year"] == 2022) & (results["province"] == "Sumatera Utara") & results["level"].isin(["pemda", "unit"])
    ]
    expected = set(rows["region"])
    assert len(expected) == 34
    md = (sumut / "brief.id.md").read_text().replace("\\", "")
    assert all(f"| {name} |" in md for name in expected)
    summary = summarise_province(results, "Sumatera Utara", 2022)
    assert set(summary.pemdas["region"]) == expected
    assert list(summary.pemdas["score"]) == sorted(summary.pemdas["score"], reverse=True)
    assert (summary.covered, summary.kabupaten_kota, summary.has_government) == (33, 33, True)
    assert summary.zone_counts == {"hijau": 16, "kuning": 13, "merah": 5}
    assert "nasional: 272 / 586" in md and "33 dari 33 kabupaten/kota" in md


def test_closest_and_furthest_are_measured_to_the_green_line(results):
    summary = summarise_province(results, "Sumatera Utara", 2022)
    from toolkit.province import build_context

    context = build_context(summary, "en", None, [], "")
    closest = next(s for s in context["sections"] if s["key"] == "closest")["paragraphs"]
    assert closest[0].startswith("Closest (the cheapest to move): Kabupaten Samosir (75.14; +2.86 → 78.00)")
    assert "Kota Binjai (45.16; +32.84 → 78.00)" in closest[1]


def test_slide_chart_is_16_by_9(sumut):
    with Image.open(sumut / "chart-province.png") as image:
        width, height = image.size
    assert abs(width / height - 16 / 9) < 0.01


def test_workbook_has_the_brief_tables(sumut):
    book = openpyxl.load_workbook(sumut / "brief.id.xlsx")
    assert book.sheetnames[:2] == ["pemda", "unit"]
    assert book["pemda"].max_row == 35 and isinstance(book["pemda"]["C2"].value, float)


def test_a_province_with_a_single_pemda(results, tmp_path):
    summary = summarise_province(results, "Aceh", 2025)
    assert len(summary.pemdas) == 1 and summary.pemdas["region"].iloc[0] == "Kota Banda Aceh"
    files = province_brief("Aceh", 2025, out=tmp_path, lang="en")
    md = files[2].read_text().replace("\\", "")
    assert "1 of the province's 23 regencies and cities (4 %)" in md
    assert "Closest (the cheapest to move): Kota Banda Aceh" in md and "Furthest" not in md  # one Pemda: said once


def test_a_province_in_2025_has_opinions_not_grades(tmp_path):
    files = province_brief("DIY", 2025, out=tmp_path, lang="en")
    md = files[2].read_text().replace("\\", "")
    assert "| Opinion |" in md and "| Grade |" not in md
    assert "this tool's mapping" in md  # 2025 zones are the toolkit's, said where they are shown
    assert "Provinsi Daerah Istimewa Yogyakarta" in md
    context = json.loads((files[0].parent / "brief-context.en.json").read_text())
    history = next(s for s in context["sections"] if s["key"] == "history")["table"]["rows"]
    means = {row[0]: row[-1] for row in history}
    assert means["2025"] != "–" and means["2024"] == "–"  # a mean only inside the brief's regime


def test_computed_pemda_scores_are_marked_in_the_province_brief(tmp_path):
    files = province_brief("Papua", 2024, out=tmp_path, lang="en")
    md = files[2].read_text().replace("\\", "")
    assert "| Kota Jayapura | 88.63 * |" in md and "computed from their published units" in md


def test_province_names_and_mistakes():
    assert resolve_province("NTT") == "Nusa Tenggara Timur"
    with pytest.raises(DataError, match="did you mean: Sumatera Utara"):
        resolve_province("Sumatra Utra", lang="en")
    with pytest.raises(DataError, match=r"years in the data: 2022, 2023, 2024"):
        summarise_province(toolkit.read_results(toolkit.bundled_results()), "NTT", 2025, lang="en")


def test_cli_brief_and_batch_for_provinces(tmp_path, capsys):
    assert main(["brief", "--province", "Gorontalo", "--year", "2025", "--out", str(tmp_path), "--lang", "en"]) == 0
    printed = capsys.readouterr().out.split()
    assert [p.rsplit("/", 1)[-1] for p in printed] == ["brief.en.pdf", "brief.en.html", "brief.en.md", "brief.en.xlsx"]
    assert "/2025/provinsi-gorontalo-" in printed[0]
    assert main(["batch", "--year", "2025", "--provinces", "Gorontalo,Lampung", "--out", str(tmp_path)]) == 0
    assert len(capsys.readouterr().out.split()) == 8
    assert main(["brief", "--province", "Atlantis", "--year", "2025", "--out", str(tmp_path / "x")]) == 2
    assert not (tmp_path / "x").exists()
