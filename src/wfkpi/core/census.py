"""The DfE children's social work workforce census (CSWW) in its own words, written once.

The element names of each schema year, the census's reference day, its limits and the codes of
its records: what the census reader (:mod:`wfkpi.read.sources.csww`) reads and the census writer
(:mod:`wfkpi.census.export`) writes. See ``docs/census.md``.
"""

from __future__ import annotations

import re

# Elements of a <CSWWWorker> in each schema (2021-2023, 2024, 2025), in schema order.
_COMMON = ("AgencyWorker", "SWENo", "FTE", "PersonBirthDate")
_TAIL = ("Ethnicity", "QualInst", "QualLevel", "StepUpGrad", "OrgRole", "RoleStartDate",
         "StartOrigin", "RoleEndDate", "LeaverDestination", "ReasonLeave", "FTE30", "Cases30",
         "WorkingDaysLost", "ContractWeeks", "FrontlineGrad", "Absat30Sept", "ReasonAbsence")
WORKER_ELEMENTS: dict[str, tuple[str, ...]] = {
    "2021-2023": (*_COMMON, "GenderCurrent", *_TAIL, "CFKSSstatus"),
    "2024": (*_COMMON, "Sex", *_TAIL, "CFKSSstatus"),
    "2025": (*_COMMON, "Sex", *(e for e in _TAIL if e != "QualInst"), "BaseSalary",
             "RRPayments", "OtherPayments"),
}
# The authority-level element that holds the vacancy figures, in each schema.
VACANCY_ELEMENT = {"2021-2023": "LALevelVacancies", "2024": "LALevelVacancies", "2025": "LALevel"}
YEARS = range(2017, 2031)  # the collection years a return can be written for

CENSUS_DAY = (9, 30)  # (month, day): the census describes the workforce on 30 September
MAX_CASES = 40  # Cases30: the most cases the census expects a worker to hold
SWENO = re.compile(r"[A-Za-z]{2}\d{1,10}")  # the schema copies end this in a literal '$'

# The codes of a <CSWWWorker>'s elements, as the census guidance gives them.
AGENCY_WORKER = {"agency": "1", "permanent": "0"}  # AgencyWorker
REASON_LEAVE: dict[str, str | list[str]] = {  # ReasonLeave: canonical leaving_reason -> codes
    "resignation": "1", "redundancy_voluntary": "2", "redundancy_compulsory": "3",
    "dismissal": "4", "retirement": "5", "death": "6", "internal_move": "7",
    "other": "8", "unknown": ["9", "10"],
}
SEX = {"0": "not known", "1": "male", "2": "female", "9": "not specified", "M": "male",
       "F": "female"}  # GenderCurrent (to 2023: numbers) and Sex (from 2024: letters)
START_ORIGIN = {"1": "newly qualified", "2": "other local authority", "3": "outside England",
                "4": "agency", "5": "other social work role", "6": "other social care role",
                "7": "non-social care role", "8": "other", "9": "not known",
                "10": "not yet collected"}
