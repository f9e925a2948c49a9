"""The ASC-WDS worker file as the workers table.

Each column is turned into canonical text (FTE from weekly hours over the standard week, ``999``
"not known" to blank, job-role codes to labels) as ASC-WDS's own validator reads it, and the grid
goes through :func:`~wfkpi.read.table.table_from_grid`; the canonical checks' issues are then put
in ASC-WDS terms, naming the column and text each value came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from wfkpi.core.issues import Issue, shorten
from wfkpi.read import values as v
from wfkpi.read.extract import TableRead
from wfkpi.read.files import Grid, header_key
from wfkpi.read.sources.ascwds.spec import (
    AVERAGE_HOURS_STATUSES,
    DELETE,
    DISABLED,
    FTE_HEADER,
    GENDER,
    MAX_DAYS_SICK,
    MAX_FTE,
    MAX_HOURS,
    NOT_KNOWN,
    REQUIRED_WORKER_COLUMNS,
    STATUS_CODES,
    WORKER_COLUMNS,
    WORKER_STATUSES,
    WORKERS,
    ZERO_HOURS_YES,
    code_of,
    each,
    named_columns,
    number_of,
    role_label,
    social_worker,
    start_date,
    window_opening,
)
from wfkpi.read.table import table_from_grid


@dataclass
class _Hours:
    """Where each row's FTE comes from: the ASC-WDS column and its text, by row number."""

    column: dict[int, str]
    text: dict[int, str]


def worker_table(grid: Grid, standard_week: float, known_places: set[str] | None,
                 context: dict[str, str], reference: dt.date | None,
                 today: dt.date) -> TableRead:
    """The worker file as the workers table: canonical text per cell, checked as any extract.
    A STARTDATE ASC-WDS does not keep is read as a start before the year to ``reference``."""
    issues: list[Issue] = []
    where = {"file": grid.file, "sheet": grid.sheet}
    cols = named_columns(grid, WORKER_COLUMNS, REQUIRED_WORKER_COLUMNS, "worker", issues)
    index = grid.cells.index
    empty = pd.Series("", index=index, dtype="str")

    def cell(name: str) -> pd.Series:
        return cols.get(name, empty)

    blank = (grid.cells.apply(lambda s: s.str.strip()) == "").all(axis=1).to_numpy() \
        if len(grid.cells) else np.zeros(0, dtype=bool)
    checked = ~blank & ~index.isin(list(grid.malformed))  # rows this module looks at

    rows = index.to_numpy()

    def note(mask: Any, code: str, message: str, column: str, raw: pd.Series | None) -> None:
        texts = None if raw is None else raw.to_numpy(dtype=object)
        for i in np.flatnonzero(np.asarray(mask) & checked):
            value = shorten(texts[i]) if texts is not None and texts[i] != "" else None
            issues.append(Issue(code, message, row=int(rows[i]), column=column, value=value,
                                **where))

    # Rows that are no worker of the workplace: set aside before the canonical checks.
    status = cell("STATUS").str.upper()
    deleted = (status == DELETE).to_numpy()
    note(deleted, "ascwds-rule", "STATUS: DELETE, so this is no current worker (ASC-WDS removes "
         "the record); the row is set aside", "STATUS", cols.get("STATUS"))
    if "STATUS" in cols:
        odd = (~status.isin(WORKER_STATUSES)).to_numpy() & ~deleted
        note(odd, "ascwds-rule", "STATUS: not an ASC-WDS status (NEW, UPDATE, UNCHECKED, "
             "NOCHANGE, DELETE, CHGSUB); the row is read as a current worker", "STATUS",
             cols["STATUS"])
    place = cell("LOCALESTID")
    no_place = (place == "").to_numpy() & ~deleted if "LOCALESTID" in cols else \
        np.zeros(len(index), dtype=bool)
    note(no_place, "required", "LOCALESTID: required, but blank; the row is set aside",
         "LOCALESTID", None)
    drop = (deleted | no_place) & checked
    if known_places is not None and "LOCALESTID" in cols:
        first = ~place.duplicated().to_numpy()
        unknown = (~place.isin(known_places)).to_numpy() & first & ~drop
        note(unknown, "not-known", "LOCALESTID: this workplace has no row in the workplace "
             "file, so its leavers and vacancies are not known", "LOCALESTID", place)

    out: dict[str, pd.Series] = {}
    if "UNIQUEWORKERID" in cols:
        uid = cols["UNIQUEWORKERID"]
        keep = ~drop & checked & (uid != "").to_numpy()
        again = pd.DataFrame({"place": place, "uid": uid})[keep].duplicated()
        note(np.isin(rows, again.index[again.to_numpy()]), "ascwds-rule", "UNIQUEWORKERID: a "
             "second row for this worker at this workplace, where ASC-WDS holds one; both are "
             "read, as two posts of one person", "UNIQUEWORKERID", None)
        out["worker_id"] = (place + "/" + uid).where(uid != "", "") if "LOCALESTID" in cols \
            else uid
    if "EMPLSTATUS" in cols:
        out["employment_type"] = each(cols["EMPLSTATUS"], code_of)
    hours = None
    if "CONTHOURS" in cols or "AVGHOURS" in cols:
        out["fte"], hours = _fte(cell, cols, standard_week)
    if "STARTDATE" in cols:
        out["start_date"] = _start_dates(cols["STARTDATE"], reference, today, note)
    if "MAINJOBROLE" in cols:
        out["role"], out["qualified_social_worker"] = _roles(cols["MAINJOBROLE"], note)
    if "LOCALESTID" in cols:
        out["service"] = place
    if "DAYSSICK" in cols:
        out["sickness_days"] = _days_sick(cols["DAYSSICK"], note)
    if "DOB" in cols:
        out["date_of_birth"] = _dates_of_birth(cols["DOB"], note)
    for name, canonical, labels in (("GENDER", "sex", GENDER),
                                    ("ETHNICITY", "ethnicity", None),
                                    ("DISABLED", "disability", DISABLED)):
        if name in cols:
            text = cols[name]
            out[canonical] = each(text, lambda t, labels=labels: labels.get(code_of(t), t)) \
                if labels else text

    headers = [WORKERS.headers_for(name)[0] for name in out]
    cells = pd.DataFrame({i: s.where(~blank, "") for i, s in enumerate(out.values())},
                         index=index, dtype="str")
    cells = cells[~drop]
    details = {**grid.details, "ASC-WDS file": "workers", **context,
               "FTE": f"CONTHOURS (permanent and temporary) or AVGHOURS (pool/bank, agency, "
                      f"other, zero-hours contracts) / {standard_week:g}"}
    if drop.any():
        details["set aside before the checks"] = f"{int(drop.sum())} row(s): STATUS DELETE or " \
            "no LOCALESTID"
    made = Grid(grid.file, headers, cells, grid.header_row, grid.sheet, details,
                dict(grid.malformed))
    frame, source, found = table_from_grid(made, "workers", WORKERS)
    source.rows += int(drop.sum())
    source.set_aside += int(drop.sum())
    source.columns = {name: _source_header(name, header) for name, header in
                      source.columns.items()}
    used = {header_key(name) for name in cols}
    source.ignored = [h for h in grid.header if h and header_key(h) not in used]
    found = [_worker_issue(issue, hours, standard_week) for issue in found]
    issues.extend(found)
    issues.sort(key=lambda i: i.row or 0)
    return frame, source, issues


def _source_header(name: str, header: str) -> str:
    if name == "fte":
        return "CONTHOURS or AVGHOURS"
    if name == "worker_id":
        return "LOCALESTID and UNIQUEWORKERID"
    return header


def _fte(cell: Callable[[str], pd.Series], cols: dict[str, pd.Series],
         standard_week: float) -> tuple[pd.Series, _Hours]:
    """FTE text per row: weekly hours over the standard week. Permanent and temporary staff
    give CONTHOURS, the others (and anyone on a zero-hours contract) AVGHOURS; 999 (not known)
    and 0 hours give a blank, which the canonical checks note."""
    status = each(cell("EMPLSTATUS"), code_of)
    average = status.isin(AVERAGE_HOURS_STATUSES) | (each(cell("ZEROHRCONT"), code_of) ==
                                                     ZERO_HOURS_YES)
    if "CONTHOURS" not in cols:
        average[:] = True
    elif "AVGHOURS" not in cols:
        average[:] = False
    column = pd.Series(np.where(average, "AVGHOURS", "CONTHOURS"), index=status.index)
    text = cell("AVGHOURS").where(average, cell("CONTHOURS"))

    def fte(raw: str) -> str:
        hours = number_of(raw)
        if hours is None or _no_fte(raw, standard_week):
            return ""  # the canonical checks note the blank; _worker_issue says why
        return repr(hours / standard_week)

    rows = text.index.tolist()
    return each(text, fte), _Hours(dict(zip(rows, column.tolist(), strict=True)),
                                    dict(zip(rows, text.to_numpy(dtype=object), strict=True)))


def _worker_issue(issue: Issue, hours: _Hours | None, standard_week: float) -> Issue:
    """A canonical check's issue in ASC-WDS terms: the hours column and text behind an FTE,
    the employment status codes, the ASC-WDS name of a missing column."""
    if issue.code == "missing-column":
        names = {"worker_id": "UNIQUEWORKERID", "employment_type": "EMPLSTATUS",
                 "start_date": "STARTDATE", "fte": "CONTHOURS"}
        name = names.get(issue.column or "", issue.column)
        needs = "CONTHOURS or AVGHOURS column: FTE comes from weekly hours" \
            if issue.column == "fte" else f"{name} column: {issue.column} comes from it"
        return replace(issue, column=name, message=f"No {needs}")
    if issue.column == "STARTDATE" and issue.code == "required":
        return replace(issue, message="STARTDATE: blank, unreadable or in the future, and no "
                       "worker in the file has a STARTDATE ASC-WDS keeps to date it by; give "
                       "--as-at")
    if issue.column == "EMPLSTATUS" and issue.code == "bad-value":
        return replace(issue, message=f"EMPLSTATUS: not an ASC-WDS employment status "
                       f"({STATUS_CODES}); the row is set aside")
    if issue.column != FTE_HEADER or hours is None or issue.row is None:
        return issue
    column, raw = hours.column[issue.row], hours.text[issue.row]
    value = shorten(raw) if raw else None
    if issue.code == "blank-value":
        code, why = _no_fte(raw, standard_week) or ("blank-value", "blank")
        return replace(issue, code=code, column=column, value=value, message=(
            f"{column}: {why}, so the FTE is blank; the row is kept but left out of FTE "
            "figures"))
    if issue.code == "above-expected":
        message = (f"fte: above 1 ({column} is more than the standard week of "
                   f"{standard_week:g} hours); accepted, but check it")
    else:
        message = issue.message.replace("fte:", f"fte from {column}:", 1)
    return replace(issue, column=column, value=value, message=message)


def _no_fte(raw: str, standard_week: float) -> tuple[str, str] | None:
    """Why weekly hours give no FTE, as (issue code, reason); None when they give one.

    ASC-WDS keeps hours in half-hour steps from 0 to 75 and 999 (not known), and ignores others
    with a warning (workerCSVValidator.js, _validateContHours and _validateAvgHours). Hours it
    keeps that come to more FTE than the workers table holds are left blank too, with a warning.
    """
    hours = number_of(raw)
    if not raw:
        return "blank-value", "blank"
    if hours == NOT_KNOWN:
        return "blank-value", "not known (999)"
    if hours is None or not 0 <= hours <= MAX_HOURS or (hours * 2) % 1:
        return "ascwds-rule", (f"not hours in half-hour steps from 0 to {MAX_HOURS:g}, which "
                               "ASC-WDS ignores")
    if hours == 0:
        return "blank-value", "0 hours"
    if hours / standard_week > MAX_FTE:
        return "above-expected", (f"{hours:g} hours (ASC-WDS accepts up to {MAX_HOURS:g}) is "
                                  f"more than {MAX_FTE:g} FTE on a {standard_week:g}-hour week, "
                                  "the most an FTE may be")
    return None


def _start_dates(starts: pd.Series, reference: dt.date | None, today: dt.date,
                 note: Callable[..., None]) -> pd.Series:
    """STARTDATE as canonical text. A start ASC-WDS does not keep (:func:`start_date`) is a
    current worker's whose start is not known: read as the day before the year to the reference
    date opens, so the worker is in post and no starter. Without a reference date it stays
    blank, which the canonical checks report."""
    read = each(starts, lambda text: start_date(text, today))
    kept = read.map(lambda r: isinstance(r, dt.date))
    if reference is None:
        return starts.where(kept, "")
    before = window_opening(reference)
    for why in pd.unique(read[~kept]):
        note((read == why).to_numpy(), "ascwds-rule", f"STARTDATE: {why}; read as in post "
             f"since before the year to the reference date (from {before.day} "
             f"{before:%b %Y}), not as a starter", "STARTDATE", starts)
    return starts.where(kept, before.isoformat())


def _dates_of_birth(dob: pd.Series, note: Callable[..., None]) -> pd.Series:
    """DOB as canonical text: a date that cannot be read is blank, as ASC-WDS ignores it with a
    warning (workerCSVValidator.js, _validateDOB). Never shown: a personal value."""
    def why(text: str) -> str:
        day = v.parse_date(text) if text else None
        return day.message if isinstance(day, v.Bad) else ""

    problems = each(dob, why)
    for message in pd.unique(problems[problems != ""]):
        note((problems == message).to_numpy(), "ascwds-rule", f"DOB: {message}, so ASC-WDS "
             "ignores it; the worker's age is not known", "DOB", None)
    return dob.where(problems == "", "")


def _roles(codes: pd.Series, note: Callable[..., None]) -> tuple[pd.Series, pd.Series]:
    """Role labels (``Social worker (6)``) and qualified_social_worker (true for code 6)."""
    labels = each(codes, lambda c: role_label(c) or "")
    unknown = ((codes != "") & (labels == "")).to_numpy()
    note(unknown, "bad-value", "MAINJOBROLE: not a job-role code of the ASC-WDS bulk-upload "
         "specification; the worker has no role", "MAINJOBROLE", codes)
    note((codes == "").to_numpy(), "ascwds-rule", "MAINJOBROLE: blank, which ASC-WDS does not "
         "accept; the worker has no role", "MAINJOBROLE", None)
    social = each(codes, social_worker).to_numpy()
    qualified = pd.Series(social, index=codes.index).where(labels != "", "")
    return labels, qualified


def _days_sick(days: pd.Series, note: Callable[..., None]) -> pd.Series:
    """DAYSSICK as canonical text: 999 (not known) and values ASC-WDS ignores with a warning
    (not a number of days in half-day steps from 0 to 366: workerCSVValidator.js,
    _validateDaysSick) become blank, so the worker is left out of sickness figures."""
    numbers = each(days, number_of).astype("float64")  # NaN: blank or not a number
    not_known = (numbers == NOT_KNOWN).to_numpy()
    kept = ((numbers >= 0) & (numbers <= MAX_DAYS_SICK) & ((numbers * 2) % 1 == 0)).to_numpy()
    ignored = (days != "").to_numpy() & ~kept & ~not_known
    note(not_known, "not-known", "DAYSSICK: not known (999); the worker is left out of "
         "sickness figures", "DAYSSICK", days)
    note(ignored, "ascwds-rule", f"DAYSSICK: not days in half-day steps from 0 to "
         f"{MAX_DAYS_SICK:g}, so ASC-WDS ignores it; the worker is left out of sickness "
         "figures", "DAYSSICK", days)
    return days.where(~(not_known | ignored), "")
