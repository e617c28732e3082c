"""Workbooks (XLSX, XLSM; XLS where pandas can read it): one sheet, and what a workbook hides.

Before pandas reads a workbook, its parts are looked at without being loaded whole: the size
they inflate to, the columns and cells of every sheet (bounded, see :mod:`._bounds`), and every
cell that holds a formula with no stored value. Such a cell reads as blank (pandas and openpyxl
see only the value Excel stored when it last calculated), so a unit's score or name would
silently go missing: it is an error naming the sheet, the cell, its row and its column. A
password-protected workbook is an encrypted container, not a zip: it is named as such.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree
from xml.parsers import expat

import pandas as pd

from toolkit.errors import DataError, Problem
from toolkit.i18n import Msg
from toolkit.loading import _bounds
from toolkit.loading._table import KEEP_PROBLEMS, unique_labels

__all__ = ["read_workbook"]

#: The first bytes of an OLE compound file: an Excel 97-2003 workbook, or any encrypted one.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: The stream an encrypted Office file keeps its content in (the directory names it in UTF-16).
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_CELL_REF = re.compile(r"([A-Za-z]{1,3})(\d+)")


@dataclass
class SheetScan:
    """What one sheet holds, counted as its XML streams past."""

    columns: int = 0
    cells: int = 0
    formulas_without_value: list[tuple[int, int]] = field(default_factory=list)  # (row, column), from 1
    formulas_total: int = 0  # the list keeps the first KEEP_PROBLEMS


def read_workbook(path: Path, sheet: str | int | None) -> tuple[pd.DataFrame, list[str], list[Problem]]:
    """One sheet of a workbook (the first, or ``sheet``); every other sheet with data is reported."""
    name = str(path)
    _refuse_containers(path)
    scans = scan_workbook(path) if zipfile.is_zipfile(path) else {}
    try:
        sheets = pd.read_excel(path, sheet_name=None, dtype=object, header=None)
    except ImportError as exc:  # an .xls (Excel 97-2003) with no reader for it installed
        raise DataError([Problem(Msg("problem.old_xls"))], name) from exc
    names = list(sheets)
    if sheet is None:
        chosen = names[0]
    elif isinstance(sheet, int) and not isinstance(sheet, bool):
        if not 0 <= sheet < len(names):
            raise DataError([Problem(Msg("problem.no_sheet_number", sheet=sheet, sheets=", ".join(names)))], name)
        chosen = names[sheet]
    elif str(sheet) in sheets:
        chosen = str(sheet)
    else:
        raise DataError([Problem(Msg("problem.no_sheet_named", sheet=sheet, sheets=", ".join(names)))], name)
    problems = []
    for other in names:
        raw = sheets[other].dropna(how="all").dropna(axis=1, how="all")
        if other != chosen and not raw.empty:
            problems.append(Problem(Msg("problem.other_sheet_data", other=other, rows=len(raw) - 1, chosen=chosen)))
    raw = sheets[chosen]
    headers = (
        [str(v).strip() if pd.notna(v) else f"Unnamed: {i}" for i, v in enumerate(raw.iloc[0])] if len(raw) else []
    )
    scan = scans.get(chosen, SheetScan())
    for row, column in scan.formulas_without_value:
        problems.append(
            Problem(
                Msg("problem.formula_no_value", sheet=chosen, cell=f"{_letters(column)}{row}"),
                row,
                headers[column - 1] if column <= len(headers) else _letters(column),
            )
        )
    if scan.formulas_total > len(scan.formulas_without_value):
        rest = scan.formulas_total - len(scan.formulas_without_value)
        problems.append(Problem(Msg("problem.more_formulas_no_value", sheet=chosen, n=rest)))
    if raw.dropna(how="all").empty:
        return pd.DataFrame(), [], problems
    frame = raw.iloc[1:].copy()
    frame.columns = unique_labels(headers)
    frame = frame.dropna(how="all")  # empty rows below the table are not data
    return frame, headers, problems


def _refuse_containers(path: Path) -> None:
    """An encrypted workbook (an OLE container holding an ``EncryptedPackage``) says so."""
    with path.open("rb") as fh:
        if fh.read(8) != _OLE_MAGIC:
            return
        fh.seek(0)
        tail = b""
        for block in iter(lambda: fh.read(1 << 20), b""):
            if _ENCRYPTED in tail + block:
                raise DataError([Problem(Msg("problem.workbook_encrypted"))], str(path))
            tail = block[-len(_ENCRYPTED) :]


def scan_workbook(path: Path) -> dict[str, SheetScan]:
    """Every sheet's columns, cells and formulas without a stored value, by sheet name; raises
    past a bound (inflated size, columns, cells) before pandas reads anything."""
    name = str(path)
    try:
        with zipfile.ZipFile(path) as book:
            _bounds.check_inflated(sum(info.file_size for info in book.infolist()), name)
            scans: dict[str, SheetScan] = {}
            cells = 0
            for sheet, part in _sheet_parts(book).items():
                with book.open(part) as xml:
                    scans[sheet] = scan = _scan_sheet(xml, name, sheet, cells)
                cells += scan.cells
            return scans
    except (zipfile.BadZipFile, ElementTree.ParseError, expat.ExpatError, KeyError, EOFError) as exc:
        raise DataError([Problem(Msg("problem.cannot_read", reason=exc))], name) from exc


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _sheet_parts(book: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the part that holds it, from the workbook and its relationships; the
    parts themselves when the workbook cannot be followed."""
    members = set(book.namelist())
    workbook = next((m for m in ("xl/workbook.xml", "xl/workbook2.xml") if m in members), None)
    if workbook is not None:
        folder = posixpath.dirname(workbook)
        rels_part = posixpath.join(folder, "_rels", posixpath.basename(workbook) + ".rels")
        if rels_part in members:
            targets = {}
            for element in ElementTree.fromstring(book.read(rels_part)).iter():
                if _local(element.tag) == "Relationship":
                    target = element.get("Target", "")
                    resolved = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
                    targets[element.get("Id")] = posixpath.normpath(resolved)
            parts = {}
            for element in ElementTree.fromstring(book.read(workbook)).iter():
                if _local(element.tag) == "sheet":
                    rid = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
                    if targets.get(rid) in members:
                        parts[element.get("name", rid)] = targets[rid]
            if parts:
                return parts
    return {m: m for m in sorted(members) if "/worksheets/" in m and m.endswith(".xml")}


def _scan_sheet(xml, source: str, sheet: str, cells_before: int) -> SheetScan:
    """Count a sheet's cells as its XML streams past (expat callbacks: no tree is built)."""
    scan = SheetScan()
    limit = _bounds.MAX_CELLS - cells_before
    # a value is a non-empty <v> or inline text; an empty <v> is a value only of a text formula
    # (t="str": Excel's stored result ""), openpyxl writes <v></v> for a formula it never calculated
    state = {"row": 0, "column": 0, "value": False, "formula": False, "text": False, "in_v": False}

    def start(name: str, attrs: dict) -> None:
        tag = name.rpartition(":")[2]
        if tag == "c":
            ref = _CELL_REF.fullmatch(attrs.get("r", ""))
            state["column"] = _column_number(ref.group(1)) if ref else state["column"] + 1
            state["value"] = state["formula"] = False
            state["text"] = attrs.get("t") == "str"
        elif tag == "v":
            state["in_v"] = True
            state["value"] = state["value"] or state["text"]
        elif tag == "is":
            state["value"] = True
        elif tag == "f":
            state["formula"] = True
        elif tag == "row":
            state["row"] = int(attrs.get("r", state["row"] + 1))
            state["column"] = 0

    def text(data: str) -> None:
        if state["in_v"] and data.strip():
            state["value"] = True

    def end(name: str) -> None:
        tag = name.rpartition(":")[2]
        if tag == "v":
            state["in_v"] = False
        if tag != "c" or not (state["value"] or state["formula"]):
            return
        scan.cells += 1
        if state["column"] > scan.columns:
            scan.columns = state["column"]
            _bounds.check_columns(scan.columns, source, sheet)
        if scan.cells > limit:
            _bounds.check_cells(cells_before + scan.cells, source)
        if state["formula"] and not state["value"]:
            scan.formulas_total += 1
            if scan.formulas_total <= KEEP_PROBLEMS:
                scan.formulas_without_value.append((state["row"], state["column"]))

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.buffer_text = True
    for block in iter(lambda: xml.read(1 << 20), b""):
        parser.Parse(block, False)
    parser.Parse(b"", True)
    return scan


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _letters(number: int) -> str:
    out = ""
    while number:
        number, rest = divmod(number - 1, 26)
        out = chr(65 + rest) + out
    return out
