"""Charts as an analyst uses them: titled, with a source line, a 16:9 slide beside each, all text
inside the figure and nothing drawn over the legend or the source line, survey elements and
quadrants named, every grade boundary drawn."""

from __future__ import annotations

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
            assert image.size == (2666, 1500), name  # 13.33 x 7.5 in at 200 dpi


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
