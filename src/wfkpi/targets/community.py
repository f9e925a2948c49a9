"""A community profile: who lives in the area a council serves, for representation targets.

A strategy promises a workforce that "reflects the community it serves"; the figure it is
compared with is the council's to supply (``--community FILE``), usually from the ONS Census 2021
table TS021 (ethnic group) for its local authority. The file is YAML::

    area: Lambeth
    source: ONS Census 2021, TS021 Ethnic group, Lambeth local authority
    ethnic_minority_percent: 45.0

``ethnic_minority_percent`` counts the Asian, Black, Mixed and Other ethnic groups, White
minorities excluded, as ``ethnic_minority_share`` counts staff (docs/targets.md).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from wfkpi.core.config import load_yaml
from wfkpi.core.errors import ConfigError


class Community(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    area: str = Field(min_length=1, description="The area the figures describe.")
    source: str = Field(min_length=1, description="Where the figures come from.")
    ethnic_minority_percent: float = Field(
        ge=0, le=100, description="Residents from Asian, Black, Mixed and Other ethnic groups, %.")
    note: str | None = None


def load_community(path: Path) -> Community:
    """Read and check a community profile; every problem is a :class:`ConfigError`."""
    try:
        return Community.model_validate(load_yaml(path, "community profile"))
    except ValidationError as exc:
        lines = [f"  {'.'.join(str(p) for p in e['loc']) or '(file)'}: {e['msg']}"
                 for e in exc.errors()[:10]]
        raise ConfigError(f"{path}: the community profile is not valid:\n" + "\n".join(lines)) \
            from None
