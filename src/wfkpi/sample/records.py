"""The HR records of the simulated people: equality data, exit interviews, training,
supervision, appraisals and recruitment campaigns, each drawn from its own stream once the
spells are settled."""

from __future__ import annotations

import numpy as np
import pandas as pd

from wfkpi.sample.history import DIRECT, OPEN, History, flow_rate, pick_labels

# Equality monitoring, in the census's wording. A person's group is drawn first (minority or
# White, by the profile's share), then the label within it; some decline, some are not recorded.
WHITE = (("White British", 0.78), ("White Irish", 0.05), ("Any other White background", 0.17))
MINORITY = (("Black African", 0.25), ("Black Caribbean", 0.16),
            ("Any other Black background", 0.04), ("Asian Indian", 0.12),
            ("Asian Pakistani", 0.07), ("Asian Bangladeshi", 0.06), ("Chinese", 0.03),
            ("Any other Asian background", 0.05), ("Mixed White and Black Caribbean", 0.07),
            ("Mixed White and Black African", 0.03), ("Mixed White and Asian", 0.04),
            ("Any other ethnic group", 0.08))
DECLINED, NOT_RECORDED = 0.03, 0.04  # ethnicity "Prefer not to say", and blank
MANAGER_DIVERSITY = 2 / 3  # minority share among managers (org_role 1-3) ÷ the profile's
DISABILITY = (("Yes", 0.08), ("No", 0.83), ("Prefer not to say", 0.03), ("", 0.06))
EXIT_NOT_RECORDED = 0.10  # leavers whose exit interview is left blank

# Training: sessions of these lengths in days, a few recorded in hours instead (as some
# learning systems do); new starters have an induction, children's services their practice
# course. Titles are generic, as any council's catalogue has them.
SESSION_DAYS = ((0.5, 0.25), (1.0, 0.40), (2.0, 0.20), (3.0, 0.10), (5.0, 0.05))
IN_HOURS = 0.18  # share of sessions of up to two days recorded in hours
HOURS = {0.5: (3.5,), 1.0: (7.0, 7.4), 2.0: (14.0,)}
INTENSITY_SHAPE = 10.0  # spread of training days between people (gamma shape)
# Induction of those new to the council: course, days, within so many days of starting.
INDUCTION = (("Corporate induction", 1.0, 30), ("Service induction", 2.0, 60),
             ("Case recording system", 1.0, 30))
PRACTICE_COURSE, COURSE_DAYS = "Children at the Heart of Practice", 2.0
CHILDRENS_COURSES = ("Safeguarding children", "Child protection conferences", "Court skills",
                     "Direct work with children", "Domestic abuse", "Working with neglect",
                     "Contextual safeguarding", "Trauma-informed practice",
                     "Motivational interviewing", "Recording and case notes",
                     "Supervision skills", "Equality, diversity and inclusion",
                     "Data protection", "Health and safety")
ADULTS_COURSES = ("Safeguarding adults", "Mental Capacity Act", "Care Act assessments",
                  "Strengths-based practice", "Moving and handling", "Medication awareness",
                  "First aid", "Infection prevention and control", "Dementia awareness",
                  "Supervision skills", "Equality, diversity and inclusion", "Data protection",
                  "Health and safety")
APPRAISAL_LEAD = 61  # days after the reference date for which appraisals due are listed
DEVELOPMENT_PLAN = 0.9  # completed appraisals with a development plan agreed
LAPSED_SUPERVISION = 0.08  # workers whose supervision is seen to half as often as it should be
GROUP_SUPERVISION = 0.2  # sessions that are group supervision

# Recruitment: a campaign fills one to three posts or none; the stages of its funnel become
# known these many days after the post is advertised (applications as they arrive).
CAMPAIGN_HIRES = ((1, 0.75), (2, 0.18), (3, 0.07))
FAILED_CAMPAIGNS = 0.15  # campaigns appointing nobody, per campaign that appoints
CLOSES, SHORTLIST, INTERVIEWS, OFFER, ACCEPT = 21, 28, 42, 7, 14
# The stages of a campaign's funnel, in the order reached.
STAGES = ("applications", "shortlisted", "interviewed", "offers", "hires", "internal_hires")


def _first_spells(h: History, mask: np.ndarray) -> np.ndarray:
    """The earliest spell of each person among the spells in ``mask``, for each spell in it
    (the spell itself when it is the person's only one)."""
    chosen = np.flatnonzero(mask)
    order = chosen[np.lexsort((h.start[chosen], h.ids[chosen]))]
    first = np.r_[True, h.ids[order][1:] != h.ids[order][:-1]]
    by_id = np.zeros(int(h.ids.max(initial=0)) + 1, dtype=np.int64)
    by_id[h.ids[order][first]] = order[first]
    return by_id[h.ids[chosen]]


def equality(rng: np.random.Generator, h: History) -> tuple[np.ndarray, np.ndarray]:
    """Ethnicity and disability of each spell: one answer per person, drawn for their first
    spell, with fewer people from minority ethnic groups in management posts."""
    p, n = h.profile, h.start.size
    shares = np.array([r.share for r in p.roles])
    manager = np.array([r.org_role <= 3 for r in p.roles])
    managers = shares[manager].sum() / shares.sum()
    high = MANAGER_DIVERSITY * p.minority
    low = (p.minority - managers * high) / (1 - managers)
    # Shares held within each group of spells (managers or not, by kind, open at the end or
    # not), so that even a small council's managers in post come out near their share.
    strata = (manager[h.role] * 3 + h.group) * 2 + (h.end == OPEN)
    minority = _spread(rng, np.where(manager[h.role], high, low), strata)
    ethnicity = np.where(minority, pick_labels(rng, MINORITY, n), pick_labels(rng, WHITE, n))
    u = rng.random(n)
    ethnicity[u < DECLINED] = "Prefer not to say"
    ethnicity[(u >= DECLINED) & (u < DECLINED + NOT_RECORDED)] = ""
    disability = pick_labels(rng, DISABILITY, n)
    first = _first_spells(h, np.ones(n, dtype=bool))
    return ethnicity[first].astype(object), disability[first].astype(object)


def _spread(rng: np.random.Generator, share: np.ndarray, strata: np.ndarray) -> np.ndarray:
    """Flags set at each element's ``share``, evenly within each stratum: in a random order,
    every run of the stratum holds its share to within one."""
    flags = np.zeros(share.size, dtype=bool)
    order = rng.permutation(share.size)
    for stratum in np.unique(strata):
        members = order[strata[order] == stratum]
        running = np.floor(np.cumsum(share[members]) + rng.random())
        flags[members] = np.diff(np.r_[0, running]) > 0
    return flags


def exit_interviews(rng: np.random.Generator, h: History, ends: np.ndarray) -> np.ndarray:
    """Whether directly employed leavers (not internal moves) had an exit interview: "yes" at
    the profile's rate for the year they left, "no", or not recorded."""
    n = h.start.size
    leaver = (h.group == DIRECT) & (h.end != OPEN) & (h.reason != "internal_move")
    held = rng.random(n) < flow_rate(h.profile.exit_interviews, h.end, ends)
    answer = np.where(held, "yes", "no").astype(object)
    answer[(rng.random(n) < EXIT_NOT_RECORDED) | ~leaver] = ""
    return answer


def training(rng: np.random.Generator, h: History, grid: np.ndarray) -> pd.DataFrame:
    """Training of the directly employed (one record set per person): sessions through the
    history at each person's own pace around the profile's days a year, an induction for new
    starters and, in children's services, the practice course."""
    p = h.profile
    direct = np.flatnonzero(h.group == DIRECT)
    spells = direct[_first_spells(h, h.group == DIRECT) == direct]
    first = np.maximum(h.start[spells], grid[0])
    last = np.minimum(h.end[spells] - 1, grid[-1])
    spells, first, last = (x[last >= first] for x in (spells, first, last))
    exposure = last - first + 1
    lengths, weights = (np.array(x) for x in zip(*SESSION_DAYS, strict=True))
    pace = p.training_days * rng.gamma(INTENSITY_SHAPE, 1 / INTENSITY_SHAPE, spells.size)
    count = rng.poisson(pace * exposure / 365.25 / (lengths @ weights))
    who = np.repeat(np.arange(spells.size), count)
    date = first[who] + (rng.random(who.size) * exposure[who]).astype(np.int64)
    days = lengths[rng.choice(lengths.size, size=who.size, p=weights)]
    courses = np.array(ADULTS_COURSES if p.method == "sfc" else CHILDRENS_COURSES, dtype=object)
    course = courses[rng.integers(0, courses.size, who.size)]
    parts = [(who, date, days, course)]
    # Induction, in the first weeks, for those new to the council.
    new = np.flatnonzero((h.start[spells] > grid[0]) & (h.origin[spells] != "internal"))
    for title, length, within in INDUCTION:
        when = h.start[spells][new] + rng.integers(0, within + 1, new.size)
        inducted = when <= last[new]
        parts.append((new[inducted], when[inducted], np.full(inducted.sum(), length),
                      np.full(inducted.sum(), title, dtype=object)))
    if p.practice_course > 0:
        takes = np.flatnonzero(rng.random(spells.size) < p.practice_course)
        when = first[takes] + 14 + rng.exponential(120, takes.size).astype(np.int64)
        takes, when = takes[when <= last[takes]], when[when <= last[takes]]
        parts.append((takes, when, np.full(takes.size, COURSE_DAYS),
                      np.full(takes.size, PRACTICE_COURSE, dtype=object)))
    who, date, days, course = (np.concatenate(x) for x in zip(*parts, strict=True))
    hours = np.full(who.size, np.nan)
    in_hours = (days <= 2) & (rng.random(who.size) < IN_HOURS)
    for length, options in HOURS.items():
        mine = np.flatnonzero(in_hours & (days == length))
        hours[mine] = np.array(options)[rng.integers(0, len(options), mine.size)]
    days = np.where(in_hours, np.nan, days)
    frame = pd.DataFrame({"spell": spells[who], "date": date, "days": days, "hours": hours,
                          "course": course})
    frame = frame.drop_duplicates(["spell", "date", "course"])
    return frame.sort_values(["spell", "date", "course"], kind="stable").reset_index(drop=True)


def supervision(rng: np.random.Generator, h: History, grid: np.ndarray) -> pd.DataFrame:
    """Supervision sessions of each directly employed spell, at its person's own interval around
    the profile's (some workers' supervision lapses to half as often), mostly one-to-one."""
    spells = np.flatnonzero(h.group == DIRECT)
    first = np.maximum(h.start[spells], grid[0])
    last = np.minimum(h.end[spells] - 1, grid[-1])
    spells, first, last = (x[last >= first] for x in (spells, first, last))
    gap = h.profile.supervision_days * rng.gamma(8.0, 1 / 8.0, spells.size)
    gap = np.where(rng.random(spells.size) < LAPSED_SUPERVISION, gap * 2, gap)
    count = np.floor((last - first + 1) / gap).astype(np.int64) + 1
    who = np.repeat(np.arange(spells.size), count)
    step = np.arange(who.size) - np.repeat(np.cumsum(count) - count, count)
    offset = rng.random(spells.size) * gap  # the first session falls anywhere in a gap
    date = (first[who] + offset[who] + step * gap[who]
            + rng.integers(-3, 4, who.size)).astype(np.int64)
    keep = (date >= first[who]) & (date <= last[who])
    kind = np.where(rng.random(who.size) < GROUP_SUPERVISION, "group", "one-to-one")
    frame = pd.DataFrame({"spell": spells[who][keep], "date": date[keep],
                          "kind": kind[keep].astype(object)})
    frame = frame.drop_duplicates(["spell", "date", "kind"])
    return frame.sort_values(["spell", "date", "kind"], kind="stable").reset_index(drop=True)


def _anniversary(days: np.ndarray, years: np.ndarray) -> np.ndarray:
    """The day ``years`` years after each day (28 February for 29 February)."""
    d = days.astype("datetime64[D]")
    month = d.astype("datetime64[M]")
    year = month.astype("datetime64[Y]").astype(np.int64) + years
    month_no = (month - month.astype("datetime64[Y]")).astype(np.int64)
    day = (d - month).astype(np.int64)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    day = np.where((month_no == 1) & (day == 28) & ~leap, 27, day)
    first = (year * 12 + month_no).astype("datetime64[M]").astype("datetime64[D]")
    return (first + day).astype(np.int64)


def appraisals(rng: np.random.Generator, h: History, grid: np.ndarray,
               ends: np.ndarray) -> pd.DataFrame:
    """An appraisal a year per directly employed person, due on the anniversary of their start,
    completed around the due date at the profile's rate for its year, mostly with a
    development plan."""
    direct = np.flatnonzero(h.group == DIRECT)
    spells = direct[_first_spells(h, h.group == DIRECT) == direct]
    spells = spells[h.end[spells] > grid[0]]
    start = h.start[spells]
    first_year = np.maximum(1, (grid[0] - start) // 366)
    parts = []
    for extra in range(int((grid[-1] + APPRAISAL_LEAD - grid[0]) // 365) + 3):
        due = _anniversary(start, first_year + extra)
        keep = (due >= grid[0]) & (due <= grid[-1] + APPRAISAL_LEAD)
        parts.append((spells[keep], due[keep]))
    spell, due = (np.concatenate(x) for x in zip(*parts, strict=True))
    n = spell.size
    done = rng.random(n) < flow_rate(h.profile.appraisals, due, ends)
    completed = np.where(done, due + rng.integers(-21, 36, n), -1)
    plan = np.where(rng.random(n) < DEVELOPMENT_PLAN, "yes", "no").astype(object)
    frame = pd.DataFrame({"spell": spell, "due": due, "completed": completed, "plan": plan})
    return frame.sort_values(["spell", "due"], kind="stable").reset_index(drop=True)


def recruitment(rng: np.random.Generator, h: History, grid: np.ndarray,
                ends: np.ndarray) -> pd.DataFrame:
    """Recruitment campaigns: in each year, as many appointments as there were directly
    employed starters, in campaigns for the roles and teams those starters joined, advertised
    through the year; each with its funnel of applications down to hires."""
    p = h.profile
    rows = []
    for b in range(1, ends.size):
        low, high = max(ends[b] + 1, grid[0] + 1), ends[b - 1]
        starters = np.flatnonzero((h.group == DIRECT) & (h.start >= low) & (h.start <= high))
        if low > high or starters.size == 0:
            continue
        sizes = np.array([s for s, _ in CAMPAIGN_HIRES])
        hires = sizes[rng.choice(sizes.size, size=starters.size,
                                 p=[w for _, w in CAMPAIGN_HIRES])]
        filled = np.cumsum(hires)
        hires = hires[: np.searchsorted(filled, starters.size) + 1]
        hires[-1] -= filled[hires.size - 1] - starters.size
        hires = np.r_[hires, np.zeros(rng.binomial(hires.size, FAILED_CAMPAIGNS), np.int64)]
        like = starters[rng.integers(0, starters.size, hires.size)]
        advertised = low + (rng.random(hires.size) * (high - low + 1)).astype(np.int64)
        rows.append((advertised, h.role[like], h.team[like], hires))
    if not rows:
        return pd.DataFrame(columns=["advertised", "role", "team", *STAGES,
                                     "interview"])
    advertised, role, team, hires = (np.concatenate(x) for x in zip(*rows, strict=True))
    n = hires.size
    offers = hires + rng.binomial(hires + 1, 0.2)
    ratio = rng.uniform(0.30, 0.42, n)
    interviewed = np.where(offers > 0, np.maximum(offers, np.round(offers / ratio)),
                           rng.integers(2, 6, n)).astype(np.int64)
    shortlisted = interviewed + rng.integers(0, 4, n)
    applications = shortlisted + np.round(shortlisted * rng.lognormal(np.log(2.5), 0.6, n))
    # Internal appointments spread evenly over the campaigns in the order advertised, so that
    # any year's share is the profile's to within one.
    order = np.argsort(advertised, kind="stable")
    filled = np.floor(np.cumsum(hires[order]) * p.internal_fill + rng.random())
    internal = np.empty(n, dtype=np.int64)
    internal[order] = np.diff(np.r_[0, filled])
    interview = advertised + INTERVIEWS + rng.integers(0, 15, n)
    order = np.lexsort((rng.random(n), advertised))
    frame = pd.DataFrame({"advertised": advertised, "role": role, "team": team,
                          "applications": applications.astype(np.int64),
                          "shortlisted": shortlisted, "interviewed": interviewed,
                          "offers": offers, "hires": hires, "internal_hires": internal,
                          "interview": interview})
    return frame.iloc[order].reset_index(drop=True)
