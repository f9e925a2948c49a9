"""The KPI engine: canonical tables in, named KPI results out.

The engine knows nothing of files or rendering. Its input is the canonical tables as pandas
frames (see ``wfkpi.core.schema``); its output is a :class:`Report` whose ``to_dict()`` is the JSON
contract documented in ``docs/kpis.md``.
"""

from __future__ import annotations

from wfkpi.core.errors import EngineError, ScopeError

from .breakdown import BREAKDOWNS
from .measures import Kpi
from .params import PARAMS
from .params import resolve as resolve_params
from .periods import Period, working_days
from .report import (
    CATALOGUE,
    active_spells,
    compute,
    default_as_at,
    kpis_of,
    planned_ends,
    scoped,
)
from .results import SMALL_GROUP, SUPPRESSED, GroupResult, KpiResult, Report
from .scopes import Scope, apply_scope, load_scopes, read_scopes_file, resolve_scope_name

__all__ = [
    "active_spells",
    "BREAKDOWNS",
    "CATALOGUE",
    "PARAMS",
    "SMALL_GROUP",
    "SUPPRESSED",
    "EngineError",
    "GroupResult",
    "Kpi",
    "KpiResult",
    "Period",
    "Report",
    "Scope",
    "ScopeError",
    "apply_scope",
    "compute",
    "default_as_at",
    "kpis_of",
    "planned_ends",
    "load_scopes",
    "read_scopes_file",
    "resolve_params",
    "resolve_scope_name",
    "scoped",
    "working_days",
]
