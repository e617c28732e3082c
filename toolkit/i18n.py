"""Words an analyst reads, in Indonesian (the default) and English, and number formatting.

Every message shown by the CLI or a brief is looked up here by key, so both languages stay
complete: a test checks that every key has both.
"""

from __future__ import annotations

import math

from toolkit.rounding import round_half_up

__all__ = ["LANGS", "check_lang", "fmt_num", "pick", "regime_text", "t"]

LANGS = ("id", "en")

MESSAGES: dict[str, dict[str, str]] = {
    "error": {"id": "galat", "en": "error"},
    "warning": {"id": "peringatan", "en": "warning"},
    "written": {"id": "ditulis ke {path}", "en": "written to {path}"},
    "basis_published": {"id": "dipublikasikan", "en": "published"},
    "basis_computed": {"id": "dihitung: rata-rata {n} unit", "en": "computed: mean of {n} units"},
    "basis_unavailable": {"id": "tidak tersedia", "en": "unavailable"},
    "discrepancy": {
        "id": "{region} {year}: nilai Pemda yang dipublikasikan {published} berbeda {diff} dari rata-rata {n} unit ({mean}); nilai yang dipublikasikan dipakai.",
        "en": "{region} {year}: the published Pemda score {published} differs by {diff} from the mean of its {n} units ({mean}); the published score is used.",
    },
    "not_mean_years": {
        "id": "Pada skema {scheme}, nilai Pemda tidak dihitung sebagai rata-rata unit; tanpa nilai Pemda yang dipublikasikan, nilainya tidak tersedia.",
        "en": "Under scheme {scheme} the Pemda score is not the mean of its units; without a published Pemda score it is unavailable.",
    },
    "partial_units": {
        "id": "Nilai Pemda dihitung dari {n} unit yang ada di data; penilaian biasanya mencakup 7 unit.",
        "en": "The Pemda score is computed from the {n} units in the data; an assessment usually covers 7 units.",
    },
    "file_missing": {"id": "{option}: berkas tidak ditemukan: {path}", "en": "{option}: file not found: {path}"},
    "command_line": {"id": "baris perintah", "en": "command line"},
    "bundled_data": {"id": "data bawaan", "en": "bundled data"},
    "no_year": {
        "id": "tidak ada data untuk tahun {year}; tahun yang ada di data: {years}",
        "en": "no data for year {year}; years in the data: {years}",
    },
    "did_you_mean": {"id": "mungkin maksud Anda: {names}?", "en": "did you mean: {names}?"},
    "regions_count": {
        "id": "data memuat {n} Pemda tahun {year}; lihat: kepatuhan score --year {year}",
        "en": "the data hold {n} Pemdas of {year}; see: kepatuhan score --year {year}",
    },
    "batch_none": {"id": "tidak ada Pemda dengan data tahun {year}", "en": "no Pemda has data for {year}"},
    "survey_needed": {"id": "berikan berkas survei", "en": "give a survey file"},
    "os_error": {
        "id": "tidak dapat membaca atau menulis {path}: {reason}",
        "en": "cannot read or write {path}: {reason}",
    },
    "no_rows": {
        "id": "tidak ada baris untuk {region} tahun {year}",
        "en": "no rows for {region} in {year}",
    },
    "summary_headline": {
        "id": "{region} {year}: nilai {score}, kategori {grade}, {zone} ({opinion}).",
        "en": "{region} {year}: score {score}, grade {grade}, {zone} ({opinion}).",
    },
    "summary_headline_nograde": {
        "id": "{region} {year}: nilai {score}, {zone} ({opinion}).",
        "en": "{region} {year}: score {score}, {zone} ({opinion}).",
    },
    "quality_label": {"id": "kualitas pelayanan: {quality}", "en": "service quality: {quality}"},
    "summary_rank": {
        "id": "Peringkat {rank} dari {n} Pemda tahun {year} di data (di atas {pct} % Pemda lain).",
        "en": "Rank {rank} of {n} Pemdas of {year} in the data (above {pct} % of the others).",
    },
    "summary_gap_green": {
        "id": "Jarak ke zona hijau: {gap} poin.",
        "en": "Distance to the green zone: {gap} points.",
    },
    "summary_in_green": {"id": "Sudah di zona hijau.", "en": "Already in the green zone."},
    "summary_sample": {
        "id": "Peringkat dan persentil ini dihitung dari data yang dimuat, yaitu nilai yang dipublikasikan media (sampel), bukan seluruh Pemda.",
        "en": "This rank and percentile come from the loaded data, the scores the press published (a sample), not every Pemda.",
    },
    "change_comparable": {
        "id": "Dibanding {prev_year} ({prev}, instrumen yang sama): {change} poin.",
        "en": "Compared with {prev_year} ({prev}, same instrument): {change} points.",
    },
    "change_regime": {
        "id": "Pada {prev_year} nilainya {prev} ({prev_band}) dengan instrumen {prev_regime}. Instrumen berubah untuk {year}, sehingga nilai tidak dapat dibandingkan poin demi poin, hanya posisinya: dari {prev_band} ke {band}.",
        "en": "In {prev_year} the score was {prev} ({prev_band}) under the {prev_regime} instrument. The instrument changed for {year}, so scores cannot be compared point for point, only positions: from {prev_band} to {band}.",
    },
    "grade_word": {"id": "kategori {grade}", "en": "grade {grade}"},
    "national_position": {
        "id": "Secara nasional pada {year}, {same} dari {assessed} instansi yang dinilai berada di {band}, seperti instansi ini; {above} lebih tinggi dan {below} lebih rendah.",
        "en": "Nationally in {year}, {same} of {assessed} assessed bodies were in the {band}, as this one; {above} were higher and {below} lower.",
    },
    "national_green": {
        "id": "Secara nasional pada {year}, {green} dari {assessed} instansi yang dinilai berada di zona hijau.",
        "en": "Nationally in {year}, {green} of {assessed} assessed bodies were in the green zone.",
    },
    "national_mean": {
        "id": "Rata-rata nasional {year} ({assessed} instansi yang dinilai): {mean}; selisih {diff} poin.",
        "en": "National mean {year} ({assessed} assessed bodies): {mean}; difference {diff} points.",
    },
    "field_category": {"id": "kategori", "en": "category"},
    "field_zone": {"id": "zona", "en": "zone"},
    "field_opinion": {"id": "opini", "en": "opinion"},
    "field_quality": {"id": "label kualitas", "en": "quality label"},
    "without_malad": {"id": "Tanpa Maladministrasi", "en": "Without maladministration"},
    "source_disagrees": {
        "id": "{region} {year} {unit}: sumber menulis {field} '{published}' untuk nilai {score}, skema {scheme} memberi '{computed}' (sumber: {source}); label sumber tidak dipakai.",
        "en": "{region} {year} {unit}: the source gives {field} '{published}' for score {score}, scheme {scheme} gives '{computed}' (source: {source}); the source's label is not used.",
    },
    "summary_zones": {"id": "Unit per zona: {counts}.", "en": "Units per zone: {counts}."},
    "unconfirmed": {"id": "Belum terkonfirmasi", "en": "Unconfirmed"},
    "schemes_header": {"id": "Skema penilaian", "en": "Grading schemes"},
    "sources": {"id": "Sumber", "en": "Sources"},
    "years": {"id": "tahun", "en": "years"},
    "sec_pemda_decomp": {
        "id": "Kontribusi tiap unit terhadap jarak nilai Pemda ke zona hijau ({green})",
        "en": "Each unit's contribution to the Pemda's distance to the green zone ({green})",
    },
    "sec_unit_decomp": {"id": "Poin yang hilang: {unit}", "en": "Points lost: {unit}"},
    "sec_top_indicators": {
        "id": "Indikator dengan kehilangan poin terbesar",
        "en": "Indicators that lost the most points",
    },
    "sample_size_km": {
        "id": "Sampel minimal (Krejcie & Morgan 1970) untuk populasi {population}: {n} responden.",
        "en": "Minimum sample (Krejcie & Morgan 1970) for a population of {population}: {n} respondents.",
    },
    "sample_size_margin": {
        "id": "Untuk IKM dengan presisi ±{margin} poin (IK 95 %, SD per responden {sd}): {n} responden.",
        "en": "For an IKM within ±{margin} points (95 % CI, SD per respondent {sd}): {n} respondents.",
    },
    "sample_size_change": {
        "id": "Untuk mendeteksi perubahan IKM {change} poin antar dua tahun (kuasa {power} %, alfa 5 %, SD {sd}): {n} responden per tahun.",
        "en": "To detect an IKM change of {change} points between two years (power {power} %, alpha 5 %, SD {sd}): {n} respondents per year.",
    },
    "sample_size_sd_assumed": {
        "id": "SD per responden {sd} poin adalah asumsi; berikan --sd dari survei uji bila ada.",
        "en": "The SD per respondent of {sd} points is an assumption; give --sd from a pilot survey where you have one.",
    },
    "sample_size_needs": {
        "id": "berikan populasi, --margin atau --change",
        "en": "give a population, --margin or --change",
    },
    "sec_gaps": {
        "id": "Selisih antarjenis unit di dalam Pemda yang sama ({regime})",
        "en": "Gaps between unit types within the same Pemda ({regime})",
    },
    "sec_models": {"id": "Model antarunit ({regime})", "en": "Models across units ({regime})"},
    "col_unit": {"id": "unit", "en": "unit"},
    "col_term": {"id": "faktor", "en": "term"},
    "col_share_pct": {"id": "porsi_R2_persen", "en": "share_of_R2_pct"},
    "col_item": {"id": "unsur", "en": "item"},
    "col_performance": {"id": "kinerja", "en": "performance"},
    "col_importance": {"id": "kepentingan", "en": "importance"},
    "col_quadrant": {"id": "kuadran", "en": "quadrant"},
    "col_stability": {"id": "stabilitas_kuadran", "en": "quadrant_stability"},
    "view_no_units": {
        "id": "Data tidak memuat nilai per unit untuk Pemda ini: tidak ada uraian per unit atau rencana.",
        "en": "The data hold no unit scores for this Pemda: no unit breakdown or plan.",
    },
    "view_no_assumptions": {
        "id": "Skema tahun ini tidak memuat asumsi yang belum terkonfirmasi.",
        "en": "This year's scheme has no unconfirmed assumptions.",
    },
    "view_no_importance": {
        "id": "Kepentingan relatif tidak dapat dihitung dari data ini.",
        "en": "Relative importance cannot be computed from these data.",
    },
    "view_no_survey": {
        "id": "Tidak ada data survei (survey_path kosong).",
        "en": "No survey data (survey_path is empty).",
    },
    "view_written": {"id": "Berkas yang ditulis", "en": "Files written"},
    "col_score": {"id": "nilai", "en": "score"},
    "col_grade": {"id": "kategori", "en": "grade"},
    "col_quality": {"id": "kualitas", "en": "quality"},
    "col_zone": {"id": "zona", "en": "zone"},
    "col_gap_green": {"id": "kurang_ke_hijau", "en": "short_of_green"},
    "col_rank": {"id": "peringkat", "en": "rank"},
    "col_region": {"id": "pemda", "en": "pemda"},
    "col_year": {"id": "tahun", "en": "year"},
    "col_instrument": {"id": "instrumen", "en": "instrument"},
    "col_type": {"id": "jenis", "en": "type"},
    "col_indicator": {"id": "indikator", "en": "indicator"},
    "col_from": {"id": "dari", "en": "from"},
    "col_to": {"id": "ke", "en": "to"},
    "col_points": {"id": "poin", "en": "points"},
    "col_steps": {"id": "langkah", "en": "steps"},
    "col_gain_pemda": {"id": "kenaikan_pemda", "en": "pemda_gain"},
    "col_gain_unit": {"id": "kenaikan_unit", "en": "unit_gain"},
    "col_effort": {"id": "upaya", "en": "effort"},
    "col_reaches_green": {"id": "masuk_hijau", "en": "reaches_green"},
    "col_gap": {"id": "selisih", "en": "gap"},
    "col_ci_low": {"id": "ik_bawah", "en": "ci_low"},
    "col_ci_high": {"id": "ik_atas", "en": "ci_high"},
    "col_p_holm": {"id": "p_holm", "en": "p_holm"},
    "col_units": {"id": "n_unit", "en": "n_units"},
    "col_pemdas": {"id": "n_pemda", "en": "n_pemdas"},
    "sec_plan": {"id": "Rencana dengan upaya terkecil menuju {target}", "en": "Least-effort plan to reach {target}"},
    "ikm_weights": {
        "id": "Bobot per unsur: {weights} (PermenPANRB 14/2017: 1/9; 0,111 seperti banyak laporan daerah).",
        "en": "Weight per item: {weights} (PermenPANRB 14/2017: 1/9; 0.111 as many local reports use).",
    },
    "see_notebooks": {"id": "Lihat notebook yang dijalankan di {path}", "en": "See the executed notebooks in {path}"},
    "brief_done": {
        "id": "Ringkasan kebijakan selesai dalam {seconds} detik.",
        "en": "Policy brief done in {seconds} s.",
    },
    "target_green": {"id": "zona hijau", "en": "the green zone"},
    "yes": {"id": "ya", "en": "yes"},
    "no": {"id": "tidak", "en": "no"},
    "synthetic_mark": {"id": "ILUSTRASI — data sintetis", "en": "ILLUSTRATION — synthetic data"},
    "no_detail_hint": {
        "id": "Tanpa data rinci (dimensi/indikator), penyebab di dalam unit tidak dapat diuraikan; isi templat di data/templates/ lalu jalankan dengan --detail.",
        "en": "Without detail data (dimensions/indicators) the causes inside each unit cannot be broken down; fill in the template in data/templates/ and run with --detail.",
    },
}


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is a supported language, else raise ValueError."""
    if lang not in LANGS:
        raise ValueError(f"language must be one of {LANGS}, not {lang!r}")
    return lang


def t(key: str, lang: str = "id", **values: object) -> str:
    """The message ``key`` in ``lang``, with ``values`` filled in.

    Examples
    --------
    >>> t("summary_gap_green", "en", gap="4,98")
    'Distance to the green zone: 4,98 points.'
    """
    return MESSAGES[key][check_lang(lang)].format(**values)


def pick(text: str | dict, lang: str) -> str:
    """``text[lang]`` for a text given in several languages; a plain string as it is.

    Examples
    --------
    >>> pick({"id": "zona hijau", "en": "green zone"}, "en"), pick("Permen 14/2017", "id")
    ('green zone', 'Permen 14/2017')
    """
    if isinstance(text, dict):
        return text.get(lang) or text.get("en") or next(iter(text.values()), "")
    return text


def regime_text(regime: str, lang: str = "id") -> str:
    """A methodology regime as running text: ``2022-2024`` → "2022–2024", ``2025-`` → "sejak 2025".

    Examples
    --------
    >>> regime_text("2022-2024"), regime_text("2025-", "id"), regime_text("2025-", "en")
    ('2022–2024', 'sejak 2025', 'from 2025')
    """
    first, _, last = regime.partition("-")
    if last:
        return f"{first}–{last}"
    return ("sejak {0}" if check_lang(lang) == "id" else "from {0}").format(first)


def fmt_num(value: float | None, lang: str = "id", decimals: int = 2) -> str:
    """A number as the language writes it: ``73,02`` in Indonesian, ``73.02`` in English.

    Examples
    --------
    >>> fmt_num(73.024, "id"), fmt_num(1234.5, "en"), fmt_num(1234.5, "id")
    ('73,02', '1,234.50', '1.234,50')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{round_half_up(value, decimals):,.{decimals}f}"
    if check_lang(lang) == "id":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text
