"""Drivers of low scores: where points were lost, what would move a unit or Pemda, and what is
systematically associated with low scores across units and regions. One module per job:

- :mod:`~toolkit.drivers.decomposition`: :func:`decompose_pemda` (how much each unit pulls its
  Pemda's score below the green zone, measured from the published score: :func:`pemda_base`),
  :func:`decompose_unit` (points lost per dimension and
  indicator; needs detail data).
- :mod:`~toolkit.drivers.plan`: :func:`improvement_plan`, the cheapest set of changes that reaches
  a target, solved exactly as an integer program.
- :mod:`~toolkit.drivers.sector_gaps`: :func:`sector_gaps`, within-Pemda differences between unit
  types with intervals clustered by Pemda.
- :mod:`~toolkit.drivers.models`: :func:`fit_models`, models across units, per methodology regime.
- :mod:`~toolkit.drivers.importance`: :func:`relative_importance`, the LMG decomposition of R².

statsmodels and scipy are imported inside the functions that use them. The clustered variance of
every linear estimate (sector gaps, the OLS model) is the CRV3 cluster jackknife of
:func:`toolkit.drivers._common.crv3` (MacKinnon, Nielsen and Webb 2023); the logit and ordered
logit models use statsmodels' CR1 cluster sandwich, and their readings say so.
"""

from toolkit.drivers.decomposition import PemdaBase, UnitDecomposition, decompose_pemda, decompose_unit, pemda_base
from toolkit.drivers.importance import relative_importance
from toolkit.drivers.models import ModelResult, fit_models
from toolkit.drivers.plan import Plan, improvement_plan, read_costs, resolve_target
from toolkit.drivers.sector_gaps import SectorGaps, sector_gaps

__all__ = [
    "ModelResult",
    "PemdaBase",
    "Plan",
    "SectorGaps",
    "UnitDecomposition",
    "decompose_pemda",
    "decompose_unit",
    "fit_models",
    "improvement_plan",
    "pemda_base",
    "read_costs",
    "relative_importance",
    "resolve_target",
    "sector_gaps",
]
