"""Names as the data writes them: unit types, region names, and safe folder names.

Sources spell the same unit or region many ways ("Disdukcapil", "Dinas Kependudukan dan
Pencatatan Sipil", "Dukcapil"; "Kab. Bekasi", "Pemkab Bekasi"). These helpers map the variants
to one key while the name as written is kept beside it.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

from toolkit.i18n import section
from toolkit.schemes import load_catalogue

__all__ = [
    "SHORT_FORMS",
    "SINGLE_PER_PEMDA",
    "UNIT_TYPES",
    "canonical_province",
    "canonical_region",
    "printable",
    "printable_bytes",
    "provinces",
    "region_facts",
    "region_key",
    "region_type",
    "slug",
    "unit_key",
    "unit_type",
    "unit_type_label",
]

#: The unit types the toolkit knows, with labels for output.
UNIT_TYPES: dict[str, dict[str, str]] = section("unit_type.")


def unit_type_label(kind: str | None, lang: str = "id") -> str:
    """A unit type's name in ``lang`` ("Pendidikan", "Education"); "Lainnya"/"Other" for an
    unknown or missing type.

    Examples
    --------
    >>> unit_type_label("education", "en"), unit_type_label(None)
    ('Education', 'Lainnya')
    """
    return UNIT_TYPES.get(kind or "other", UNIT_TYPES["other"])[lang]


#: Unit types of which one Pemda has exactly one (so the type alone identifies the unit).
SINGLE_PER_PEMDA = frozenset({"education", "health", "social", "civil_registration", "investment_licensing"})

# Order matters: a puskesmas is primary care before it is health, a hospital (RSUD, RSJ) before
# health, a school before education, a rehabilitation centre before social affairs, and central-
# government offices (Polres, Kantor Pertanahan) and ministries before anything they may name.
_UNIT_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("prison", re.compile(r"\b(lapas|rutan|lpka|lembaga pemasyarakatan|rumah tahanan|bapas)\b")),
    ("police", re.compile(r"\b(polres|polresta|polrestabes|polda|polsek|kepolisian)\b")),
    ("land_office", re.compile(r"\b(kantor pertanahan|kantah|atr bpn|badan pertanahan)\b")),
    ("ministry", re.compile(r"^(kementerian|kemen[a-z]+)\b")),
    ("primary_care", re.compile(r"\b(puskesmas|pkm)\b")),
    ("hospital", re.compile(r"\b(rsud|rsd|rsj|rsu|rumah sakit)\b")),
    (
        "school",
        re.compile(
            r"\b(sdn|smpn|sman|smkn|slbn|sd|smp|sma|smk|slb)\b(\s+negeri)?\s*\d|\b(sdn|smpn|sman|smkn|slbn|sekolah)\b"
            r"|\b(sd|smp|sma|smk|slb) negeri\b"
        ),
    ),
    ("social_rehabilitation", re.compile(r"\b(balai|panti|loka|sentra)\b.*\brehabilitasi\b|\bpanti sosial\b")),
    ("civil_registration", re.compile(r"\b(disdukcapil|dukcapil|kependudukan|capil)\b")),
    ("investment_licensing", re.compile(r"\b(dpmptsp|dpmpptsp|penanaman modal|ptsp|perizinan)\b")),
    ("education", re.compile(r"\b(disdik|disdikbud|pendidikan)\b")),
    ("health", re.compile(r"\b(dinkes|kesehatan)\b")),
    ("social", re.compile(r"\b(dinsos|sosial)\b")),
    ("agency", re.compile(r"^(badan|lembaga|bpom|bpjs|bkn|bnn|bps|basarnas|bmkg)\b")),
]


#: Everyday short forms of a word of a region name, for suggestions to a mistyped region only
#: (never part of a key: "Kota Jogja" is suggested Kota Yogyakarta, not taken for it).
SHORT_FORMS = {"jogja": "yogyakarta", "yogya": "yogyakarta", "jogjakarta": "yogyakarta", "diy": "yogyakarta"}

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def _fold(text: str) -> str:
    """Casefold, strip accents from Latin letters, and collapse everything that is not a letter,
    mark or digit (in any script) to single spaces.

    Letters of other scripts are kept, not dropped: names in Cyrillic, Arabic or Chinese script
    must not all fold to the same empty key (#26), and a letter with no ASCII form (``ø``, ``ı``)
    keeps two names apart that differ by it.

    Examples
    --------
    >>> _fold("Kab.  Bekasi"), _fold("Kota Müller-Øst"), _fold("Город Москва"), _fold("Kota 東京")
    ('kab bekasi', 'kota muller øst', 'город москва', 'kota 東京')
    """
    text = str(text)
    if text.isascii():  # most names are plain ASCII: nothing to decompose
        return _NOT_ALNUM.sub(" ", text.casefold()).strip()
    out = []
    after_ascii = False
    for ch in unicodedata.normalize("NFKD", text).casefold():
        if ch.isascii():
            out.append(ch if ch.isalnum() else " ")
            after_ascii = ch.isalnum()
        elif unicodedata.combining(ch) and after_ascii:
            continue  # the accent of a Latin letter: "é" folds to "e"
        else:
            out.append(ch if unicodedata.category(ch)[0] in "LMN" else " ")
            after_ascii = False
    return " ".join("".join(out).split())


#: What data must not carry to a reader's screen: C0 controls but tab and newline (escape, bell,
#: backspace, carriage return), DEL, the C1 controls (0x9B is an escape on some terminals), lone
#: surrogates (a file name that is not UTF-8), and the bidi embeddings, overrides and isolates
#: (U+202A-U+202E, U+2066-U+2069) that reverse text and numbers around them.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNPRINTABLE_UTF8 = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")
#: What takes their place: visible, one character, never markup.
REPLACEMENT = "\ufffd"


def printable(text: object) -> str:
    """Text from data as it may be shown (terminal, PDF, HTML, Markdown): every control
    character but tab and newline, and every bidi override, embedding or isolate, becomes
    U+FFFD, so a name can neither drive the terminal nor reorder what is printed around it.

    Only what is shown changes: keys, folders and the files of data are made from the name as
    written.

    Examples
    --------
    >>> printable("Kota A\\x1b]0;owned\\x07 \\u202e95,1\\u202c")
    'Kota A\\ufffd]0;owned\\ufffd \\ufffd95,1\\ufffd'
    >>> printable("Dinas Sosial\\tKota Ø"), printable(12.5)
    ('Dinas Sosial\\tKota Ø', '12.5')
    """
    return _UNPRINTABLE.sub(REPLACEMENT, str(text))


def printable_bytes(data: bytes) -> bytes:
    """:func:`printable` on UTF-8 bytes (a CSV table on its way to the terminal), without
    decoding them.

    Examples
    --------
    >>> printable_bytes("a\\x1b[2J,\\u202eb\\n".encode())
    b'a\\xef\\xbf\\xbd[2J,\\xef\\xbf\\xbdb\\n'
    """
    return _UNPRINTABLE_UTF8.sub(REPLACEMENT.encode(), data)


@functools.lru_cache(maxsize=1 << 20)
def unit_type(name: str) -> str:
    """The unit type of a unit name as written.

    Examples
    --------
    >>> unit_type("Dinas Kependudukan dan Pencatatan Sipil")
    'civil_registration'
    >>> unit_type("UPT Puskesmas Unit II Sumbawa")
    'primary_care'
    >>> unit_type("Dinas Perhubungan")
    'other'
    >>> [unit_type(n) for n in ("RSJ Grhasia", "SMA Negeri 1 Yogyakarta", "SDN 1 Bantul", "Polres Metro")]
    ['hospital', 'school', 'school', 'police']
    >>> unit_type("Balai Rehabilitasi Sosial Bina Karya dan Laras"), unit_type("Dinas Sosial PPKB")
    ('social_rehabilitation', 'social')
    """
    folded = _fold(name)
    for kind, pattern in _UNIT_PATTERNS:
        if pattern.search(folded):
            return kind
    return "other"


@functools.lru_cache(maxsize=1 << 20)
def unit_key(name: str) -> str:
    """A key that is equal for two spellings of one unit of one Pemda.

    A Pemda has one Dinas of each standard type, so the type is the key; puskesmas, hospitals,
    schools and other units are keyed by their folded name without the ``UPT``/``PKM`` prefixes.

    Examples
    --------
    >>> unit_key("Disdik") == unit_key("Dinas Pendidikan")
    True
    >>> unit_key("UPT Puskesmas Cibatu") == unit_key("PKM Cibatu")
    True
    """
    kind = unit_type(name)
    if kind in SINGLE_PER_PEMDA:
        return kind
    folded = re.sub(r"\b(upt|puskesmas|pkm)\b", " ", _fold(name))
    return f"{kind}:{' '.join(folded.split())}"


_REGION_PREFIX = re.compile(
    r"^(?:(?P<kabupaten>pemerintah\s+kabupaten|pemkab|kabupaten|kab)"
    r"|(?P<kota>pemerintah\s+kota|pemkot|kota)"
    r"|(?P<provinsi>pemerintah\s+provinsi|pemprov|provinsi|prov))\b\.?\s*",
    re.I,
)
_REGION_TYPES = ("kabupaten", "kota", "provinsi")


@functools.lru_cache(maxsize=1 << 20)
def region_facts(name: str) -> tuple[str, str, str]:
    """``(canonical_region, region_key, region_type)`` of a name, worked out together (a loader
    needs all three for every distinct name).

    Examples
    --------
    >>> region_facts("Kab.  Bekasi")
    ('Kabupaten Bekasi', 'kabupaten bekasi', 'kabupaten')
    """
    canonical, kind = _canonical(name)
    if kind is None:
        first = canonical.split(" ", 1)[0].casefold()
        kind = first if first in _REGION_TYPES else "other"
    return canonical, _fold(canonical), kind


def canonical_region(name: str) -> str:
    """The region name with its prefix spelled out and whitespace tidied.

    Examples
    --------
    >>> canonical_region("  Kab.  Bekasi ")
    'Kabupaten Bekasi'
    >>> canonical_region("Pemkot Bekasi")
    'Kota Bekasi'
    >>> canonical_region("Kabupaten Kotabaru")
    'Kabupaten Kotabaru'
    """
    return region_facts(name)[0]


def _canonical(name: str) -> tuple[str, str | None]:
    """The name with its prefix spelled out, and the type that prefix gives (None: no prefix);
    a province government's name is the province's official name ("Provinsi NTT" is Provinsi
    Nusa Tenggara Timur)."""
    text = " ".join(str(name).split())
    match = _REGION_PREFIX.match(text)
    if match and text[match.end() :]:
        kind = match.lastgroup
        rest = text[match.end() :]
        if kind == "provinsi":
            rest = canonical_province(rest) or rest
        return f"{kind.capitalize()} {rest}", kind
    return text, None


@functools.cache
def _province_names() -> dict[str, str]:
    """Folded official name or short form -> official name (``toolkit/catalogue/provinces.toml``)."""
    names: dict[str, str] = {}
    for entry in load_catalogue("provinces")["provinces"]:
        for written in (entry["name"], *entry.get("short", ())):
            names[_fold(written)] = entry["name"]
    return names


def provinces() -> list[str]:
    """The official names of Indonesia's 38 provinces (``toolkit/catalogue/provinces.toml``).

    Examples
    --------
    >>> len(provinces()), provinces()[0], provinces()[-1]
    (38, 'Aceh', 'Papua Barat Daya')
    """
    return [entry["name"] for entry in load_catalogue("provinces")["provinces"]]


@functools.lru_cache(maxsize=1 << 12)
def canonical_province(name: str) -> str | None:
    """The official name of a province as written, or None for a name that is not a province.

    The usual short forms are known (NTT, NTB, DIY, DKI, Jabar, Jateng, Jatim, Sumut, Sumbar,
    Sulsel, Kalbar, ...), and a leading "Provinsi"/"Prov." is ignored.

    Examples
    --------
    >>> canonical_province("NTT"), canonical_province("nusa  tenggara timur"), canonical_province("Prov. Jabar")
    ('Nusa Tenggara Timur', 'Nusa Tenggara Timur', 'Jawa Barat')
    >>> canonical_province("DI Yogyakarta"), canonical_province("Sulbar"), canonical_province("Bekasi")
    ('Daerah Istimewa Yogyakarta', 'Sulawesi Barat', None)
    """
    folded = _fold(name)
    folded = re.sub(r"^(pemerintah provinsi|pemprov|provinsi|prov)\b\s*", "", folded)
    return _province_names().get(folded)


def region_key(name: str) -> str:
    """A case- and spelling-insensitive key for a region name."""
    return region_facts(name)[1]


def region_type(name: str) -> str:
    """``kabupaten``, ``kota``, ``provinsi`` or ``other`` (ministries, agencies).

    Examples
    --------
    >>> region_type("Kab. Bekasi"), region_type("Kota Bekasi"), region_type("Provinsi Jambi")
    ('kabupaten', 'kota', 'provinsi')
    """
    return region_facts(name)[2]


def slug(name: str) -> str:
    """A safe, stable, unique folder name for a region.

    Readable ASCII letters, digits and hyphens, then a short hash of the region key so two regions
    never share a folder even when their readable parts agree. No separators, no ``..``.

    Examples
    --------
    >>> slug("Kabupaten Bekasi")
    'kabupaten-bekasi-eeb1fd'
    >>> slug("Kab. Bekasi") == slug("Kabupaten Bekasi")
    True
    >>> slug("../../etc")[:4]
    'etc-'
    >>> slug("Город Москва") != slug("Город Казань")  # the hash of the whole key tells them apart
    True
    """
    key = region_key(name)
    readable = "-".join(_NOT_ALNUM.sub(" ", key).split())[:60].strip("-") or "region"
    digest = hashlib.sha256(key.encode()).hexdigest()[:6]
    return f"{readable}-{digest}"
