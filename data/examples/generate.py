"""Regenerate the synthetic examples in this folder (seeded; the same seed gives the same files).

    python data/examples/generate.py

Nothing here is real data: per-unit dimension and indicator scores are not public. The files
are built by toolkit.synthetic from the real published unit scores in data/published/results.csv,
so that each unit's composite reproduces its published score to 0.01.
"""

from __future__ import annotations

from pathlib import Path

import toolkit
from toolkit.io import write_text

HERE = Path(__file__).resolve().parent
SEED = 20220


def bekasi_detail():
    results = toolkit.read_results(toolkit.bundled_results())
    frame = toolkit.synthetic.detail(results, seed=SEED, region="Kabupaten Bekasi", year=2022)
    columns = ["year", "region", "unit", "dimension", "variable", "indicator", "label", "score", "note", "synthetic"]
    return frame[columns]


def bekasi_survey():
    """400 synthetic SKM respondents over the seven Bekasi unit names (answers 1-4, 1 % blank)."""
    frame = toolkit.synthetic.survey(400, 7, seed=SEED, region="Kabupaten Bekasi", truth_draws=0)
    names = [
        "DPMPTSP",
        "Dinas Pendidikan",
        "Dinas Kesehatan",
        "Dinas Sosial",
        "Disdukcapil",
        "Puskesmas Cibatu",
        "Puskesmas Cikarang",
    ]
    frame["unit"] = frame["unit"].cat.rename_categories(names)
    return frame


CHECKLIST = "checklist-2026-SYNTHETIC.xlsx"


def example_checklist(path):
    """A filled 2026 checklist for the made-up Kabupaten Contoh (the 2025 instrument's three loci)."""
    from toolkit.preparation import checklist_template

    return checklist_template(2026, path, marks=toolkit.synthetic.checklist(2026, seed=SEED), synthetic=True)


def main() -> None:
    example_checklist(HERE / CHECKLIST)
    write_text(HERE / "kabupaten-bekasi-2022-detail-SYNTHETIC.csv", bekasi_detail().to_csv(index=False))
    write_text(HERE / "kabupaten-bekasi-2022-skm-SYNTHETIC.csv", bekasi_survey().to_csv(index=False))


if __name__ == "__main__":
    main()
