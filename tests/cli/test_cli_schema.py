"""``wfkpi schema``: the canonical tables as JSON Schema (and a Markdown reference).

An unknown table (exit 2): test_cli_shared_options.py.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest

from wfkpi.core.schema import columns

TABLES = ("workers", "vacancies", "absences", "training", "appraisals", "supervision",
          "recruitment")

# JSON Schema (draft 2020-12) keywords; anything else must be an "x-" extension.
KEYWORDS = {
    "$schema", "$id", "$ref", "$defs", "$comment", "title", "description", "default",
    "examples", "type", "enum", "const", "properties", "required", "additionalProperties",
    "items", "anyOf", "oneOf", "allOf", "not", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "minLength", "maxLength", "pattern", "format",
}
TYPES = {"string", "number", "integer", "boolean", "null", "object", "array"}


def check_schema(node: Any, root: dict[str, Any], where: str = "#") -> None:
    """Structural checks: known keywords, valid types, resolvable $refs, required ⊆ properties."""
    assert isinstance(node, dict), where
    for key, value in node.items():
        assert key in KEYWORDS or key.startswith("x-"), f"{where}: unknown keyword {key}"
        if key == "type":
            assert value in TYPES, where
        elif key in ("properties", "$defs"):
            for name, sub in value.items():
                check_schema(sub, root, f"{where}/{key}/{name}")
        elif key in ("anyOf", "oneOf", "allOf"):
            assert isinstance(value, list) and value, where
            for i, sub in enumerate(value):
                check_schema(sub, root, f"{where}/{key}/{i}")
        elif key == "$ref":
            assert value.startswith("#/"), where
            resolve(root, value)
        elif key == "required":
            assert set(value) <= set(node["properties"]), where
        elif key == "enum":
            assert isinstance(value, list) and len(value) == len(set(value)), where
        elif key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength"):
            assert isinstance(value, int | float), where


def resolve(root: dict[str, Any], ref: str) -> dict[str, Any]:
    node: Any = root
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def valid(instance: Any, schema: dict[str, Any], root: dict[str, Any]) -> bool:
    """A small validator for the keywords the canonical schemas use."""
    if "$ref" in schema:
        return valid(instance, resolve(root, schema["$ref"]), root)
    if "anyOf" in schema and not any(valid(instance, s, root) for s in schema["anyOf"]):
        return False
    kind = schema.get("type")
    checks = {
        "string": lambda x: isinstance(x, str),
        "number": lambda x: isinstance(x, int | float) and not isinstance(x, bool),
        "integer": lambda x: isinstance(x, int) and not isinstance(x, bool),
        "boolean": lambda x: isinstance(x, bool),
        "null": lambda x: x is None,
        "object": lambda x: isinstance(x, dict),
    }
    if kind and not checks[kind](instance):
        return False
    if "enum" in schema and instance not in schema["enum"]:
        return False
    if "minimum" in schema and instance < schema["minimum"]:
        return False
    if "maximum" in schema and instance > schema["maximum"]:
        return False
    if "exclusiveMinimum" in schema and instance <= schema["exclusiveMinimum"]:
        return False
    if "minLength" in schema and len(instance) < schema["minLength"]:
        return False
    if schema.get("format") == "date":
        try:
            dt.date.fromisoformat(instance)
        except ValueError:
            return False
    if kind == "object":
        if any(name not in instance for name in schema.get("required", [])):
            return False
        props = schema.get("properties", {})
        return all(valid(v, props[k], root) for k, v in instance.items() if k in props)
    return True


@pytest.fixture
def schemas(wfkpi) -> dict[str, Any]:
    result = wfkpi("schema")
    assert result.code == 0
    assert result.err == ""
    return json.loads(result.out)


def test_schema_prints_every_table(schemas) -> None:
    assert list(schemas) == list(TABLES)
    for name, schema in schemas.items():
        check_schema(schema, schema)
        assert schema["type"] == "object"
        assert schema["title"] == name
        assert list(schema["properties"]) == list(columns(name))


def test_required_columns_follow_the_contract(schemas) -> None:
    assert schemas["workers"]["required"] == ["worker_id", "employment_type", "start_date"]
    assert schemas["vacancies"]["required"] == ["vacancy_fte"]
    assert schemas["absences"]["required"] == ["worker_id", "start_date", "reason"]
    assert schemas["training"]["required"] == ["worker_id", "date"]
    assert schemas["appraisals"]["required"] == ["worker_id", "due_date"]
    assert schemas["supervision"]["required"] == ["worker_id", "date"]
    assert schemas["recruitment"]["required"] == ["vacancy_id", "advertised_date"]
    fte = schemas["workers"]["properties"]["fte"]
    assert fte["x-required-column"] is True
    assert fte["x-warn-above"] == 1.0


def test_enumerations_follow_the_contract(schemas) -> None:
    def choices(table: str, column: str) -> list[str]:
        schema = schemas[table]
        node = schema["properties"][column]
        refs = [s["$ref"] for s in node.get("anyOf", [node]) if "$ref" in s]
        return resolve(schema, refs[0])["enum"]

    assert choices("workers", "employment_type") == [
        "permanent", "fixed_term", "temporary", "bank", "casual", "agency", "self_employed",
        "other"]
    assert choices("workers", "leaving_reason") == [
        "resignation", "retirement", "dismissal", "redundancy_voluntary",
        "redundancy_compulsory", "end_of_contract", "death", "internal_move", "other",
        "unknown"]
    assert choices("absences", "reason") == [
        "sickness", "maternity_paternity", "training", "public_duties", "unpaid",
        "unauthorised", "other"]


GOOD_WORKER = {"worker_id": "W1", "employment_type": "permanent", "fte": 0.8,
               "start_date": "2020-01-06", "end_date": None, "org_role": 5, "cases": 12,
               "qualified_social_worker": True, "team": "Café £ team"}


@pytest.mark.parametrize(
    ("change", "ok"),
    [
        ({}, True),
        ({"fte": None}, True),
        ({"fte": 1.2}, True),  # above 1 is a warning, not a schema violation
        ({"unknown_extra": "ignored"}, True),
        ({"fte": 0}, False),
        ({"fte": -0.5}, False),
        ({"fte": 2.5}, False),
        ({"org_role": 7}, False),
        ({"org_role": 0}, False),
        ({"cases": -1}, False),
        ({"employment_type": "Perm"}, False),
        ({"start_date": "31/02/2025"}, False),
        ({"worker_id": ""}, False),
        ({"start_date": None}, False),
    ],
)
def test_schema_accepts_good_rows_and_rejects_bad_ones(schemas, change, ok) -> None:
    schema = schemas["workers"]
    assert valid({**GOOD_WORKER, **change}, schema, schema) is ok


def test_schema_rejects_a_row_missing_a_required_column(schemas) -> None:
    schema = schemas["workers"]
    row = {k: v for k, v in GOOD_WORKER.items() if k != "employment_type"}
    assert valid(row, schema, schema) is False
    absence = {"worker_id": "W1", "start_date": "2025-06-02", "reason": "sickness"}
    assert valid(absence, schemas["absences"], schemas["absences"]) is True
    vacancy = {"vacancy_fte": -1}
    assert valid(vacancy, schemas["vacancies"], schemas["vacancies"]) is False


def test_schema_of_one_table(wfkpi) -> None:
    result = wfkpi("schema", "absences")
    assert result.code == 0
    schema = json.loads(result.out)
    check_schema(schema, schema)
    assert schema["title"] == "absences"
    assert list(schema["properties"]) == [
        "worker_id", "start_date", "end_date", "reason", "working_days_lost"]


def test_schema_as_markdown(wfkpi) -> None:
    result = wfkpi("schema", "workers", "--format", "markdown")
    assert result.code == 0
    lines = result.out.splitlines()
    assert "## `workers`" in lines
    assert "| column | type | required | rule | meaning |" in lines
    fte = next(line for line in lines if line.startswith("| `fte` |"))
    assert re.match(r"\| `fte` \| decimal \| column yes, blank warned \| > 0; <= 2; warning "
                    r"above 1 \|", fte)
