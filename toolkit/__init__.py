"""kepatuhan-toolkit: load, score and explain Ombudsman RI public-service compliance results.

The public API, gathered from one module per topic:

- schemes: :func:`scheme_for`, :func:`load_scheme`, :func:`list_schemes`
- loading: :func:`read_results`, :func:`read_detail`
- scoring: :func:`grade`, :func:`composite`, :func:`summarise_region`, :func:`pemda_scores`,
  :func:`dimension_scores`
- synthetic: seeded generators, every row labelled synthetic
- paths: :func:`bundled_results`

Heavy libraries (statsmodels, seaborn, matplotlib, papermill) are imported only inside the
functions that use them, so ``import toolkit`` stays about as light as pandas.
"""

from toolkit import synthetic
from toolkit.errors import DataError, DataWarning, Problem, SchemeError
from toolkit.loading import read_detail, read_results
from toolkit.names import slug, unit_type
from toolkit.paths import bundled_results
from toolkit.rounding import round_half_up
from toolkit.schemes import Scheme, list_schemes, load_scheme, scheme_for
from toolkit.scoring import (
    RegionSummary,
    check_published,
    composite,
    dimension_scores,
    grade,
    pemda_scores,
    score_table,
    summarise_region,
)

__version__ = "0.1.0"

__all__ = [
    "DataError",
    "DataWarning",
    "Problem",
    "RegionSummary",
    "Scheme",
    "SchemeError",
    "bundled_results",
    "check_published",
    "composite",
    "dimension_scores",
    "grade",
    "list_schemes",
    "load_scheme",
    "pemda_scores",
    "read_detail",
    "read_results",
    "round_half_up",
    "scheme_for",
    "score_table",
    "slug",
    "summarise_region",
    "synthetic",
    "unit_type",
]
