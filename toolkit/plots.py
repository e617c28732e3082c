"""Charts for notebooks and briefs (seaborn/matplotlib, imported here only).

Charts must read in greyscale: bands are shaded in greys and labelled, bars carry hatching by
zone and their value as text, so nothing depends on colour alone.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from toolkit.i18n import fmt_num
from toolkit.schemes import Scheme

__all__ = ["ipa_grid", "unit_scores"]

_ZONE_HATCH = {"hijau": "", "kuning": "//", "merah": "xx", "hitam": ".."}
_ZONE_FILL = {"hijau": "#4d4d4d", "kuning": "#9e9e9e", "merah": "#d0d0d0", "hitam": "#f0f0f0"}
_LABELS = {
    "score": {"id": "Nilai", "en": "Score"},
    "green": {"id": "Batas zona hijau", "en": "Green-zone threshold"},
    "pemda": {"id": "Nilai Pemda", "en": "Pemda score"},
}


def _pyplot():
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def _save(fig, stem: str | os.PathLike) -> list[Path]:
    """Write ``stem``.png and ``stem``.svg atomically; return their paths."""
    from toolkit.io import atomic_write

    paths = []
    for ext, kwargs in (("png", {"dpi": 150}), ("svg", {})):
        target = Path(f"{os.fspath(stem)}.{ext}")
        paths.append(
            atomic_write(target, lambda tmp, e=ext, k=kwargs: fig.savefig(tmp, format=e, bbox_inches="tight", **k))
        )
    return paths


def unit_scores(
    units: pd.DataFrame,
    scheme: Scheme,
    stem: str | os.PathLike,
    lang: str = "id",
    pemda_score: float | None = None,
    title: str | None = None,
) -> list[Path]:
    """Horizontal bars of unit scores over the scheme's grade bands.

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
    """
    import seaborn as sns

    plt = _pyplot()
    data = units.sort_values("score").reset_index(drop=True)
    height = 0.9 + 0.42 * len(data)
    fig, ax = plt.subplots(figsize=(7.0, height))
    greys = ["#f7f7f7", "#ececec", "#e0e0e0", "#d4d4d4", "#c8c8c8"]
    low = (
        max(scheme.scale_min, min(data["score"].min() - 10, scheme.green_threshold - 15))
        if len(data)
        else scheme.scale_min
    )
    for i, band in enumerate(scheme.bands):
        if band.upper <= low:
            continue
        ax.axvspan(max(band.lower, low), band.upper, color=greys[i % len(greys)], zorder=0)
        ax.text(
            (max(band.lower, low) + band.upper) / 2,
            1.0,
            band.grade or scheme.zone_label(band.zone, lang),
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=8,
            color="#333333",
        )
    sns.barplot(data=data, x="score", y="unit", orient="h", ax=ax, color="#7a7a7a", edgecolor="black", zorder=2)
    bars = ax.containers[-1]  # the bars, not the band shading
    for patch, zone, score in zip(bars, data["zone"], data["score"], strict=True):
        patch.set_facecolor(_ZONE_FILL.get(zone, "#7a7a7a"))
        patch.set_hatch(_ZONE_HATCH.get(zone, ""))
        ax.text(
            score + 0.4,
            patch.get_y() + patch.get_height() / 2,
            fmt_num(score, lang),
            va="center",
            fontsize=8,
            zorder=4,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6, "alpha": 0.85},
        )
    ax.axvline(scheme.green_threshold, color="black", linewidth=1.2, zorder=3, label=_LABELS["green"][lang])
    if pemda_score is not None:
        ax.axvline(
            pemda_score,
            color="black",
            linestyle="--",
            linewidth=1.0,
            zorder=3,
            label=f"{_LABELS['pemda'][lang]} ({fmt_num(pemda_score, lang)})",
        )
    ax.set_xlim(low, scheme.scale_max)
    ax.set_xlabel(_LABELS["score"][lang])
    ax.set_ylabel("")
    ax.legend(loc="lower right", fontsize=7, frameon=True)
    if title:
        ax.set_title(title, fontsize=10, pad=14)
    sns.despine(ax=ax, left=True)
    try:
        return _save(fig, stem)
    finally:
        plt.close(fig)


def ipa_grid(ipa: pd.DataFrame, stem: str | os.PathLike, lang: str = "id", title: str | None = None) -> list[Path]:
    """Importance–performance grid: items placed by performance (x) and importance (y).

    ``ipa`` has columns ``item``, ``performance``, ``importance``; dashed lines at the means
    split the four quadrants.
    """
    import seaborn as sns

    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 4.5))
    sns.scatterplot(data=ipa, x="performance", y="importance", ax=ax, color="black", s=30)
    for row in ipa.itertuples():
        ax.annotate(row.item, (row.performance, row.importance), xytext=(4, 3), textcoords="offset points", fontsize=8)
    ax.axvline(ipa["performance"].mean(), color="black", linestyle="--", linewidth=0.8)
    ax.axhline(ipa["importance"].mean(), color="black", linestyle="--", linewidth=0.8)
    labels = {"id": ("Kinerja (NRR)", "Kepentingan"), "en": ("Performance (NRR)", "Importance")}[lang]
    ax.set_xlabel(labels[0])
    ax.set_ylabel(labels[1])
    if title:
        ax.set_title(title, fontsize=10)
    sns.despine(ax=ax)
    try:
        return _save(fig, stem)
    finally:
        plt.close(fig)
