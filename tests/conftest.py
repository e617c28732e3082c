import pandas as pd
import pytest

import toolkit


@pytest.fixture(scope="session")
def results() -> pd.DataFrame:
    """The bundled real published results (data/published/results.csv)."""
    return toolkit.read_results(toolkit.bundled_results())


@pytest.fixture
def good_rows() -> pd.DataFrame:
    """A small valid results table in Indonesian headers."""
    return pd.DataFrame(
        {
            "Tahun": [2022, 2022, 2022],
            "Pemda": ["Kab. Bekasi", "Kab. Bekasi", "Kab. Bekasi"],
            "OPD": ["Dinas Pendidikan", "Dinas Sosial", None],
            "Nilai": ["62,62", "62,72", "73,02"],
        }
    )
