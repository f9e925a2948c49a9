"""The peer: the KPIs of a canonical CSV extract, computed in DuckDB SQL.

Usage: python benchmarks/peer_duckdb.py FOLDER --as-at YYYY-MM-DD [--output FILE]
Reads FOLDER's workers.csv, vacancies.csv and absences.csv and writes, as JSON, the DfE
definitions of docs/kpis.md at the reference date: turnover_rate_fte, agency_rate_fte,
vacancy_rate_fte, caseload_fte and absence_rate_fte (with their parts, in one query), and the lg
HR records KPIs of docs/kpis.md that need no list of labels (``HR_KPIS``, in a second query, from
training.csv, appraisals.csv, supervision.csv and recruitment.csv where FOLDER has them), under
the rules listed in ``peer_rules.py``, which ``peer_polars.py`` follows too.

The benchmark checks these figures against wfkpi's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

import duckdb
import holidays
import peer_rules as rules
from peer_rules import (
    DAY_HOURS,
    GAP_DAYS,
    HR_KPIS,
    JOIN_SHARE,
    MAX_CASES,
    MOVE_DAYS,
    SNAPSHOT_DAYS,
    SUPERVISION_WEEKS,
    TRAINING_DAYS,
    header,
    window_start,
    working_days_n,
    years_before,
)


def sql_list(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{value}'" for value in values) + ")"


DIRECT, AGENCY = sql_list(rules.DIRECT), sql_list(rules.AGENCY)
YES, NO = sql_list(rules.YES), sql_list(rules.NO)  # yes/no cells as wfkpi reads them
FAR = f"DATE '{rules.FAR}'"  # the end of a post with no end date


def column(names: list[str], name: str, sql: str | None = None) -> str:
    """SQL for column ``name`` (``sql`` of it when given), NULL when the table lacks it."""
    if name not in names:
        return "NULL"
    return sql or f'"{name}"'


def flag(value: str) -> str:
    """SQL for a yes/no cell as 1.0, 0.0 or NULL."""
    return (f"CASE WHEN lower(trim({value})) IN {YES} THEN 1.0 "
            f"WHEN lower(trim({value})) IN {NO} THEN 0.0 END")


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


def load_workers(con: duckdb.DuckDBPyConnection, folder: Path, as_at: dt.date) -> None:
    """The workers table as ``flags`` (one row per spell, with its tests at the reference date)
    and its directly employed spells ending in the window as ``leaving``."""
    path = folder / "workers.csv"
    names = header(path)
    r, w0 = f"DATE '{as_at}'", f"DATE '{window_start(as_at)}'"
    team = column(names, "team", "nullif(trim(regexp_replace(lower(team), '[\\s/_-]+', ' ', "
                                 "'g')), '')")
    con.execute(f"""
    CREATE TEMP TABLE flags AS
    SELECT *, s <= {r} AND (e IS NULL OR e > {r}) AS inpost, e BETWEEN {w0} AND {r} AS leaver
    FROM (
        SELECT {worker_id("worker_id")} AS id,
               employment_type IN {DIRECT} AS de, employment_type IN {AGENCY} AS ag,
               TRY_CAST(fte AS DOUBLE) AS fte,
               TRY_CAST({column(names, "cases")} AS DOUBLE) AS cases,
               TRY_CAST(start_date AS DATE) AS s, TRY_CAST(end_date AS DATE) AS e,
               {team} AS team, TRY_CAST({column(names, "org_role")} AS DOUBLE) AS org_role,
               {flag(column(names, "exit_interview"))} AS exit_interview,
               coalesce({column(names, "leaving_reason")} = 'internal_move', false)
                   AS internal_move
        FROM {csv_source(path)})
    """)
    # a direct spell ending in the window, unless a later direct spell of the same worker
    # takes over from it: a move between posts
    con.execute(f"""
    CREATE TEMP TABLE leaving AS
    SELECT a.*, NOT EXISTS (
               SELECT 1 FROM flags b
               WHERE b.de AND b.id = a.id AND b.s > a.s AND b.s <= a.e + {MOVE_DAYS}
                 AND (b.e IS NULL OR b.e > a.e)) AS left_post
    FROM flags a WHERE a.de AND a.leaver
    """)


def query(folder: Path, as_at: dt.date) -> dict[str, float | str | None]:
    start = window_start(as_at)
    con = duckdb.connect()
    load_workers(con, folder, as_at)
    absences = folder / "absences.csv"
    has_wdl = False
    if absences.exists():
        has_wdl = "working_days_lost" in header(absences)
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
    WITH wk AS (
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
            SELECT count(*) AS rows, count(*) FILTER (WHERE id IN (SELECT id FROM flags)) AS named
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
        **hr_query(con, folder, as_at),
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


# Over a per-worker table grouped by id (``n`` its rows): whether it gives figures, having rows
# of which at least 90% name a worker in the workers table.
JOINS = (f"coalesce(sum(n), 0) > 0 AND coalesce(sum(n) FILTER (WHERE id IN (SELECT id FROM "
         f"flags)), 0) >= {JOIN_SHARE} * sum(n)")
STAFF = "id IN (SELECT id FROM staff)"


def per_worker(path: Path, **aggregates: tuple[str, str]) -> str:
    """SQL for a per-worker table reduced to one row per worker: ``n`` its rows and, for each
    name of ``aggregates``, its SQL aggregate over them, reduced first by the id as written and
    then by the id as compared (the second SQL aggregate of the pair over the first's results),
    so that ids are normalised once per distinct id rather than once per row."""
    inner = ", ".join(f"{sql} AS {name}" for name, (sql, _) in aggregates.items())
    outer = ", ".join(f"{merge}({name}) AS {name}" for name, (_, merge) in aggregates.items())
    return f"""(
        SELECT {worker_id("raw")} AS id, sum(n) AS n, {outer}
        FROM (SELECT worker_id AS raw, count(*) AS n, {inner}
              FROM {csv_source(path)} GROUP BY ALL)
        GROUP BY ALL)"""


def tenure(by_team: bool, cutoff: dt.date) -> str:
    """SQL for staff whose unbroken run of directly employed spells (in one team when
    ``by_team``) began on or before ``cutoff``, and the staff counted."""
    key = "id, team" if by_team else "id"
    return f"""
    WITH d AS (
        SELECT id, team, s, coalesce(e, {FAR}) AS e, inpost FROM flags
        WHERE de AND s IS NOT NULL {"AND team IS NOT NULL" if by_team else ""}
    ), reach AS (
        SELECT *, max(e) OVER (PARTITION BY {key} ORDER BY s, e ROWS BETWEEN UNBOUNDED
                               PRECEDING AND 1 PRECEDING) AS reach FROM d
    ), runs AS (
        SELECT *, sum(CASE WHEN reach IS NULL OR s > reach + {GAP_DAYS} THEN 1 ELSE 0 END)
                  OVER (PARTITION BY {key} ORDER BY s, e ROWS UNBOUNDED PRECEDING) AS run
        FROM reach
    ), began AS (
        SELECT *, min(s) OVER (PARTITION BY {key}, run) AS began FROM runs
    )
    SELECT count(DISTINCT id) FILTER (WHERE inpost AND began <= DATE '{cutoff}'),
           count(DISTINCT id) FILTER (WHERE inpost)
    FROM began"""


def hr_query(con: duckdb.DuckDBPyConnection, folder: Path,
             as_at: dt.date) -> dict[str, float | None]:
    """The lg HR records KPIs of ``HR_KPIS`` (docs/kpis.md, "HR records KPIs") at their
    parameters' defaults; null for a table not supplied or whose ids do not join."""
    r, w0 = f"DATE '{as_at}'", f"DATE '{window_start(as_at)}'"
    window = f"BETWEEN {w0} AND {r}"
    con.execute("CREATE TEMP TABLE staff AS SELECT DISTINCT id FROM flags WHERE de AND inpost")
    staff = con.execute("SELECT count(*) FROM staff").fetchone()[0]
    out: dict[str, float | None] = dict.fromkeys(HR_KPIS)

    def share(top: float | None, bottom: float | None, scale: float = 100.0) -> float | None:
        return None if top is None or not bottom else float(top) / float(bottom) * scale

    def one(sql: str) -> tuple:
        return con.execute(sql).fetchone()

    path = folder / "training.csv"
    if path.exists():
        names = header(path)
        days = f"TRY_CAST({column(names, 'days')} AS DOUBLE)"
        hours = f"TRY_CAST({column(names, 'hours')} AS DOUBLE)"
        ok, trained = one(f"""
            SELECT {JOINS}, count(*) FILTER (WHERE {STAFF} AND days >= {TRAINING_DAYS} - 1e-9)
            FROM {per_worker(path, days=(
                f"sum(coalesce({days}, {hours} / {DAY_HOURS})) FILTER (WHERE "
                f"TRY_CAST({column(names, 'date')} AS DATE) {window})", "sum"))}""")
        if ok:
            out["training_days_share"] = share(trained, staff)
    path = folder / "appraisals.csv"
    if path.exists():
        names = header(path)
        due = f"TRY_CAST({column(names, 'due_date')} AS DATE) {window}"
        completed = f"TRY_CAST({column(names, 'completed_date')} AS DATE)"
        plan = flag(column(names, "development_plan"))
        ok, due, done, people, planned = one(f"""
            SELECT {JOINS}, sum(due) FILTER (WHERE {STAFF}), sum(done) FILTER (WHERE {STAFF}),
                   count(*) FILTER (WHERE {STAFF} AND completed),
                   count(*) FILTER (WHERE {STAFF} AND planned)
            FROM {per_worker(
                path, due=(f"count(*) FILTER (WHERE {due})", "sum"),
                done=(f"count(*) FILTER (WHERE {due} AND {completed} <= {r})", "sum"),
                completed=(f"bool_or({completed} {window})", "bool_or"),
                planned=(f"bool_or({completed} {window} AND {plan} = 1.0)", "bool_or"))}""")
        if ok:
            out["appraisal_completion_rate"] = share(done or 0, due)
            out["appraisals_completed"] = float(people)
            if "development_plan" in names:
                out["development_plan_share"] = share(planned, staff)
    path = folder / "supervision.csv"
    if path.exists():
        names = header(path)
        day = f"TRY_CAST({column(names, 'date')} AS DATE)"
        ok, supervised = one(f"""
            SELECT {JOINS}, count(*) FILTER (WHERE {STAFF} AND recent)
            FROM {per_worker(path, recent=(
                f"bool_or({day} > {r} - {SUPERVISION_WEEKS * 7} AND {day} <= {r})",
                "bool_or"))}""")
        if ok:
            out["supervision_coverage"] = share(supervised, staff)
    path = folder / "recruitment.csv"
    if path.exists():
        names = header(path)
        counts = {stage: f"TRY_CAST({column(names, stage)} AS DOUBLE)"
                  for stage in ("applications", "interviewed", "offers", "hires",
                                "internal_hires")}
        dated = f"TRY_CAST({column(names, 'advertised_date')} AS DATE) {window}"
        known = {k: f"{dated} AND {v} IS NOT NULL" for k, v in counts.items()}
        offers, interviewed, internal, hires, applications, campaigns = one(f"""
            SELECT sum({counts["offers"]}) FILTER (WHERE {known["offers"]}
                                                   AND {counts["interviewed"]} IS NOT NULL),
                   sum({counts["interviewed"]}) FILTER (WHERE {known["offers"]}
                                                        AND {counts["interviewed"]} IS NOT NULL),
                   sum({counts["internal_hires"]}) FILTER (WHERE {known["internal_hires"]}
                                                           AND {counts["hires"]} IS NOT NULL),
                   sum({counts["hires"]}) FILTER (WHERE {known["internal_hires"]}
                                                  AND {counts["hires"]} IS NOT NULL),
                   sum({counts["applications"]}) FILTER (WHERE {known["applications"]}),
                   count(*) FILTER (WHERE {known["applications"]})
            FROM {csv_source(path)}""")
        out["interview_success_rate"] = share(offers or 0.0, interviewed)
        out["internal_fill_rate"] = share(internal or 0.0, hires)
        out["applications_per_campaign"] = share(applications or 0.0, campaigns, 1.0)
    # from the workers table alone
    out["agency_conversions"] = float(one(f"""
        SELECT count(DISTINCT f.id) FROM flags f
        JOIN (SELECT id, min(s) AS first FROM flags WHERE ag AND s IS NOT NULL GROUP BY id) a
          ON a.id = f.id
        WHERE f.de AND f.s {window} AND a.first < f.s""")[0])
    for kpi, by_team, years in (("team_tenure_36m_share", True, 3),
                                ("service_10y_share", False, 10)):
        cutoff = years_before(as_at + dt.timedelta(days=1), years)
        out[kpi] = share(*one(tenure(by_team, cutoff)))
    if "exit_interview" in header(folder / "workers.csv"):
        out["exit_interview_rate"] = share(*one("""
            SELECT count(*) FILTER (WHERE exit_interview = 1.0),
                   count(*) FILTER (WHERE exit_interview IS NOT NULL)
            FROM leaving WHERE left_post AND NOT internal_move"""))
    if "cases" in header(folder / "workers.csv"):
        out["caseload_over_max_share"] = share(*one(f"""
            SELECT count(*) FILTER (WHERE cases > {MAX_CASES}), count(*)
            FROM flags WHERE inpost AND (de OR ag) AND org_role = 5 AND cases IS NOT NULL"""))
    return out


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
