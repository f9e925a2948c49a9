"""The scorecard as JSON: its plain dict as it is, the data every other format is drawn from
(the contract in docs/targets.md#formats)."""

from __future__ import annotations

from typing import Any

from wfkpi.render.common import json_text


def render(card: dict[str, Any]) -> str:
    return json_text(card)
