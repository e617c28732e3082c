"""The toolkit's own error and warning types.

Every loader collects *all* the problems it finds before raising, so a user fixes a file in one
pass instead of one error at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DataError", "DataWarning", "Problem", "SchemeError"]

#: How many problems an error message lists before it says "and N more".
MESSAGE_CAP = 50


@dataclass(frozen=True)
class Problem:
    """One problem in one place of an input.

    ``row`` is the line number a person sees in the file (the header is line 1), or the index
    label for a DataFrame; ``column`` is the column as written in the input.
    """

    message: str
    row: object = None
    column: str | None = None
    value: object = None

    def describe(self, source: str) -> str:
        where = [source]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        text = f"{', '.join(where)}: {self.message}"
        if self.value is not None:
            text += f" (value: {_short(self.value)})"
        return text


def _short(value: object, limit: int = 60) -> str:
    """A value as a reader would write it: ``1e+308``, not ``np.float64(1e+308)``; text quoted."""
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()  # numpy scalars
    if isinstance(value, float):
        text = f"{value:g}"
    else:
        text = repr("".join(ch for ch in value if ch.isprintable())) if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class DataError(ValueError):
    """Raised for bad input; lists every problem with file, row and column.

    Attributes
    ----------
    problems : list of Problem
        The problems found (at most a few thousand are kept; see ``total``).
    source : str
        The file name, or ``"<DataFrame>"``.
    total : int
        How many problems there were in all.
    """

    def __init__(self, problems: list[Problem], source: str = "<input>", total: int | None = None):
        self.problems = list(problems)
        self.source = source
        self.total = total if total is not None else len(self.problems)
        super().__init__(self._message())

    def _message(self) -> str:
        shown = self.problems[:MESSAGE_CAP]
        head = f"{self.total} problem{'s' if self.total != 1 else ''} in {self.source}:"
        lines = [head] + ["  - " + p.describe(self.source) for p in shown]
        if self.total > len(shown):
            lines.append(f"  ... and {self.total - len(shown)} more")
        return "\n".join(lines)


class DataWarning(UserWarning):
    """Input that loads but deserves a look (for example an unknown unit name)."""


class SchemeError(ValueError):
    """No methodology scheme applies (for example assessment year 2020), or a scheme file is bad."""
