"""The toolkit's own error and warning types.

Every loader collects *all* the problems it finds before raising, so a user fixes a file in one
pass instead of one error at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.i18n import Msg, check_lang, pick, t

__all__ = ["DataError", "DataWarning", "Problem", "SchemeError"]

#: How many problems an error message lists before it says "and N more".
MESSAGE_CAP = 50


@dataclass(frozen=True)
class Problem:
    """One problem in one place of an input.

    ``row`` is the line number a person sees in the file (the header is line 1), or the index
    label for a DataFrame; ``column`` is the column as written in the input.
    """

    message: str  # a :class:`~toolkit.i18n.Msg` renders in the reader's language
    row: object = None
    column: str | None = None
    value: object = None

    def describe(self, source: str, lang: str = "en") -> str:
        """The problem with its place, in ``lang`` (a catalogue message in that language)."""
        check_lang(lang)
        where = [source]
        if self.row is not None:
            where.append(f"{t('frame.row', lang)} {self.row}")
        if self.column is not None:
            where.append(f"{t('frame.column', lang)} {self.column!r}")
        message = pick(self.message, lang)
        text = f"{', '.join(where)}: {message}"
        if self.value is not None:
            text += f" ({t('frame.value', lang)}: {_short(self.value)})"
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
        return self.render("en")

    def __reduce__(self):  # pickled whole (a batch worker or a Dask task may raise it)
        return (DataError, (self.problems, self.source, self.total))

    def render(self, lang: str = "en") -> str:
        """The report with its frame (counts, row, column) in ``lang``; each problem under it."""
        check_lang(lang)
        shown = self.problems[:MESSAGE_CAP]
        noun = t("frame.problem" if self.total == 1 else "frame.problems", lang)
        head = f"{self.total} {noun} {t('frame.in', lang)} {self.source}:"
        lines = [head] + ["  - " + p.describe(self.source, lang) for p in shown]
        if self.total > len(shown):
            lines.append("  ... " + t("frame.more", lang, n=self.total - len(shown)))
        return "\n".join(lines)


def check_fields(declared: set[str], given: set[str], source: str) -> None:
    """A result file's fields are exactly the declared ones: a DataError naming ``source`` and
    every missing and every unknown field otherwise (a renamed field fails loudly)."""
    problems = [Problem(Msg("problem.record_missing", field=name)) for name in sorted(declared - given)]
    problems += [Problem(Msg("problem.record_unknown", field=name)) for name in sorted(given - declared)]
    if problems:
        raise DataError(problems, source)


class DataWarning(UserWarning):
    """Input that loads but deserves a look (for example an unknown unit name)."""


class SchemeError(ValueError):
    """No methodology scheme applies (for example assessment year 2020), or a scheme file is bad."""
