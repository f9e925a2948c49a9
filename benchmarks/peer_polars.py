"""The second peer: the same KPIs as ``peer_duckdb.py``, computed with Polars expressions.

Usage: python benchmarks/peer_polars.py FOLDER --as-at YYYY-MM-DD [--output FILE]
Reads FOLDER's CSV files (every column as text) and writes, as JSON, the headline dfe KPIs
(turnover_rate_fte, agency_rate_fte, vacancy_rate_fte, caseload_fte, absence_rate_fte, with their
parts) and the lg HR records KPIs of ``peer_rules.HR_KPIS``, under the rules listed in
``peer_rules.py`` (whose constants and date arithmetic both peers share). The
workers, vacancies and absences are read whole; the HR records tables are scanned lazily and
reduced to one row per worker before anything else sees them.

The benchmark checks these figures against wfkpi's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

import holidays
import numpy as np
import polars as pl
from peer_rules import (
    AGENCY,
    DAY_HOURS,
    DIRECT,
    FAR,
    GAP_DAYS,
    HR_KPIS,
    JOIN_SHARE,
    MAX_CASES,
    MOVE_DAYS,
    NO,
    SNAPSHOT_DAYS,
    SUPERVISION_WEEKS,
    TRAINING_DAYS,
    YES,
    header,
    window_start,
    working_days_n,
    years_before,
)

ISO = "%Y-%m-%d"


def text(names: list[str], name: str) -> pl.Expr:
    """Column ``name`` as text, null when the table lacks it."""
    return pl.col(name) if name in names else pl.lit(None, dtype=pl.String)


def date(names: list[str], name: str) -> pl.Expr:
    return text(names, name).str.strip_chars().str.to_date(ISO, strict=False)


def number(names: list[str], name: str) -> pl.Expr:
    return text(names, name).str.strip_chars().cast(pl.Float64, strict=False)


def flag(names: list[str], name: str) -> pl.Expr:
    """A yes/no cell as 1.0, 0.0 or null."""
    cell = text(names, name).str.strip_chars().str.to_lowercase()
    return pl.when(cell.is_in(YES)).then(1.0).when(cell.is_in(NO)).then(0.0) \
        .otherwise(None)


def worker_ids(raw: pl.Series) -> pl.Series:
    """Worker ids as ids are compared: an id of digits, perhaps after zeros or with a decimal
    part of zeros, is the number it writes; any other id is its trimmed text. (The pattern is
    only run when some id starts with 0 or holds a point: on any other id it changes nothing.)"""
    trimmed = raw.str.strip_chars()
    odd = trimmed.str.starts_with("0") | raw.str.contains(".", literal=True)
    if not odd.any():
        return trimmed.alias("id")
    number = trimmed.str.replace(r"^0*([0-9]+?)(?:\.0+)?$", "${1}")
    return pl.select(pl.when(odd).then(number).otherwise(trimmed)).to_series().alias("id")


def scan(path: Path) -> tuple[pl.LazyFrame, list[str]]:
    return pl.scan_csv(path, infer_schema=False), header(path)


def fte_sum(frame: pl.DataFrame, mask: pl.Expr, any_fte: bool) -> float | None:
    """The sum of FTE over the records where ``mask`` holds, absent as null: no value when
    records are chosen and none has an FTE, or when no record of the extract has one; a true 0
    when none is chosen."""
    chosen = frame.filter(mask)["fte"]
    if chosen.len() == 0:
        return 0.0 if any_fte else None
    return None if chosen.null_count() == chosen.len() else float(chosen.sum())


def nullable_sum(values: pl.Series) -> float | None:
    """A sum that is null over no values, as SQL's is."""
    return None if values.len() == values.null_count() else float(values.sum())


def load_workers(folder: Path, as_at: dt.date) -> pl.DataFrame:
    """One row per spell, with its tests at the reference date and whether it is a leaving
    (``left_post``: a direct spell ending in the window that no later direct spell of the same
    worker takes over)."""
    lazy, names = scan(folder / "workers.csv")
    r, w0 = as_at, window_start(as_at)
    kind = text(names, "employment_type")
    team = text(names, "team").str.to_lowercase().str.replace_all(r"[\s/_-]+", " ") \
        .str.strip_chars()
    frame = lazy.select(
        text(names, "worker_id").alias("id"),
        kind.is_in(DIRECT).fill_null(False).alias("de"),
        kind.is_in(AGENCY).fill_null(False).alias("ag"),
        number(names, "fte").alias("fte"), number(names, "cases").alias("cases"),
        date(names, "start_date").alias("s"), date(names, "end_date").alias("e"),
        pl.when(team != "").then(team).alias("team"),
        number(names, "org_role").alias("org_role"),
        flag(names, "exit_interview").alias("exit_interview"),
        (text(names, "leaving_reason") == "internal_move").fill_null(False)
        .alias("internal_move"),
    ).with_columns(
        ((pl.col("s") <= r) & (pl.col("e").is_null() | (pl.col("e") > r))).fill_null(False)
        .alias("inpost"),
        pl.col("e").is_between(w0, r).fill_null(False).alias("leaver"),
    ).with_row_index("row").collect()
    frame = frame.with_columns(worker_ids(frame["id"]))
    ended = frame.filter(pl.col("de") & pl.col("leaver")).select("row", "id", "s", "e")
    later = frame.filter(pl.col("de")).select("id", pl.col("s").alias("s2"),
                                              pl.col("e").alias("e2"))
    moved = ended.join(later, on="id").filter(
        (pl.col("s2") > pl.col("s")) & (pl.col("s2") <= pl.col("e") + pl.duration(days=MOVE_DAYS))
        & (pl.col("e2").is_null() | (pl.col("e2") > pl.col("e")))
    )["row"].unique()
    return frame.with_columns(
        (pl.col("de") & pl.col("leaver") & ~pl.col("row").is_in(moved.implode()))
        .alias("left_post"))


def calendar(first: dt.date, last: dt.date) -> pl.DataFrame:
    """The working-day calendar of ``first .. last``: each day, whether it is a working day
    (Monday to Friday less the bank holidays of England and Wales) and the working days up to
    it (included)."""
    days = np.arange(np.datetime64(first, "D"), np.datetime64(last, "D") + 1)
    bank = holidays.country_holidays("GB", subdiv="ENG", years=range(first.year, last.year + 1))
    weekday = (days.astype("int64") + 3) % 7 < 5  # 1970-01-01 was a Thursday
    off = np.isin(days, np.array(sorted(bank), dtype="datetime64[D]"))
    work = (weekday & ~off).astype(np.int64)
    return pl.DataFrame({"day": days, "work": work, "upto": np.cumsum(work)}) \
        .with_columns(pl.col("day").cast(pl.Date))


def between(cal: pl.DataFrame, frame: pl.DataFrame, first: str, last: str,
            name: str) -> pl.DataFrame:
    """``frame`` with the working days of ``first .. last`` (both ends included) as ``name``."""
    at = cal.rename({"day": first, "work": "_wa", "upto": "_ua"})
    to = cal.rename({"day": last, "work": "_wb", "upto": "_ub"}).drop("_wb")
    return frame.join(at, on=first, how="left").join(to, on=last, how="left") \
        .with_columns((pl.col("_ub") - pl.col("_ua") + pl.col("_wa")).alias(name)) \
        .drop("_wa", "_ua", "_ub")


def sickness(folder: Path, workers: pl.DataFrame, as_at: dt.date) -> dict[str, float | None]:
    """Working days lost to sickness in FTE days (dfe ``working_days_lost_fte``), with the
    spells counted and those set aside for a blank FTE."""
    none = {"working_days_lost_fte": None, "sickness_spells": 0.0, "fte_missing_spells": 0.0}
    path = folder / "absences.csv"
    if not path.exists():
        return none
    r, w0 = as_at, window_start(as_at)
    lazy, names = scan(path)
    a = lazy.select(
        text(names, "worker_id").alias("id"), text(names, "reason").alias("reason"),
        date(names, "start_date").alias("s"), date(names, "end_date").alias("end"),
        number(names, "working_days_lost").alias("given"),
    ).collect()
    a = a.with_columns(worker_ids(a["id"]))
    first = min(a["s"].min() or as_at, w0)
    last = max(a["end"].max() or as_at, as_at)
    cal = calendar(first, last)
    a = a.with_columns(pl.col("end").fill_null(r).alias("e"))
    rows = a.height
    named = a.filter(pl.col("id").is_in(workers["id"].unique().implode())).height
    sp = a.filter(
        (pl.col("reason") == "sickness")
        & (pl.max_horizontal("s", pl.lit(w0)) <= pl.min_horizontal("e", pl.lit(r)))
        & (pl.col("s") <= pl.col("e"))
    ).with_row_index("k").select("k", "id", "s", "e", "given")
    posts = workers.filter(pl.col("de")).select(
        "id", pl.col("fte"), pl.col("s").alias("ps"), pl.col("e").fill_null(FAR).alias("pe"))
    st = sp.join(posts, on="id").with_columns(
        pl.max_horizontal("s", pl.lit(w0), "ps").alias("a"),
        pl.min_horizontal("e", pl.lit(r), "pe").alias("b"),
    ).filter(pl.col("a") <= pl.col("b")).select("k", "given", "fte", "a", "b")
    # no working_days_lost: each post's working days × its FTE
    plain = between(cal, st.filter(pl.col("given").is_null()), "a", "b", "wd") \
        .group_by("k").agg((pl.col("wd") * pl.col("fte")).sum().alias("days"),
                           pl.col("fte").is_null().any().alias("blank"))
    # working_days_lost given: the stretches of a spell merged, each day once
    merged = st.filter(pl.col("given").is_not_null()).sort("k", "a", "b").with_columns(
        pl.col("b").cum_max().shift(1).over("k").alias("reach")
    ).with_columns(
        (pl.col("reach").is_null() | (pl.col("a") > pl.col("reach") + pl.duration(days=1)))
        .cast(pl.Int64).cum_sum().over("k").alias("run")
    ).group_by("k", "run").agg(pl.col("a").min(), pl.col("b").max())
    held = between(cal, merged, "a", "b", "wd").group_by("k").agg(
        pl.col("wd").sum(), ((pl.col("b") - pl.col("a")).dt.total_days() + 1).sum().alias("cd"))
    shared = between(cal, held.join(sp, on="k"), "s", "e", "whole").select(
        pl.when(pl.col("whole") > 0).then(pl.col("given") * pl.col("wd") / pl.col("whole"))
        .otherwise(pl.col("given") * pl.col("cd")
                   / ((pl.col("e") - pl.col("s")).dt.total_days() + 1)).alias("days"),
        pl.lit(False).alias("blank"))
    spells = pl.concat([plain.select("days", "blank"), shared])
    counted, blank = spells.height, int(spells["blank"].sum())
    days = nullable_sum(spells["days"])
    if rows == 0 or named < JOIN_SHARE * rows or (counted > 0 and blank == counted):
        value = None
    else:
        value = days if days is not None else 0.0
    return {"working_days_lost_fte": value, "sickness_spells": float(counted),
            "fte_missing_spells": float(blank)}


def vacancies(folder: Path, as_at: dt.date) -> dict[str, float | str | None]:
    """Vacant FTE from the undated rows and the latest snapshot in reach of the reference
    date."""
    path = folder / "vacancies.csv"
    if not path.exists():
        return {"vacancy_fte": None, "vacancy_as_of": None}
    lazy, names = scan(path)
    vr = lazy.select(number(names, "vacancy_fte").alias("v"), date(names, "as_at").alias("d")) \
        .collect()
    reach = vr.filter(pl.col("d").is_between(as_at - dt.timedelta(days=SNAPSHOT_DAYS), as_at))
    latest = reach["d"].max()
    used = vr.filter(pl.col("d").is_null() | (pl.col("d") == latest))
    as_of = used["d"].max()
    return {"vacancy_fte": float(used["v"].sum()) if used.height else None,
            "vacancy_as_of": as_of.isoformat() if as_of else None}


def share(top: float | None, bottom: float | None, scale: float = 100.0) -> float | None:
    return None if top is None or not bottom else float(top) / float(bottom) * scale


def per_worker(path: Path, workers: pl.DataFrame, staff: pl.Series,
               **aggs: tuple[pl.Expr, str]) -> tuple[bool, pl.DataFrame]:
    """A per-worker table reduced to one row per worker: ``n`` its rows and, for each name of
    ``aggs``, its expression over them, reduced first by the id as written and then by the id
    as compared (``sum`` or ``any`` of the first reduction). Returns whether the table gives
    figures (rows, at least 90% of them naming a worker in the workers table) and the rows of
    staff."""
    lazy, _ = scan(path)
    first = lazy.group_by("worker_id").agg(
        pl.len().alias("n"), *(expr.alias(name) for name, (expr, _) in aggs.items())).collect()
    grouped = first.with_columns(worker_ids(first["worker_id"])).group_by("id").agg(
        pl.col("n").sum(), *(getattr(pl.col(name), how)() for name, (_, how) in aggs.items()))
    rows = int(grouped["n"].sum())
    named = int(grouped.filter(pl.col("id").is_in(workers["id"].unique().implode()))["n"].sum())
    ok = rows > 0 and named >= JOIN_SHARE * rows
    return ok, grouped.filter(pl.col("id").is_in(staff.implode()))


def tenure(workers: pl.DataFrame, by_team: bool, cutoff: dt.date) -> tuple[int, int]:
    """Staff whose unbroken run of directly employed spells (in one team when ``by_team``)
    began on or before ``cutoff``, and the staff counted.

    The spells are sorted by person (and team) and start; a spell opens a run when it is the
    first of its group or starts more than ``GAP_DAYS`` after the latest end of the group's
    earlier spells: a running maximum of (group number × SPAN + end day), which no end of an
    earlier group can pass."""
    key = ["id", "team"] if by_team else ["id"]
    span = 1 << 21  # more days than lie between any two dates
    d = workers.filter(pl.col("de") & pl.col("s").is_not_null()
                       & (pl.col("team").is_not_null() if by_team else pl.lit(True)))
    runs = d.select(*key, "s", pl.col("e").fill_null(FAR), "inpost").sort(*key, "s", "e") \
        .with_columns(pl.any_horizontal(*(pl.col(k) != pl.col(k).shift(1) for k in key))
                      .fill_null(True).alias("first")) \
        .with_columns(pl.col("first").cast(pl.Int64).cum_sum().alias("group")) \
        .with_columns((pl.col("group") * span + pl.col("e").cast(pl.Int64)).cum_max().shift(1)
                      .alias("reach")) \
        .with_columns((pl.col("first") | (pl.col("s").cast(pl.Int64) > pl.col("reach")
                                          - pl.col("group") * span + GAP_DAYS)).alias("new")) \
        .with_columns(pl.when(pl.col("new")).then(pl.col("s")).forward_fill().alias("began")) \
        .filter(pl.col("inpost"))
    return (runs.filter(pl.col("began") <= cutoff)["id"].n_unique(), runs["id"].n_unique())


def hr(folder: Path, workers: pl.DataFrame, as_at: dt.date) -> dict[str, float | None]:
    """The lg HR records KPIs of ``HR_KPIS`` at their parameters' defaults; null for a table
    not supplied or whose ids do not join."""
    r, w0 = as_at, window_start(as_at)
    out: dict[str, float | None] = dict.fromkeys(HR_KPIS)
    staff = workers.filter(pl.col("de") & pl.col("inpost"))["id"].unique()
    n_staff = staff.len()
    path = folder / "training.csv"
    if path.exists():
        names = header(path)
        length = number(names, "days").fill_null(number(names, "hours") / DAY_HOURS)
        ok, rows = per_worker(path, workers, staff, days=(
            length.filter(date(names, "date").is_between(w0, r)).sum(), "sum"))
        if ok:
            trained = rows.filter(pl.col("days") >= TRAINING_DAYS - 1e-9).height
            out["training_days_share"] = share(trained, n_staff)
    path = folder / "appraisals.csv"
    if path.exists():
        names = header(path)
        due = date(names, "due_date").is_between(w0, r)
        completed = date(names, "completed_date")
        in_window = completed.is_between(w0, r).fill_null(False)
        ok, rows = per_worker(
            path, workers, staff, due=(due.sum(), "sum"),
            done=((due & (completed <= r)).sum(), "sum"),
            completed=(in_window.any(), "any"),
            planned=((in_window & (flag(names, "development_plan") == 1.0)).fill_null(False)
                     .any(), "any"))
        if ok:
            out["appraisal_completion_rate"] = share(rows["done"].sum(), rows["due"].sum())
            out["appraisals_completed"] = float(rows["completed"].sum())
            if "development_plan" in names:
                out["development_plan_share"] = share(rows["planned"].sum(), n_staff)
    path = folder / "supervision.csv"
    if path.exists():
        names = header(path)
        day = date(names, "date")
        recent = (day > r - dt.timedelta(days=SUPERVISION_WEEKS * 7)) & (day <= r)
        ok, rows = per_worker(path, workers, staff,
                              recent=(recent.fill_null(False).any(), "any"))
        if ok:
            out["supervision_coverage"] = share(rows["recent"].sum(), n_staff)
    path = folder / "recruitment.csv"
    if path.exists():
        lazy, names = scan(path)
        stages = ("applications", "interviewed", "offers", "hires", "internal_hires")
        c = lazy.select(date(names, "advertised_date").is_between(w0, r).fill_null(False)
                        .alias("dated"), *(number(names, s).alias(s) for s in stages)).collect() \
            .filter(pl.col("dated"))

        def ratio(top: str, bottom: str, scale: float = 100.0) -> float | None:
            known = c.filter(pl.col(top).is_not_null() & pl.col(bottom).is_not_null())
            return share(known[top].sum(), known[bottom].sum(), scale)

        out["interview_success_rate"] = ratio("offers", "interviewed")
        out["internal_fill_rate"] = ratio("internal_hires", "hires")
        known = c.filter(pl.col("applications").is_not_null())
        out["applications_per_campaign"] = share(known["applications"].sum(), known.height, 1.0)
    # from the workers table alone
    first = workers.filter(pl.col("ag") & pl.col("s").is_not_null()).group_by("id") \
        .agg(pl.col("s").min().alias("first"))
    out["agency_conversions"] = float(
        workers.filter(pl.col("de") & pl.col("s").is_between(w0, r)).join(first, on="id")
        .filter(pl.col("first") < pl.col("s"))["id"].n_unique())
    for kpi, by_team, years in (("team_tenure_36m_share", True, 3),
                                ("service_10y_share", False, 10)):
        cutoff = years_before(as_at + dt.timedelta(days=1), years)
        out[kpi] = share(*tenure(workers, by_team, cutoff))
    columns = header(folder / "workers.csv")
    if "exit_interview" in columns:
        leavers = workers.filter(pl.col("left_post") & ~pl.col("internal_move")
                                 & pl.col("exit_interview").is_not_null())
        out["exit_interview_rate"] = share(
            leavers.filter(pl.col("exit_interview") == 1.0).height, leavers.height)
    if "cases" in columns:
        holders = workers.filter(pl.col("inpost") & (pl.col("de") | pl.col("ag"))
                                 & (pl.col("org_role") == 5) & pl.col("cases").is_not_null())
        out["caseload_over_max_share"] = share(
            holders.filter(pl.col("cases") > MAX_CASES).height, holders.height)
    return out


def query(folder: Path, as_at: dt.date) -> dict[str, float | str | None]:
    workers = load_workers(folder, as_at)
    any_fte = workers["fte"].null_count() < workers.height
    inpost, held = pl.col("inpost"), (pl.col("de") | pl.col("ag")) & pl.col("inpost")
    counted = workers.filter(held)
    leavers = workers.filter(pl.col("left_post"))
    parts: dict[str, float | str | None] = {
        "inpost_fte": fte_sum(workers, pl.col("de") & inpost, any_fte),
        "agency_fte": fte_sum(workers, pl.col("ag") & inpost, any_fte),
        "cases": nullable_sum(counted["cases"]),
        # caseload: case holders of unknown FTE out of the cases as of the FTE
        "cases_known_fte": nullable_sum(counted.filter(
            ~(pl.col("fte").is_null() & (pl.col("cases") >= 1).fill_null(False)))["cases"]),
        "case_holders_fte": fte_sum(workers, held & (pl.col("cases") >= 1).fill_null(False),
                                    any_fte),
        "leavers_fte": (0.0 if leavers.height == 0 and any_fte
                        else nullable_sum(leavers["fte"])),
        "moved_post": float(workers.filter(pl.col("de") & pl.col("leaver")
                                           & ~pl.col("left_post")).height),
        **vacancies(folder, as_at),
        **sickness(folder, workers, as_at),
    }
    n = working_days_n(window_start(as_at), as_at)
    inpost_fte, agency, vacancy = parts["inpost_fte"], parts["agency_fte"], parts["vacancy_fte"]

    def plus(*values: float | str | None) -> float | None:
        return None if any(v is None for v in values) else float(sum(values))  # type: ignore

    return {
        **hr(folder, workers, as_at),
        "as_at": as_at.isoformat(),
        **parts,
        "turnover_rate_fte": share(parts["leavers_fte"], inpost_fte),
        "agency_rate_fte": share(agency, plus(agency, inpost_fte)),
        "vacancy_rate_fte": share(vacancy, plus(vacancy, inpost_fte)),
        "caseload_fte": share(parts["cases_known_fte"], parts["case_holders_fte"], 1.0),
        "absence_rate_fte": share(parts["working_days_lost_fte"],
                                  None if inpost_fte is None else inpost_fte * n),
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
