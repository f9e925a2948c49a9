"""The canonical tables' JSON Schema and Markdown reference, generated from the models."""

from __future__ import annotations

import json

from wfkpi.core.schema import columns, json_schema

_KIND_WORDS = {"text": "text", "number": "decimal", "integer": "whole number", "date": "date",
               "boolean": "yes/no", "enum": "one of"}


def to_json(tables: list[str]) -> str:
    data = {name: json_schema(name) for name in tables}
    return json.dumps(data if len(tables) > 1 else data[tables[0]], indent=2) + "\n"


def to_markdown(tables: list[str]) -> str:
    lines = ["# Canonical tables", "",
             "Generated from the models in `src/wfkpi/core/schema.py` by "
             "`wfkpi schema --format markdown`; a test keeps this file in step.", ""]
    for name in tables:
        lines += [f"## `{name}`", "", "| column | type | required | rule | meaning |",
                  "|---|---|---|---|---|"]
        for column in columns(name).values():
            kind = _KIND_WORDS[column.kind]
            if column.choices:
                kind += " " + ", ".join(f"`{c}`" for c in column.choices)
            required = "yes" if column.required else \
                "column yes, blank warned" if column.required_column else "no"
            rules = [f"{op} {value:g}" for op, value in
                     ((">=", column.ge), (">", column.gt), ("<=", column.le)) if value is not None]
            if column.warn_above is not None:
                rules.append(f"warning above {column.warn_above:g}")
            if column.personal:
                rules.append("personal: never in a report")
            lines.append(f"| `{column.name}` | {kind} | {required} | {'; '.join(rules)} | "
                         f"{column.description} |")
        lines.append("")
    return "\n".join(lines)
