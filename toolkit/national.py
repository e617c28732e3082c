"""National distributions: how every assessed body fell into zones or grades, year by year.

The bundled results are what the press published, a convenience sample; national comparisons use
the published national counts in ``data/national/distribution.toml`` (with their sources) instead.
A score's place among them is a range (the bodies in its own band are not ordered by the counts).
"""

from __future__ import annotations

import functools
import tomllib

from toolkit.errors import SchemeError
from toolkit.i18n import fmt_num, pick, t
from toolkit.paths import data_dir
from toolkit.rounding import round_half_up
from toolkit.schemes import scheme_for

__all__ = ["national_distribution", "national_position", "position_text"]


@functools.cache
def _load() -> dict[int, dict]:
    path = data_dir() / "national" / "distribution.toml"
    with path.open("rb") as fh:
        try:
            raw = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise SchemeError(f"{path}: not valid TOML ({exc})") from exc
    out = {}
    for entry in raw.get("years", []):
        year = int(entry["year"])
        if not entry.get("sources"):
            raise SchemeError(f"{path}: year {year} names no source")
        scheme = scheme_for(year)
        zones = dict(entry.get("zones", {}))
        grades = dict(entry.get("grades", {}))
        if grades and not zones:  # zones follow from grades through the year's scheme
            for grade, n in grades.items():
                zone = scheme.band_for_grade(grade).zone
                zones[zone] = zones.get(zone, 0) + int(n)
        unknown = set(zones) - {b.zone for b in scheme.bands}
        if unknown:
            raise SchemeError(f"{path}: year {year} has zones {sorted(unknown)} that scheme {scheme.id} lacks")
        counted = sum(zones.values()) if zones else None
        assessed = entry.get("assessed", counted)
        if counted is not None and assessed != counted:
            raise SchemeError(f"{path}: year {year}: {assessed} assessed but the zone counts sum to {counted}")
        out[year] = {
            "year": year,
            "assessed": assessed,
            "assessed_is_sum": "assessed" not in entry,
            "zones": zones,
            "grades": grades,
            "mean": entry.get("mean"),
            "mean_label": entry.get("mean_label"),
            "composition": dict(entry.get("composition", {})),
            "sources": list(entry["sources"]),
            "note": entry.get("note"),
            "scheme": scheme.id,
        }
    return out


def national_distribution(year: int) -> dict | None:
    """The published national counts of ``year`` (None when there are none).

    Returns
    -------
    dict or None
        ``assessed``, ``zones`` (counts by zone; derived from grades where only grades are
        published), ``grades``, ``mean`` (2025), ``composition``, ``sources``, ``note``.

    Examples
    --------
    >>> d = national_distribution(2022)
    >>> d["assessed"], d["zones"]["hijau"]
    (586, 272)
    >>> national_distribution(2024)["zones"]
    {'hijau': 494, 'kuning': 70, 'merah': 23}
    """
    return _load().get(int(year))


def national_position(score: float, year: int) -> dict | None:
    """Where ``score`` stands among all bodies assessed nationally in ``year``.

    With counts by grade (2024) the place is judged by grade, with counts by zone by zone: the
    bodies in a higher band, in the same band and in a lower one, and the percentile as a range
    (the counts do not order the bodies inside one band). With a national mean (2025) the
    difference from it. None when no national figures exist for the year.

    Examples
    --------
    >>> p = national_position(73.02, 2022)
    >>> p["band"], p["same"], p["above"], p["below"], p["assessed"]
    ('kuning', 250, 272, 64, 586)
    >>> national_position(86.0, 2025)["diff_mean"]
    11.36
    """
    dist = national_distribution(year)
    if dist is None:
        return None
    scheme = scheme_for(year)
    band = scheme.bands[int(scheme.classify([round_half_up(score)])[0])]
    out = {
        "year": int(year),
        "assessed": dist["assessed"],
        "assessed_is_sum": dist["assessed_is_sum"],
        "sources": dist["sources"],
        "note": dist["note"],
        "by": None,
        "band": None,
        "mean": dist["mean"],
        "diff_mean": round_half_up(score - dist["mean"]) if dist["mean"] is not None else None,
    }
    if dist["grades"] and band.grade in dist["grades"]:
        order = [b.grade for b in scheme.bands]  # ascending
        counts = {g: int(dist["grades"].get(g, 0)) for g in order}
        key, by = band.grade, "grade"
    elif dist["zones"]:
        order = list(dict.fromkeys(b.zone for b in scheme.bands))
        counts = {z: int(dist["zones"].get(z, 0)) for z in order}
        key, by = band.zone, "zone"
    else:
        return out
    i = order.index(key)
    below, same, above = sum(counts[k] for k in order[:i]), counts[key], sum(counts[k] for k in order[i + 1 :])
    total = below + same + above
    out.update(
        {
            "by": by,
            "band": key,
            "same": same,
            "above": above,
            "below": below,
            "green": sum(dist["zones"].get(z, 0) for z, v in scheme.zones.items() if v.get("green")),
            "percentile_low": round_half_up(100.0 * below / total, 0) if total else None,
            "percentile_high": round_half_up(100.0 * (below + same) / total, 0) if total else None,
        }
    )
    return out


def position_text(position: dict | None, lang: str = "id", scheme=None) -> str | None:
    """One sentence placing a score in the national distribution, or None without figures.

    Examples
    --------
    >>> position_text(national_position(73.02, 2022), "en")
    'Nationally in 2022, 250 of 586 assessed bodies were in the yellow zone, as this one; 272 were in a higher zone and 64 in a lower one.'
    >>> position_text(national_position(45.16, 2022), "en").split("; ")[1:]
    ['522 were in a higher zone and 0 in a lower one. That zone spans grades D / E', 'national counts by zone do not say where in it a body stands.']
    >>> position_text(national_position(86.0, 2025), "en")
    'National mean 2025 (310 assessed bodies): 74.64; difference +11.36 points. The 2025 assessment covers a sample of 310 bodies, not every Pemda.'
    """
    if not position:
        return None
    scheme = scheme or scheme_for(position["year"])
    parts = []
    if position.get("by"):
        if position["by"] == "zone":
            band = scheme.zone_label(position["band"], lang).casefold()
        else:
            band = t("grade_word", lang, grade=position["band"])
        parts.append(
            t(
                "national_position",
                lang,
                year=position["year"],
                assessed=position["assessed"],
                same=position["same"],
                band=band,
                above=position["above"],
                below=position["below"],
                by=t(f"col_{position['by']}", lang),  # "zona" / "kategori"
            )
        )
        grades = [b.grade for b in scheme.bands if b.zone == position["band"] and b.grade]
        if position["by"] == "zone" and len(grades) > 1:  # the red zone is D and E: "0 lower" is not the bottom
            parts.append(t("national_inside_zone", lang, grades=" / ".join(sorted(grades))))
        if position["by"] == "grade":
            parts.append(
                t("national_green", lang, year=position["year"], green=position["green"], assessed=position["assessed"])
            )
    if position.get("mean") is not None:
        parts.append(
            t(
                "national_mean",
                lang,
                year=position["year"],
                assessed=position["assessed"],
                mean=fmt_num(position["mean"], lang),
                diff=("+" if position["diff_mean"] > 0 else "") + fmt_num(position["diff_mean"], lang),
            )
        )
    if position.get("note"):
        parts.append(pick(position["note"], lang))
    return " ".join(parts) or None
