"""A council's peer position as JSON: its plain dict as it is, every other format's source (the
contract in docs/peers.md)."""

from __future__ import annotations

from typing import Any

from wfkpi.render.common import json_text


def render(data: dict[str, Any]) -> str:
    return json_text(data)
