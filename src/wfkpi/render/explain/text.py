"""What every format of ``wfkpi explain`` says beside the bridge: where the figures come from,
how the two dates were chosen, and what reading the extract found."""

from __future__ import annotations

from typing import Any

from wfkpi.core.display import day_text
from wfkpi.render.bridge import Figures, kpi_line
from wfkpi.render.common import count


def source_line(data: dict[str, Any], f: Figures) -> str:
    """``turnover_rate_fte (dfe, everyone), data sample_data/lambeth_childrens``."""
    return f"{kpi_line(f)}, data {data['path']}"


def dates_line(data: dict[str, Any], f: Figures) -> str:
    """How the two dates were chosen: ``30 Sep 2024 (a year before the later date) and ...``."""
    dates = data.get("dates") or {}
    said = [day_text(end.day) + (f" ({dates[key]})" if dates.get(key) else "")
            for end, key in ((f.before, "from"), (f.after, "to"))]
    return f"Dates: {said[0]} and {said[1]}"


def input_line(data: dict[str, Any], hint: str = "; `wfkpi validate` lists them") -> str:
    """``Input VALID: 0 errors, 9 warnings; 0 rows set aside``, and ``hint`` when reading found
    an issue."""
    quality = data["data_quality"]["input"]
    set_aside = sum(t["set_aside"] for t in quality["tables"])
    return (f"Input {quality['verdict']}: {count(quality['errors'], 'error')}, "
            f"{count(quality['warnings'], 'warning')}; {count(set_aside, 'row')} set aside"
            + (hint if quality["errors"] or quality["warnings"] else ""))
