"""Charts as an analyst uses them: titled, with a source line, a 16:9 slide beside each, all text
inside the figure and nothing drawn over the legend or the source line, survey elements and
quadrants named, every grade boundary drawn."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from toolkit import outputs, plots
from toolkit.request import resolve

SURVEY = "kabupaten-bekasi-2022-skm-SYNTHETIC.csv"


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    """Every chart of Bekasi 2022 (with the synthetic survey) in both languages; for every file
    written (print PNG and SVG, slide), what the figure looked like as it was written."""
    from toolkit.paths import data_dir

    checks: dict[str, dict] = {}
    real_save, real_write = plots._save, plots.atomic_write
    current = {}

    def keep(fig, stem, *args, **kwargs):
        current["fig"] = fig
        return real_save(fig, stem, *args, **kwargs)

    def write(target, writer):
        checks[str(target)] = _layout(current["fig"])
        return real_write(target, writer)

    plots._save, plots.atomic_write = keep, write
    try:
        folders = {}
        for lang in ("id", "en"):
            folder = tmp_path_factory.mktemp(lang)
            request = resolve(
                "Kabupaten Bekasi",
                2022,
                lang=lang,
                output_dir=folder,
                cache_dir=folder / "cache",
                survey_path=data_dir() / "examples" / SURVEY,
            )
            outputs.overview(request)
            outputs.drivers(request)
            outputs.survey(request)
            folders[lang] = folder
    finally:
        plots._save, plots.atomic_write = real_save, real_write
    return folders, checks


def _layout(fig) -> dict:
    """Laid out as savefig lays it out: whether everything drawn is inside the figure, and whether
    the source line and the legend stay clear of the axes and of each other."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)  # the canvas the charts are saved with
    canvas.draw()
    renderer = canvas.get_renderer()
    box = fig.get_tightbbox(renderer)  # inches, of what is drawn
    inside = box.x0 >= -0.01 and box.y0 >= -0.01
    inside = inside and box.x1 <= fig.get_figwidth() + 0.01 and box.y1 <= fig.get_figheight() + 0.01
    texts = [t for t in fig.texts if t.get_text().startswith(("Sumber", "Source", "DATA", "SYNTH"))]
    source = texts[0].get_window_extent(renderer) if len(texts) == 1 else None
    clear = source is not None
    for ax in fig.axes:
        clear = clear and not ax.get_tightbbox(renderer).overlaps(source)
    for legend in fig.legends:
        key = legend.get_window_extent(renderer)
        clear = clear and not key.overlaps(source) and not fig.axes[0].get_tightbbox(renderer).overlaps(key)
    return {"inside": inside, "clear": clear, "axes": fig.axes}


CHARTS = ("units", "decomposition", "gaps", "ipa")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_chart_has_a_slide_version_at_16_by_9(drawn, lang):
    folders, _ = drawn
    for name in CHARTS:
        assert (folders[lang] / f"chart-{name}.png").is_file() and (folders[lang] / f"chart-{name}.svg").is_file()
        with Image.open(folders[lang] / f"slide-{name}.png") as image:
            assert image.size == (1920, 1080), name  # 13.33 x 7.5 in at 144 dpi: a Full HD widescreen slide


def test_charts_are_titled_and_say_their_source(drawn):
    folders, _ = drawn
    units = (folders["id"] / "chart-units.svg").read_text()
    assert "Nilai kepatuhan unit layanan, Kabupaten Bekasi 2022" in units
    # (the SVG draws text as paths, with the text in a comment; the source line is wrapped)
    assert "Sumber: Ombudsman RI" in units and "sampel dari pemberitaan" in units  # the bundled rows are a sample
    ipa = (folders["en"] / "chart-ipa.svg").read_text()
    assert "SYNTHETIC DATA" in ipa and "400" in ipa and "respondents" in ipa  # synthetic said on the chart itself
    gaps = (folders["en"] / "chart-gaps.svg").read_text()
    assert "Gaps between unit types within one Pemda, 2022–2024" in gaps  # wrapped: "assessments" on line 2


def test_survey_chart_names_elements_quadrants_and_axes(drawn):
    folders, _ = drawn
    svg = (folders["id"] / "chart-ipa.svg").read_text()
    for text in ("U1 Persyaratan", "U4 Biaya/tarif", "Prioritas perbaikan", "Pertahankan", "Prioritas rendah"):
        assert text in svg, text
    assert "bobot terhadap kepuasan keseluruhan" in svg  # how importance was measured (400 respondents: betas)


def test_every_grade_boundary_is_drawn_and_values_sit_outside_the_bars(drawn):
    _, checks = drawn
    ax = next(c for path, c in checks.items() if path.endswith("chart-units.png") and "/id" in path)["axes"][0]
    dotted = sorted(round(line.get_xdata()[0], 2) for line in ax.get_lines() if line.get_linestyle() == ":")
    assert dotted == [54.0, 88.0]  # D|C and B|A of ombudsman-2022 (the green line 78 is solid)
    values = [t.get_text() for t in ax.child_axes[0].get_yticklabels()]  # the secondary axis at the right
    assert "73,02" not in values and "62,62" in values and "83,48" in values


def test_no_text_runs_off_a_chart_or_under_the_source_line(drawn):
    """In print and on the slide: everything drawn inside the figure, the legend and the source
    line apart from each other and from the axes."""
    _, checks = drawn
    assert len(checks) == 4 * 3 * 2  # four charts, PNG + SVG + slide, two languages
    bad = {path: c for path, c in checks.items() if not (c["inside"] and c["clear"])}
    assert not bad, sorted(bad)


def test_slide_path_names_the_slide_beside_its_chart(tmp_path):
    assert plots.slide_path(tmp_path / "chart-gaps.png") == tmp_path / "slide-gaps.png"


# -- progress across years (#23 item 5) ------------------------------------------------------
@pytest.fixture
def captured(monkeypatch):
    """The figure of every chart saved, by file stem, and the layout of every file written
    (``layout:chart-progress.png``, ``layout:slide-progress.png``, ...) as it was written."""
    figures: dict[str, object] = {}
    real_save, real_write = plots._save, plots.atomic_write

    def keep(fig, stem, *args, **kwargs):
        figures["current"] = figures[Path(stem).name] = fig
        return real_save(fig, stem, *args, **kwargs)

    def write(target, writer):
        figures["layout:" + Path(target).name] = _layout(figures["current"])
        return real_write(target, writer)

    monkeypatch.setattr(plots, "_save", keep)
    monkeypatch.setattr(plots, "atomic_write", write)
    return figures


def _laid_out(captured, name: str) -> bool:
    """Print PNG, SVG and slide of chart ``name``: inside the figure, legend and source apart."""
    files = (f"chart-{name}.png", f"chart-{name}.svg", f"slide-{name}.png")
    return all(captured["layout:" + f]["inside"] and captured["layout:" + f]["clear"] for f in files)


def _pemda_line(fig):
    """The Pemda's path: the thick black line of the progress chart."""
    ax = fig.axes[0]
    (line,) = [ln for ln in ax.get_lines() if ln.get_linewidth() == 1.6 and len(ln.get_xdata()) > 1]
    return ax, [int(x) for x in line.get_xdata()], [float(y) for y in line.get_ydata()]


def test_a_later_brief_shows_the_path_inside_the_instrument(captured, tmp_path):
    """Bekasi 73,02 (C) -> 83,22 (B) -> 87,88 (B), published (bundled results, rows of 2022-2024)."""
    from toolkit import briefs

    step = outputs.overview(resolve("Kabupaten Bekasi", 2024, output_dir=tmp_path / "b", cache_dir=tmp_path / "c"))
    assert "chart-progress" in step.charts and (tmp_path / "b" / "slide-progress.png").is_file()
    ax, years, scores = _pemda_line(captured["chart-progress"])
    assert years == [2022, 2023, 2024] and scores == [73.02, 83.22, 87.88]
    labels = [t.get_text() for t in ax.texts]
    assert {"73,02 (C)", "83,22 (B)", "87,88 (B)"} <= set(labels)
    assert not ax.get_title(loc="left")  # no other instrument: no positions line
    dotted = sorted(round(ln.get_ydata()[0], 2) for ln in ax.get_lines() if ln.get_linestyle() == ":")
    assert dotted == [88.0]  # B|A (the axis starts at 60, under D|C 54); the green line 78 is solid
    # published points are filled; no unit of Bekasi is published in two years: no unit lines, no unit legend
    assert all(ln.get_markerfacecolor() == "black" for ln in ax.get_lines() if ln.get_marker() == "o")
    legend = [t.get_text() for t in captured["chart-progress"].legends[0].get_texts()]
    assert legend == ["Nilai Pemda, dipublikasikan", "Batas zona hijau (78,00)", "Batas kategori"]
    assert _laid_out(captured, "progress"), {
        k: (v["inside"], v["clear"]) for k, v in captured.items() if k.startswith("layout:")
    }
    outputs.gather(tmp_path / "b")
    from toolkit.records import BriefData, read_record

    context = briefs.build_context(read_record(tmp_path / "b" / "brief-data.json", BriefData), "id")
    (history,) = [s for s in context["sections"] if s["key"] == "history"]
    assert history["chart"] == "chart-progress.png" and history["chart_alt"]


def test_the_first_year_of_an_instrument_has_no_progress_chart(captured, tmp_path):
    step = outputs.overview(resolve("Kabupaten Bekasi", 2022, output_dir=tmp_path))
    assert "chart-progress" not in step.charts and "chart-progress" not in captured
    assert not (tmp_path / "chart-progress.png").exists()


def test_units_scored_in_two_years_are_drawn_and_computed_scores_marked(captured, tmp_path):
    """Kendal's Dinas Kesehatan 97,72 (2023) and 98,68 (2024), the Pemda score computed from it."""
    outputs.overview(resolve("Kabupaten Kendal", 2024, lang="en", output_dir=tmp_path))
    fig = captured["chart-progress"]
    ax, years, scores = _pemda_line(fig)
    assert years == [2023, 2024] and scores == [97.72, 98.68]
    grey = [ln for ln in ax.get_lines() if ln.get_color() == "#777777"]
    assert [list(ln.get_ydata()) for ln in grey] == [[97.72, 98.68]]
    assert "Dinas Kesehatan 98.68" in [t.get_text() for t in ax.texts]
    assert all(ln.get_markerfacecolor() == "white" for ln in ax.get_lines() if ln.get_marker() == "o")
    assert "98.68 (A) *" in [t.get_text() for t in ax.texts]
    assert _laid_out(captured, "progress"), {
        k: (v["inside"], v["clear"]) for k, v in captured.items() if k.startswith("layout:")
    }


def test_a_later_instrument_never_plots_the_scores_of_an_earlier_one(captured, tmp_path):
    """Bekasi with made-up 2025 and 2026 scores added to the bundled rows: the chart plots 2025-
    only; 2022-2024 appear as positions (grade, zone) under the title, never as points."""
    import csv

    from toolkit.paths import bundled_results

    with open(bundled_results(), encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    header = list(rows[0])
    for year, score in (("2025", "80.5"), ("2026", "84.1")):
        row = dict.fromkeys(header, "")
        row.update(year=year, level="pemda", region="Kabupaten Bekasi", province="Jawa Barat", score=score)
        row["source_url"] = "test row"
        rows.append(row)
    results = tmp_path / "results.csv"
    with open(results, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    step = outputs.overview(resolve("Kabupaten Bekasi", 2025, results_path=results, output_dir=tmp_path / "y25"))
    assert "chart-progress" not in step.charts  # one year of the 2025 instrument: nothing to draw
    outputs.overview(resolve("Kabupaten Bekasi", 2026, results_path=results, output_dir=tmp_path / "y26"))
    ax, years, scores = _pemda_line(captured["chart-progress"])
    assert years == [2025, 2026] and scores == [80.5, 84.1]
    drawn = {round(float(y), 2) for ln in ax.get_lines() for y in ln.get_ydata()}
    assert not drawn & {73.02, 83.22, 87.88}
    assert not any(t.get_text().startswith(("73,02", "83,22", "87,88")) for t in ax.texts)
    note = ax.get_title(loc="left").replace("\n", " ")
    assert "instrumen 2022–2024: 2022 Kategori C, Zona Kuning; 2023 Kategori B" in note
    assert "tidak sebanding" in note


@pytest.mark.parametrize("facecolor", ["white", (1, 1, 1, 0.5)])
def test_png_has_the_pixels_matplotlib_writes(tmp_path, facecolor):
    """A chart's PNG is matplotlib's own, pixel for pixel: in RGB where every pixel is opaque, in
    RGBA where one is not; at the dpi asked."""
    import numpy as np
    from matplotlib.figure import Figure

    fig = Figure(figsize=(3.1, 1.7), facecolor=facecolor)
    ax = fig.add_subplot()
    ax.barh(["Dinas Sosial", "Dinas Pendidikan"], [61.4, 73.02], color="#f2c94c")
    ax.set_title("Kabupaten Bekasi 2022")
    fig.savefig(tmp_path / "matplotlib.png", format="png", dpi=150)
    plots._png(fig, tmp_path / "ours.png", 150)
    with Image.open(tmp_path / "matplotlib.png") as theirs, Image.open(tmp_path / "ours.png") as ours:
        assert ours.mode == ("RGB" if facecolor == "white" else "RGBA")
        assert ours.size == theirs.size == (465, 255)
        assert np.array_equal(np.asarray(ours.convert("RGBA")), np.asarray(theirs.convert("RGBA")))
        assert [round(v) for v in ours.info["dpi"]] == [150, 150]


def test_the_sector_gap_chart_is_drawn_once_per_regime_and_copied_after(tmp_path, monkeypatch):
    """Every Pemda of a regime shows the same sector-gap chart: the second Pemda's files are
    copied from the cache, byte for byte what drawing them writes; another language (or any
    other input) draws its own."""
    drawn = []
    real = plots.sector_gaps

    def counting(rows, stem, lang, *args):
        drawn.append((Path(stem).parent.name, lang))
        return real(rows, stem, lang, *args)

    monkeypatch.setattr(plots, "sector_gaps", counting)
    cache = tmp_path / "cache"
    for folder, region, lang in (
        ("a", "Kabupaten Bekasi", "id"),
        ("b", "Kota Bekasi", "id"),
        ("c", "Kota Bekasi", "en"),
    ):
        outputs.drivers(resolve(region, 2022, lang=lang, output_dir=tmp_path / folder, cache_dir=cache))
    assert drawn == [("a", "id"), ("c", "en")]
    # the copy is what a run without a cache draws itself
    import dataclasses

    uncached = dataclasses.replace(resolve("Kota Bekasi", 2022, output_dir=tmp_path / "fresh"), cache_dir="")
    outputs.drivers(uncached)
    assert drawn[-1] == ("fresh", "id")
    for name in ("chart-gaps.png", "chart-gaps.svg", "slide-gaps.png"):
        assert (tmp_path / "b" / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name
    assert (tmp_path / "c" / "chart-gaps.svg").read_bytes() != (tmp_path / "b" / "chart-gaps.svg").read_bytes()
    assert not list((cache / "charts").glob(".*"))  # no staging folder left behind


def test_a_slide_wraps_its_title_and_axis_label_for_its_own_width(tmp_path, monkeypatch):
    """The slide is wider than the page in inches of its larger text: its title and value-axis
    label keep none of the page's early line breaks."""
    import pandas as pd

    seen = {}
    real = plots._png

    def record(fig, target, dpi):
        seen[dpi] = (fig.get_suptitle(), fig.axes[0].get_xlabel())
        return real(fig, target, dpi)

    monkeypatch.setattr(plots, "_png", record)
    table = pd.DataFrame(
        {
            "unit_type": ["education", "health"],
            "gap": [-3.9, 3.5],
            "ci_low": [-9.2, -14.2],
            "ci_high": [1.4, 21.3],
            "n_regions": [11, 9],
            "reference": ["others", "others"],
        }
    )
    title = "Selisih antarjenis unit dalam satu Pemda, penilaian 2022–2024 (semua Pemda dalam data)"
    plots.sector_gaps(table, tmp_path / "chart-gaps", "id", title, "Sumber: uji")
    (page_title, page_label), (slide_title, slide_label) = seen[200], seen[plots.SLIDE_DPI]
    assert page_title.count("\n") >= 1 and page_label.count("\n") >= 1  # the page breaks both
    assert slide_title.count("\n") < page_title.count("\n") and slide_label.count("\n") < page_label.count("\n")
    assert " ".join(slide_title.split()) == " ".join(page_title.split()) == title
