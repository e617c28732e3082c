"""The one place a Pemda's finding is worded: headline, position, ranks, gaps, the previous
assessment.

The summary's text (:meth:`toolkit.scoring.RegionSummary.text`), the notebook's finding
(:func:`toolkit.views.finding`) and the brief (:func:`toolkit.briefs.build_context`) all take
their sentences from here, so they cannot disagree. Functions read a
:class:`~toolkit.scoring.RegionSummary` (its attributes) and return plain text in ``lang``; notes
carry their catalogue key and are chosen by key, never by searching their text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from toolkit.i18n import fmt_num, pick, t
from toolkit.national import position_text
from toolkit.schemes import load_scheme

if TYPE_CHECKING:
    from toolkit.scoring import RegionSummary

__all__ = [
    "RANKED_KINDS",
    "finding",
    "headline",
    "kinds_word",
    "lead",
    "opinion_text",
    "position",
    "summary_lines",
]

#: The kinds of Pemda Ombudsman ranks separately (a Pemda is ranked among its own kind).
RANKED_KINDS = ("kabupaten", "kota", "provinsi")

#: Notes the position already says in a sentence of its own (the published score beside the
#: units' mean), left out of the list of notes there.
SAID_IN_POSITION = frozenset({"discrepancy"})


def kinds_word(kind: str, lang: str) -> str:
    """How a sentence names the Pemdas a rank is among: "kabupaten", "regencies", ... or "Pemda"."""
    return t(f"kinds.{kind}", lang) if kind in RANKED_KINDS else t("label.pemdas", lang)


def _n(value: float | None, lang: str, decimals: int = 2) -> str:
    return fmt_num(value, lang, decimals)


def zone_text(s: RegionSummary, lang: str) -> str:
    """The zone's label from the scheme file ("Zona Kuning"), empty without a zone."""
    return load_scheme(s.scheme).zone_label(s.zone, lang) if s.zone else ""


def opinion_text(s: RegionSummary, lang: str, malad_word: bool = True) -> str:
    """The opinion with "without maladministration" and the 2025 quality label where published:
    "Kualitas Sedang", "Kualitas Tinggi, tanpa maladministrasi; kualitas layanan: Baik"."""
    text = s.opinion.get(lang, "")
    if s.without_maladministration and malad_word:
        text += ", " + t("without_malad", lang).casefold()
    if s.quality:
        text += "; " + t("quality_label", lang, quality=s.quality[lang])
    return text


def headline(s: RegionSummary, lang: str) -> str:
    """One sentence: region, year, score, grade or opinion, zone.

    Examples
    --------
    >>> from toolkit import read_results, bundled_results, summarise_region
    >>> headline(summarise_region(read_results(bundled_results()), "Kabupaten Bekasi", 2022), "en")
    'Kabupaten Bekasi 2022: score 73.02, grade C, Yellow zone (Medium quality).'
    """
    if s.score is None:
        return t("no_rows", lang, region=s.region, year=s.year)
    return t(
        "summary_headline" if s.grade else "summary_headline_nograde",
        lang,
        region=s.region,
        year=s.year,
        score=_n(s.score, lang),
        grade=s.grade or "",
        zone=zone_text(s, lang),
        opinion=opinion_text(s, lang),
    )


def lead(s: RegionSummary, lang: str) -> list[str]:
    """The brief's opening facts: the headline with the number of units (said computed where the
    score is the units' mean), and the previous assessment where the instrument changed."""
    computed = s.pemda_source == "computed"
    key = ("sentence.headline" if s.grade else "sentence.headline_nograde") + ("_computed" if computed else "")
    opinion = s.opinion.get(lang, "")
    if s.without_maladministration:
        opinion = t("sentence.opinion_malad", lang, opinion=opinion)
    if s.quality:
        opinion += f"; {t('label.quality', lang).lower()} {s.quality[lang]}"
    facts = [
        t(
            key,
            lang,
            n=s.n_units,
            region=s.region,
            score=_n(s.score, lang),
            year=s.year,
            grade=s.grade or "",
            zone=zone_text(s, lang).lower() or "–",
            opinion=opinion,
        )
    ]
    if computed:  # computed is never shown as published: said beside the score, and in words
        facts.append(t("computed_score", lang, n=s.n_units))
    if s.previous and not s.previous.get("comparable"):
        facts.append(s.previous["text"][lang])
    return facts


def _mix(n: int, computed: int, lang: str) -> str:
    """ " This rank mixes N published and M computed scores." where any ranked score is computed."""
    return " " + t("rank_mixed", lang, published=n - computed, computed=computed) if computed else ""


def rank_method(s: RegionSummary, lang: str) -> str:
    """How the ranks in :func:`position` were formed, for a brief's methods box (its ``plain``
    position leaves it there): how many ranked scores are published and how many computed;
    empty where every ranked score is published.

    Examples
    --------
    >>> from toolkit import read_results, bundled_results, summarise_region
    >>> rank_method(summarise_region(read_results(bundled_results()), "Kabupaten Bekasi", 2022), "en")[:55]
    'Ranks: this rank mixes 64 published Pemda scores and 1 '
    """
    mixes = [_mix(s.n_pemdas, s.rank_computed, lang)] if s.rank else []
    if s.province_n > 1 and s.province_rank:
        mixes.append(_mix(s.province_n, s.province_computed, lang))
    body = " ".join(m.strip() for m in mixes if m)
    if not body:
        return ""
    return t("rank_method", lang, text=body[0].lower() + body[1:])


def position(s: RegionSummary, lang: str, plain: bool = False) -> list[str]:
    """Where the Pemda stands: nationally, in its province and among its kind in the data (a
    press sample, said so), its distance to green and to the next grade, the published score
    beside the units' mean where they differ, and the summary's notes.

    Examples
    --------
    >>> from toolkit import read_results, bundled_results, summarise_region
    >>> p = position(summarise_region(read_results(bundled_results()), "Kabupaten Bekasi", 2022), "en")
    >>> p[-1]
    'The Pemda needs 4.98 more points to reach the green zone (78.00).'
    """
    scheme = load_scheme(s.scheme)
    paragraphs = [position_text(s.national, lang, scheme)]
    if s.province_n > 1 and s.province_rank:
        paragraphs.append(
            t(
                "sentence.province_rank",
                lang,
                n=s.province_n,
                kinds=kinds_word(s.kind, lang),
                province=s.province,
                rank=s.province_rank,
            )
            + ("" if plain else _mix(s.province_n, s.province_computed, lang))
        )
    if s.rank:
        paragraphs.append(
            t(
                "sentence.rank",
                lang,
                n=s.n_pemdas,
                kinds=kinds_word(s.kind, lang),
                year=s.year,
                region=s.region,
                rank=s.rank,
            )
            + " "
            + (
                t("sentence.sample_short", lang)
                if plain
                else _mix(s.n_pemdas, s.rank_computed, lang).lstrip() + " " + t("sentence.sample", lang)
            )
        )
    if not scheme.zones_published and s.zone:  # said where the zone is shown, not only in the footer
        paragraphs.append(t("zones_mapped", lang, year=s.year, green=_n(scheme.green_threshold, lang, 0)))
    if s.gap_green:
        paragraphs.append(t("sentence.gap", lang, gap=_n(s.gap_green, lang), green=_n(scheme.green_threshold, lang)))
    elif s.score is not None:
        paragraphs.append(t("sentence.in_green", lang))
    if s.next_grade and s.gap_next_grade and s.gap_next_grade != s.gap_green:
        label = f"{t('label.grade', lang).lower()} {s.next_grade}"
        if len(s.next_grade) > 1:  # no letter grades: the next band's opinion
            opinion = next((b.opinion for b in scheme.bands if b.opinion["id"] == s.next_grade), None)
            label = f"“{pick(opinion, lang) if opinion else s.next_grade}”"
        paragraphs.append(t("sentence.gap_next", lang, next=label, gap=_n(s.gap_next_grade, lang)))
    differ = s.discrepancy is not None and abs(s.discrepancy) > 0.005
    if differ and s.units_mean is not None and s.basis == "published":
        paragraphs.append(
            t("sentence.both_scores", lang, published=_n(s.score, lang), n=s.n_units, mean=_n(s.units_mean, lang))
        )
    paragraphs += [note[lang] for note in s.notes if note.get("key") not in SAID_IN_POSITION]
    return [p for p in paragraphs if p]


def finding(s: RegionSummary, lang: str) -> list[str]:
    """The finding as plain sentences: headline, computed-score note, position, the previous
    assessment (what the notebook shows)."""
    if s.score is None:
        return [headline(s, lang)]
    lines = [headline(s, lang)]
    if s.pemda_source == "computed":  # computed is never shown as published
        lines.append(t("computed_score", lang, n=s.n_units))
    lines += position(s, lang)
    if s.previous:
        lines.append(s.previous["text"][lang])
    return lines


def summary_lines(s: RegionSummary, lang: str) -> list[str]:
    """The finding, then the units per zone."""
    lines = finding(s, lang)
    if s.score is not None and s.zone_counts:
        scheme = load_scheme(s.scheme)
        counts = ", ".join(f"{scheme.zone_label(z, lang)} {n}" for z, n in s.zone_counts.items())
        lines.append(t("summary_zones", lang, counts=counts))
    return lines
