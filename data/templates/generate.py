"""Write the detail templates (CSV and XLSX), one per instrument, from its indicator catalogue.

python data/templates/generate.py
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from toolkit.io import atomic_write, write_text
from toolkit.schemes import instrument_for, scheme_for

HERE = Path(__file__).resolve().parent


#: The template of each instrument: its file stem and the example year written in it.
TEMPLATES = {"detail-template": 2024, "detail-template-2025": 2025}
CONFIDENCE = {"high": "tinggi", "medium": "sedang", "low": "rendah"}


def template(year: int = 2024) -> pd.DataFrame:
    """One placeholder unit of the instrument that judges ``year``: a row per dimension and one
    per catalogued indicator, scores blank; each indicator row says its source's confidence."""
    scheme = scheme_for(year)
    catalogue = instrument_for(year)
    unit = {"tahun": year, "pemda": "Kabupaten Contoh", "opd": "Dinas Pendidikan"}
    rows = [
        unit
        | {
            "dimensi": dim,
            "variabel": "",
            "indikator": "",
            "uraian": "",
            "nilai": "",
            "catatan": "nilai dimensi 0-100 (boleh dikosongkan bila indikator diisi)",
        }
        for dim in scheme.weights
    ]
    for ind in catalogue["indicators"]:
        named = "" if ind.get("named", True) else "; nama indikator tidak dipublikasikan"
        rows.append(
            unit
            | {
                "dimensi": ind["dimension"],
                "variabel": ind["variable"],
                "indikator": ind["code"],
                "uraian": ind["label"]["id"],
                "nilai": "",
                "catatan": f"nilai indikator 0-3; keyakinan sumber: {CONFIDENCE[ind['confidence']]}{named}",
            }
        )
    return pd.DataFrame(rows)


def unit_scores() -> pd.DataFrame:
    """The most common input: a Pemda's unit scores as received from the Ombudsman office, one row
    per unit and the Pemda row (example values for the made-up Kabupaten Contoh; replace them)."""
    units = [
        "Dinas Pendidikan",
        "Dinas Kesehatan",
        "Dinas Sosial",
        "Disdukcapil",
        "DPMPTSP",
        "UPT Puskesmas A",
        "UPT Puskesmas B",
    ]
    rows = [
        {
            "Tahun": 2024,
            "Provinsi": "Jawa Barat",
            "Nama Pemda": "Kabupaten Contoh",
            "Nama Perangkat Daerah": u,
            "Nilai Kepatuhan": "",
            "Kategori": "",
            "Zona": "",
            "Sumber": "",
            "Catatan": "",
        }
        for u in units
    ]
    rows.append(
        {
            "Tahun": 2024,
            "Provinsi": "Jawa Barat",
            "Nama Pemda": "Kabupaten Contoh",
            "Nama Perangkat Daerah": "",
            "Nilai Kepatuhan": "",
            "Kategori": "",
            "Zona": "",
            "Sumber": "",
            "Catatan": "baris Pemda: kosongkan nama perangkat daerah",
        }
    )
    return pd.DataFrame(rows)


def main() -> None:
    frame = unit_scores()
    write_text(HERE / "unit-scores-template.csv", frame.to_csv(index=False))
    atomic_write(HERE / "unit-scores-template.xlsx", lambda tmp: frame.to_excel(tmp, index=False, engine="openpyxl"))
    for stem, year in TEMPLATES.items():
        frame = template(year)
        write_text(HERE / f"{stem}.csv", frame.to_csv(index=False))
        atomic_write(
            HERE / f"{stem}.xlsx", lambda tmp, frame=frame: frame.to_excel(tmp, index=False, engine="openpyxl")
        )


if __name__ == "__main__":
    main()
