"""A trend as JSON: its plain dict as it is, the data every other format is drawn from
(the contract in docs/trend.md), its ``bridges`` (why the rates moved) included as they are:
figures unrounded, so that each bridge's parts add up to its change exactly."""

from __future__ import annotations

from typing import Any

from wfkpi.render.common import json_text


def render(data: dict[str, Any]) -> str:
    return json_text(data)
