"""The KPI formulas again, written the plain way: Python loops over records and days.

An independent statement of ``docs/kpis.md`` for the randomised tests: no pandas, no numpy, one
record at a time, working days counted day by day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import holidays

DIRECT = {"permanent", "fixed_term", "temporary"}
AGENCY = {"agency", "self_employed"}
Row = dict[str, Any]
_BANK_HOLIDAYS = set(holidays.country_holidays("GB", subdiv="ENG", years=range(2010, 2031)))


def window_start(as_at: dt.date) -> dt.date:
    day = as_at + dt.timedelta(days=1)
    if (day.month, day.day) == (2, 29):
        return dt.date(day.year - 1, 3, 1)
    return day.replace(year=day.year - 1)


def working_days(first: dt.date, last: dt.date) -> int:
    days, day = 0, first
    while day <= last:
        if day.weekday() < 5 and day not in _BANK_HOLIDAYS:
            days += 1
        day += dt.timedelta(days=1)
    return days


def ratio(numerator: float | None, denominator: float | None, scale: float = 100.0) -> float | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator * scale


def plus(*parts: float | None) -> float | None:
    return None if any(p is None for p in parts) else sum(parts)  # type: ignore[arg-type]


JOIN_SHARE = 0.9  # docs/validation.md, "Joins"
SNAPSHOT_DAYS = 31  # docs/kpis.md, the snapshot rule


class Reference:
    """Every KPI of every method for one set of records and reference date.

    ``columns``: the optional columns the whole tables have (for a group, whose rows may not
    show them); by default those any row names.
    """

    def __init__(
        self,
        workers: list[Row],
        vacancies: list[Row] | None,
        absences: list[Row] | None,
        as_at: dt.date,
        columns: set[str] | None = None,
        records: dict[str, list[Row] | None] | None = None,
        params: dict[str, Any] | None = None,
        whole: Reference | None = None,
    ) -> None:
        """``whole`` is the whole extract's reference, for a breakdown group: the snapshot date,
        the tables whose ids do not join and whether any record has an FTE are the whole's."""
        self.workers, self.vacancies, self.absences = workers, vacancies, absences
        records = records or {}
        self.training = records.get("training")
        self.appraisals = records.get("appraisals")
        self.supervision = records.get("supervision")
        self.recruitment = records.get("recruitment")
        if columns is None:
            columns = {key for row in [*workers, *(vacancies or [])] for key in row}
            columns |= {f"appraisals.{key}" for row in self.appraisals or [] for key in row}
        self.columns = columns
        self.params = {"training_days": 10.0, "day_hours": 7.4, "course": "",
                       "supervision_weeks": 6.0, "max_cases": 15.0}  # fmt: skip
        self.params.update(params or {})
        self.r = as_at
        self.whole = whole or self
        self.any_fte = any(w.get("fte") is not None for w in self.whole.workers)
        if whole is None:
            known = {w["worker_id"] for w in workers}
            tables = {"absences": absences, "training": self.training,
                      "appraisals": self.appraisals, "supervision": self.supervision}
            self.unjoined = {name for name, rows in tables.items() if rows is not None and (
                not rows or sum(r["worker_id"] in known for r in rows) < JOIN_SHARE * len(rows))}
            dated = [v["as_at"] for v in vacancies or [] if v.get("as_at") is not None
                     and as_at - dt.timedelta(days=SNAPSHOT_DAYS) <= v["as_at"] <= as_at]
            self.snapshot = max(dated, default=None)
            self.moved_on, self.moved_in = self._moves()
        else:
            self.unjoined, self.snapshot = whole.unjoined, whole.snapshot
            self.moved_on, self.moved_in = whole.moved_on, whole.moved_in
        self.w0 = window_start(as_at)
        self.opening = self.w0 - dt.timedelta(days=1)
        self.n = 254 if self._holds_29_february() else 253

    def _holds_29_february(self) -> bool:
        day = self.w0
        while day <= self.r:
            if (day.month, day.day) == (2, 29):
                return True
            day += dt.timedelta(days=1)
        return False

    # --- record tests
    @staticmethod
    def in_post(w: Row, day: dt.date) -> bool:
        return w["start_date"] <= day and (w.get("end_date") is None or w["end_date"] > day)

    def _moves(self) -> tuple[set[int], set[int]]:
        """Records (by ``id``) whose end a later directly employed record of the same person
        takes over — starting after it starts, no later than 7 days after its end, and running
        past that end — and the records that take over: a move, no leaving, no starting."""
        moved_on, moved_in = set(), set()
        direct = [w for w in self.workers if self.direct(w)]
        for a in direct:
            if a.get("end_date") is None:
                continue
            for b in direct:
                if b["worker_id"] == a["worker_id"] and a["start_date"] < b["start_date"] \
                        <= a["end_date"] + dt.timedelta(days=7) \
                        and (b.get("end_date") is None or b["end_date"] > a["end_date"]):
                    moved_on.add(id(a))
                    moved_in.add(id(b))
        return moved_on, moved_in

    def continued(self, a: Row) -> bool:
        """Whether the person's service goes on past the end of ``a`` in another directly
        employed record (one starting no later than 7 days after it and running past it)."""
        return any(b is not a and b["worker_id"] == a["worker_id"] and self.direct(b)
                   and b["start_date"] <= a["end_date"] + dt.timedelta(days=7)
                   and (b.get("end_date") is None or b["end_date"] > a["end_date"])
                   for b in self.whole.workers)

    def leaver(self, w: Row) -> bool:
        return (w.get("end_date") is not None and self.w0 <= w["end_date"] <= self.r
                and id(w) not in self.moved_on)

    def starter(self, w: Row) -> bool:
        return self.w0 <= w["start_date"] <= self.r and id(w) not in self.moved_in

    def in_window(self, spell: Row) -> bool:
        """Whether an absence spell has a day inside the window."""
        end = spell.get("end_date") or self.r
        return spell["start_date"] <= min(end, self.r) and end >= self.w0

    def active(self, w: Row) -> bool:
        end = w.get("end_date")
        return w["start_date"] <= self.r and (end is None or end >= self.w0)

    def direct(self, w: Row) -> bool:
        return w["employment_type"] in DIRECT

    def agency(self, w: Row) -> bool:
        return w["employment_type"] in AGENCY

    # --- sums and counts
    def fte(self, rows: list[Row]) -> float | None:
        """Absent is not 0: no FTE among the records chosen, or in the whole extract, is None."""
        known = [w["fte"] for w in rows if w.get("fte") is not None]
        if not known and (rows or not self.any_fte):
            return None
        return sum(known)

    @staticmethod
    def people(rows: list[Row]) -> int:
        return len({w["worker_id"] for w in rows})

    def select(self, test) -> list[Row]:
        return [w for w in self.workers if test(w)]

    def has_column(self, rows: list[Row] | None, name: str) -> bool:
        return rows is not None and name in self.columns

    # --- pieces shared by several KPIs
    def vacancy_rows(self) -> list[Row]:
        assert self.vacancies is not None
        return [v for v in self.vacancies if v.get("as_at") in (None, self.snapshot)]

    def vacancy_fte(self) -> float | None:
        if self.vacancies is None or not self.whole.vacancy_rows():
            return None
        return sum(v["vacancy_fte"] for v in self.vacancy_rows())

    def cover_fte(self) -> float | None:
        if self.vacancy_fte() is None or not self.has_column(self.vacancies, "agency_cover_fte"):
            return None
        rows = self.vacancy_rows()
        known = [v["agency_cover_fte"] for v in rows if v.get("agency_cover_fte") is not None]
        if rows and not known:
            return None
        return sum(known)

    def covered_vacancy_fte(self) -> float | None:
        """Vacant FTE of the rows whose cover figure is known."""
        if self.cover_fte() is None:
            return self.vacancy_fte()
        return sum(v["vacancy_fte"] for v in self.vacancy_rows()
                   if v.get("agency_cover_fte") is not None)

    def case_records(self) -> list[Row]:
        return self.select(lambda w: (self.direct(w) or self.agency(w)) and self.in_post(w, self.r))

    def cases(self) -> float | None:
        if not self.has_column(self.workers, "cases"):
            return None
        rows = self.case_records()
        known = [w["cases"] for w in rows if w.get("cases") is not None]
        if rows and not known:
            return None
        return float(sum(known))

    def cases_of_holders_with_fte(self) -> float | None:
        """Cases less those of case holders with no FTE (left out of both sides)."""
        cases = self.cases()
        if cases is None:
            return None
        return cases - sum(w["cases"] for w in self.case_records()
                           if (w.get("cases") or 0) >= 1 and w.get("fte") is None)

    def case_holders_fte(self) -> float | None:
        if not self.has_column(self.workers, "cases"):
            return None
        return self.fte([w for w in self.case_records() if (w.get("cases") or 0) >= 1])

    def spell_days(self, spell: Row, fte: bool = True) -> tuple[float, bool, bool]:
        """(days lost inside the window on days of direct employment, whether there was such a
        day, whether a post holding one of them has no FTE): day by day. ``fte``: a day off is
        the FTE of the posts held that day, else a day; ``working_days_lost``, when given, is
        shared out by the employed working days (calendar days for a spell with none)."""
        start = spell["start_date"]
        end = spell.get("end_date") or self.r
        posts = [w for w in self.whole.workers
                 if w["worker_id"] == spell["worker_id"] and self.direct(w)]
        weekdays = employed = calendar = employed_calendar = 0
        days, blank, day = 0.0, False, start
        while day <= end:
            held = [w for w in posts if w["start_date"] <= day
                    and (w.get("end_date") is None or w["end_date"] >= day)]
            inside = self.w0 <= day <= self.r and bool(held)
            working = day.weekday() < 5 and day not in _BANK_HOLIDAYS
            calendar += 1
            employed_calendar += inside
            if working:
                weekdays += 1
                employed += inside
                if inside:
                    blank = blank or any(w.get("fte") is None for w in held)
                    days += sum(w.get("fte") or 0.0 for w in held) if fte else 1.0
            day += dt.timedelta(days=1)
        lost = spell.get("working_days_lost")
        if lost is not None:
            share = employed / weekdays if weekdays else employed_calendar / max(calendar, 1)
            return lost * share, employed_calendar > 0, False
        return days, employed_calendar > 0, blank and employed_calendar > 0

    def days_lost(self) -> float | None:
        if "absences" in self.unjoined:
            return None
        if self.absences is not None:
            counted = {w["worker_id"] for w in self.workers if self.direct(w) and self.active(w)}
            total, spells, blank_spells = 0.0, 0, 0
            for spell in self.absences:
                if spell["reason"] == "sickness" and spell["worker_id"] in counted:
                    days, employed, blank = self.spell_days(spell)
                    total += days
                    spells += employed
                    blank_spells += employed and blank
            return None if spells and blank_spells == spells else total
        if not self.has_column(self.workers, "sickness_days"):
            return None
        rows = self.select(lambda w: self.direct(w) and self.active(w))
        known = [w["sickness_days"] for w in rows if w.get("sickness_days") is not None]
        if rows and not known:
            return None
        return sum(known)

    def current(self) -> list[Row]:
        return self.select(lambda w: self.direct(w) and self.in_post(w, self.r))

    def leavers_not_moving(self) -> int:
        rows = self.select(
            lambda w: (
                self.direct(w) and self.leaver(w) and w.get("leaving_reason") != "internal_move"
            )
        )
        return self.people(rows)

    # --- the methods
    def dfe(self) -> dict[str, float | None]:
        inpost = self.current()
        starters = self.select(lambda w: self.direct(w) and self.starter(w))
        leavers = self.select(lambda w: self.direct(w) and self.leaver(w))
        agency = self.select(lambda w: self.agency(w) and self.in_post(w, self.r))
        inpost_fte, agency_fte = self.fte(inpost), self.fte(agency)
        inpost_hc, agency_hc = self.people(inpost), len(agency)  # agency records, not people
        vacancy, cover = self.vacancy_fte(), self.cover_fte()
        cases, holders = self.cases(), self.case_holders_fte()
        lost = self.days_lost()
        return {
            "inpost_fte": inpost_fte,
            "inpost_headcount": inpost_hc,
            "starters_fte": self.fte(starters),
            "starters_headcount": len({(w["worker_id"], w["start_date"]) for w in starters}),
            "leavers_fte": self.fte(leavers),
            "leavers_headcount": len({(w["worker_id"], w["end_date"]) for w in leavers}),
            "turnover_rate_fte": ratio(self.fte(leavers), inpost_fte),
            "turnover_rate_headcount": ratio(
                len({(w["worker_id"], w["end_date"]) for w in leavers}), inpost_hc),
            "agency_fte": agency_fte,
            "agency_headcount": agency_hc,
            "agency_rate_fte": ratio(agency_fte, plus(agency_fte, inpost_fte)),
            "agency_rate_headcount": ratio(agency_hc, agency_hc + inpost_hc),
            "vacancy_fte": vacancy,
            "vacancy_rate_fte": ratio(vacancy, plus(vacancy, inpost_fte)),
            "agency_cover_fte": cover,
            "agency_cover_rate_fte": ratio(cover, agency_fte),
            "vacancy_agency_cover_rate_fte": ratio(cover, self.covered_vacancy_fte()),
            "cases": cases,
            "case_holders_fte": holders,
            "caseload_fte": ratio(self.cases_of_holders_with_fte(), holders, 1.0),
            "working_days_lost_fte": lost,
            "absence_rate_fte": ratio(lost, None if inpost_fte is None else inpost_fte * self.n),
        }

    def sfc(self) -> dict[str, float | None]:
        current = self.current()
        workers = self.people(current)
        vacancy = self.vacancy_fte()
        if "absences" in self.unjoined:
            sickness = None
        elif self.absences is not None:
            ids = {w["worker_id"] for w in current}
            days = sum(
                self.spell_days(s, fte=False)[0]
                for s in self.absences
                if s["reason"] == "sickness" and s["worker_id"] in ids
            )
            sickness = ratio(days, len(ids), 1.0)
        elif not self.has_column(self.workers, "sickness_days"):
            sickness = None
        else:
            known = [w for w in current if w.get("sickness_days") is not None]
            if current and not known:
                sickness = None
            else:
                days = sum(w["sickness_days"] for w in known)
                sickness = ratio(days, self.people(known), 1.0)
        return {
            "turnover_rate_headcount": ratio(self.leavers_not_moving(), workers),
            # vacancy_basis fte: vacancy FTE over directly employed FTE in post plus it
            "vacancy_rate": ratio(vacancy, plus(vacancy, self.fte(current))),
            "sickness_days_per_worker": sickness,
        }

    def lg(self) -> dict[str, float | None]:
        opening = self.select(lambda w: self.direct(w) and self.in_post(w, self.opening))
        closing = self.current()
        both = plus(self.fte(opening), self.fte(closing))
        average_fte = None if both is None else both / 2
        average_hc = (self.people(opening) + self.people(closing)) / 2
        left = {w["worker_id"] for w in self.workers if self.direct(w) and self.leaver(w)
                and w.get("leaving_reason") != "internal_move"
                and not self.continued(w)}  # a break in service
        stayed = {w["worker_id"] for w in opening} & {w["worker_id"] for w in closing} - left
        return {
            "sickness_days_per_fte": ratio(self.days_lost(), average_fte, 1.0),
            "turnover_rate_headcount": ratio(self.leavers_not_moving(), average_hc),
            "stability_index": ratio(len(stayed), self.people(opening)),
            **HR(self).kpis(),
        }


# --- the HR records KPIs of method lg ("### HR records KPIs" in docs/kpis.md)

NOT_KNOWN = {"", "unknown", "not known", "not stated", "not recorded", "not obtained", "nobt",
             "n/a", "don't know", "99"}  # fmt: skip
DECLINED = {"prefer not to say", "refused", "declined", "not declared", "refu"}
# A closed list, written out for the labels the random extracts use (docs/equality.md has the
# whole vocabulary): anything else is in no list and counts nowhere.
WHITE = {"white british", "white - irish", "gypsy or irish traveller", "roma", "wbri", "woth",
         "any other white background", "british", "irish",
         "english/welsh/scottish/northern irish/british", "31", "32"}  # fmt: skip
MINORITY = {"indian", "black african", "chinese", "white and black caribbean",
            "mixed white and asian", "mwbc", "bafr", "apkn", "any other ethnic group", "39",
            "44"}  # fmt: skip


def plain(text: Any) -> str:
    """Text as compared: lower case, runs of spaces as one, trimmed; blank as ""."""
    return "" if text is None else " ".join(str(text).casefold().split())


def answered(label: Any) -> str:
    """An equality answer: "not known", "declined" or "recorded"."""
    text = plain(label)
    if text in NOT_KNOWN:
        return "not known"
    return "declined" if text in DECLINED else "recorded"


def ethnic_group(label: Any) -> str | None:
    """"white", "minority" or None (not known, declined, or in no list), as DfE groups
    ethnicity: White minorities count as White."""
    text = plain(label)
    return "white" if text in WHITE else "minority" if text in MINORITY else None


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (the references used fall on the 1st)."""
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, day.day)


def run_starts(spells: list[Row]) -> dict[int, dt.date]:
    """Unbroken service: for each spell (by ``id``), the start of the run it belongs to.

    Spells are taken by start date; one joins the run when it starts no more than 7 days after
    the latest end so far (an open spell never ends)."""
    starts: dict[int, dt.date] = {}
    run_start: dt.date | None = None
    latest: dt.date | None = None
    open_run = False
    for spell in sorted(spells, key=lambda s: s["start_date"]):
        joined = run_start is not None and (
            open_run or spell["start_date"] <= latest + dt.timedelta(days=7)
        )
        if not joined:
            run_start, latest, open_run = spell["start_date"], spell["start_date"], False
        if spell.get("end_date") is None:
            open_run = True
        elif spell["end_date"] > latest:
            latest = spell["end_date"]
        starts[id(spell)] = run_start
    return starts


class HR:
    """The HR records KPIs for one :class:`Reference`'s records."""

    def __init__(self, ref: Reference) -> None:
        self.ref = ref
        self.r, self.w0 = ref.r, ref.w0
        self.staff_rows = ref.current()
        self.staff = {w["worker_id"] for w in self.staff_rows}
        self.known_ids = {w["worker_id"] for w in ref.workers}

    def in_window(self, day: dt.date | None) -> bool:
        return day is not None and self.w0 <= day <= self.r

    def share(self, counted: set[str], of: set[str]) -> float | None:
        return ratio(len(counted & of), len(of))

    # --- training
    def training_days_share(self) -> float | None:
        if self.ref.training is None or "training" in self.ref.unjoined:
            return None
        days = {person: 0.0 for person in self.staff}
        for t in self.ref.training:
            if t["worker_id"] not in self.staff or not self.in_window(t["date"]):
                continue
            if t.get("days") is not None:
                days[t["worker_id"]] += t["days"]
            elif t.get("hours") is not None:
                days[t["worker_id"]] += t["hours"] / self.ref.params["day_hours"]
        enough = {p for p, total in days.items() if total >= self.ref.params["training_days"]}
        return self.share(enough, self.staff)

    def course_completion_share(self) -> float | None:
        course = plain(self.ref.params["course"])
        if self.ref.training is None or "training" in self.ref.unjoined or not course:
            return None
        done = {t["worker_id"] for t in self.ref.training
                if plain(t.get("course")) == course and t["date"] <= self.r}  # fmt: skip
        return self.share(done, self.staff)

    # --- appraisals
    def staff_appraisals(self) -> list[Row]:
        return [a for a in self.ref.appraisals or [] if a["worker_id"] in self.staff]

    def appraisal_completion_rate(self) -> float | None:
        if self.ref.appraisals is None or "appraisals" in self.ref.unjoined:
            return None
        due = [a for a in self.staff_appraisals() if self.in_window(a["due_date"])]
        done = [a for a in due if a.get("completed_date") is not None
                and a["completed_date"] <= self.r]  # fmt: skip
        return ratio(len(done), len(due))

    def appraisals_completed(self) -> float | None:
        if self.ref.appraisals is None or "appraisals" in self.ref.unjoined:
            return None
        return len({a["worker_id"] for a in self.staff_appraisals()
                    if self.in_window(a.get("completed_date"))})  # fmt: skip

    def development_plan_share(self) -> float | None:
        if self.ref.appraisals is None or "appraisals" in self.ref.unjoined \
                or "appraisals.development_plan" not in self.ref.columns:
            return None
        planned = {a["worker_id"] for a in self.staff_appraisals()
                   if self.in_window(a.get("completed_date"))
                   and a.get("development_plan")}  # fmt: skip
        return self.share(planned, self.staff)

    # --- supervision
    def supervision_coverage(self) -> float | None:
        if self.ref.supervision is None or "supervision" in self.ref.unjoined:
            return None
        days = round(7 * self.ref.params["supervision_weeks"])
        first = self.r - dt.timedelta(days=days) + dt.timedelta(days=1)
        seen = {s["worker_id"] for s in self.ref.supervision if first <= s["date"] <= self.r}
        return self.share(seen, self.staff)

    # --- recruitment
    def campaign_ratio(self, top: str, bottom: str, scale: float = 100.0) -> float | None:
        if self.ref.recruitment is None:
            return None
        used = [c for c in self.ref.recruitment if self.in_window(c["advertised_date"])
                and c.get(top) is not None and c.get(bottom) is not None]  # fmt: skip
        return ratio(sum(c[top] for c in used), sum(c[bottom] for c in used), scale)

    def applications_per_campaign(self) -> float | None:
        if self.ref.recruitment is None:
            return None
        used = [c for c in self.ref.recruitment if self.in_window(c["advertised_date"])
                and c.get("applications") is not None]  # fmt: skip
        return ratio(sum(c["applications"] for c in used), len(used), 1.0)

    # --- spells
    def agency_conversions(self) -> float:
        converted = set()
        for w in self.ref.workers:
            if not (self.ref.direct(w) and self.in_window(w["start_date"])):
                continue
            for earlier in self.ref.workers:
                if (earlier["worker_id"] == w["worker_id"] and self.ref.agency(earlier)
                        and earlier["start_date"] < w["start_date"]):  # fmt: skip
                    converted.add(w["worker_id"])
        return len(converted)

    def direct_spells(self, person: str) -> list[Row]:
        return [w for w in self.ref.workers if w["worker_id"] == person and self.ref.direct(w)]

    def team_tenure_36m_share(self) -> float | None:
        since = months_before(self.r + dt.timedelta(days=1), 36)
        with_team, long_serving = set(), set()
        for w in self.staff_rows:
            team = plain(w.get("team"))
            if not team:
                continue
            with_team.add(w["worker_id"])
            same_team = [s for s in self.direct_spells(w["worker_id"])
                         if plain(s.get("team")) == team]  # fmt: skip
            if run_starts(same_team)[id(w)] <= since:
                long_serving.add(w["worker_id"])
        return self.share(long_serving, with_team)

    def service_10y_share(self) -> float | None:
        since = months_before(self.r + dt.timedelta(days=1), 120)
        long_serving = set()
        for w in self.staff_rows:
            if run_starts(self.direct_spells(w["worker_id"]))[id(w)] <= since:
                long_serving.add(w["worker_id"])
        return self.share(long_serving, self.staff)

    # --- equality
    def groups_of(self, rows: list[Row]) -> dict[str, str | None]:
        return {w["worker_id"]: ethnic_group(w.get("ethnicity")) for w in rows}

    @staticmethod
    def minority_share(groups: dict[str, str | None]) -> float | None:
        known = [g for g in groups.values() if g is not None]
        if len(known) < 5:
            return None
        return ratio(known.count("minority"), len(known))

    def equality_data_completeness(self) -> float | None:
        both = {w["worker_id"] for w in self.staff_rows
                if answered(w.get("ethnicity")) != "not known"
                and answered(w.get("disability")) != "not known"}  # fmt: skip
        return self.share(both, self.staff)

    def progression_ratio(self) -> float | None:
        groups = self.groups_of(self.staff_rows)
        progressed = {w["worker_id"] for w in self.ref.workers
                      if self.ref.direct(w) and self.in_window(w["start_date"])
                      and plain(w.get("start_origin")) == "internal"}  # fmt: skip
        rates = []
        for group in ("minority", "white"):
            people = {p for p, g in groups.items() if g == group}
            if len(people) < 5:
                return None
            rates.append(len(people & progressed) / len(people))
        return ratio(rates[0], rates[1], 1.0)

    # --- leavers and cases
    def exit_interview_rate(self) -> float | None:
        if "exit_interview" not in self.ref.columns:
            return None
        recorded = [w for w in self.ref.workers if self.ref.direct(w) and self.ref.leaver(w)
                    and w.get("leaving_reason") != "internal_move"
                    and w.get("exit_interview") is not None]  # fmt: skip
        return ratio(sum(1 for w in recorded if w["exit_interview"]), len(recorded))

    def caseload_over_max_share(self) -> float | None:
        if "cases" not in self.ref.columns:
            return None
        holders = [w for w in self.ref.case_records()
                   if w.get("org_role") == 5 and w.get("cases") is not None]  # fmt: skip
        over = [w for w in holders if w["cases"] > self.ref.params["max_cases"]]
        return ratio(len(over), len(holders))

    def kpis(self) -> dict[str, float | None]:
        managers = [w for w in self.staff_rows if w.get("org_role") in (1, 2, 3)]
        return {
            "training_days_share": self.training_days_share(),
            "course_completion_share": self.course_completion_share(),
            "appraisal_completion_rate": self.appraisal_completion_rate(),
            "appraisals_completed": self.appraisals_completed(),
            "development_plan_share": self.development_plan_share(),
            "supervision_coverage": self.supervision_coverage(),
            "interview_success_rate": self.campaign_ratio("offers", "interviewed"),
            "internal_fill_rate": self.campaign_ratio("internal_hires", "hires"),
            "applications_per_campaign": self.applications_per_campaign(),
            "agency_conversions": self.agency_conversions(),
            "team_tenure_36m_share": self.team_tenure_36m_share(),
            "service_10y_share": self.service_10y_share(),
            "ethnic_minority_share": self.minority_share(self.groups_of(self.staff_rows)),
            "ethnic_minority_share_managers": self.minority_share(self.groups_of(managers)),
            "equality_data_completeness": self.equality_data_completeness(),
            "progression_ratio": self.progression_ratio(),
            "exit_interview_rate": self.exit_interview_rate(),
            "caseload_over_max_share": self.caseload_over_max_share(),
        }
