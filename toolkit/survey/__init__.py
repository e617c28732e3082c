"""Survei Kepuasan Masyarakat (PermenPANRB 14/2017): IKM from respondent data, fast and mergeable,
with intervals, sample sizes, and importance–performance analysis.

IKM = 25 × Σ NRRᵢ × w over the nine items (unsur), NRRᵢ the mean answer (1-4) of item i with
blank answers left out of that item, w = 1/9 (the regulation) or 0.111 (the rounding many local
reports use). Everything is computed from per-group sums and counts, so chunks of one survey
combine exactly (:func:`survey_parts`, :func:`combine_parts`), and a Dask DataFrame works too.

One private module per job:

- ``_items``: the nine items and the headers survey files use for them (:func:`item_by_name`).
- ``_reading``: :func:`read_survey`.
- ``_parts``: :func:`survey_parts`, :func:`combine_parts` (per-group sums and counts).
- ``_grades``: IKM weights and the SKM bands.
- ``_intervals``: standard errors and the interval of each group's IKM.
- ``_ikm``: :func:`ikm`, :func:`ikm_from_parts`.
- ``_sample_size``: :func:`sample_size` (Krejcie–Morgan), :func:`sample_size_precision`,
  :func:`sample_size_change`, :func:`respondent_sd`.
- ``_ipa``: :func:`ipa`, importance–performance analysis.

scipy and dask are imported inside the functions that use them.
"""

from toolkit.survey._ikm import ikm, ikm_from_parts
from toolkit.survey._ipa import QUADRANTS, ipa
from toolkit.survey._items import ITEMS, item_by_name
from toolkit.survey._parts import combine_parts, survey_parts
from toolkit.survey._reading import read_survey
from toolkit.survey._sample_size import (
    DEFAULT_RESPONDENT_SD,
    respondent_sd,
    sample_size,
    sample_size_change,
    sample_size_precision,
)

__all__ = [
    "DEFAULT_RESPONDENT_SD",
    "ITEMS",
    "QUADRANTS",
    "combine_parts",
    "ikm",
    "ikm_from_parts",
    "ipa",
    "item_by_name",
    "read_survey",
    "respondent_sd",
    "sample_size",
    "sample_size_change",
    "sample_size_precision",
    "survey_parts",
]
