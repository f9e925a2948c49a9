"""The words and figures every format of a scorecard shares: the title block's lines, which
targets are measured, a target's KPI, goal and benchmarks, its groups, and the data quality.

Every function reads the scorecard's plain dict (the JSON contract, docs/targets.md) and nothing
else, so every format says the same thing in the same words.
"""

from __future__ import annotations

from typing import Any

from wfkpi.core.display import date_text, number
from wfkpi.render.common import count


def as_at_line(card: dict[str, Any]) -> str:
    as_at = date_text(card["as_at"])
    return (f"As at {as_at} ({card['as_at_source']}); window "
            f"{date_text(card['period_start'])} to {as_at}; data {card['path']}.")


def strategy_line(card: dict[str, Any]) -> str:
    council, community = card["council"], card.get("community")
    line = (f"Targets from {council['document']} (strategy period "
            f"{council['strategy_period']}); council id {council['id']}.")
    if community:
        line += (f" Community profile: {community['area']}, "
                 f"{community['ethnic_minority_percent']:g}% from minority ethnic groups "
                 f"({community['source']}).")
    return line


def measured(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [row for row in card["rows"] if row["status"] != "not measured"]


def not_measured(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [row for row in card["rows"] if row["status"] == "not measured"]


def judged_by_group(card: dict[str, Any]) -> list[dict[str, Any]]:
    """The measured targets judged group by group (a breakdown), in the strategy's order."""
    return [row for row in measured(card) if row.get("groups")]


def scope_text(row: dict[str, Any]) -> str:
    """A target's population as shown beside its KPI: its scope ("" for everyone), and "scope
    inferred" where the population is a reading of the strategy's words (docs/targets.md)."""
    scope = row.get("scope") or ""
    return f"{scope or 'everyone'}, scope inferred" if row.get("scope_inferred") else scope


def kpi_text(row: dict[str, Any]) -> str:
    """The KPI id with its method and, when narrower than everyone, its scope (and "scope
    inferred" where the population is a reading of the strategy's words)."""
    if not row["kpi"]:
        return "-"
    details = ", ".join(part for part in (row["method"], scope_text(row)) if part)
    return f"{row['kpi']} ({details})" if details else row["kpi"]


def goal_text(row: dict[str, Any]) -> str:
    return f"{row['target']} by {date_text(row['due'])}" if row["due"] else row["target"]


def benchmark_texts(row: dict[str, Any]) -> list[str]:
    return [f"{b['name']}: {number(b['value'], row['unit'])}" for b in row["benchmarks"]]


ORDINAL = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th"}


def peer_rows(card: dict[str, Any]) -> list[dict[str, Any]]:
    """The targets with a peer position (docs/peers.md), in the card's order."""
    return [row for row in card["rows"] if row.get("peers")]


def peers_text(row: dict[str, Any]) -> str | None:
    """A target's peer position in a line: ``Peers, DfE 2025: rank 87 of 151, 3rd quartile;
    neighbours' median 14.2%``; None for a target without one."""
    peers = row.get("peers")
    if not peers:
        return None
    if peers["rank"] is not None:
        place = f"rank {peers['rank']} of {peers['of']}, {ORDINAL[peers['quartile']]} quartile"
    else:
        place = f"no rank for {peers['area']}"
    near = peers.get("neighbours")
    if near and near["median"] is not None:
        place += f"; neighbours' median {number(near['median'], peers['unit'])}"
    elif peers["all"]["median"] is not None:
        place += f"; median of all {number(peers['all']['median'], peers['unit'])}"
    return f"Peers, DfE {peers['year']}: {place}"


def peer_median(group: dict[str, Any] | None, unit: str) -> str:
    """A group's median with how many published figures it is of: ``11.8% (148 of 151)``."""
    if group is None:
        return "-"
    count = f"{group['n']} of {group['size']}"
    return f"- ({count})" if group["median"] is None else \
        f"{number(group['median'], unit)} ({count})"


def peer_note(peers: dict[str, Any]) -> str:
    """Why the council has no rank, and why a group has no median ("" when nothing is
    missing)."""
    parts = [peers["note"]] if peers["note"] else []
    for word, group in (("region", peers["region"]), ("neighbours", peers["neighbours"])):
        if group is not None and group["note"]:
            parts.append(f"{word}: {group['note']}")
    return "; ".join(parts)


def peer_kpi(peers: dict[str, Any]) -> str:
    """``agency_rate_fte, lower is better`` (or ``neither is better``)."""
    better = "lower is better" if peers["direction"] == "lower" else "neither is better"
    return f"{peers['kpi']}, {better}"


def peers_intro(rows: list[dict[str, Any]]) -> str:
    """What the peer position section's figures are, and where each list of neighbours comes
    from (every row of a card has the same)."""
    sources = sorted({row["peers"]["neighbours_source"] for row in rows
                      if row["peers"].get("neighbours_source")})
    near = f" Statistical neighbours: {'; '.join(sources)}." if sources else \
        " No statistical neighbours are listed for this council."
    return ("Among DfE's published figures for every local authority: rank 1 is the lowest "
            "figure, ties share the best rank, quartile = ceil(4 × rank ÷ n); the current "
            "figure above is not among them (wfkpi docs peers)." + near)


def group_heading(row: dict[str, Any]) -> str:
    """``team_level_turnover_low``'s heading: "team_level_turnover_low: by team (11)"."""
    return f"{row['target_id']}: by {row['breakdown'].replace('_', ' ')} ({len(row['groups'])})"


def group_value(group: dict[str, Any], unit: str | None) -> str:
    """A group's figure as shown: rounded, with last year's beside it when there is one."""
    text = number(group["value"], unit or "")
    if group["previous"] is not None:
        text += f" (was {number(group['previous'], unit or '')})"
    return text


def verdict_line(quality: dict[str, Any]) -> str:
    return f"Input {quality['verdict']}: {issue_counts(quality)}"


def issue_counts(quality: dict[str, Any]) -> str:
    issues = ", ".join(f"{code} {n:,}" for code, n in quality["issues"].items())
    return (f"{count(quality['errors'], 'error')}, {count(quality['warnings'], 'warning')}"
            + (f" ({issues})." if issues else "."))


def matched_text(table: dict[str, Any]) -> str:
    """How many of a per-worker table's loaded rows name a worker in the workers table: "-" for
    the tables that name none; a share below 90% means the ids do not join (docs/kpis.md)."""
    matched = table.get("matched")
    if matched is None:
        return "-"
    loaded = table["loaded"]
    return f"{matched:,} of {loaded:,}" + (f" ({matched / loaded:.0%})" if loaded else "")


def set_aside_rows(quality: dict[str, Any]) -> list[tuple[str, str, int]]:
    return [(kpi, reason, n) for kpi, reasons in quality.get("set_aside", {}).items()
            for reason, n in reasons.items()]
