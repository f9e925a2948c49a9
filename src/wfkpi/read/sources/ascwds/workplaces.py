"""The ASC-WDS workplace file: its counted leavers as leaver spells of the workers table, and
its vacancies as the vacancies table, each per job role of each workplace.

``LEAVERS`` and ``VACANCIES`` are ``;``-separated lists aligned with ``ALLJOBROLES``; a list that
does not line up is not read, with an issue saying so. As the worker file lists current workers
only, each counted leaver becomes a spell ending on the reference date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from wfkpi.core.issues import Issue, shorten
from wfkpi.read import values as v
from wfkpi.read.extract import TableRead
from wfkpi.read.files import Grid
from wfkpi.read.sources.ascwds.spec import (
    DELETE,
    LEAVER_HEADERS,
    LEAVERS,
    NOT_KNOWN,
    REQUIRED_WORKPLACE_COLUMNS,
    VACANCIES,
    VACANCY_HEADERS,
    WORKPLACE_COLUMNS,
    WORKPLACE_STATUSES,
    code_of,
    named_columns,
    number_of,
    role_label,
    social_worker,
    window_opening,
)
from wfkpi.read.table import table_from_grid


@dataclass
class Workplaces:
    """What a workplace file says, before the canonical checks: per job role, the leavers
    counted and the vacancies, each with the row they come from."""

    file: str
    sheet: str | None
    header_row: int
    ids: set[str] = field(default_factory=set)
    leavers: list[tuple[int, str, str, str, int]] = field(default_factory=list)
    vacancies: list[tuple[int, str, str, int]] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    details: dict[str, str] = field(default_factory=dict)
    rows: int = 0
    skipped: int = 0


def workplaces(grid: Grid, reference: dt.date | None) -> Workplaces:
    """Read the workplace rows: ALLJOBROLES with LEAVERS and VACANCIES aligned to it."""
    found = Workplaces(grid.file, grid.sheet, grid.header_row, details=dict(grid.details))
    cols = named_columns(grid, WORKPLACE_COLUMNS, REQUIRED_WORKPLACE_COLUMNS, "workplace",
                    found.issues)
    if "LOCALESTID" not in cols:
        return found
    where = {"file": grid.file, "sheet": grid.sheet}
    cells = grid.cells
    blank = (cells.apply(lambda s: s.str.strip()) == "").all(axis=1) if len(cells) else \
        pd.Series(dtype=bool)
    last = max((int(r) for r in cells.index[~blank.to_numpy()]), default=0)
    empty = pd.Series("", index=cells.index, dtype="str")
    for row in cells.index:
        row = int(row)
        if row > last:
            break
        if row in grid.malformed:
            found.issues.append(grid.malformed[row])
            found.skipped += 1
            continue
        if blank[row]:
            found.issues.append(Issue("blank-row", "Blank row skipped", row=row, **where))
            continue
        found.rows += 1
        here = {"row": row, **where}
        place = cols["LOCALESTID"][row]
        status = cols.get("STATUS", empty)[row].upper()
        if not place:
            found.issues.append(Issue("required", "LOCALESTID: required, but blank; the "
                                      "workplace row is not read", column="LOCALESTID", **here))
            found.skipped += 1
            continue
        if status == DELETE:
            found.issues.append(Issue("ascwds-rule", "STATUS: DELETE, so this workplace is "
                                      "being removed; its leavers and vacancies are not read",
                                      column="STATUS", value=status, **here))
            found.skipped += 1
            continue
        if "STATUS" in cols and status not in WORKPLACE_STATUSES:
            found.issues.append(Issue("ascwds-rule", "STATUS: not an ASC-WDS status (NEW, "
                                      "UPDATE, UNCHECKED, NOCHANGE, DELETE); the row is read",
                                      column="STATUS", value=shorten(status) or None, **here))
        if place in found.ids:
            found.issues.append(Issue("ascwds-rule", "LOCALESTID: a second row for this "
                                      "workplace; only the first is read", column="LOCALESTID",
                                      value=shorten(place), **here))
            found.skipped += 1
            continue
        found.ids.add(place)
        roles = _job_roles(cols.get("ALLJOBROLES"), row, found.issues, here)
        for name in ("LEAVERS", "VACANCIES"):
            if name not in cols:
                continue
            counts = _counts(name, cols[name][row], roles, found.issues, here)
            for (code, label), count in zip(roles or [("", "")], counts, strict=True):
                if count is None:
                    continue
                if name == "LEAVERS":
                    found.leavers.extend((row, place, code, label, n + 1)
                                         for n in range(count))
                else:
                    found.vacancies.append((row, place, label, count))
    # Leavers are numbered per workplace, across its job roles.
    numbered: dict[str, int] = {}
    leavers = []
    for row, place, code, label, _ in found.leavers:
        numbered[place] = numbered.get(place, 0) + 1
        leavers.append((row, place, code, label, numbered[place]))
    found.leavers = leavers
    found.details.update({
        "ASC-WDS file": "workplaces", "workplaces read": str(len(found.ids)),
        "workplace rows not read": str(found.skipped),
        "reference date": reference.isoformat() if reference else "not known",
    })
    return found


def _job_roles(roles: pd.Series | None, row: int, issues: list[Issue],
               here: dict[str, Any]) -> list[tuple[str, str]]:
    """ALLJOBROLES as (code, label) pairs; an unknown code keeps its place with no label."""
    text = roles[row] if roles is not None else ""
    if not text:
        return []
    pairs = []
    for position, item in enumerate(text.split(";"), start=1):
        code = item.strip()
        label = role_label(code)
        if label is None:
            issues.append(Issue("bad-value", f"ALLJOBROLES: item {position} is not a job-role "
                                "code of the ASC-WDS bulk-upload specification; its counts are "
                                "read with no role", column="ALLJOBROLES",
                                value=shorten(code) or None, **here))
        pairs.append((code_of(code), label or ""))
    return pairs


def _counts(name: str, text: str, roles: list[tuple[str, str]], issues: list[Issue],
            here: dict[str, Any]) -> list[int | None]:
    """One count per job role (None where it is not known or not a count); a list that does
    not line up with ALLJOBROLES is not read at all."""
    width = max(len(roles), 1)
    what = name.lower()
    if not text:
        issues.append(Issue("not-known", f"{name}: blank, so the {what} of this workplace are "
                            "not known and not read", column=name, **here))
        return [None] * width
    items = [item.strip() for item in text.split(";")]
    rate = "turnover" if name == "LEAVERS" else "vacancy"
    if len(items) == 1 and number_of(items[0]) == NOT_KNOWN:
        issues.append(Issue("not-known", f"{name}: not known (999) for the whole workplace; "
                            f"none are counted, so the {rate} rate may be too low", column=name,
                            value=shorten(text), **here))
        return [None] * width
    if len(items) != width or (not roles and number_of(items[0]) not in (0.0, None)):
        listed = f"lists {len(roles)} job role(s)" if roles else "is blank"
        issues.append(Issue("misaligned-list", f"{name}: {len(items)} item(s), but ALLJOBROLES "
                            f"{listed}; the {what} of this workplace are not read",
                            column=name, value=shorten(text), **here))
        return [None] * width
    counts: list[int | None] = []
    for position, item in enumerate(items, start=1):
        role = (roles[position - 1][1] or f"item {position}") if roles else "the workplace"
        count = v.parse_integer(item) if item else v.Bad("bad-integer", "")
        if isinstance(count, v.Bad):
            issues.append(Issue("bad-integer", f"{name}: item {position} ({role}) is not a "
                                "whole number; it is not read", column=name,
                                value=shorten(item) or None, **here))
            counts.append(None)
        elif count == NOT_KNOWN:
            issues.append(Issue("not-known", f"{name}: not known (999) for {role}; none are "
                                f"counted, so the {rate} rate may be too low", column=name,
                                value=shorten(item), **here))
            counts.append(None)
        elif count < 0:
            issues.append(Issue("out-of-range", f"{name}: item {position} ({role}) is below 0; "
                                "it is not read", column=name, value=shorten(item), **here))
            counts.append(None)
        else:
            counts.append(count)
    return counts


def leaver_table(place: Workplaces, reference: dt.date) -> TableRead:
    """Each counted leaver as a directly employed spell that started before the window and
    ends on the reference date, with a generated id naming no person."""
    start = window_opening(reference).isoformat()
    rows = [[f"leaver-{p}-{code or 'none'}-{n}", "permanent", "", start, reference.isoformat(),
             label, social_worker(code) if label else "", p]
            for _, p, code, label, n in place.leavers]
    index = pd.Index([row for row, *_ in place.leavers], dtype="int64")
    cells = pd.DataFrame(rows, index=index, dtype="str")
    cells.columns = range(len(LEAVER_HEADERS))
    details = {**place.details,
               "leaver spells": f"{len(rows)}, one per leaver counted in LEAVERS: permanent, "
                                f"from {start} to {reference.isoformat()}, FTE not known"}
    grid = Grid(place.file, list(LEAVER_HEADERS.values()), cells, place.header_row,
                place.sheet, details)
    frame, source, issues = table_from_grid(grid, "workers", LEAVERS)
    # ASC-WDS counts leavers, not their hours: a blank FTE is the rule here, not a finding.
    issues = [i for i in issues if not (i.code == "blank-value" and i.column == "FTE (not known)")]
    return frame, source, issues


def vacancy_table(place: Workplaces, reference: dt.date | None) -> TableRead:
    """One vacancy row per job role of each workplace, dated at the reference date; each
    vacancy is read as one vacant post, as the sfc vacancy rate does."""
    as_at = reference.isoformat() if reference else ""
    rows = [[str(count), as_at, label, p] for _, p, label, count in place.vacancies]
    index = pd.Index([row for row, *_ in place.vacancies], dtype="int64")
    cells = pd.DataFrame(rows, index=index, dtype="str")
    cells.columns = range(len(VACANCY_HEADERS))
    details = {**place.details, "leaver spells": f"{len(place.leavers)} (see the workers table)",
               "vacancy rows": "one per job role of each workplace, from VACANCIES"}
    grid = Grid(place.file, list(VACANCY_HEADERS.values()), cells, place.header_row,
                place.sheet, details)
    return table_from_grid(grid, "vacancies", VACANCIES)
