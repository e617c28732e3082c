"""Words an analyst reads, in Indonesian (the default) and English, and number formatting.

The texts themselves live in one catalogue, :mod:`toolkit.messages`; this module looks them up
(:func:`t`, :func:`both`, :func:`section`) and carries messages whose language is chosen later
(:class:`Msg`: a problem found while loading is shown in the language of the command that reports
it).
"""

from __future__ import annotations

import math

from toolkit.messages import MESSAGES
from toolkit.rounding import round_half_up

__all__ = [
    "LANGS",
    "MESSAGES",
    "Msg",
    "both",
    "check_lang",
    "fmt_num",
    "fmt_p",
    "nums",
    "p_nums",
    "pick",
    "regime_text",
    "section",
    "t",
]

#: A p-value below this is written "< 0,001" (three decimals would print it as 0,000).
P_FLOOR = 0.001

LANGS = ("id", "en")


def section(prefix: str) -> dict[str, dict[str, str]]:
    """The catalogue entries whose key starts with ``prefix``, keyed without it.

    Examples
    --------
    >>> section("quadrant.")["keep_up"]["id"]
    'Pertahankan'
    """
    return {key[len(prefix) :]: texts for key, texts in MESSAGES.items() if key.startswith(prefix)}


def _render(key: str, lang: str, values: dict) -> str:
    filled = {name: pick(value, lang) for name, value in values.items()}
    return MESSAGES[key][check_lang(lang)].format(**filled)


class Msg(str):
    """A catalogue message that reads as its English text and renders in either language.

    Loaders report problems before anyone knows the reader's language; the command that shows
    them calls :meth:`render`. ``values`` may themselves be :class:`Msg` or ``{"id": ..., "en":
    ...}`` texts, each rendered in the same language.

    Examples
    --------
    >>> m = Msg("problem.year_missing")
    >>> m, m.render("id")
    ('year is missing', 'tahun kosong')
    """

    key: str
    values: dict

    def __new__(cls, key: str, **values: object) -> Msg:
        self = super().__new__(cls, _render(key, "en", values))
        self.key, self.values = key, values
        return self

    def render(self, lang: str = "id") -> str:
        """The message in ``lang``."""
        return _render(self.key, lang, self.values)

    def __reduce__(self):  # survives pickling (errors cross process boundaries in batches)
        return (_msg, (self.key, self.values))


def _msg(key: str, values: dict) -> Msg:
    return Msg(key, **values)


def both(key: str, **values: object) -> dict[str, str]:
    """The message ``key`` in every language, as ``{"id": ..., "en": ...}``.

    Values given as ``{"id": ..., "en": ...}`` are picked per language (numbers written the way
    each language writes them, for example).

    Examples
    --------
    >>> both("plan.target_met", target={"id": "75,00", "en": "75.00"}, current="76")["en"]
    'The target 75.00 is already met (score 76).'
    """
    return {lang: _render(key, lang, values) for lang in LANGS}


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
    """``text[lang]`` for a text given in several languages, a catalogue :class:`Msg` rendered in
    ``lang``; a plain string (or any other value) as it is.

    Examples
    --------
    >>> pick({"id": "zona hijau", "en": "green zone"}, "en"), pick("Permen 14/2017", "id")
    ('green zone', 'Permen 14/2017')
    >>> pick(Msg("problem.year_missing"), "id")
    'tahun kosong'
    """
    if isinstance(text, Msg):
        return text.render(lang)
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


def nums(value: float | None, decimals: int = 2) -> dict[str, str]:
    """``value`` written the way each language writes it, for :func:`both` and :class:`Msg`.

    Examples
    --------
    >>> nums(1234.5, 1)
    {'id': '1.234,5', 'en': '1,234.5'}
    """
    return {lang: fmt_num(value, lang, decimals) for lang in LANGS}


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


def fmt_p(value: float | None, lang: str = "id", sentence: bool = False) -> str:
    """A p-value as a table cell (``0,042``, ``< 0,001``) or, with ``sentence=True``, as the part
    after "p" in running text (``= 0,042``, ``< 0,001``): never ``0,000``.

    Examples
    --------
    >>> fmt_p(0.0421, "id"), fmt_p(0.00004, "en"), fmt_p(0.254, "en", sentence=True), fmt_p(0.0, "id", True)
    ('0,042', '< 0.001', '= 0.254', '< 0,001')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if round_half_up(value, 3) < P_FLOOR:
        return "< " + fmt_num(P_FLOOR, lang, 3)
    return ("= " if sentence else "") + fmt_num(value, lang, 3)


def p_nums(value: float | None) -> dict[str, str]:
    """A p-value for a sentence in every language (``p {p}``: ``p = 0,042``, ``p < 0,001``).

    Examples
    --------
    >>> p_nums(0.0002)
    {'id': '< 0,001', 'en': '< 0.001'}
    """
    return {lang: fmt_p(value, lang, sentence=True) for lang in LANGS}
