"""Header recognition: the headers a table is written with (English, Indonesian, any case and
punctuation) renamed to the loader's canonical column names."""

from __future__ import annotations

import re

from toolkit.errors import Problem
from toolkit.i18n import Msg
from toolkit.loading._table import Table

__all__ = ["fold_header", "map_headers"]


def fold_header(text: object) -> str:
    return re.sub(r"[^0-9a-z]+", " ", str(text).casefold()).strip()


def map_headers(table: Table, aliases: dict[str, tuple[str, ...]], required: tuple[str, ...]) -> dict[str, str]:
    """Rename recognised headers to canonical names; return {canonical: header as written}.

    Unrecognised columns are kept under their own names. A missing required column, or two
    columns that mean the same thing, is a problem.
    """
    lookup = {fold_header(a): canon for canon, names in aliases.items() for a in names}
    lookup.update({fold_header(c): c for c in aliases})
    found: dict[str, str] = {}
    rename: dict[object, str] = {}
    for column in table.frame.columns:
        canon = lookup.get(fold_header(column))
        if canon is None:
            continue
        if canon in found:
            table.add(
                Problem(
                    Msg("problem.two_columns_mean", canon=canon, first=found[canon], second=column), column=str(column)
                )
            )
            continue
        found[canon] = str(column)
        rename[column] = canon
    for canon in required:
        if canon not in found:
            accepted = ", ".join(aliases[canon][:6])
            table.add(Problem(Msg("problem.required_missing", canon=canon, accepted=accepted), column=canon))
    table.frame = table.frame.rename(columns=rename)
    return found
