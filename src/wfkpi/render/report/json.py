"""The KPI report as JSON: the documented contract, ``Report.to_dict()`` (docs/kpis.md), and
nothing else; the same report gives the same text."""

from __future__ import annotations

from typing import Any

from wfkpi.render.common import json_text


def render(data: dict[str, Any]) -> str:
    """The report's own serialisation (``data["report"]``), byte-stable."""
    return json_text(data["report"])
