"""Policy briefs: content, both languages, snapshots, escaping, the synthetic mark, PDF pages."""

import json
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from toolkit import briefs, outputs
from toolkit.paths import bundled_results, data_dir
from toolkit.records import read_record
from toolkit.request import resolve
from toolkit.schemes import load_catalogue

EXAMPLE = data_dir() / "examples" / "kabupaten-bekasi-2022-detail-SYNTHETIC.csv"
SNAPSHOTS = Path(__file__).parent / "snapshots"
BEKASI_UNITS = {
    "DPMPTSP": "82,70",
    "Dinas Pendidikan": "62,62",
    "Dinas Kesehatan": "66,29",
    "Dinas Sosial": "62,72",
    "Disdukcapil": "77,45",
    "Puskesmas Cibatu": "75,91",
    "Puskesmas Cikarang": "83,48",
}


def make_brief(
    folder: Path, region="Kabupaten Bekasi", year=2022, lang="id", results=None, detail=None, cache=None
) -> Path:
    request = resolve(
        region, year, results_path=results, detail_path=detail, lang=lang, output_dir=folder, cache_dir=cache
    )
    outputs.run_steps(request)
    return folder


@pytest.fixture(scope="module")
def bekasi_id(tmp_path_factory):
    os.environ.setdefault("KEPATUHAN_REPORTS", str(tmp_path_factory.mktemp("reports")))
    return make_brief(tmp_path_factory.mktemp("id"))


@pytest.fixture(scope="module")
def bekasi_en_synthetic(tmp_path_factory):
    return make_brief(tmp_path_factory.mktemp("en"), lang="en", detail=EXAMPLE)


def pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def html_text(path: Path) -> str:
    text = re.sub(r"<[^>]+>", " ", path.read_text())
    return " ".join(text.split())


def test_bekasi_brief_in_indonesian_has_the_published_facts(bekasi_id):
    for text in (" ".join(pdf_pages(bekasi_id / "brief.id.pdf")), html_text(bekasi_id / "brief.id.html")):
        for unit, score in BEKASI_UNITS.items():
            assert unit in text and score in text, unit
        assert "73,02" in text and "Kategori C" in text and "zona kuning" in text
        assert "4,98 poin lagi untuk masuk zona hijau" in text  # the gap to the green zone
        assert "250 dari 586 instansi yang dinilai" in text  # the national distribution of 2022
        assert "sampel" in text  # ranks from the bundled rows say what they rest on
        assert "ILUSTRASI" not in text  # real data only: no synthetic mark


def test_plan_numbers_are_the_same_in_cli_notebook_data_and_brief(bekasi_id, results):
    """One source: the brief prints the plan that improvement_plan computes, unit by unit."""
    from toolkit.drivers import improvement_plan
    from toolkit.i18n import fmt_num

    plan = improvement_plan(results, "Kabupaten Bekasi", 2022)
    text = " ".join(pdf_pages(bekasi_id / "brief.id.pdf"))
    drivers = json.loads((bekasi_id / "drivers.json").read_text())
    assert [a["unit"] for a in drivers["plan"]["actions"]] == plan.actions["unit"].tolist()
    for row in plan.actions.itertuples():
        expected = f"{row.unit} {fmt_num(row._7, 'id')} {fmt_num(row.to, 'id')} +{fmt_num(row.steps, 'id')}"
        assert expected in text, expected
        assert f"{row.unit}: " in text and f"dari {fmt_num(row._7, 'id')} ke" in text


def test_english_brief_uses_english_numbers(bekasi_en_synthetic):
    text = " ".join(pdf_pages(bekasi_en_synthetic / "brief.en.pdf"))
    assert "73.02" in text and "yellow zone" in text and "4.98 more points" in text
    assert "62.62" in text and "62,62" not in text


def test_synthetic_mark_on_every_page_exactly_when_synthetic(bekasi_id, bekasi_en_synthetic):
    pages = pdf_pages(bekasi_en_synthetic / "brief.en.pdf")
    assert pages and all("ILLUSTRATION — synthetic data" in page for page in pages)
    assert "ILLUSTRATION — synthetic data" in (bekasi_en_synthetic / "brief.en.html").read_text()
    assert "ILLUSTRATION — synthetic data" in (bekasi_en_synthetic / "brief.en.md").read_text()
    for name in briefs.brief_files("id"):
        if name.endswith(".xlsx"):  # the workbook's mark is checked in test_workbook
            continue
        text = " ".join(pdf_pages(bekasi_id / name)) if name.endswith(".pdf") else (bekasi_id / name).read_text()
        assert "sintetis" not in text.casefold() and "ILUSTRASI" not in text


def test_main_part_fits_two_pages_and_pages_render(bekasi_id, bekasi_en_synthetic):
    import pypdfium2 as pdfium

    for folder, lang in ((bekasi_id, "id"), (bekasi_en_synthetic, "en")):
        pdf = folder / f"brief.{lang}.pdf"
        pages = pdf_pages(pdf)
        assert len(pages) <= 2
        assert len(pages) == 1 or len(pages[-1]) > 800  # no near-empty last page
        document = pdfium.PdfDocument(str(pdf))
        for i in range(len(document)):
            image = document[i].render(scale=1).to_pil()
            assert image.size[0] > 500 and image.size[1] > 700
            assert len(np.unique(np.asarray(image.convert("L")))) > 2  # not a blank page


def _recommendations(folder: Path, lang: str) -> list[dict]:
    context = json.loads((folder / f"brief-context.{lang}.json").read_text())
    return next(s for s in context["sections"] if s["key"] == "recommendations")["entries"]


def test_recommendations_come_from_the_catalogue(bekasi_id, bekasi_en_synthetic, results):
    """Every unit the plan moves gets its entry, sized in indicator levels; then the checklist of
    the next assessment (the units' weak components are not known) and the survey."""
    import math

    from toolkit.drivers import improvement_plan
    from toolkit.i18n import fmt_num

    catalogue = load_catalogue("recommendations")["components"]
    without = _recommendations(bekasi_id, "id")
    plan = improvement_plan(results, "Kabupaten Bekasi", 2022)
    # one indicator one level up (scale 0-3), by hand from ombudsman-2022.toml and
    # indicators-2022.toml: input 21.85 / (15 x 3) is the smallest, output 24.24 / (6 x 3) the largest
    low, high = 21.85 / 45, 24.24 / 18
    n = lambda v: fmt_num(v, "id")  # noqa: E731
    assert len(plan.actions) == 4
    for rec, row in zip(without, plan.actions.itertuples(), strict=False):  # every unit the plan moves
        few, many = math.ceil(row.steps / high), math.ceil(row.steps / low)
        key = "unit_one_level" if many == 1 else "unit_levels"
        text = catalogue[key]["id"].format(
            unit=row.unit, start=n(row._7), end=n(row.to), points=n(row.steps), few=few, many=many
        )
        assert rec["text"] == (text.rstrip(".") + ", sehingga masuk zona hijau." if row.reaches_green else text)
    assert (
        "Dinas Pendidikan: naikkan nilainya dari 62,62 ke sedikitnya 76,62 (+14,00 poin), kira-kira 11 sampai 29"
        in (without[0]["text"])
    )
    assert without[3]["text"].startswith("Puskesmas Cibatu: cukup +0,33 poin")  # less than one level
    assert without[4]["text"].startswith("Nilai per indikator unit-unit ini belum ada")
    assert "instrumen penilaian 2023 (39 indikator" in without[4]["text"]  # the next assessment's
    assert "Proses (bobot 32,37)" in without[4]["text"]  # the heaviest dimension and its evidence
    assert len(without) == len(plan.actions) + 2  # and the survey
    assert without[-1]["text"] == catalogue["run_skm"]["id"]
    context = json.loads((bekasi_id / "brief-context.id.json").read_text())
    assert context["sections"][0]["key"] == "recommendations"  # first, after the headline
    assert context["methods"]["checklist"] == (
        "kepatuhan prepare --template --year 2023 --units "
        "'Dinas Pendidikan,Dinas Sosial,Dinas Kesehatan,Puskesmas Cibatu'"
    )
    assert any("0,49–1,35 poin nilai unit" in m for m in context["methods"]["analysis"])
    withd = _recommendations(bekasi_en_synthetic, "en")
    texts = {v["en"] for v in catalogue.values()}
    assert 1 <= len(withd) <= 6
    assert all(any(r["text"].startswith(t.split("{")[0]) for t in texts) for r in withd)


def test_no_developer_words_in_the_body(bekasi_id):
    context = json.loads((bekasi_id / "brief-context.id.json").read_text())
    body = json.dumps([context["facts"], context["sections"]], ensure_ascii=False)
    for word in ("kepatuhan brief", "--detail", "data/templates", "improvement_plan", "toolkit"):
        assert word not in body, word
    assert "kepatuhan brief" in context["methods"]["reproduce"]  # the methods box says how to reproduce


def test_methods_box_names_scheme_sources_unconfirmed_and_inputs(bekasi_id, bekasi_en_synthetic):
    text = " ".join(pdf_pages(bekasi_id / "brief.id.pdf"))
    assert "ombudsman-2022" in text and "mistar.id" in text and "malang.disway.id" in text
    assert "results.csv" in text and "SHA-256" in text
    en = json.loads((bekasi_en_synthetic / "brief-context.en.json").read_text())["methods"]["inputs"]
    assert {i["kind"] for i in en} == {"results", "detail"}
    assert [i["synthetic"] for i in en if i["kind"] == "detail"] == [True]


def _strip_image(html: str) -> str:
    return re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "data:image/png;base64,...", html)


@pytest.mark.parametrize(
    "name",
    ["bekasi-2022-id.html", "bekasi-2022-id.context.json", "bekasi-2022-id.pdf.txt", "bekasi-2022-id.summary.txt"],
)
def test_snapshots(bekasi_id, name):
    """Rendered sources compared with committed snapshots; UPDATE_SNAPSHOTS=1 rewrites them."""
    if name.endswith(".summary.txt"):
        got = (bekasi_id / "summary.id.txt").read_text(encoding="utf-8")
    elif name.endswith(".html"):
        got = _strip_image((bekasi_id / "brief.id.html").read_text())
    elif name.endswith(".json"):
        got = (bekasi_id / "brief-context.id.json").read_text()
    else:  # what the compiled PDF says, page by page: the layout's text, not the template's source
        got = "\n\f\n".join(pdf_pages(bekasi_id / "brief.id.pdf")) + "\n"
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS"):
        path.write_text(got)
    assert got == path.read_text(), f"{name} changed; review the diff and rerun with UPDATE_SNAPSHOTS=1"


def _summary(region: str, year: int, lang: str, folder: Path) -> str:
    """The summary beside a brief, from the context the brief is built from (without compiling
    the PDF)."""
    from toolkit.records import BriefData

    request = resolve(region, year, lang=lang, output_dir=folder)
    outputs.overview(request), outputs.drivers(request), outputs.gather(folder)
    return briefs.summary_text(briefs.build_context(read_record(folder / "brief-data.json", BriefData), lang))


def _check_summary(text: str) -> list[str]:
    """Three lines of plain text: no Markdown escapes, no markup, none longer than a chat preview."""
    lines = text.splitlines()
    assert text.endswith("\n") and len(lines) == 3 and all(lines), text
    assert "\\" not in text and "**" not in text and "<" not in text and "&lt;" not in text, text
    assert all(len(line) <= briefs.SUMMARY_WIDTH for line in lines), [len(line) for line in lines]
    return lines


def test_summary_beside_the_brief_in_three_plain_lines(bekasi_id, bekasi_en_synthetic):
    """Kabupaten Bekasi 2022 as published (73,02, C, yellow): the score and its basis, the three
    lowest units of the units table with the first recommendation, the next one and the files."""
    assert (bekasi_id / "summary.id.txt").name in briefs.brief_files("id")
    first, second, third = _check_summary((bekasi_id / "summary.id.txt").read_text(encoding="utf-8"))
    assert first == (
        "Kabupaten Bekasi, penilaian kepatuhan 2022: nilai 73,02 (dipublikasikan), "
        "kategori C (Kualitas Sedang), zona kuning."
    )
    # the three lowest of the seven published unit scores (BEKASI_UNITS), lowest first
    assert second.startswith(
        "Paling menahan nilai: Dinas Pendidikan (62,62), Dinas Sosial (62,72), Dinas Kesehatan (66,29)."
    )
    recs = _recommendations(bekasi_id, "id")  # read from the brief's own recommendations, not re-worded
    # introduced by a dash: the recommendation itself starts "Dinas Sosial: naikkan ..." (no "Next: X:")
    assert second.endswith(f"Langkah pertama — {recs[0]['text']}")
    assert third.startswith(f"Langkah berikutnya — {recs[1]['text']}") and recs[1]["text"].startswith("Dinas Sosial: ")
    assert third.endswith("brief.id.pdf (tabelnya di brief.id.xlsx).")
    # synthetic detail: said on the first line, before anything that could be forwarded as a finding
    first_en, *_ = _check_summary((bekasi_en_synthetic / "summary.en.txt").read_text(encoding="utf-8"))
    assert first_en.startswith(
        "ILLUSTRATION — synthetic data: Kabupaten Bekasi, compliance assessment 2022: score 73.02"
    )
    assert "sintetis" not in (bekasi_id / "summary.id.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_summary_for_a_pemda_score_only_region_a_computed_score_and_2025(tmp_path, lang):
    # Kota Binjai 2022: a published Pemda score (45,16, D, red) and no unit scores in the data
    first, second, _ = _check_summary(_summary("Kota Binjai", 2022, lang, tmp_path / "binjai"))
    if lang == "id":
        assert (
            first
            == "Kota Binjai, penilaian kepatuhan 2022: nilai 45,16 (dipublikasikan), kategori D (Kualitas Rendah), zona merah."
        )
        assert (
            second.startswith("Nilai per unit tidak ada di data") and "Minta laporan hasil penilaian per unit" in second
        )
    else:
        assert (
            first
            == "Kota Binjai, compliance assessment 2022: score 45.16 (published), grade D (Low quality), red zone."
        )
    # Kabupaten Bantul 2022: no published Pemda score, the mean of its seven units; never "published"
    first, *_ = _check_summary(_summary("Kabupaten Bantul", 2022, lang, tmp_path / "bantul-22"))
    computed = {"id": "nilai 91,43 (dihitung dari 7 unit", "en": "score 91.43 (computed from 7 published units)"}[lang]
    assert computed in first and "(dipublikasikan)" not in first and "(published)" not in first
    # Kabupaten Bantul 2025: the 2025 instrument has opinions, not grades, and a service quality
    first, second, _ = _check_summary(_summary("Kabupaten Bantul", 2025, lang, tmp_path / "bantul-25"))
    expected = {
        "id": "nilai 84,35 (dipublikasikan), Kualitas Tinggi, kualitas pelayanan Baik, zona hijau.",
        "en": "score 84.35 (published), High quality, service quality Good, green zone.",
    }[lang]
    assert first.endswith(expected) and "kategori" not in first and "grade" not in first
    assert second.startswith({"id": "Semua 3 unit berada di zona hijau.", "en": "All 3 units"}[lang])


HOSTILE_UNITS = ['#read("/etc/passwd")', "<script>alert(1)</script>", "Dinas *Sosial* [x](y) `z` $x$ @ref"]


def test_text_from_data_is_never_markup(tmp_path):
    rows = pd.DataFrame(
        {
            "year": 2022,
            "region": "Kota <b>Uji</b> #set",
            "unit": HOSTILE_UNITS,
            "score": [60.5, 70.25, 80.0],
        }
    )
    results = tmp_path / "hostile.csv"
    rows.to_csv(results, index=False)
    import warnings

    from toolkit.errors import DataWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataWarning)
        folder = make_brief(tmp_path / "out", region="Kota <b>Uji</b> #set", results=results)
    pdf = "".join(" ".join(pdf_pages(folder / "brief.id.pdf")).split())  # line breaks may split a name
    assert '#read("/etc/passwd")' in pdf and "root:" not in pdf
    assert "<script>alert(1)</script>" in pdf and "Kota<b>Uji</b>#set" in pdf and "Dinas*Sosial*[x](y)`z`$x$@ref" in pdf
    html = (folder / "brief.id.html").read_text()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>Uji</b>" not in html and "&lt;b&gt;Uji&lt;/b&gt;" in html
    md = (folder / "brief.id.md").read_text()
    assert "<script>" not in md and "&lt;script&gt;" in md and "\\*Sosial\\*" in md
    # the summary is plain text: names as written (no escapes), on the lines they belong to
    summary = (folder / "summary.id.txt").read_text(encoding="utf-8")
    assert summary.startswith("Kota <b>Uji</b> #set, penilaian") and len(summary.splitlines()) == 3
    assert '#read("/etc/passwd") (60,50), <script>alert(1)</script> (70,25)' in summary and "\\" not in summary


def test_failed_render_leaves_no_brief(tmp_path, monkeypatch):
    folder = tmp_path / "f"
    outputs.overview(resolve("Kabupaten Bekasi", 2022, output_dir=folder))
    outputs.gather(folder)

    def boom(*args, **kwargs):
        raise RuntimeError("typst failed")

    monkeypatch.setattr(briefs, "render_pdf", boom)
    with pytest.raises(RuntimeError):
        briefs.render(folder, "id")
    assert not any((folder / n).exists() for n in briefs.brief_files("id"))


def test_cli_brief(tmp_path, capsys):
    from toolkit.cli import main

    assert main(["brief", "--region", "Kab. Bekasi", "--year", "2022", "--lang", "en", "--out", str(tmp_path)]) == 0
    lines = capsys.readouterr()[0].split()
    assert [Path(p).name for p in lines] == [
        "brief.en.pdf",
        "brief.en.html",
        "brief.en.md",
        "brief.en.xlsx",
        "summary.en.txt",
    ]
    assert all(Path(p).is_file() for p in lines)
    assert Path(lines[0]).parent == tmp_path / "2022" / "kabupaten-bekasi-eeb1fd" / "en"
    # the Indonesian brief goes to its own folder and leaves the English one alone
    assert main(["brief", "--region", "Kab. Bekasi", "--year", "2022", "--out", str(tmp_path)]) == 0
    assert (
        Path(lines[0]).is_file() and (tmp_path / "2022" / "kabupaten-bekasi-eeb1fd" / "id" / "brief.id.pdf").is_file()
    )
    assert bundled_results().is_file()


def test_brief_with_a_survey(tmp_path):
    from toolkit import synthetic

    frame = synthetic.survey(1500, 3, seed=4, region="Kabupaten Bekasi", truth_draws=0)
    path = tmp_path / "skm.csv"
    frame.to_csv(path, index=False)
    folder = tmp_path / "out"
    outputs.run_steps(resolve("Kabupaten Bekasi", 2022, survey_path=path, output_dir=folder))
    text = " ".join(pdf_pages(folder / "brief.id.pdf"))
    assert "Survei Kepuasan Masyarakat" in text and "IKM" in text and "IK 95 %" in text
    # every IKM the brief prints is the one toolkit.ikm computes from the file, with its interval
    from toolkit.i18n import fmt_num
    from toolkit.survey import ikm, read_survey

    expected = ikm(read_survey(path), by="unit")
    for row in expected.itertuples():
        line = f"{row.unit}: IKM {fmt_num(row.ikm, 'id')} (IK 95 % {fmt_num(row.ikm_low, 'id')}–{fmt_num(row.ikm_high, 'id')})"
        assert line in text, line
    assert all(
        "ILUSTRASI — data sintetis" in page for page in pdf_pages(folder / "brief.id.pdf")
    )  # the survey is synthetic
    assert (folder / "chart-ipa.png").is_file()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_2025_brief_for_diy(tmp_path, lang):
    """Provinsi Daerah Istimewa Yogyakarta 2025: 86,00, Kualitas Tinggi, tanpa maladministrasi, six units with
    their quality labels, the national mean, and the instrument change since 2024."""
    folder = make_brief(tmp_path, region="Provinsi Daerah Istimewa Yogyakarta", year=2025, lang=lang)
    text = " ".join(pdf_pages(folder / f"brief.{lang}.pdf"))
    html = html_text(folder / f"brief.{lang}.html")
    units = {
        "Dinas Sosial": ("92,36", "Sangat Baik", "Very good"),
        "RSJ Grhasia": ("90,16", "Sangat Baik", "Very good"),
        "Dinas Kesehatan": ("83,63", "Baik", "Good"),
        "Dinas Pendidikan, Pemuda dan Olahraga": ("83,58", "Baik", "Good"),
        "Balai Rehabilitasi Sosial Bina Karya dan Laras": ("84,73", "Baik", "Good"),
        "SMA Negeri 1 Yogyakarta": ("81,53", "Baik", "Good"),
    }
    for page in (text, html):
        for unit, (score, quality_id, quality_en) in units.items():
            score = score if lang == "id" else score.replace(",", ".")
            assert re.search(re.escape(unit) + r".{0,40}" + re.escape(score), page), unit
            assert (quality_id if lang == "id" else quality_en) in page
        if lang == "id":
            assert "86,00" in page and "Kualitas Tinggi Tanpa Maladministrasi" in page
            assert "74,64" in page and "tidak dapat dibandingkan poin demi poin" in page
        else:
            assert "86.00" in page and "High quality, without maladministration" in page
            assert "74.64" in page and "cannot be compared point for point" in page
        assert "11,22" not in page and "11.22" not in page  # 86.00 - 97.22 (2024) is never shown as a change
        assert "+11" in page  # against the national mean of the same year, not against 2024


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_headline_badge_keeps_every_label_whole(tmp_path, lang):
    """#23: the 2025 badge wrapped "Kualitas Tertinggi · Tanpa Maladministrasi · Kualitas
    pelayanan: Sangat Baik · zona hijau" into four broken lines. Rendered with the longest label
    of every scheme at once, each label reads whole on one line of page 1."""
    import subprocess

    from toolkit.schemes import list_schemes

    labels = {"first": [], "quality": [], "zone": []}
    for scheme in list_schemes():
        for band in scheme.bands:
            labels["first"].append(f"{briefs.LABELS['grade'][lang]} {band.grade}" if band.grade else band.opinion[lang])
            if band.quality:
                labels["quality"].append(band.quality[lang])
        labels["zone"] += [scheme.zone_label(z, lang).lower() for z in scheme.zones]
    longest = {k: max(v, key=len) for k, v in labels.items()}
    assert longest["first"] in ("Kualitas Tertinggi", "Medium compliance")  # 2025; 2013-2021 (en)
    malad = briefs.t("without_malad", lang)
    folder = make_brief(tmp_path, region="Kota Depok", year=2025, lang=lang)
    context = json.loads((folder / f"brief-context.{lang}.json").read_text())
    badge, lines = briefs._badge(longest["first"], malad, longest["quality"], longest["zone"], 12, lang)
    context["headline"]["badge_lines"] = lines
    (tmp_path / "badge.pdf").write_bytes(briefs.render_pdf(context, folder))
    page = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-layout", str(tmp_path / "badge.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.replace("\xa0", " ")
    lines = page.splitlines()[:16]
    lead = " ".join(context["facts"][0].split()[:3])  # the facts beside the badge start in this column
    column = next(line.index(lead) for line in lines if lead in line)
    badge_column = [line[:column].strip() for line in lines if line[:column].strip()]
    quality_line = f"{briefs.LABELS['quality'][lang]}: {longest['quality']}"
    for label in (longest["first"], malad, quality_line, longest["zone"]):
        assert label in badge_column, (label, badge_column)
    # the sentence of a computed score takes two lines at most, broken between whole words
    sentence = [line for line in badge_column if set(line.split()) <= set(badge[-1].split())]
    assert " ".join(sentence) == badge[-1] and len(sentence) <= 2, badge_column


def _check_sections(context: dict) -> None:
    """No heading without content: every section says at least one sentence (or lists entries)."""
    for section in context["sections"]:
        said = [p for p in section["paragraphs"] + section["after"] if len(p.split()) >= 3]
        said += [e["text"] for e in section["entries"] if len(e["text"].split()) >= 3]
        assert said, f"{context['title']}: section {section['key']} says nothing"
        assert section["heading"].strip()
        if section["table"]:
            assert all(h.strip() for h in section["table"]["headers"])  # no blank header cells
            assert all(len(r) == len(section["table"]["headers"]) for r in section["table"]["rows"])


SAMPLE = [
    ("Kota Bengkulu", 2024, "en"),  # the README's example
    ("Kabupaten Labuhanbatu Selatan", 2022, "id"),  # red zone, Pemda score only
    ("Kota Magelang", 2021, "en"),  # 2015-2021 instrument, published vs mean of units differ
    ("Kabupaten Bantul", 2025, "id"),  # 2025, three units listed, a published mean that differs
    ("Kota Metro", 2025, "en"),  # 2025 Pemda score with a central-government office
]


@pytest.mark.parametrize(("region", "year", "lang"), SAMPLE)
def test_briefs_have_substance_for_a_sample_of_regions(tmp_path, region, year, lang):
    folder = make_brief(tmp_path, region=region, year=year, lang=lang)
    context = json.loads((folder / f"brief-context.{lang}.json").read_text())
    _check_sections(context)
    keys = [s["key"] for s in context["sections"]]
    assert {"position", "sector", "recommendations"} <= set(keys)
    pages = pdf_pages(folder / f"brief.{lang}.pdf")
    assert len(pages) <= 2 and (len(pages) == 1 or len(pages[-1]) > 800)


@pytest.mark.slow
@pytest.mark.parametrize("year", [2021, 2022, 2023, 2024, 2025])
def test_every_bundled_region_of_every_year_in_both_languages(tmp_path, results, monkeypatch, year):
    """Briefs for every Pemda of every year, both languages: no empty section, two pages at most
    without a near-empty last page."""
    pemdas = results[results["level"].isin(["unit", "pemda"]) & (results["year"] == year)]
    pemdas = pemdas[["region", "year"]].drop_duplicates()
    assert len(pemdas) >= 10
    for i, (region, year) in enumerate(pemdas.itertuples(index=False)):
        # the cross-region analysis once, from the shared cache
        folder = make_brief(tmp_path / f"{i}", region=region, year=int(year), lang="id", cache=tmp_path / "cache")
        for lang in ("id", "en"):  # the English context from the same result files, no second run
            context = briefs.build_context(read_record(folder / "brief-data.json"), lang)
            _check_sections(context)
            pages = pdf_pages(folder / "brief.id.pdf") if lang == "id" else None
            if pages is None:
                pdf = briefs.render_pdf(context, folder)
                from io import BytesIO

                from pypdf import PdfReader

                pages = [" ".join(p.extract_text().split()) for p in PdfReader(BytesIO(pdf)).pages]
            assert len(pages) <= 2, (region, year, lang, len(pages))
            assert len(pages) == 1 or len(pages[-1]) > 800, (region, year, lang)
