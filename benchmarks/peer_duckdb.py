"""The peer: the headline dfe KPIs of a canonical CSV extract, computed by one DuckDB SQL query.

Usage: python benchmarks/peer_duckdb.py FOLDER --as-at YYYY-MM-DD [--output FILE]
Reads FOLDER's workers.csv, vacancies.csv and absences.csv and writes, as JSON, the DfE
definitions of docs/kpis.md at the reference date: turnover_rate_fte, agency_rate_fte,
vacancy_rate_fte, caseload_fte and absence_rate_fte (with their parts). Absence days are the
working days (Monday to Friday less the bank holidays of England and Wales) of each sickness
spell inside the window, or a given ``working_days_lost`` pro rata, for workers with a directly
employed spell active in the window. The benchmark checks these figures against wfkpi's.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
from pathlib import Path

import duckdb
import holidays

DIRECT = "('permanent', 'fixed_term', 'temporary')"
AGENCY = "('agency', 'self_employed')"


def window_start(as_at: dt.date) -> dt.date:
    """The first day of the twelve months ending on ``as_at`` (29 February → 1 March)."""
    after = as_at + dt.timedelta(days=1)
    if after.month == 2 and after.day == 29:
        return dt.date(after.year - 1, 3, 1)
    return after.replace(year=after.year - 1)


def working_days_n(start: dt.date, end: dt.date) -> int:
    """DfE's N: 254 when the window holds a 29 February, else 253."""
    leap = any(calendar.isleap(y) and start <= dt.date(y, 2, 29) <= end
               for y in range(start.year, end.year + 1))
    return 254 if leap else 253


def csv_source(path: Path) -> str:
    return (f"read_csv('{path.as_posix()}', header=true, all_varchar=true, "
            "auto_detect=true)")


def query(folder: Path, as_at: dt.date) -> dict[str, float | None]:
    start = window_start(as_at)
    con = duckdb.connect()
    absences = folder / "absences.csv"
    has_wdl = False
    if absences.exists():
        with absences.open(encoding="utf-8") as handle:
            header = handle.readline()
        has_wdl = "working_days_lost" in header.strip().split(",")
        con.execute(f"CREATE VIEW absences_raw AS SELECT * FROM {csv_source(absences)}")
        span = con.execute(
            "SELECT min(TRY_CAST(start_date AS DATE)), max(TRY_CAST(end_date AS DATE)) "
            "FROM absences_raw").fetchone()
        first = min(span[0] or as_at, start)
        last = max(span[1] or as_at, as_at)
        bank = holidays.country_holidays("GB", subdiv="ENG",
                                         years=range(first.year, last.year + 1))
        con.execute("CREATE TABLE bank (day DATE)")
        con.executemany("INSERT INTO bank VALUES (?)", [(d,) for d in bank])
        con.execute(f"""
            CREATE TABLE cal AS
            SELECT day, work, sum(work) OVER (ORDER BY day) AS upto
            FROM (SELECT CAST(d AS DATE) AS day,
                         CASE WHEN isodow(d) <= 5 AND CAST(d AS DATE) NOT IN (SELECT day FROM bank)
                              THEN 1 ELSE 0 END AS work
                  FROM generate_series(DATE '{first}', DATE '{last}', INTERVAL 1 DAY) AS t(d))
        """)
    vacancies = folder / "vacancies.csv"
    wdl = "TRY_CAST(a.working_days_lost AS DOUBLE)" if has_wdl else "NULL::DOUBLE"
    r, w0 = f"DATE '{as_at}'", f"DATE '{start}'"
    sql = f"""
    WITH w AS (
        SELECT worker_id, employment_type IN {DIRECT} AS de, employment_type IN {AGENCY} AS ag,
               TRY_CAST(fte AS DOUBLE) AS fte, TRY_CAST(cases AS DOUBLE) AS cases,
               TRY_CAST(start_date AS DATE) AS s, TRY_CAST(end_date AS DATE) AS e
        FROM {csv_source(folder / "workers.csv")}
    ), flags AS (
        SELECT *, s <= {r} AND (e IS NULL OR e > {r}) AS inpost,
               e BETWEEN {w0} AND {r} AS leaver,
               s <= {r} AND (e IS NULL OR e >= {w0}) AS active
        FROM w
    ), wk AS (
        SELECT sum(fte) FILTER (WHERE de AND inpost) AS inpost_fte,
               sum(fte) FILTER (WHERE de AND leaver) AS leavers_fte,
               sum(fte) FILTER (WHERE ag AND inpost) AS agency_fte,
               sum(cases) FILTER (WHERE (de OR ag) AND inpost) AS cases,
               sum(fte) FILTER (WHERE (de OR ag) AND inpost AND cases >= 1) AS case_holders_fte
        FROM flags
    ), vac AS (
        {f'''SELECT sum(TRY_CAST(vacancy_fte AS DOUBLE)) AS vacancy_fte
        FROM {csv_source(vacancies)}
        WHERE as_at IS NULL OR trim(as_at) = '' OR TRY_CAST(as_at AS DATE) = {r}'''
          if vacancies.exists() else "SELECT NULL::DOUBLE AS vacancy_fte"}
    ), ab AS (
        {f'''SELECT sum(CASE
                 WHEN x.given IS NULL THEN ci.upto - ca.upto + ca.work
                 WHEN whole_wd > 0 THEN x.given * (ci.upto - ca.upto + ca.work) / whole_wd
                 ELSE x.given * (date_diff('day', x.a, x.b) + 1)
                                / (date_diff('day', x.s, x.e) + 1) END) AS days
        FROM (SELECT a2.*, cb.upto - cs.upto + cs.work AS whole_wd
              FROM (SELECT TRY_CAST(a.start_date AS DATE) AS s,
                           coalesce(TRY_CAST(a.end_date AS DATE), {r}) AS e,
                           greatest(TRY_CAST(a.start_date AS DATE), {w0}) AS a,
                           least(coalesce(TRY_CAST(a.end_date AS DATE), {r}), {r}) AS b,
                           {wdl} AS given
                    FROM absences_raw a
                    WHERE a.reason = 'sickness'
                      AND a.worker_id IN (SELECT worker_id FROM flags WHERE de AND active)) a2
              JOIN cal cs ON cs.day = a2.s JOIN cal cb ON cb.day = a2.e) x
        JOIN cal ca ON ca.day = x.a JOIN cal ci ON ci.day = x.b
        WHERE x.a <= x.b''' if absences.exists() else "SELECT 0.0 AS days"}
    )
    SELECT wk.*, vac.vacancy_fte, coalesce(ab.days, 0) AS working_days_lost_fte
    FROM wk, vac, ab
    """
    row = con.execute(sql).fetchone()
    names = [d[0] for d in con.description]
    parts = dict(zip(names, row, strict=True))
    n = working_days_n(start, as_at)

    def ratio(top: float | None, bottom: float | None, scale: float = 100.0) -> float | None:
        if top is None or not bottom:
            return None
        return top / bottom * scale

    inpost, agency, vacancy = parts["inpost_fte"], parts["agency_fte"], parts["vacancy_fte"]
    return {
        "as_at": as_at.isoformat(),
        **{k: (float(v) if v is not None else None) for k, v in parts.items()},
        "turnover_rate_fte": ratio(parts["leavers_fte"], inpost),
        "agency_rate_fte": ratio(agency, (agency or 0) + (inpost or 0)),
        "vacancy_rate_fte": ratio(vacancy, (vacancy or 0) + (inpost or 0)) if vacancy is not None
        else None,
        "caseload_fte": ratio(parts["cases"], parts["case_holders_fte"], 1.0),
        "absence_rate_fte": ratio(parts["working_days_lost_fte"], (inpost or 0) * n),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--as-at", required=True, type=dt.date.fromisoformat)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()
    text = json.dumps(query(args.folder, args.as_at), indent=1)
    if args.output:
        args.output.write_text(text + "\n")
    else:
        print(text)


if __name__ == "__main__":
    main()
