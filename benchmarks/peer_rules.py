"""The rules both peers (``peer_duckdb.py``, ``peer_polars.py``) compute wfkpi's KPIs by, from
docs/kpis.md, with the constants and date arithmetic they share (no query engine imported here,
so that neither peer pays for the other's):

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
  FTE figure of an extract without FTE;
- HR records KPIs at the parameters' defaults (10 training days, 7.4 hours a day, 6 weeks of
  supervision, 15 cases); staff are the distinct people directly employed and in post at the
  reference date; a training, appraisals or supervision table with no rows, or fewer than 90% of
  whose rows name a worker, gives no value; unbroken service joins a person's directly employed
  spells (in the same team, for team tenure: compared lower-cased with runs of spaces, dashes,
  underscores and slashes as one space) while each starts no more than 7 days after the latest
  end so far; yes/no columns read as wfkpi reads them (true, yes, y, 1 / false, no, n, 0).
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
from pathlib import Path

DIRECT = ("permanent", "fixed_term", "temporary")
AGENCY = ("agency", "self_employed")
SNAPSHOT_DAYS = 31  # a vacancy snapshot dated up to this many days before R describes R
MOVE_DAYS = 7  # a post taken up within a week of leaving another is a move, not a leaving
JOIN_SHARE = 0.9  # the share of a per-worker table's rows that must name a worker
FAR = dt.date(2200, 1, 1)  # the end of a post with no end date
YES = ("true", "yes", "y", "1", "1.0")  # yes/no cells as wfkpi reads them
NO = ("false", "no", "n", "0", "0.0")
# The HR records KPIs' parameters, at their defaults (docs/kpis.md, "Parameters").
TRAINING_DAYS, DAY_HOURS, SUPERVISION_WEEKS, MAX_CASES = 10.0, 7.4, 6, 15.0
GAP_DAYS = 7  # a gap of up to a week between two spells does not break service
# The lg HR records KPIs the peers compute: those of docs/kpis.md that need no list of labels
# (the representation figures read ethnicity against wfkpi's closed lists) and no parameter
# without a default (course_completion_share needs a course named).
HR_KPIS = ("training_days_share", "appraisal_completion_rate", "appraisals_completed",
           "development_plan_share", "supervision_coverage", "interview_success_rate",
           "internal_fill_rate", "applications_per_campaign", "agency_conversions",
           "team_tenure_36m_share", "service_10y_share", "exit_interview_rate",
           "caseload_over_max_share")


def window_start(as_at: dt.date) -> dt.date:
    """The first day of the twelve months ending on ``as_at`` (29 February → 1 March)."""
    after = as_at + dt.timedelta(days=1)
    if after.month == 2 and after.day == 29:
        return dt.date(after.year - 1, 3, 1)
    return after.replace(year=after.year - 1)


def years_before(day: dt.date, years: int) -> dt.date:
    """The same date ``years`` years earlier (29 February moves on to 1 March)."""
    for _ in range(years):
        try:
            day = day.replace(year=day.year - 1)
        except ValueError:
            day = dt.date(day.year - 1, 3, 1)
    return day


def working_days_n(start: dt.date, end: dt.date) -> int:
    """DfE's N: 254 when the window holds a 29 February, else 253."""
    leap = any(calendar.isleap(y) and start <= dt.date(y, 2, 29) <= end
               for y in range(start.year, end.year + 1))
    return 254 if leap else 253


def header(path: Path) -> list[str]:
    """The column names of a CSV file."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [name.strip() for name in next(csv.reader(handle), [])]
