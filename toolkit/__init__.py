"""kepatuhan-toolkit: load, score and explain Ombudsman RI public-service compliance results.

The public API, gathered from one module per topic:

- schemes: :func:`scheme_for`, :func:`load_scheme`, :func:`list_schemes`, :func:`regime_for`,
  :func:`comparable` (whether two assessment years share one methodology regime)
- national: :func:`national_distribution`, :func:`national_position` (published national counts)
- loading: :func:`read_results`, :func:`read_detail`
- scoring: :func:`grade`, :func:`composite`, :func:`summarise_region`, :func:`pemda_scores`,
  :func:`dimension_scores`
- drivers: :func:`decompose_pemda`, :func:`decompose_unit`, :func:`improvement_plan`,
  :func:`sector_gaps`, :func:`fit_models`, :func:`relative_importance`
- survey: :func:`read_survey`, :func:`ikm`, :func:`ipa`, :func:`sample_size`
- preparation: :func:`checklist_template`, :func:`read_checklist`, :func:`prepare` (a
  self-assessment checklist of the next assessment's instrument, and a predicted score with its
  uncertainty); ``toolkit.preparation_report.write_report`` writes the report
- synthetic: seeded generators, every row labelled synthetic
- pipeline (``from toolkit import pipeline``): run the notebooks for one region or a batch
- paths: :func:`bundled_results`

Heavy libraries (statsmodels, seaborn, matplotlib, papermill) are imported only inside the
functions that use them, so ``import toolkit`` stays about as light as pandas.
"""

from toolkit import synthetic
from toolkit.drivers import (
    decompose_pemda,
    decompose_unit,
    fit_models,
    improvement_plan,
    read_costs,
    relative_importance,
    sector_gaps,
)
from toolkit.errors import DataError, DataWarning, Problem, SchemeError
from toolkit.loading import read_detail, read_results
from toolkit.names import slug, unit_type
from toolkit.national import national_distribution, national_position
from toolkit.paths import bundled_results
from toolkit.preparation import checklist_template, prepare, read_checklist
from toolkit.rounding import round_half_up
from toolkit.schemes import Scheme, comparable, list_schemes, load_scheme, regime_for, scheme_for
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
from toolkit.survey import ikm, ipa, read_survey, sample_size

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
    "checklist_template",
    "comparable",
    "composite",
    "decompose_pemda",
    "decompose_unit",
    "dimension_scores",
    "fit_models",
    "grade",
    "ikm",
    "improvement_plan",
    "ipa",
    "list_schemes",
    "load_scheme",
    "national_distribution",
    "national_position",
    "pemda_scores",
    "prepare",
    "read_checklist",
    "read_costs",
    "read_detail",
    "read_results",
    "read_survey",
    "regime_for",
    "relative_importance",
    "round_half_up",
    "sample_size",
    "scheme_for",
    "score_table",
    "sector_gaps",
    "slug",
    "summarise_region",
    "synthetic",
    "unit_type",
]
