"""KPI parameters: the few figures a definition leaves to the council (``--param NAME=VALUE``).

A strategy says "10 days of training" in one council and "5 protected learning days" in another;
the KPI is the same, the threshold is the council's. Each parameter has a default that a report
prints beside its figures, and a target can set its own (``params:`` in the targets file).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wfkpi.core.errors import EngineError


@dataclass(frozen=True)
class Param:
    name: str
    default: float | str
    help: str
    choices: tuple[str, ...] = ()  # for text: the values allowed (any, when empty)

    def parse(self, value: Any) -> float | str:
        """The value as this parameter's kind: a positive number, or text (one of
        ``choices`` when there are any)."""
        if isinstance(self.default, str):
            text = " ".join(str(value).split())
            if self.choices and text not in self.choices:
                raise EngineError(f"parameter {self.name} must be one of "
                                  f"{', '.join(self.choices)}, got {value!r}")
            return text
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise EngineError(f"parameter {self.name} must be a number, got {value!r}") from None
        if not 0 < number < 1e6:
            raise EngineError(f"parameter {self.name} must be above 0 and below 1,000,000, "
                              f"got {value!r}")
        return number


PARAMS: dict[str, Param] = {p.name: p for p in (
    Param("training_days", 10.0,
          "Days of training in the 12 months that make a worker count in training_days_share."),
    Param("course", "",
          "The course counted by course_completion_share (matched ignoring case and spacing)."),
    Param("day_hours", 7.4,
          "Hours in a working day, to turn training hours into days (a 37-hour week ÷ 5)."),
    Param("supervision_weeks", 6.0,
          "Weeks before the reference date in which a supervision session makes a worker count "
          "in supervision_coverage (set it to the supervision policy's interval)."),
    Param("max_cases", 15.0,
          "Cases above which a case holder counts in caseload_over_max_share."),
    Param("vacancy_basis", "fte",
          "How sfc's vacancy_rate counts: fte, vacancy FTE over directly employed FTE in post "
          "plus vacancy FTE (an HR extract's vacancies are FTE); posts, vacant posts over "
          "permanent and temporary staff records plus vacant posts (Skills for Care's own "
          "basis, the default for an ASC-WDS file, whose vacancies are posts).",
          choices=("fte", "posts")),
    Param("snapshot_days", 31.0,
          "Days before the reference date within which the latest vacancy snapshot describes "
          "it (a snapshot dated after the reference date never does)."),
)}


def resolve(given: Mapping[str, Any] | None = None) -> dict[str, float | str]:
    """Every parameter, the given ones checked and parsed, the rest at their defaults."""
    given = dict(given or {})
    unknown = sorted(set(given) - set(PARAMS))
    if unknown:
        raise EngineError(f"unknown parameter {', '.join(unknown)} (known: {', '.join(PARAMS)})")
    return {name: param.parse(given[name]) if name in given else param.default
            for name, param in PARAMS.items()}
