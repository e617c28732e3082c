"""Charts for notebooks and briefs (seaborn/matplotlib, imported here only).

Zones are the core idea, so bands and bars carry the conventional zone colours (green, yellow,
red); they also stay apart in greyscale: bars are hatched by zone and labelled with their value,
and each band is labelled with its grade or opinion. Text is at least 8 pt when the chart is
printed at full text width in a brief (the figure is drawn at that width), numbers follow the
language's convention, data names are drawn as plain text (never mathtext), and the axis says
where it starts.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pandas as pd

from toolkit.i18n import fmt_num, pick, section, t
from toolkit.io import atomic_write
from toolkit.names import UNIT_TYPES
from toolkit.schemes import Scheme

__all__ = ["decomposition", "display_name", "ipa_grid", "progress", "sector_gaps", "unit_scores"]

#: Width of the text block of a brief (A4, 1.6 cm margins), in inches: charts are drawn at it.
PRINT_WIDTH_IN = 6.95
#: How a zone's conventional colour (``colour`` of the zone in the scheme file) is drawn: bar,
#: band behind the bars, hatching (so zones stay apart in greyscale), and grey for greyscale slides.
_COLOURS = {
    "green": {"bar": "#2e7d32", "band": "#e3f1e4", "hatch": "", "grey": "#4d4d4d"},
    "yellow": {"bar": "#f9a825", "band": "#fdf3d3", "hatch": "//", "grey": "#a6a6a6"},
    "red": {"bar": "#c62828", "band": "#f8dede", "hatch": "xx", "grey": "#e0e0e0"},
    "black": {"bar": "#212121", "band": "#dddddd", "hatch": "..", "grey": "#bbbbbb"},
}
_UNKNOWN = {"bar": "#777777", "band": "#eeeeee", "hatch": "", "grey": "#bbbbbb"}
#: The style every chart is drawn in, applied only while it is drawn (the session's own
#: matplotlib settings and backend are left as they are).
_RC = {
    "text.usetex": False,
    "text.parse_math": False,  # a "$" in a unit name is a dollar sign, not maths
    "svg.hashsalt": "kepatuhan",  # the same chart gives the same SVG, run after run
}


def _zone_style(scheme: Scheme, zone: str | None) -> dict[str, str]:
    return _COLOURS.get(scheme.zones.get(zone or "", {}).get("colour", ""), _UNKNOWN)


def _styled(draw):
    """Run a chart function inside the toolkit's style (``matplotlib.rc_context``)."""
    import functools

    @functools.wraps(draw)
    def wrapper(*args, **kwargs):
        import matplotlib

        with matplotlib.rc_context(_RC):
            return draw(*args, **kwargs)

    return wrapper


def _figure(**kwargs):
    """A figure outside pyplot: drawn and saved with the Agg canvas, whatever backend the
    session uses, and never shown or kept by pyplot."""
    from matplotlib.figure import Figure

    return Figure(**kwargs)


_LABELS = section("plot.")
MAX_LABEL = 48


def display_name(name: object, limit: int = MAX_LABEL) -> str:
    r"""A name as a chart may draw it: control characters removed, shortened with an ellipsis.

    The full name stays in the data and tables; only the drawing is shortened.

    Examples
    --------
    >>> display_name("Dinas Pendidikan, Pemuda dan Olahraga" * 3)[-3:], display_name("a\x00b")
    ('...', 'ab')
    """
    text = "".join(ch for ch in str(name) if ch.isprintable())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


#: The slide version of every chart: 16:9, 13.33 x 7.5 in (a widescreen slide) at 144 dpi, which
#: is 1920 x 1080 pixels, a Full HD projector's own size (at 200 dpi, 2666 x 1500, it cost 0,15 s
#: more a chart and was scaled down on every screen it was shown on).
SLIDE_DPI = 144
SLIDE_IN = (1920 / SLIDE_DPI, 1080 / SLIDE_DPI)
#: Text on the slide is this much larger than in print (8 pt in print: about 13 pt on a slide).
_SLIDE_TEXT = 1.6


def slide_path(chart: str | os.PathLike) -> Path:
    """Where the 16:9 slide version of a chart is written: ``chart-units.png`` ->
    ``slide-units.png`` in the same folder.

    Examples
    --------
    >>> slide_path("reports/2022/kabupaten-bekasi/chart-units.png").name
    'slide-units.png'
    """
    path = Path(chart)
    return path.with_name("slide-" + path.stem.removeprefix("chart-") + ".png")


def _save(
    fig,
    stem: str | os.PathLike,
    title: str | None = None,
    source: str | None = None,
    slide: bool = True,
    legend: tuple[list, list[str]] | None = None,
    legend_cols: int | None = None,
) -> list[Path]:
    """Title the chart, put its legend and source line under it, and write ``stem``.png and
    ``stem``.svg at print size and (``slide``) the 16:9 slide version (:func:`slide_path`), each
    atomically; return the paths.

    The layout keeps a strip at the bottom for the legend (one row, or rows of ``legend_cols``
    entries) and the source line, so neither covers the chart or the other.
    """
    import matplotlib.text

    if title:
        _heading(fig, title)
    lines = _wrap(display_name(source, 400), int(15 * fig.get_figwidth())) if source else ""
    note = (
        fig.text(0.1, 0.06, lines, transform=fig.dpi_scale_trans, ha="left", va="bottom", fontsize=7, color="#444444")
        if lines
        else None
    )
    key = None
    if legend is not None:
        handles, labels = legend
        key = fig.legend(
            handles,
            labels,
            loc="lower center",
            ncols=min(len(handles), legend_cols or len(handles)),
            fontsize=8,
            frameon=False,
            borderaxespad=0,
        )
    rows = -(-len(legend[0]) // (legend_cols or len(legend[0]))) if legend and legend[0] else 1
    _bottom_strip(fig, lines.count("\n") + 1 if note else 0, key, 1.0, rows)
    paths = []
    # one layout for the print PNG and SVG (same size): laid out once, then saved without a layout
    # engine, which would lay it out again before each save
    with _laid_out(fig, 200):
        paths.append(atomic_write(Path(f"{os.fspath(stem)}.png"), lambda tmp: _png(fig, tmp, 200)))
        svg = Path(f"{os.fspath(stem)}.svg")
        paths.append(atomic_write(svg, lambda tmp: fig.savefig(tmp, format="svg", metadata={"Date": None})))
    if not slide:
        return paths
    fig.set_size_inches(*SLIDE_IN)
    for text in fig.findobj(matplotlib.text.Text):
        text.set_fontsize(text.get_fontsize() * _SLIDE_TEXT)
    # the title and value-axis labels wrapped again for the slide's width, not the page's
    if title:
        _heading(fig, title, _SLIDE_TEXT)
    for ax in fig.axes:
        if getattr(ax, "_kepatuhan_xlabel", None):
            label, longest = ax._kepatuhan_xlabel
            ax.xaxis.label.set_text(_wrap(label, int(14 * _label_room(fig, longest, _SLIDE_TEXT) / _SLIDE_TEXT)))
    _bottom_strip(fig, lines.count("\n") + 1 if note else 0, key, _SLIDE_TEXT, rows)
    slide_file = slide_path(f"{os.fspath(stem)}.png")
    paths.append(atomic_write(slide_file, lambda tmp: _png(fig, tmp, SLIDE_DPI)))
    return paths


def _png(fig, target, dpi: float) -> None:
    """Write ``fig`` to ``target`` as PNG at ``dpi``: the pixels ``savefig(format="png")`` writes,
    in RGB where every pixel is opaque (a chart on its white background).

    matplotlib always writes RGBA; the alpha channel of an opaque chart is a quarter of the
    pixels to filter and compress for nothing: in RGB a chart is 10-15 % smaller and written in
    about two thirds of the time (40-75 ms instead of 55-115 ms a chart at print and slide size).
    """
    import io

    import matplotlib
    from PIL import Image, PngImagePlugin

    raw = io.BytesIO()
    fig.savefig(raw, format="raw", dpi=dpi)  # Agg's RGBA buffer, drawn as for a PNG
    width, height = (int(v) for v in fig.get_size_inches() * dpi)
    if len(raw.getbuffer()) != 4 * width * height:  # not the size expected: let matplotlib write it
        fig.savefig(target, format="png", dpi=dpi)
        return
    image = Image.frombuffer("RGBA", (width, height), raw.getbuffer(), "raw", "RGBA", 0, 1)
    if image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")
    info = PngImagePlugin.PngInfo()
    info.add_text("Software", f"Matplotlib version{matplotlib.__version__}, https://matplotlib.org/")
    image.save(target, format="png", dpi=(dpi, dpi), pnginfo=info)


@contextlib.contextmanager
def _laid_out(fig, dpi: float):
    """``fig`` laid out once by its layout engine at ``dpi``, then without an engine inside the
    block (every save inside it keeps that layout); the engine is put back after."""
    engine = fig.get_layout_engine()
    if engine is None:
        yield
        return
    before = fig.dpi
    fig.set_dpi(dpi)
    try:
        fig.draw_without_rendering()
    finally:
        fig.set_dpi(before)
    fig.set_layout_engine("none")
    try:
        yield
    finally:
        fig.set_layout_engine(engine)


def _bottom_strip(fig, n_lines: int, legend, scale: float, rows: int = 1) -> None:
    """Keep a strip at the bottom of a constrained-layout figure free for a legend of ``rows`` rows
    and ``n_lines`` of 7 pt source text (times ``scale``), and put the legend in it."""
    source_h = 0.125 * n_lines * scale
    legend_h = (0.3 + 0.2 * (rows - 1)) * scale if legend is not None else 0.0
    if legend is not None:
        legend.set_bbox_to_anchor((fig.get_figwidth() / 2, 0.06 + source_h + 0.05), transform=fig.dpi_scale_trans)
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set") and (n_lines or legend is not None):
        strip = (0.12 + source_h + legend_h) / fig.get_figheight()
        engine.set(rect=(0, strip, 1, 1 - strip))


def _heading(fig, title: str, scale: float = 1.0) -> None:
    """The chart's title, in bold at ``scale`` times its print size, wrapped to the figure's width
    (it never runs off a narrow chart, nor breaks early on a slide)."""
    heading = _wrap(display_name(title, 160), int(11 * fig.get_figwidth() / scale))
    fig.suptitle(heading, x=0.01, ha="left", fontsize=9.5 * scale, fontweight="bold")


def _label_room(fig, longest: int, scale: float = 1.0) -> float:
    """Inches left for a value-axis label beside category labels of ``longest`` characters, with
    text ``scale`` times its print size."""
    return max(2.0, fig.get_figwidth() - scale * (0.065 * longest + 0.4))


def _wrap(text: str, width: int) -> str:
    """``text`` broken into lines of at most ``width`` characters (long axis labels fit the chart)."""
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


def _value_axis(ax, lang: str, label: str, decimals: int) -> None:
    """A horizontal value axis in the language's numbers, labelled, without the top and right frame."""
    import matplotlib.ticker as mticker

    ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: fmt_num(v, lang, decimals)))
    ax.tick_params(axis="x", labelsize=8)
    # wrapped to the width of the axes (the figure less its longest category label), so it never runs off
    longest = max((len(tick.get_text()) for tick in ax.get_yticklabels()), default=0)
    ax.set_xlabel(_wrap(label, int(14 * _label_room(ax.figure, longest))), fontsize=8.5)
    ax._kepatuhan_xlabel = (label, longest)  # wrapped again for the slide (:func:`_save`)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


@_styled
def unit_scores(
    units: pd.DataFrame,
    scheme: Scheme,
    stem: str | os.PathLike,
    lang: str = "id",
    pemda_score: float | None = None,
    title: str | None = None,
    source: str | None = None,
) -> list[Path]:
    """Horizontal bars of unit scores over the scheme's bands, coloured by zone; every band
    boundary drawn (dotted), the green threshold solid, the Pemda score dashed, the values in a
    column at the right (never on a reference line).

    Parameters
    ----------
    units : DataFrame
        Columns ``unit``, ``score``, ``zone`` (as in :class:`toolkit.RegionSummary` ``units``).
    scheme : Scheme
    stem : path without suffix
        ``stem.png`` and ``stem.svg`` are written.
    lang : "id" or "en"
    pemda_score : float, optional
        Drawn as a dashed line.
    title, source : str, optional
        The chart's title and its source line (``Sumber: ...``).
    """
    import matplotlib.ticker as mticker

    data = units.sort_values("score").reset_index(drop=True)
    names = [display_name(u) for u in data["unit"]]
    height = 1.9 + 0.3 * len(data)  # with the title, the legend and the source line
    fig = _figure(figsize=(PRINT_WIDTH_IN, height), layout="constrained")
    ax = fig.subplots()
    low = (
        max(scheme.scale_min, 10 * ((min(data["score"].min(), scheme.green_threshold) - 12) // 10))
        if len(data)
        else scheme.scale_min
    )
    for band in scheme.bands:
        if band.upper <= low:
            continue
        start = max(band.lower, low)
        ax.axvspan(start, band.upper, color=_zone_style(scheme, band.zone)["band"], zorder=0, linewidth=0)
        ax.text(
            (start + band.upper) / 2,
            1.01,
            display_name(band.grade or band.opinion[lang], 24),
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=8,
            color="#222222",
        )
    y = range(len(data))
    bars = ax.barh(list(y), data["score"], height=0.62, edgecolor="black", linewidth=0.6, zorder=2)
    for patch, zone in zip(bars, data["zone"], strict=True):
        patch.set_facecolor(_zone_style(scheme, zone)["bar"])
        patch.set_hatch(_zone_style(scheme, zone)["hatch"])
    ax.set_yticks(list(y), names, fontsize=8.5)
    # the values in a column right of the chart: a label on a bar's end would sit on a reference line
    values = ax.secondary_yaxis("right")
    values.set_yticks(list(y), [fmt_num(v, lang) for v in data["score"]], fontsize=8.5)
    values.tick_params(length=0)
    values.spines["right"].set_visible(False)
    handles, labels = [], []
    inner = sorted({b.lower for b in scheme.bands if low < b.lower < scheme.scale_max} - {scheme.green_threshold})
    for edge in inner:  # every band boundary, so no other line reads as one
        line = ax.axvline(edge, color="#555555", linewidth=0.8, linestyle=":", zorder=3)
    if inner:
        handles.append(line)
        labels.append(_LABELS["band_edge"][lang])
    handles.insert(0, ax.axvline(scheme.green_threshold, color="black", linewidth=1.3, zorder=3))
    labels.insert(0, _LABELS["green"][lang].format(v=fmt_num(scheme.green_threshold, lang)))
    if pemda_score is not None:
        handles.append(ax.axvline(pemda_score, color="black", linestyle="--", linewidth=1.1, zorder=3))
        labels.append(_LABELS["pemda"][lang].format(v=fmt_num(pemda_score, lang)))
    ax.set_xlim(low, scheme.scale_max)
    ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: fmt_num(v, lang, 0)))
    ax.tick_params(axis="x", labelsize=8)
    xlabel = t("label.score", lang)
    if low > scheme.scale_min:
        xlabel += f" ({_LABELS['axis_from'][lang].format(v=fmt_num(low, lang, 0))})"
    ax.set_xlabel(xlabel, fontsize=8.5)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    # the legend sits below the axes, above the source line: it never covers a bar
    return _save(fig, stem, title, source, legend=(handles, labels))


def progress_points(history: list[dict], regime: str | None) -> tuple[list[dict], list[dict]]:
    """Split a Pemda's history (:attr:`toolkit.records.Overview.history`) into the years of
    ``regime``, whose scores compare and are plotted, and the years of other instruments, shown as
    positions only (grade or opinion, zone).

    Examples
    --------
    >>> h = [{"year": 2021, "regime": "2015-2021"}, {"year": 2022, "regime": "2022-2024"}]
    >>> [[r["year"] for r in part] for part in progress_points(h, "2022-2024")]
    [[2022], [2021]]
    """
    inside = sorted((h for h in history if h.get("regime") == regime), key=lambda h: h["year"])
    outside = sorted((h for h in history if h.get("regime") != regime), key=lambda h: h["year"])
    return inside, outside


def _position_line(rows: list[dict], lang: str) -> str:
    """The years of other instruments as positions, by instrument: "instrumen 2022–2024: 2022
    Kategori C, Zona Kuning; 2023 Kategori B, Zona Hijau"."""
    from toolkit.i18n import regime_text

    groups: dict[str, list[str]] = {}
    for h in rows:
        label = f"{t('label.grade', lang)} {h['grade']}" if h.get("grade") else pick(h.get("opinion") or {}, lang)
        zone = (h.get("zone_label") or {}).get(lang) or h.get("zone") or ""
        groups.setdefault(h.get("regime") or "", []).append(
            " ".join(str(x) for x in (h["year"], ", ".join(x for x in (label, zone) if x)) if x)
        )
    parts = [
        _LABELS["progress_regime"][lang].format(regime=regime_text(regime, lang), years="; ".join(years))
        for regime, years in groups.items()
    ]
    return _LABELS["progress_other"][lang].format(positions=" | ".join(parts)) if parts else ""


@_styled
def progress(
    history: list[dict],
    scheme: Scheme,
    stem: str | os.PathLike,
    lang: str = "id",
    units: pd.DataFrame | None = None,
    title: str | None = None,
    source: str | None = None,
) -> list[Path]:
    """The Pemda's score year by year inside one instrument: the scheme's bands behind, every
    grade boundary dotted, the green threshold solid, each year's point labelled with its score and
    grade (a computed score drawn open, a published one filled), and thin lines for the units
    scored in two or more of those years.

    Years of another instrument (``regime`` other than the scheme's) are never put on the score
    axis: they are listed under the title as positions (grade or opinion, zone).

    Parameters
    ----------
    history : list of dict
        :attr:`toolkit.records.Overview.history` rows: ``year, score, basis, grade, opinion,
        zone, zone_label, regime``.
    scheme : Scheme
        The scheme of the brief's year; its ``regime`` selects the years drawn.
    stem : path without suffix
    lang : "id" or "en"
    units : DataFrame, optional
        ``year, unit, unit_key, score`` of units with two or more years in the regime
        (:func:`toolkit.analysis.unit_paths`); nothing is said about units when empty.
    title, source : str, optional

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from toolkit.schemes import load_scheme
    >>> h = [{"year": y, "score": v, "basis": "published", "grade": g, "regime": "2022-2024"}
    ...      for y, v, g in ((2022, 73.02, "C"), (2023, 83.22, "B"))]
    >>> files = progress(h, load_scheme("ombudsman-2022"), pathlib.Path(tempfile.mkdtemp()) / "chart-progress")
    >>> [f.name for f in files]
    ['chart-progress.png', 'chart-progress.svg', 'slide-progress.png']
    """
    import matplotlib.ticker as mticker
    from matplotlib.lines import Line2D

    points, others = progress_points(history, scheme.regime)
    units = units if units is not None and len(units) else None
    years = [int(h["year"]) for h in points]
    scores = [float(h["score"]) for h in points]
    every = scores + (list(units["score"]) if units is not None else [])
    low = max(scheme.scale_min, 10 * ((min([*every, scheme.green_threshold]) - 6) // 10))
    fig = _figure(
        figsize=(PRINT_WIDTH_IN, 2.7 if units is None else 3.3), layout="constrained"
    )  # a brief keeps to 2 pages
    ax = fig.subplots()
    for band in scheme.bands:
        if band.upper <= low:
            continue
        start = max(band.lower, low)
        ax.axhspan(start, band.upper, color=_zone_style(scheme, band.zone)["band"], zorder=0, linewidth=0)
        ax.text(
            1.01,
            (start + band.upper) / 2,
            _wrap(display_name(band.grade or band.opinion[lang], 30), 10),  # "Kualitas / Tertinggi"
            transform=ax.get_yaxis_transform(),
            ha="left",
            va="center",
            fontsize=8,
            color="#222222",
        )
    handles, labels = [], []
    inner = sorted({b.lower for b in scheme.bands if low < b.lower < scheme.scale_max} - {scheme.green_threshold})
    for edge in inner:
        line = ax.axhline(edge, color="#555555", linewidth=0.8, linestyle=":", zorder=1)
    green = ax.axhline(scheme.green_threshold, color="black", linewidth=1.3, zorder=1)
    handles.append(green)
    labels.append(_LABELS["green"][lang].format(v=fmt_num(scheme.green_threshold, lang)))
    if inner:
        handles.append(line)
        labels.append(_LABELS["band_edge"][lang])
    right = max(years) + 0.35
    if units is not None:  # thin grey lines, each named at its last point (names spread apart)
        ends = []
        for _, path in units.groupby("unit_key", sort=False):
            path = path.sort_values("year")
            ax.plot(path["year"], path["score"], color="#777777", linewidth=0.9, marker=".", markersize=5, zorder=2)
            ends.append((float(path["score"].iloc[-1]), int(path["year"].iloc[-1]), str(path["unit"].iloc[-1])))
        gap = 0.045 * (scheme.scale_max - low)
        placed: list[float] = []
        for value, year, name in sorted(ends):
            y = max(value, placed[-1] + gap) if placed else value
            placed.append(y)
            ax.annotate(
                f"{display_name(name, 28)} {fmt_num(value, lang)}",
                (year, value),
                xytext=(year + 0.08, y),
                textcoords="data",
                fontsize=8,
                va="center",
                color="#444444",
            )
        right = max(years) + 1.3
        handles.append(Line2D([], [], color="#777777", linewidth=0.9, marker="."))
        labels.append(_LABELS["progress_units"][lang])
    ax.plot(years, scores, color="black", linewidth=1.6, zorder=3)
    computed = [h.get("basis") == "computed" for h in points]
    for h, year, value, open_ in zip(points, years, scores, computed, strict=True):
        ax.plot(
            [year],
            [value],
            marker="o",
            markersize=7,
            color="black",
            markerfacecolor="white" if open_ else "black",
            markeredgewidth=1.4,
            zorder=4,
        )
        label = h.get("grade") or pick(h.get("opinion") or {}, lang)
        text = fmt_num(value, lang) + (f" ({label})" if label else "") + (" *" if open_ else "")
        below = value > scheme.scale_max - 0.08 * (scheme.scale_max - low)  # near the top: under the point
        ax.annotate(
            text,
            (year, value),
            xytext=(0, -10 if below else 9),
            textcoords="offset points",
            ha="center",
            va="top" if below else "bottom",
            fontsize=8.5,
            fontweight="bold",
            zorder=5,
            # a white ground, so a boundary just above the point never strikes through its label
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
        )
    if any(computed):
        handles.insert(0, Line2D([], [], color="black", linewidth=1.6, marker="o", markerfacecolor="white"))
        labels.insert(0, _LABELS["progress_computed"][lang])
    if not all(computed):
        handles.insert(0, Line2D([], [], color="black", linewidth=1.6, marker="o", markersize=6))
        labels.insert(0, _LABELS["progress_published"][lang])
    ax.set_xlim(min(years) - 0.35, right)
    ax.set_ylim(low, scheme.scale_max)
    ax.set_xticks(years, [str(y) for y in years], fontsize=8.5)
    ax.yaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: fmt_num(v, lang, 0)))
    ax.tick_params(axis="y", labelsize=8)
    ylabel = t("label.score", lang)
    if low > scheme.scale_min:
        ylabel += f" ({_LABELS['axis_from'][lang].format(v=fmt_num(low, lang, 0))})"
    ax.set_ylabel(ylabel, fontsize=8.5)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    note = _position_line(others, lang)
    if note:
        ax.set_title(_wrap(note, int(14 * fig.get_figwidth())), loc="left", fontsize=8, color="#333333", pad=6)
    cols = len(handles) if len(handles) <= 3 else 2  # four or five entries: two to a row, never past the edge
    return _save(fig, stem, title, source, legend=(handles, labels), legend_cols=cols)


@_styled
def ipa_grid(
    ipa: pd.DataFrame,
    stem: str | os.PathLike,
    lang: str = "id",
    title: str | None = None,
    source: str | None = None,
) -> list[Path]:
    """Importance–performance grid: the survey's service elements placed by performance (x) and
    importance (y), each named; dashed lines at the means split the four quadrants, each named in
    its corner.

    ``ipa`` has columns ``item``, ``performance``, ``importance`` and, as :func:`toolkit.survey.ipa`
    gives them, ``label``/``label_en`` (or ``label`` as ``{"id": ..., "en": ...}``) and
    ``importance_basis`` (the axis then says how importance was measured).
    """
    import matplotlib.ticker as mticker
    import seaborn as sns

    fig = _figure(figsize=(PRINT_WIDTH_IN, 0.62 * PRINT_WIDTH_IN), layout="constrained")
    ax = fig.subplots()
    sns.scatterplot(data=ipa, x="performance", y="importance", ax=ax, color="black", s=30)
    for row in ipa.to_dict(orient="records"):
        ax.annotate(
            f"{row['item']} {display_name(_item_label(row, lang), 30)}",
            (row["performance"], row["importance"]),
            xytext=(4, 3),
            textcoords="offset points",
            fontsize=8,
        )
    ax.axvline(ipa["performance"].mean(), color="black", linestyle="--", linewidth=0.8)
    ax.axhline(ipa["importance"].mean(), color="black", linestyle="--", linewidth=0.8)
    corners = {  # (x, y, ha, va) in axes coordinates: high importance is up, high performance right
        "concentrate_here": (0.01, 0.99, "left", "top"),
        "keep_up": (0.99, 0.99, "right", "top"),
        "low_priority": (0.01, 0.01, "left", "bottom"),
        "possible_overkill": (0.99, 0.01, "right", "bottom"),
    }
    for key, (x, y, ha, va) in corners.items():
        ax.text(x, y, t("quadrant." + key, lang), transform=ax.transAxes, ha=ha, va=va, fontsize=8, color="#555555")
    basis = str(ipa["importance_basis"].iloc[0]) if "importance_basis" in ipa and len(ipa) else ""
    y_label = _LABELS.get(f"ipa_y_{basis}", _LABELS["ipa_y"])[lang]
    ax.set_xlabel(_wrap(_LABELS["ipa_x"][lang], 90), fontsize=8.5)
    ax.set_ylabel(_wrap(y_label, 50), fontsize=8.5)
    ax.tick_params(labelsize=8)
    ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: fmt_num(v, lang)))
    ax.yaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: fmt_num(v, lang)))
    # room on the right for the names of the best-performing elements, above and below for the
    # quadrant names in the corners (never on a point)
    low, high = ax.get_xlim()
    ax.set_xlim(low, high + 0.35 * (high - low))
    low, high = ax.get_ylim()
    ax.set_ylim(low - 0.12 * (high - low), high + 0.12 * (high - low))
    sns.despine(ax=ax)
    return _save(fig, stem, title, source)


def _item_label(row: dict, lang: str) -> str:
    label = row.get("label")
    if isinstance(label, dict):
        return str(label.get(lang) or label.get("id") or "")
    if lang == "en" and isinstance(row.get("label_en"), str):
        return row["label_en"]
    return str(label) if isinstance(label, str) else ""


@_styled
def sector_gaps(
    table: pd.DataFrame,
    stem: str | os.PathLike,
    lang: str = "id",
    title: str | None = None,
    source: str | None = None,
) -> list[Path]:
    """Within-Pemda gaps between unit types with their clustered intervals (a forest plot).

    ``table`` is :attr:`toolkit.drivers.SectorGaps.table` for one regime; rows without an
    interval (too few Pemdas) are left out of the chart.
    """

    rows = table.dropna(subset=["ci_low"])
    # sorted by size only against one reference type; against "the other units" each type has its
    # own baseline, so the chart keeps the types in name order rather than rank them
    rows = rows.sort_values("gap" if "reference" in rows and (rows["reference"] != "others").all() else "unit_type")
    fig = _figure(figsize=(0.75 * PRINT_WIDTH_IN, 1.6 + 0.32 * max(len(rows), 1)), layout="constrained")
    ax = fig.subplots()
    labels = [
        f"{display_name(UNIT_TYPES.get(k, UNIT_TYPES['other'])[lang], 36)} ({n})"
        for k, n in zip(rows["unit_type"], rows["n_regions"], strict=True)
    ]
    y = list(range(len(rows)))
    ax.errorbar(
        rows["gap"],
        y,
        xerr=[rows["gap"] - rows["ci_low"], rows["ci_high"] - rows["gap"]],
        fmt="o",
        color="black",
        ecolor="#555555",
        capsize=3,
    )
    ax.axvline(0, color="black", linewidth=0.8, linestyle="--")
    ax.set_yticks(y, labels, fontsize=8.5)
    reference = str(rows["reference"].iloc[0]) if len(rows) and "reference" in rows else "others"
    axis = _LABELS["gaps_x"][lang]
    if reference != "others":  # the gaps are to one unit type, not to the other units
        axis = _LABELS["gaps_x_type"][lang].format(type=UNIT_TYPES.get(reference, UNIT_TYPES["other"])[lang])
    _value_axis(ax, lang, axis, 0)
    return _save(fig, stem, title, source)


@_styled
def decomposition(
    pemda: pd.DataFrame,
    stem: str | os.PathLike,
    lang: str = "id",
    title: str | None = None,
    source: str | None = None,
) -> list[Path]:
    """How much each unit pulls the Pemda's mean below (positive) or above (negative) green."""

    data = pemda.sort_values("pull")
    fig = _figure(figsize=(0.75 * PRINT_WIDTH_IN, 1.6 + 0.3 * len(data)), layout="constrained")
    ax = fig.subplots()
    colours = ["#c62828" if p > 0 else "#2e7d32" for p in data["pull"]]
    hatches = ["//" if p > 0 else "" for p in data["pull"]]
    bars = ax.barh(range(len(data)), data["pull"], color=colours, edgecolor="black", linewidth=0.6)
    for bar, hatch, value in zip(bars, hatches, data["pull"], strict=True):
        bar.set_hatch(hatch)
        ax.text(
            value,
            bar.get_y() + bar.get_height() / 2,
            f" {fmt_num(value, lang)} ",
            va="center",
            ha="left" if value >= 0 else "right",
            fontsize=8,
        )
    ax.set_yticks(range(len(data)), [display_name(u) for u in data["unit"]], fontsize=8.5)
    ax.axvline(0, color="black", linewidth=0.8)
    low, high = float(min(0.0, data["pull"].min())), float(max(0.0, data["pull"].max()))
    room = 0.25 * max(high - low, 0.5)  # space for the value labels beside the bars
    ax.set_xlim(low - room, high + room)
    _value_axis(ax, lang, _LABELS["pull_x"][lang], 1)
    return _save(fig, stem, title, source)


@_styled
def province_chart(summary, scheme: Scheme, stem: str | os.PathLike, lang: str = "id") -> list[Path]:
    """A one-page 16:9 chart of a province's Pemdas (a slide): scores as bars over the scheme's
    zones, titled, readable in greyscale (zones differ in grey and in hatching, the green line is
    drawn and labelled)."""
    import matplotlib.ticker as mticker
    from matplotlib.patches import Rectangle

    data = summary.pemdas.sort_values("score").reset_index(drop=True)
    fig = _figure(figsize=(13.33, 7.5))
    ax = fig.subplots()
    for i, row in data.iterrows():
        style = _zone_style(scheme, row["zone"])
        colour, hatch = style["grey"], style["hatch"]
        ax.barh(i, row["score"], color=colour, hatch=hatch, edgecolor="#222222", linewidth=0.6)
        mark = " *" if row["basis"] == "computed" else ""
        ax.text(row["score"] + 0.5, i, fmt_num(row["score"], lang) + mark, va="center", fontsize=10)
    ax.set_yticks(range(len(data)), [display_name(r) for r in data["region"]], fontsize=10)
    ax.axvline(scheme.green_threshold, color="#000000", linestyle="--", linewidth=1.2)
    ax.text(
        scheme.green_threshold,
        len(data) - 0.4,
        " " + t("prov.chart_green", lang, green=fmt_num(scheme.green_threshold, lang)),
        fontsize=10,
        va="bottom",
    )
    ax.set_xlim(max(0.0, min(data["score"].min() - 10, scheme.green_threshold - 30)), scheme.scale_max + 6)
    ax.set_ylim(-0.7, len(data) - 0.1)
    ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: fmt_num(v, lang, 0)))
    handles = [
        Rectangle(
            (0, 0),
            1,
            1,
            facecolor=_zone_style(scheme, z)["grey"],
            hatch=_zone_style(scheme, z)["hatch"],
            edgecolor="#222222",
            label=scheme.zone_label(z, lang),
        )
        for z in scheme.zones
    ]
    ax.legend(handles=handles, loc="lower right", fontsize=10, frameon=False)
    ax.set_title(
        t("prov.chart_title", lang, province=display_name(summary.province), year=summary.year), fontsize=15, loc="left"
    )
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.text(0.01, 0.01, t("prov.chart_note", lang), fontsize=8.5, color="#333333")
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return _save(fig, stem, slide=False)  # drawn as a slide already
