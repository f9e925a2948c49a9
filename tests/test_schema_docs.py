"""The models are the single source of truth: docs and JSON Schema must follow them."""

from __future__ import annotations

import json
from pathlib import Path

from wfkpi.core.issues import CODES
from wfkpi.core.schema import MODELS, columns
from wfkpi.render.schema import to_json, to_markdown

ROOT = Path(__file__).parents[1]


def test_tables_doc_is_generated_from_the_models() -> None:
    expected = to_markdown(list(MODELS))
    assert (ROOT / "docs" / "tables.md").read_text() == expected, (
        "docs/tables.md is stale: run `wfkpi schema --format markdown > docs/tables.md`"
    )


def test_every_issue_code_is_documented_with_its_severity() -> None:
    doc = (ROOT / "docs" / "validation.md").read_text()
    for code, (severity, _) in CODES.items():
        assert f"| `{code}` | {severity} |" in doc, code


def test_json_schema_lists_every_column_and_the_required_ones() -> None:
    schemas = json.loads(to_json(list(MODELS)))
    assert set(schemas) == {"workers", "vacancies", "absences", "training", "appraisals",
                            "supervision", "recruitment"}
    workers = schemas["workers"]
    assert list(workers["properties"]) == list(columns("workers"))
    assert set(workers["required"]) == {"worker_id", "employment_type", "start_date"}
    assert workers["properties"]["fte"]["anyOf"][0] == {
        "exclusiveMinimum": 0, "maximum": 2, "type": "number"}


def test_columns_derive_kinds_and_bounds_from_the_models() -> None:
    fte = columns("workers")["fte"]
    assert (fte.kind, fte.required, fte.required_column, fte.gt, fte.le, fte.warn_above) == (
        "number", False, True, 0, 2, 1.0)
    org_role = columns("workers")["org_role"]
    assert (org_role.kind, org_role.ge, org_role.le) == ("integer", 1, 6)
    reason = columns("absences")["reason"]
    assert reason.kind == "enum" and "sickness" in reason.choices and reason.required
    assert columns("workers")["worker_id"].personal
