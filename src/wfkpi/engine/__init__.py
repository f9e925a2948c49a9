"""The KPI engine: canonical tables in, named KPI results out.

The engine knows nothing of files or rendering. Its input is the canonical tables as pandas
frames (see ``wfkpi.core.schema``); its output is a :class:`~wfkpi.engine.results.Report` whose
``to_dict()`` is the JSON contract documented in ``docs/kpis.md``. The entry points are in
:mod:`wfkpi.engine.report` (``compute``, ``default_as_at``); the KPIs as published are the
plain data of :mod:`wfkpi.engine.kpis`, which, like :mod:`~wfkpi.engine.scopes` and
:mod:`~wfkpi.engine.params`, loads without pandas: this package imports nothing itself.
"""
