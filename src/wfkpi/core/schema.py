"""The canonical tables, as pydantic models.

These models are the single source of truth for the input contract: the readers derive their
column-wise checks from them (:func:`columns`), ``wfkpi schema`` prints their JSON Schema, and
``docs/tables.md`` is generated from them. Column names, types, enums and constraints follow the
data contract (section 1), which ``docs/data-contract.md`` restates in the project's own words.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
from dataclasses import dataclass
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field
from pydantic.fields import FieldInfo

from wfkpi.core.names import TABLES

# Dates outside this range are almost always typing slips (0205 for 2025, 9999 placeholders).
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


class EmploymentType(enum.StrEnum):
    permanent = "permanent"
    fixed_term = "fixed_term"
    temporary = "temporary"
    bank = "bank"
    casual = "casual"
    agency = "agency"
    self_employed = "self_employed"
    other = "other"


DIRECTLY_EMPLOYED = frozenset({"permanent", "fixed_term", "temporary"})
AGENCY = frozenset({"agency", "self_employed"})


class LeavingReason(enum.StrEnum):
    resignation = "resignation"
    retirement = "retirement"
    dismissal = "dismissal"
    redundancy_voluntary = "redundancy_voluntary"
    redundancy_compulsory = "redundancy_compulsory"
    end_of_contract = "end_of_contract"
    death = "death"
    internal_move = "internal_move"
    other = "other"
    unknown = "unknown"


class AbsenceReason(enum.StrEnum):
    sickness = "sickness"
    maternity_paternity = "maternity_paternity"
    training = "training"
    public_duties = "public_duties"
    unpaid = "unpaid"
    unauthorised = "unauthorised"
    other = "other"


def col(
    description: str,
    *,
    required_column: bool = False,
    warn_above: float | None = None,
    personal: bool = False,
    default: Any = ...,
    **constraints: Any,
) -> Any:
    """A canonical column: a pydantic field plus the few facts pydantic has no word for.

    ``required_column``: the column must be present even though a blank cell is allowed (a blank
    then gets a warning). ``warn_above``: values above it are accepted with a warning.
    ``personal``: the column identifies a person and never appears in a report.
    """
    extra: dict[str, Any] = {}
    if required_column:
        extra["x-required-column"] = True
    if warn_above is not None:
        extra["x-warn-above"] = warn_above
    if personal:
        extra["x-personal"] = True
    return Field(default, description=description, json_schema_extra=extra or None, **constraints)


# The models below are read for their fields far more often than they validate anything, so each
# builds its validator when first used (``defer_build``), not when wfkpi starts.


class Worker(BaseModel):
    """One worker spell: one person in one post over a stretch of time."""

    model_config = ConfigDict(extra="ignore", title="workers", defer_build=True)

    worker_id: str = col(
        "Stable person identifier (payroll or Social Work England number). Never shown in reports.",
        personal=True,
        min_length=1,
    )
    employment_type: EmploymentType = col(
        "Directly employed: permanent, fixed_term, temporary. Agency: agency, self_employed."
    )
    fte: float | None = col(
        "Contracted hours divided by standard hours, 0 < fte <= 1. A blank keeps the row in "
        "headcounts and out of FTE sums.",
        required_column=True,
        warn_above=1.0,
        default=None,
        gt=0,
        le=2,
    )
    start_date: dt.date = col("Start of this spell (role start date).")
    end_date: dt.date | None = col(
        "Last day of the spell (leaving date); blank = still in post.", default=None
    )
    leaving_reason: LeavingReason | None = col("Why the spell ended.", default=None)
    role: str | None = col("Job title or role code as the council uses it.", default=None)
    org_role: int | None = col(
        "DfE CSWW role: 1 senior manager, 2 middle manager, 3 first-line manager, "
        "4 senior practitioner, 5 case holder, 6 qualified without cases.",
        default=None,
        ge=1,
        le=6,
    )
    qualified_social_worker: bool | None = col(
        "Registered social worker in a social-work post.", default=None
    )
    team: str | None = col("Team, for breakdowns and scopes.", default=None)
    service: str | None = col("Service, for breakdowns and scopes.", default=None)
    grade: str | None = col("Grade, for breakdowns and scopes.", default=None)
    cases: int | None = col("Cases (children) held at the reference date.", default=None, ge=0)
    sickness_days: float | None = col(
        "Working days lost to sickness in the reporting window (census WorkingDaysLost).",
        default=None,
        ge=0,
    )
    start_origin: str | None = col(
        "Where the starter came from; 'internal' marks an internal move or promotion.", default=None
    )
    date_of_birth: dt.date | None = col(
        "Equality monitoring only; never printed per person.", default=None, personal=True
    )
    sex: str | None = col("Equality monitoring only.", default=None, personal=True)
    ethnicity: str | None = col(
        "Equality monitoring only: counted in representation KPIs, never printed per person. "
        "See `wfkpi docs kpis` for how labels are grouped.",
        default=None,
        personal=True,
    )
    disability: str | None = col("Equality monitoring only.", default=None, personal=True)
    exit_interview: bool | None = col(
        "For a leaver: whether an exit interview was held. Blank = not recorded.", default=None
    )


class Vacancy(BaseModel):
    """Vacant FTE at a date, whether or not an agency worker covers it."""

    model_config = ConfigDict(extra="ignore", title="vacancies", defer_build=True)

    vacancy_fte: float = col(
        "Vacant FTE: posts not filled by a directly employed worker, covered or not.", ge=0
    )
    agency_cover_fte: float | None = col(
        "Of that, FTE covered by agency workers.", default=None, ge=0
    )
    as_at: dt.date | None = col(
        "Date the row describes; rows for other dates than the reference date are ignored.",
        default=None,
    )
    team: str | None = col("Team, for breakdowns and scopes.", default=None)
    service: str | None = col("Service, for breakdowns and scopes.", default=None)
    role: str | None = col("Role, for breakdowns and scopes.", default=None)


class Absence(BaseModel):
    """One absence spell."""

    model_config = ConfigDict(extra="ignore", title="absences", defer_build=True)

    worker_id: str = col("As in workers.", personal=True, min_length=1)
    start_date: dt.date = col("First day absent.")
    end_date: dt.date | None = col("Last day absent; blank = still absent.", default=None)
    reason: AbsenceReason = col("Only sickness counts toward sickness KPIs.")
    working_days_lost: float | None = col(
        "Working days lost over the whole spell; blank = Monday to Friday less bank holidays "
        "in England and Wales.",
        default=None,
        ge=0,
    )


class Training(BaseModel):
    """One training record: a course or session a worker attended."""

    model_config = ConfigDict(extra="ignore", title="training", defer_build=True)

    worker_id: str = col("As in workers.", personal=True, min_length=1)
    date: dt.date = col("Day the training was attended or completed.")
    days: float | None = col(
        "Length in days. Give days or hours; with neither the record counts toward courses "
        "but adds no days.",
        default=None,
        ge=0,
        warn_above=30,
    )
    hours: float | None = col(
        "Length in hours, turned into days by the day's hours (KPI parameter day_hours).",
        default=None,
        ge=0,
        warn_above=225,
    )
    course: str | None = col("Course title, for course-completion KPIs.", default=None)


class Appraisal(BaseModel):
    """One appraisal (annual review) due for a worker."""

    model_config = ConfigDict(extra="ignore", title="appraisals", defer_build=True)

    worker_id: str = col("As in workers.", personal=True, min_length=1)
    due_date: dt.date = col("When the appraisal was due.")
    completed_date: dt.date | None = col("When it was completed; blank = not completed.",
                                         default=None)
    development_plan: bool | None = col(
        "Whether an individual development (training) plan was agreed at it.", default=None
    )


class Supervision(BaseModel):
    """One supervision session a worker received."""

    model_config = ConfigDict(extra="ignore", title="supervision", defer_build=True)

    worker_id: str = col("As in workers.", personal=True, min_length=1)
    date: dt.date = col("Day of the session.")
    kind: str | None = col(
        "What kind, as the council records it (one-to-one, group, reflective).", default=None
    )


class Recruitment(BaseModel):
    """One recruitment campaign: a post advertised, and how far its candidates got."""

    model_config = ConfigDict(extra="ignore", title="recruitment", defer_build=True)

    vacancy_id: str = col("The post or requisition reference. Never shown in reports.",
                          personal=True, min_length=1)
    advertised_date: dt.date = col("When the post was advertised.")
    role: str | None = col("Role, for scopes.", default=None)
    team: str | None = col("Team, for scopes.", default=None)
    service: str | None = col("Service, for scopes.", default=None)
    applications: int | None = col("Applications received.", default=None, ge=0)
    shortlisted: int | None = col("Candidates shortlisted.", default=None, ge=0)
    interviewed: int | None = col("Candidates interviewed.", default=None, ge=0)
    offers: int | None = col("Offers made.", default=None, ge=0)
    hires: int | None = col("Candidates appointed (offers accepted).", default=None, ge=0)
    internal_hires: int | None = col(
        "Of the hires, those already employed by the council (internal progression).",
        default=None,
        ge=0,
    )


MODELS: dict[str, type[BaseModel]] = dict(zip(
    TABLES, (Worker, Vacancy, Absence, Training, Appraisal, Supervision, Recruitment),
    strict=True))
# The optional HR records tables, which feed the HR records KPIs of method lg.
RECORDS = ("training", "appraisals", "supervision", "recruitment")
# Tables whose rows belong to a worker: scopes limit them to their workers' rows.
PER_WORKER = ("absences", "training", "appraisals", "supervision")
# The share of a per-worker table's rows that must name a worker in the workers table. Below it
# the ids do not join (leading zeros, another system's numbers): the input is invalid and the
# KPIs that read that table have no value (docs/validation.md, "Joins").
JOIN_SHARE = 0.9
# The stages of a recruitment campaign, each a subset of the one before.
FUNNEL = ("applications", "shortlisted", "interviewed", "offers", "hires", "internal_hires")
REQUIRED_TABLES = ("workers",)

Kind = Literal["text", "number", "integer", "date", "boolean", "enum"]
_KINDS: dict[type, Kind] = {
    str: "text",
    float: "number",
    int: "integer",
    dt.date: "date",
    bool: "boolean",
}


@dataclass(frozen=True)
class Column:
    """A canonical column as the readers see it, derived from a model field."""

    name: str
    kind: Kind
    required: bool  # a blank cell is an error
    required_column: bool  # the column must be present
    nullable: bool
    choices: tuple[str, ...] = ()
    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    warn_above: float | None = None
    personal: bool = False
    description: str = ""
    field: FieldInfo | None = None


def _base_type(annotation: Any) -> tuple[Any, bool]:
    """The type inside ``X | None`` and whether None is allowed."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return args[0], True
    return annotation, False


def _column(name: str, info: FieldInfo) -> Column:
    base, nullable = _base_type(info.annotation)
    if isinstance(base, type) and issubclass(base, enum.Enum):
        kind: Kind = "enum"
        choices = tuple(m.value for m in base)
    else:
        kind, choices = _KINDS[base], ()
    bounds: dict[str, float] = {}
    for meta in info.metadata:
        for key in ("ge", "gt", "le"):
            value = getattr(meta, key, None)
            if value is not None:
                bounds[key] = value
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    required = info.is_required()
    return Column(
        name=name,
        kind=kind,
        required=required,
        required_column=required or bool(extra.get("x-required-column")),
        nullable=nullable,
        choices=choices,
        warn_above=extra.get("x-warn-above"),  # type: ignore[arg-type]
        personal=bool(extra.get("x-personal")),
        description=info.description or "",
        field=info,
        **bounds,
    )


def columns(table: str) -> dict[str, Column]:
    """The canonical columns of a table, in contract order."""
    return {name: _column(name, info) for name, info in MODELS[table].model_fields.items()}


def json_schema(table: str) -> dict[str, Any]:
    return MODELS[table].model_json_schema()
