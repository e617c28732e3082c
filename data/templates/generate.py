"""Write the detail templates (CSV and XLSX) from the indicator catalogue.

python data/templates/generate.py
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from toolkit.io import atomic_write, write_text
from toolkit.schemes import load_catalogue

HERE = Path(__file__).resolve().parent


def template() -> pd.DataFrame:
    """One placeholder unit: the four dimension rows and every catalogued indicator, scores blank."""
    rows = [
        {
            "tahun": 2024,
            "pemda": "Kabupaten Contoh",
            "opd": "Dinas Pendidikan",
            "dimensi": dim,
            "variabel": "",
            "indikator": "",
            "uraian": "",
            "nilai": "",
            "catatan": "nilai dimensi 0-100 (boleh dikosongkan bila indikator diisi)",
        }
        for dim in ("input", "proses", "output", "pengaduan")
    ]
    for ind in load_catalogue("indicators-2022")["indicators"]:
        rows.append(
            {
                "tahun": 2024,
                "pemda": "Kabupaten Contoh",
                "opd": "Dinas Pendidikan",
                "dimensi": ind["dimension"],
                "variabel": ind["variable"],
                "indikator": ind["code"],
                "uraian": ind["label"]["id"],
                "nilai": "",
                "catatan": "nilai indikator 0-3",
            }
        )
    return pd.DataFrame(rows)


def main() -> None:
    frame = template()
    write_text(HERE / "detail-template.csv", frame.to_csv(index=False))
    atomic_write(HERE / "detail-template.xlsx", lambda tmp: frame.to_excel(tmp, index=False, engine="openpyxl"))


if __name__ == "__main__":
    main()
