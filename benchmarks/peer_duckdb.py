"""The peer: the headline dfe KPIs of a canonical CSV extract, computed by one DuckDB SQL query.

Usage: python benchmarks/peer_duckdb.py FOLDER --as-at YYYY-MM-DD [--output FILE]
Reads FOLDER's workers.csv, vacancies.csv and absences.csv and writes, as JSON, the DfE
definitions of docs/kpis.md at the reference date: turnover_rate_fte, agency_rate_fte,
vacancy_rate_fte, caseload_fte and absence_rate_fte (with their parts), under its rules:

- worker ids compared after one normalisation (trimmed; an id of digits, perhaps with a decimal
  part of zeros, is the number it writes: ``0100634`` and ``100634.0`` are ``100634``);
- vacancy rows: the undated ones and the latest snapshot dated on or before the reference date
  and no more than 31 days before it; with none, no vacancy figure;
- a directly employed spell taken over by a later directly employed spell of the same worker
  (starting after it starts, no more than 7 days after it ends, and running past that end) is a
  move between posts, not a leaver;
- caseload over the case holders whose FTE is known (one with a blank FTE is left out of both
  the cases and the FTE);
- sickness in FTE days, only on days inside the window on which the worker held a directly
  employed post: without ``working_days_lost``, each such post's working days (Monday to Friday
  less the bank holidays of England and Wales) × its FTE; with it, ``working_days_lost`` × the
  working days of the spell inside the window held in some direct post (each day once) ÷ the
  spell's working days (the calendar-day share when it has none). An open spell runs to the
  reference date. A spell in a post with a blank FTE is set aside (no value when every counted
  spell is); an absences table with no rows, or fewer than 90% of whose rows name a worker in
  the workers table, gives no value;
- absent is null: an FTE sum over records none of which has an FTE has no value, nor has any
  FTE figure of an extract without FTE.

The benchmark checks these figures against wfkpi's.
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
SNAPSHOT_DAYS = 31  # a vacancy snapshot dated up to this many days before R describes R
MOVE_DAYS = 7  # a post taken up within a week of leaving another is a move, not a leaving
JOIN_SHARE = 0.9  # the share of absence rows that must name a worker for the table to join
FAR = "DATE '2200-01-01'"  # the end of a post with no end date


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


def worker_id(column: str) -> str:
    """SQL for a worker id as ids are compared: an id of digits, perhaps after zeros or with a
    decimal part of zeros, is the number it writes; any other id is its trimmed text."""
    return (f"CASE WHEN trim({column}) LIKE '0%' OR {column} LIKE '%.%' "
            f"THEN regexp_replace(trim({column}), '^0*([0-9]+?)(?:\\.0+)?$', '\\1') "
            f"ELSE trim({column}) END")


def fte_sum(mask: str) -> str:
    """SQL for the sum of FTE over the records where ``mask`` holds, absent as null: no value
    when records are chosen and none has an FTE, or when no record of the extract has one; a
    true 0 when none is chosen."""
    return (f"CASE WHEN count(*) FILTER (WHERE {mask}) = 0 AND bool_or(fte IS NOT NULL) "
            f"THEN 0.0 ELSE sum(fte) FILTER (WHERE {mask}) END")


def working_days(first: str, last: str) -> str:
    """SQL for the working days of ``first .. last`` (both ends included) from their rows of the
    cumulative working-day calendar ``cal``."""
    return f"({last}.upto - {first}.upto + {first}.work)"


def query(folder: Path, as_at: dt.date) -> dict[str, float | str | None]:
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
    wdl = "TRY_CAST(working_days_lost AS DOUBLE)" if has_wdl else "NULL::DOUBLE"
    r, w0 = f"DATE '{as_at}'", f"DATE '{start}'"
    whole = working_days("cs", "ce")
    stretch = working_days("ca", "cb")
    sql = f"""
    WITH w AS (
        SELECT {worker_id("worker_id")} AS id,
               employment_type IN {DIRECT} AS de, employment_type IN {AGENCY} AS ag,
               TRY_CAST(fte AS DOUBLE) AS fte, TRY_CAST(cases AS DOUBLE) AS cases,
               TRY_CAST(start_date AS DATE) AS s, TRY_CAST(end_date AS DATE) AS e
        FROM {csv_source(folder / "workers.csv")}
    ), flags AS (
        SELECT *, s <= {r} AND (e IS NULL OR e > {r}) AS inpost,
               e BETWEEN {w0} AND {r} AS leaver
        FROM w
    ), leaving AS (
        -- a direct spell ending in the window, unless a later direct spell of the same worker
        -- takes over from it: a move between posts
        SELECT a.*, NOT EXISTS (
                   SELECT 1 FROM flags b
                   WHERE b.de AND b.id = a.id AND b.s > a.s AND b.s <= a.e + {MOVE_DAYS}
                     AND (b.e IS NULL OR b.e > a.e)) AS left_post
        FROM flags a WHERE a.de AND a.leaver
    ), wk AS (
        SELECT {fte_sum("de AND inpost")} AS inpost_fte,
               {fte_sum("ag AND inpost")} AS agency_fte,
               sum(cases) FILTER (WHERE (de OR ag) AND inpost) AS cases,
               -- caseload: case holders of unknown FTE out of the cases as of the FTE
               sum(cases) FILTER (WHERE (de OR ag) AND inpost
                                  AND NOT (fte IS NULL AND coalesce(cases >= 1, false)))
                   AS cases_known_fte,
               {fte_sum("(de OR ag) AND inpost AND cases >= 1")} AS case_holders_fte,
               bool_or(fte IS NOT NULL) AS any_fte
        FROM flags
    ), lv AS (
        SELECT CASE WHEN count(*) FILTER (WHERE left_post) = 0 AND (SELECT any_fte FROM wk)
                    THEN 0.0 ELSE sum(fte) FILTER (WHERE left_post) END AS leavers_fte,
               count(*) FILTER (WHERE NOT left_post) AS moved_post
        FROM leaving
    ), vac AS (
        {f'''WITH vr AS (
            SELECT TRY_CAST(vacancy_fte AS DOUBLE) AS v, TRY_CAST(as_at AS DATE) AS d
            FROM {csv_source(vacancies)}
        ), used AS (
            -- undated rows, and the latest snapshot dated on or before R within reach of it
            SELECT * FROM vr
            WHERE d IS NULL OR d = (SELECT max(d) FROM vr
                                    WHERE d BETWEEN {r} - {SNAPSHOT_DAYS} AND {r})
        )
        SELECT CASE WHEN count(*) > 0 THEN coalesce(sum(v), 0.0) END AS vacancy_fte,
               max(d) AS vacancy_as_of
        FROM used'''
          if vacancies.exists() else
          "SELECT NULL::DOUBLE AS vacancy_fte, NULL::DATE AS vacancy_as_of"}
    ), ab AS (
        {f'''WITH a AS (
            SELECT {worker_id("worker_id")} AS id, reason,
                   TRY_CAST(start_date AS DATE) AS s,
                   coalesce(TRY_CAST(end_date AS DATE), {r}) AS e, {wdl} AS given
            FROM absences_raw
        ), joined AS (
            SELECT count(*) AS rows, count(*) FILTER (WHERE id IN (SELECT id FROM w)) AS named
            FROM a
        ), sp AS (
            -- sickness spells with a day inside the window; open spells run to R
            SELECT row_number() OVER () AS k, id, s, e, given FROM a
            WHERE reason = 'sickness' AND greatest(s, {w0}) <= least(e, {r}) AND s <= e
        ), st AS (
            -- each spell's stretch inside the window and inside each direct post of its worker
            SELECT sp.k, sp.given, p.fte, greatest(sp.s, {w0}, p.s) AS a,
                   least(sp.e, {r}, coalesce(p.e, {FAR})) AS b
            FROM sp JOIN flags p ON p.id = sp.id AND p.de
            WHERE greatest(sp.s, {w0}, p.s) <= least(sp.e, {r}, coalesce(p.e, {FAR}))
        ), plain AS (
            -- no working_days_lost: each post's working days × its FTE
            SELECT st.k, sum({stretch} * st.fte) AS days, bool_or(st.fte IS NULL) AS blank
            FROM st JOIN cal ca ON ca.day = st.a JOIN cal cb ON cb.day = st.b
            WHERE st.given IS NULL GROUP BY st.k
        ), runs AS (
            -- working_days_lost given: the stretches of a spell merged, each day once
            SELECT k, a, b, sum(CASE WHEN reach IS NULL OR a > reach + 1 THEN 1 ELSE 0 END)
                   OVER (PARTITION BY k ORDER BY a, b ROWS UNBOUNDED PRECEDING) AS run
            FROM (SELECT k, a, b, max(b) OVER (PARTITION BY k ORDER BY a, b ROWS BETWEEN
                                                UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
                  FROM st WHERE given IS NOT NULL)
        ), held AS (
            SELECT m.k, sum({stretch}) AS wd, sum(date_diff('day', m.a, m.b) + 1) AS cd
            FROM (SELECT k, min(a) AS a, max(b) AS b FROM runs GROUP BY k, run) m
            JOIN cal ca ON ca.day = m.a JOIN cal cb ON cb.day = m.b
            GROUP BY m.k
        ), shared AS (
            SELECT sp.k, CASE WHEN {whole} > 0 THEN sp.given * held.wd / {whole}
                              ELSE sp.given * held.cd / (date_diff('day', sp.s, sp.e) + 1)
                         END AS days
            FROM held JOIN sp USING (k)
            JOIN cal cs ON cs.day = sp.s JOIN cal ce ON ce.day = sp.e
        ), spells AS (
            SELECT days, blank FROM plain UNION ALL SELECT days, false FROM shared
        ), counted AS (
            SELECT count(*) AS spells, count(*) FILTER (WHERE blank) AS blank, sum(days) AS days
            FROM spells
        )
        SELECT CASE WHEN joined.rows = 0 OR joined.named < {JOIN_SHARE} * joined.rows
                      OR (counted.spells > 0 AND counted.blank = counted.spells)
                    THEN NULL ELSE coalesce(counted.days, 0.0) END AS working_days_lost_fte,
               counted.spells AS sickness_spells, counted.blank AS fte_missing_spells
        FROM counted, joined'''
          if absences.exists() else
          "SELECT NULL::DOUBLE AS working_days_lost_fte, 0 AS sickness_spells, "
          "0 AS fte_missing_spells"}
    )
    SELECT wk.* EXCLUDE (any_fte), lv.*, vac.*, ab.*
    FROM wk, lv, vac, ab
    """
    row = con.execute(sql).fetchone()
    names = [d[0] for d in con.description]
    parts = dict(zip(names, row, strict=True))
    n = working_days_n(start, as_at)

    def ratio(top: float | None, bottom: float | None, scale: float = 100.0) -> float | None:
        if top is None or not bottom:
            return None
        return top / bottom * scale

    def plus(*values: float | None) -> float | None:
        return None if any(v is None for v in values) else sum(values)

    inpost, agency, vacancy = parts["inpost_fte"], parts["agency_fte"], parts["vacancy_fte"]
    return {
        "as_at": as_at.isoformat(),
        **{k: (v.isoformat() if isinstance(v, dt.date) else float(v) if v is not None else None)
           for k, v in parts.items()},
        "turnover_rate_fte": ratio(parts["leavers_fte"], inpost),
        "agency_rate_fte": ratio(agency, plus(agency, inpost)),
        "vacancy_rate_fte": ratio(vacancy, plus(vacancy, inpost)),
        "caseload_fte": ratio(parts["cases_known_fte"], parts["case_holders_fte"], 1.0),
        "absence_rate_fte": ratio(parts["working_days_lost_fte"],
                                  None if inpost is None else inpost * n),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
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
