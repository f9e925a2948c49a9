"""The words and figures every format of a peer position shares: the title, the year every
figure comes from, the rules, each KPI's cells and notes.

Every function reads the plain dict of :class:`wfkpi.targets.position.Standing` (the JSON
contract, docs/peers.md) and nothing else, so every format says the same thing in the same
words.
"""

from __future__ import annotations

from typing import Any

from wfkpi.core.display import number

ORDINAL = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th"}


def title(data: dict[str, Any]) -> str:
    council = data["council"]
    return f"{council['name']}: peer position, {data['published']}"


def area_line(data: dict[str, Any]) -> str:
    council = data["council"]
    region = f", in {council['region']}" if council.get("region") else ""
    return (f"{council['dfe_area']} (council id {council['id']}){region}, among England's "
            "local authorities.")


def rules_line(data: dict[str, Any]) -> str:
    """How to read a rank: the year rule, the rank and tie rule, the quartile rule."""
    return ("Every figure is DfE's published figure for 30 September "
            f"{data['year']}; the council's current figure is not among them. Rank 1 is the "
            "lowest figure, ties share the best rank (1224); quartile = ceil(4 × rank ÷ n), the "
            "1st holding the lowest figures.")


def neighbours_line(data: dict[str, Any]) -> str:
    near = data.get("neighbours")
    if not near:
        return f"Statistical neighbours: none ({data.get('neighbours_note') or 'not given'})."
    return (f"Statistical neighbours ({len(near['areas'])}, from {near['source']}): "
            f"{', '.join(near['areas'])}.")


def direction(kpi: dict[str, Any]) -> str:
    return "lower is better" if kpi["direction"] == "lower" else "neither is better"


def value_text(kpi: dict[str, Any]) -> str:
    """The council's published figure, or what DfE published instead (``x``, ``c``, ...)."""
    if kpi["value"] is None:
        return kpi["cell"] if kpi.get("cell") not in (None, "") else "-"
    return number(kpi["value"], kpi["unit"])


def rank_text(kpi: dict[str, Any]) -> str:
    return "-" if kpi["rank"] is None else f"{kpi['rank']} of {kpi['of']}"


def quartile_text(kpi: dict[str, Any]) -> str:
    return "-" if kpi["quartile"] is None else ORDINAL[kpi["quartile"]]


def median_text(group: dict[str, Any] | None, unit: str) -> str:
    """A group's median with how many published figures it is of: ``11.8% (148 of 151)``."""
    if group is None:
        return "-"
    count = f"{group['n']} of {group['size']}"
    if group["median"] is None:
        return f"- ({count})"
    return f"{number(group['median'], unit)} ({count})"


def group_rank_text(group: dict[str, Any] | None) -> str:
    """The council's rank within a group: ``rank 3 of 11``; "" when it has none."""
    if group is None or group.get("rank") is None:
        return ""
    return f"rank {group['rank']} of {group['of']}"


def region_name(data: dict[str, Any]) -> str:
    return data["council"].get("region") or "Region"


def notes(data: dict[str, Any]) -> list[str]:
    """Each KPI's reasons: why the council has no rank, why a group has no median, which
    authorities of the region or neighbours published no figure; KPIs with the same reasons
    share a line ("every KPI: …" when all do)."""
    said: dict[str, list[str]] = {}
    for kpi in data["kpis"]:
        parts = [kpi["note"]] if kpi["note"] else []
        for word, group in (("region", kpi["region"]), ("neighbours", kpi["neighbours"])):
            if group is None:
                continue
            if group["note"]:
                parts.append(f"{word}: {group['note']}")
            if group["without"]:
                parts.append(f"{word} without a figure: {', '.join(group['without'])}")
        if parts:
            said.setdefault("; ".join(parts), []).append(kpi["kpi"])
    every = len(data["kpis"]) > 1
    return [f"{'every KPI' if every and len(kpis) == len(data['kpis']) else ', '.join(kpis)}: "
            f"{text}" for text, kpis in said.items()]
