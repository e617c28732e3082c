"""Run the parameterised notebooks with papermill: one region, or a batch of regions in parallel
processes or on a Dask cluster.

One region (:func:`run`) executes ``01-overview``, ``02-drivers`` and ``03-brief`` in a single
kernel (started once, its namespace reset between notebooks, so each notebook still stands on its
own), writes the executed notebooks, their result files and an HTML export without code into a
staging folder, and moves it into ``reports/<year>/<region-slug>/`` only when every notebook
succeeded. A failed run leaves ``<region-slug>.failed/`` with the executed notebooks (the failing
cell shows its traceback) and never touches the last complete output.
"""

from toolkit.pipeline._batch import batch
from toolkit.pipeline._kernel import KERNEL_NAME, KernelSession, die_with_parent, ensure_kernel
from toolkit.pipeline._run import NOTEBOOKS, PipelineError, RunResult, code_hash, plain_parameters, run

__all__ = [
    "KERNEL_NAME",
    "NOTEBOOKS",
    "KernelSession",
    "PipelineError",
    "RunResult",
    "batch",
    "code_hash",
    "die_with_parent",
    "ensure_kernel",
    "plain_parameters",
    "run",
]
