"""A table as read (:class:`Table`): its rows as the user sees them, and the problems found in
it, collected and raised together."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from toolkit.errors import DataError, Problem
from toolkit.i18n import Msg
from toolkit.loading._cells import Coded

__all__ = ["KEEP_PROBLEMS", "MAX_NAME_LENGTH", "Table", "check_shape", "unique_labels"]

#: Problems kept in memory for one error; the message lists fewer, the count is always exact.
KEEP_PROBLEMS = 1000

#: Longest name (region, unit) a loader accepts: real names are far shorter; a longer one is a
#: broken cell (a pasted paragraph), reported with its row rather than drawn a metre wide.
MAX_NAME_LENGTH = 300


@dataclass
class Table:
    """A raw table as read, with what is needed to point at its rows."""

    frame: pd.DataFrame
    name: str
    provenance: dict
    from_file: bool
    problems: list[Problem] = field(default_factory=list)
    total: int = 0

    def add(self, problem: Problem) -> None:
        self.total += 1
        if len(self.problems) < KEEP_PROBLEMS:
            self.problems.append(problem)

    def row_label(self, position: int) -> object:
        """The row as the user sees it: the file line (header = 1) or the DataFrame index label."""
        if self.from_file:
            return int(position) + 2
        label = self.frame.index[position]
        return label.item() if hasattr(label, "item") else label

    def flag_duplicates(self, keys: list, what: str, column: str | None) -> None:
        """Report each row whose key (None: skip) repeats an earlier row's, naming that row."""
        first: dict[object, int] = {}
        for pos, key in enumerate(keys):
            if key is None:
                continue
            if key in first:
                self.add(
                    Problem(
                        Msg("problem.duplicate_row", row=self.row_label(first[key]), what=what),
                        self.row_label(pos),
                        column,
                    )
                )
            else:
                first[key] = pos

    def flag_duplicate_keys(self, keys: pd.DataFrame, use: np.ndarray, what: str, column: str | None) -> None:
        """Vectorised :meth:`flag_duplicates`: rows (where ``use``) whose key columns repeat an
        earlier row's, each reported with the row it repeats."""
        keys = keys[use]
        repeated = keys.duplicated(keep="first").to_numpy()
        if not repeated.any():
            return
        group = keys.groupby(list(keys.columns), sort=False).ngroup().to_numpy()
        first = pd.Series(keys.index.to_numpy()).groupby(group).transform("first").to_numpy()
        for pos, earlier in zip(keys.index.to_numpy()[repeated], first[repeated], strict=True):
            self.add(
                Problem(
                    Msg("problem.duplicate_row", row=self.row_label(earlier), what=what), self.row_label(pos), column
                )
            )

    def flag_long(self, values: pd.Series | Coded, column: str | None) -> None:
        """Report every name longer than :data:`MAX_NAME_LENGTH` characters, with its row."""
        if isinstance(values, Coded):
            lengths, value_at = values.lengths(), values.at
        else:
            lengths = values.astype("str").str.len().where(values.notna(), 0).to_numpy()
            value_at = values.iloc.__getitem__
        for pos in np.flatnonzero(lengths > MAX_NAME_LENGTH):
            self.add(
                Problem(
                    Msg("problem.name_too_long", length=int(lengths[pos]), limit=MAX_NAME_LENGTH),
                    self.row_label(pos),
                    column,
                    str(value_at(pos))[:40] + "...",
                )
            )

    def raise_if_problems(self) -> None:
        if self.total:
            raise DataError(self.problems, self.name, self.total)


def check_shape(table: Table, headers: list[str]) -> None:
    """A header written twice, and a table with a header but no rows, are errors of the file."""
    seen: dict[str, int] = {}
    for position, header in enumerate(headers):
        key = str(header).strip()
        if key in seen:
            table.add(
                Problem(
                    Msg("problem.header_twice", header=key, first=seen[key] + 1, second=position + 1),
                    column=key,
                )
            )
        else:
            seen[key] = position
    if len(table.frame) == 0 and headers:
        table.add(Problem(Msg("problem.header_no_rows")))
    table.raise_if_problems()


def unique_labels(headers: list[str]) -> list[str]:
    """Column labels made unique for pandas (the duplicate itself is reported separately)."""
    out, count = [], {}
    for h in headers:
        count[h] = count.get(h, 0) + 1
        out.append(h if count[h] == 1 else f"{h}.{count[h] - 1}")
    return out
