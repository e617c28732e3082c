"""Language completeness, atomic writes, slugs, and the weight of ``import toolkit``."""

import subprocess
import sys

import pytest

from toolkit.i18n import fmt_num
from toolkit.io import atomic_write, write_json
from toolkit.names import slug


def test_numbers_follow_the_language():
    assert fmt_num(73.02, "id") == "73,02" and fmt_num(73.02, "en") == "73.02"
    assert fmt_num(78.005, "en") == "78.01"  # half-up, as scores are published


def test_atomic_write_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "report.json"

    def fail(tmp):
        tmp.write_text("half")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        atomic_write(target, fail)
    assert list(tmp_path.iterdir()) == []
    write_json(target, {"a": 1})
    with pytest.raises(TypeError):
        write_json(target, {"a": object()})
    assert target.read_text() == '{\n  "a": 1\n}\n'  # the old file is intact


@pytest.mark.parametrize(
    "name", ["../../etc/passwd", "Kota/Bekasi", "..", "Kab. $(rm -rf ~)", "Kota\\Bekasi", "", "   ", "Kota Baubau\x00"]
)
def test_slugs_are_safe(name):
    value = slug(name)
    assert "/" not in value and "\\" not in value and ".." not in value and value[0] != "."
    assert set(value) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")


def test_slugs_are_unique_and_stable():
    assert slug("Kota Baubau") != slug("Kota Bau-Bau")
    assert slug("Kabupaten Bekasi") != slug("Kota Bekasi")
    assert slug("Kab. Bekasi") == slug("Pemkab  Bekasi") == slug("Kabupaten Bekasi")


def test_import_toolkit_stays_light():
    code = (
        "import sys, toolkit; heavy = [m for m in ('statsmodels', 'seaborn', 'matplotlib', 'papermill', 'scipy', "
        "'nbclient', 'jinja2', 'typst', 'dask') if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""
