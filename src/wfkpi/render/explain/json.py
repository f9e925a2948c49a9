"""A bridge as JSON: the run's plain dict as it is, the data every other format is drawn from
(the contract in docs/explain.md)."""

from __future__ import annotations

from typing import Any

from wfkpi.render.common import json_text


def render(data: dict[str, Any]) -> str:
    return json_text(data)
