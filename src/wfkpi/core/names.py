"""The names every floor shares, written once: the KPI methods, the breakdowns, the statuses of
a target, the version of the JSON contracts.

The command line's choices are built from these, so a new method or status is added here and
nowhere else (docs/architecture.md).
"""

from __future__ import annotations

from typing import Literal

METHODS = ("dfe", "sfc", "lg")  # DfE census, Skills for Care, local-government HR (docs/kpis.md)
Method = Literal["dfe", "sfc", "lg"]

# The canonical tables, in the order they are read and documented (wfkpi.core.schema).
TABLES = ("workers", "vacancies", "absences", "training", "appraisals", "supervision",
          "recruitment")

BREAKDOWNS = ("team", "service", "role", "grade", "org_role")  # columns a report can group by

# A target's status, best first (docs/targets.md); "no data" and "not measured" say why.
STATUSES = ("green", "amber", "red", "no data", "not measured")

# The version of every JSON document wfkpi writes: report, scorecard, trend, snapshot. It
# changes only when a key is renamed or removed, never when one is added.
SCHEMA_VERSION = 1

# How far a figure may move from its stored snapshot before `wfkpi check` reports it: far below
# any real change, far above floating-point noise.
DRIFT_TOLERANCE = 1e-6
