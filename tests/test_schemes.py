import pytest

import toolkit
from toolkit.errors import SchemeError
from toolkit.schemes import list_schemes, load_scheme

EXPECTED = {"ombudsman-2013", "ombudsman-2015", "ombudsman-2022", "ombudsman-2025", "skm-2017"}


def test_every_scheme_ships_and_is_complete():
    schemes = {s.id: s for s in list_schemes()}
    assert set(schemes) == EXPECTED
    for scheme in schemes.values():
        assert scheme.sources, scheme.id
        assert scheme.title["id"] and scheme.title["en"]
        for band in scheme.bands:
            assert band.opinion["id"] and band.opinion["en"]
        # every scheme names what in it is unconfirmed
        assert scheme.unconfirmed, scheme.id
        for item in scheme.unconfirmed:
            assert item["text"]["id"] and item["text"]["en"]


@pytest.mark.parametrize(
    ("year", "scheme"),
    [
        (2013, "ombudsman-2013"),
        (2014, "ombudsman-2013"),
        (2015, "ombudsman-2015"),
        (2019, "ombudsman-2015"),
        (2021, "ombudsman-2015"),
        (2022, "ombudsman-2022"),
        (2024, "ombudsman-2022"),
        (2025, "ombudsman-2025"),
        (2026, "ombudsman-2025"),
    ],
)
def test_scheme_for_year(year, scheme):
    assert toolkit.scheme_for(year).id == scheme


@pytest.mark.parametrize("year", [2020, 2012, 1999])
def test_year_without_scheme_is_a_clear_error(year):
    with pytest.raises(SchemeError, match=f"no Ombudsman assessment scheme for year {year}"):
        toolkit.scheme_for(year)


def test_2022_weights_and_thresholds_from_domain_facts():
    scheme = load_scheme("ombudsman-2022")
    assert scheme.weights == {"input": 21.85, "proses": 32.37, "output": 24.24, "pengaduan": 21.54}
    assert scheme.green_threshold == 78.0
    assert [b.lower for b in scheme.bands] == [0.0, 32.0, 54.0, 78.0, 88.0]
    assert load_scheme("ombudsman-2015").green_threshold == 81.0
    assert load_scheme("ombudsman-2013").green_threshold == 801.0


def test_2025_weights_are_70_30():
    weights = load_scheme("ombudsman-2025").weights
    assert weights["kepercayaan"] == 30.0
    assert sum(v for k, v in weights.items() if k != "kepercayaan") == pytest.approx(70.0)


def test_unconfirmed_by_year():
    scheme = toolkit.scheme_for(2024)
    assert any("2024" in text for text in scheme.unconfirmed_for(2024, "en"))
    assert not any("2024" in text for text in scheme.unconfirmed_for(2023, "en"))


def _write(tmp_path, text):
    path = tmp_path / "custom.toml"
    path.write_text(text)
    return str(path)


BASE = """
id = "custom"
kind = "ombudsman"
scale_min = 0.0
scale_max = 100.0
[title]
id = "x"
en = "x"
[[sources]]
what = "x"
cite = "y"
"""


def test_scheme_with_gap_is_rejected(tmp_path):
    text = (
        BASE
        + """
[[bands]]
lower = 0.0
upper = 50.0
opinion = { id = "a", en = "a" }
[[bands]]
lower = 60.0
upper = 100.0
opinion = { id = "b", en = "b" }
"""
    )
    with pytest.raises(SchemeError, match="gap or overlap"):
        load_scheme(_write(tmp_path, text))


def test_scheme_weights_must_sum_to_100(tmp_path):
    text = (
        BASE
        + """
[[bands]]
lower = 0.0
upper = 100.0
opinion = { id = "a", en = "a" }
[[dimensions]]
key = "input"
weight = 50.0
"""
    )
    with pytest.raises(SchemeError, match="sum to 50"):
        load_scheme(_write(tmp_path, text))
