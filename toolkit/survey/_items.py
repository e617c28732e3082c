"""The nine SKM items (unsur) of PermenPANRB 14/2017 and the headers survey files use for them."""

from __future__ import annotations

import re

ITEMS = [f"U{i}" for i in range(1, 10)]
GROUP_COLUMNS = ("region", "unit", "service", "period")
ATTRIBUTE_COLUMNS = ("gender", "age", "education", "occupation")

SURVEY_COLUMNS: dict[str, tuple[str, ...]] = {
    "U1": ("u1", "unsur 1", "persyaratan", "requirements"),
    "U2": (
        "u2",
        "unsur 2",
        "prosedur",
        "sistem mekanisme dan prosedur",
        "sistem mekanisme prosedur",
        "sistem, mekanisme dan prosedur",
        "procedure",
    ),
    "U3": ("u3", "unsur 3", "waktu", "waktu penyelesaian", "waktu pelayanan", "time"),
    "U4": ("u4", "unsur 4", "biaya", "tarif", "biaya tarif", "biaya/tarif", "cost"),
    "U5": (
        "u5",
        "unsur 5",
        "produk",
        "produk layanan",
        "produk spesifikasi jenis pelayanan",
        "spesifikasi produk",
        "product",
    ),
    "U6": ("u6", "unsur 6", "kompetensi", "kompetensi pelaksana", "competence"),
    "U7": ("u7", "unsur 7", "perilaku", "perilaku pelaksana", "conduct", "behaviour"),
    "U8": (
        "u8",
        "unsur 8",
        "pengaduan",
        "penanganan pengaduan",
        "penanganan pengaduan saran dan masukan",
        "complaints",
    ),
    "U9": ("u9", "unsur 9", "sarana", "sarana prasarana", "sarana dan prasarana", "facilities"),
    "region": ("region", "pemda", "wilayah", "daerah"),
    "unit": ("unit", "opd", "unit layanan", "unit pelayanan", "perangkat daerah"),
    "service": ("service", "layanan", "jenis layanan", "jenis pelayanan"),
    "period": ("period", "periode", "triwulan", "semester", "bulan"),
    "gender": ("gender", "jenis kelamin", "jk", "sex"),
    "age": ("age", "umur", "usia"),
    "education": ("education", "pendidikan", "pendidikan terakhir"),
    "occupation": ("occupation", "pekerjaan"),
    "overall": ("overall", "kepuasan", "kepuasan keseluruhan", "overall satisfaction", "kepuasan umum"),
    "synthetic": ("synthetic", "sintetis"),
}


#: Words that name an item in a header such as "U8 Sarana dan Prasarana". Local SKM tools do not
#: all number the items as PermenPANRB 14/2017 does (e-smile puts sarana at U8 and pengaduan at
#: U9), so a header that names an item is mapped by its name, not by its number.
ITEM_WORDS: dict[str, tuple[str, ...]] = {
    "U1": ("persyaratan", "requirement"),
    "U2": ("prosedur", "mekanisme", "procedure"),
    "U3": ("waktu", "time"),
    "U4": ("biaya", "tarif", "cost"),
    "U5": ("produk", "spesifikasi", "product"),
    "U6": ("kompetensi", "competence"),
    "U7": ("perilaku", "sikap", "conduct", "behaviour", "behavior"),
    "U8": ("pengaduan", "complaint", "saran"),
    "U9": ("sarana", "prasarana", "fasilitas", "facilities"),
}


def _fold_item(header: object) -> str:

    return re.sub(r"[^0-9a-z]+", "", str(header).casefold())


def item_by_name(header: object) -> str | None:
    """The item a header names in words ("U8 Sarana dan Prasarana" → ``U9``), else None.

    Only headers with words count; a bare ``U8`` keeps its number. A header whose words name two
    items is not guessed at.

    Examples
    --------
    >>> item_by_name("U8 Sarana dan Prasarana"), item_by_name("U9. Penanganan Pengaduan"), item_by_name("U8")
    ('U9', 'U8', None)
    """

    folded = re.sub(r"[^0-9a-z]+", " ", str(header).casefold()).strip()
    words = re.sub(r"^(u|unsur)\s*\d+\s*", "", folded)
    if not words:
        return None
    tokens = set(words.split())
    hits = {item for item, names in ITEM_WORDS.items() if any(n in tokens for n in names)}
    if "sarana" in tokens and "pengaduan" in tokens:  # "penanganan pengaduan, saran dan masukan"
        hits.discard("U9")
    return hits.pop() if len(hits) == 1 else None


def _by(by) -> list[str]:
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)
