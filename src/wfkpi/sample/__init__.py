"""Seeded synthetic extracts in the canonical layout, shaped like a council's workforce.

A :class:`Profile` gives a council's shape: people in post, agency share, vacancy rate, turnover,
sickness and caseload (each this year and last year, so that year-on-year targets have something
to compare), the role mix and the teams, and the figures its strategy sets targets for
(diversity, training, appraisals, recruitment). One simulation, parameterised by the profile,
builds the worker spells of the last two years and more (starters, leavers and those still in
post), the absences and the vacancies, then each person's equality data, training records and
appraisals and the recruitment campaigns; :func:`extracts` cuts from it one self-contained
extract per month-end, each knowing only what had happened by its date. The same profile, dates
and seed always give byte-identical files. No row describes a real person.

The modules, in the order the data flows through them:

- ``profiles``: each council's shape, as plain data;
- ``dates`` and ``history``: the calendar, and the history every step adds to;
- ``spells``, ``absences``, ``vacancies``, ``records``: the simulation's steps;
- ``generator``: runs them, from a profile and a seed (:func:`generate`, :func:`extracts`);
- ``extract``: cuts the extract at a reference date from the history, as text cells;
- ``writer``: writes an extract as CSV files (:func:`write`) and sums it up in a line.
"""

from __future__ import annotations

from wfkpi.sample.dates import AS_AT, is_month_end, month_ends
from wfkpi.sample.generator import extracts, generate
from wfkpi.sample.profiles import DEFAULT, PROFILES, Profile, Role, Trend, profile
from wfkpi.sample.records import MINORITY, PRACTICE_COURSE
from wfkpi.sample.writer import summary, write

__all__ = [
    "AS_AT",
    "DEFAULT",
    "MINORITY",
    "PRACTICE_COURSE",
    "PROFILES",
    "Profile",
    "Role",
    "Trend",
    "extracts",
    "generate",
    "is_month_end",
    "month_ends",
    "profile",
    "summary",
    "write",
]
