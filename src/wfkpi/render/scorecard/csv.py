"""The scorecard as CSV: one row per target in the strategy's order, figures unrounded, text a
spreadsheet would run defused (docs/scorecards.md#csv); the peer position of a target with one
in the last columns (docs/peers.md)."""

from __future__ import annotations

import csv
import io
from typing import Any

from wfkpi.render.common import defuse

FIELDS = ("target_id", "kpi", "label", "method", "scope", "scope_inferred", "unit", "value",
          "numerator", "denominator", "target", "due", "status", "status_note", "previous",
          "benchmarks", "groups", "document", "section", "quote", "note", "peer_year",
          "peer_rank", "peer_of", "peer_quartile", "peer_median_all", "peer_median_region",
          "peer_median_neighbours", "peer_position")


def render(card: dict[str, Any]) -> str:
    """One row per target, figures unrounded; text that a spreadsheet would run is defused."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FIELDS)
    for row in card["rows"]:
        writer.writerow([_cell(value) for value in _values(row)])
    return out.getvalue()


def _values(row: dict[str, Any]) -> list[Any]:
    source = row.get("source") or {}
    benchmarks = "; ".join(f"{b['name']}={_plain(b['value'])}" for b in row["benchmarks"])
    groups = "; ".join(f"{g['group']}={_plain(g['value'])} "
                       + (f"(was {_plain(g['previous'])}) " if g["previous"] is not None else "")
                       + g["status"] for g in row.get("groups") or [])
    return [row["target_id"], row["kpi"], row["label"], row["method"], row["scope"],
            "true" if row.get("scope_inferred") else "false", row["unit"], row["value"],
            row["numerator"], row["denominator"], row["target"], row["due"], row["status"],
            row["status_note"], row["previous"], benchmarks, groups, source.get("document"),
            source.get("section"), source.get("quote"), row["note"], *_peers(row)]


def _peers(row: dict[str, Any]) -> list[Any]:
    """The peer position's year, rank, of, quartile and three medians, and its line (or why
    there is none)."""
    peers = row.get("peers")
    if not peers:
        return [None] * 7 + [row.get("peers_note")]
    medians = [(peers[key] or {}).get("median") for key in ("all", "region", "neighbours")]
    return [peers["year"], peers["rank"], peers["of"], peers["quartile"], *medians,
            peers["text"]]


def _plain(value: Any) -> str:
    return "" if value is None else str(value)


def _cell(value: Any) -> Any:
    """Numbers as they are; text defused, its line breaks made ``\\n`` (a bare CR would go
    unquoted with ``\\n`` line ends, and split the row)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return defuse(_plain(value)).replace("\r\n", "\n").replace("\r", "\n")
    return value
