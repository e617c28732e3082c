"""One message catalogue: complete in both languages, the only place texts live, and loader
problems shown in the reader's language."""

import ast
import pickle
import string
from pathlib import Path

import pandas as pd
import pytest

from toolkit import messages
from toolkit.errors import DataError
from toolkit.i18n import LANGS, MESSAGES, Msg, both
from toolkit.loading import read_detail, read_results
from toolkit.survey import read_survey

TOOLKIT = Path(messages.__file__).parent


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_has_both_languages_with_the_same_placeholders():
    for key, texts in MESSAGES.items():
        assert set(texts) == set(LANGS), key
        assert all(texts.values()), key
        assert _fields(texts["id"]) == _fields(texts["en"]), key


def test_no_text_is_in_the_catalogue_twice():
    """One wording, one key: two keys with the same texts drift apart when one is edited."""
    # a table head and a field name; a table head and a value in the column
    same_words_other_role = {("col_zone", "field_zone"), ("col_unit", "level.unit"), ("hdr.region", "level.pemda")}
    keys_of: dict[tuple[str, str], list[str]] = {}
    for key, texts in MESSAGES.items():
        keys_of.setdefault((texts["id"], texts["en"]), []).append(key)
    repeated = [tuple(sorted(keys)) for keys in keys_of.values() if len(keys) > 1]
    assert set(repeated) <= same_words_other_role, repeated


def _sources():
    for path in sorted(TOOLKIT.rglob("*.py")):
        if path.name != "messages.py":
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def _is_text(node: ast.AST) -> bool:
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def test_no_translated_text_outside_the_catalogue():
    """A dict literal with Indonesian and English texts anywhere but the catalogue is a second catalogue."""
    found = []
    for path, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                texts = [
                    v
                    for k, v in zip(node.keys, node.values, strict=True)
                    if isinstance(k, ast.Constant) and k.value in LANGS
                ]
                if set(LANGS) <= keys and all(_is_text(v) for v in texts):
                    found.append(f"{path.name}:{node.lineno}")
    assert not found, found


def test_every_problem_text_comes_from_the_catalogue():
    """Problems built from a bare English string could not be shown in Indonesian."""
    found = []
    for path, tree in _sources():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "Problem"
                and node.args
                and _is_text(node.args[0])
            ):
                found.append(f"{path.name}:{node.lineno}")
    assert not found, found


BROKEN = (
    "year,region,unit,score,level,without_maladministration\n"
    "20x2,Kota A,Dinsos,60,,\n"
    "2022,,Dinkes,abc,,\n"
    "2020,Kota A,Disdik,50,,\n"
    "2022,Kota A,Dinsos,500,bogus,maybe\n"
    "2022,Kota A,Dinsos,70,,ya\n"
)


@pytest.mark.parametrize(
    ("name", "content", "reader"),
    [
        ("results.csv", BROKEN, read_results),
        (
            "detail.csv",
            "year,region,unit,dimension,score\n2022,Kota A,,nonsense,200\n2019,Kota A,Dinsos,input,50\n",
            read_detail,
        ),
        ("survey.csv", "U1,U2,U3,U4,U5,U6,U7,U8,U9\n1,2,3,4,5,1,2,3,x\n", read_survey),
        ("results.json", "{}", read_results),
        ("empty.csv", "", read_results),
    ],
)
def test_loader_problems_render_in_indonesian(tmp_path, name, content, reader):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError) as info:
        reader(path)
    error = info.value
    assert error.problems
    for problem in error.problems:
        assert isinstance(problem.message, Msg), problem
        assert problem.message.render("id") != problem.message.render("en"), problem
    text = error.render("id").replace(str(path), "FILE")
    assert "masalah di FILE" in text and "problem" not in text
    assert str(error) == error.render("en")  # the exception itself stays English for logs


def test_a_message_survives_pickling_and_nests():
    inner = Msg("problem.same_year_region_unit")
    outer = Msg("problem.duplicate_row", row=3, what=inner)
    again = pickle.loads(pickle.dumps(outer))
    assert again == outer and again.render("id") == "duplikat baris 3 (tahun, wilayah, dan unit sama)"
    assert both("plan.ties")["id"].startswith("Rencana ini")


def test_a_data_error_survives_pickling_with_its_problems():
    from toolkit.errors import Problem

    error = DataError([Problem(Msg("problem.file_not_found"), row=3, column="unit")], "x.csv", total=5)
    again = pickle.loads(pickle.dumps(error))
    assert again.total == 5 and again.render("id") == error.render("id")
    assert "berkas tidak ditemukan" in again.render("id") and str(again) == str(error)


def test_the_english_text_of_a_message_is_its_string():
    assert Msg("problem.file_not_found") == "file not found"
    assert pd.Series([Msg("problem.file_not_found")]).iloc[0] == "file not found"


def test_help_and_usage_errors_follow_the_language(capsys):
    from toolkit.cli import main

    with pytest.raises(SystemExit) as info:
        main(["score", "--help"])
    out = capsys.readouterr().out
    assert info.value.code == 0 and "penggunaan:" in out and "hanya tahun penilaian ini" in out
    with pytest.raises(SystemExit):
        main(["score", "--help", "--lang", "en"])
    out = capsys.readouterr().out
    assert "usage:" in out and "only this assessment year" in out and "penggunaan" not in out
    with pytest.raises(SystemExit) as info:
        main(["batch", "--year", "2022"])
    assert (
        info.value.code == 2
        and "salah satu argumen --regions --all --provinces --all-provinces wajib diisi" in capsys.readouterr().err
    )
    with pytest.raises(SystemExit):
        main(["--lang=en", "score", "--year", "abc"])
    assert "invalid int value: 'abc'" in capsys.readouterr().err
    import argparse

    assert argparse._("options") == "options"  # argparse's own words are restored afterwards
