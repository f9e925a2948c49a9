"""The format registries: every name the command line offers has one renderer, and each renderer
gives what its entry says (text, bytes, or a drawing on a terminal)."""

from __future__ import annotations

import importlib
import io
import subprocess
import sys
from typing import Any

import pytest
from rich.console import Console

from wfkpi.cli import report as cli_report
from wfkpi.cli import trend as cli_trend
from wfkpi.render import formats, report, scorecard, trend
from wfkpi.render.formats import Format, registry

TREND = {"schema_version": 1, "path": "monthly", "method": "dfe", "scope": None,
         "council": None,
         "series": [{"month": "2025-09", "as_at": "2025-09-30", "period_start": "2024-10-01",
                     "kpis": {"turnover_rate_fte": {
                         "label": "Turnover rate (FTE)", "unit": "%", "value": 18.0,
                         "numerator": 45.0, "denominator": 250.0, "rows_used": 10,
                         "set_aside": {}, "note": None}},
                     "targets": None,
                     "data_quality": {"input": {"verdict": "VALID", "errors": 0, "warnings": 0,
                                                "issues": {}, "tables": []}}}]}


def draw(shape: Format, data: dict[str, Any]) -> str | bytes:
    if not shape.terminal:
        return shape.render(data)
    console = Console(record=True, width=120, file=io.StringIO())
    assert shape.render(data, console) is None
    return console.export_text()


@pytest.mark.parametrize(("registered", "names"), [
    (report.FORMATS, formats.REPORT_FORMATS), (scorecard.FORMATS, formats.SCORECARD_FORMATS),
    (trend.FORMATS, formats.TREND_FORMATS)])
def test_the_registries_hold_the_named_formats_in_order(registered: dict, names: tuple) -> None:
    assert tuple(registered) == names
    assert all(shape.name == name for name, shape in registered.items())
    assert [n for n, s in registered.items() if s.terminal] == ["table"]
    assert [n for n, s in registered.items() if s.binary] == ["xlsx"]


def test_the_command_lines_choices_are_the_registered_formats() -> None:
    # `wfkpi report` offers every format with or without --council
    assert [f.value for f in cli_report.Format] == list(report.FORMATS) == list(scorecard.FORMATS)
    assert [f.value for f in cli_trend.Format] == list(trend.FORMATS)


@pytest.mark.parametrize("name", formats.SCORECARD_FORMATS)
def test_every_scorecard_format_draws_the_card(name: str, card: dict[str, Any]) -> None:
    shape = scorecard.FORMATS[name]
    out = draw(shape, card)
    assert isinstance(out, bytes) == shape.binary
    assert out == draw(shape, card) and len(out) > 500


@pytest.mark.parametrize("name", formats.TREND_FORMATS)
def test_every_trend_format_draws_the_trend(name: str) -> None:
    shape = trend.FORMATS[name]
    out = draw(shape, TREND)
    assert isinstance(out, bytes) == shape.binary
    assert out == draw(shape, TREND)
    if not shape.binary:
        assert "turnover_rate_fte" in out or "Turnover rate (FTE)" in out


def test_a_name_without_a_renderer_or_a_renderer_without_a_name_fails_at_once() -> None:
    table = Format("table", print, terminal=True)
    with pytest.raises(ValueError, match="not the formats named"):
        registry(("table", "json"), table)
    with pytest.raises(ValueError, match="not the formats named"):
        registry(("table",), table, Format("json", str))
    with pytest.raises(ValueError, match="not the formats named"):
        registry(("table",), table, table)
    assert list(registry(("json", "table"), table, Format("json", str))) == ["json", "table"]


def test_the_names_load_no_renderer() -> None:
    """The command line builds its choices from ``wfkpi.render.formats`` at start-up."""
    code = ("import sys, wfkpi.render.formats; "
            "print(sorted({'rich', 'openpyxl', 'pandas'} & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


FAMILIES = {"report": formats.REPORT_FORMATS, "scorecard": formats.SCORECARD_FORMATS,
            "trend": formats.TREND_FORMATS, "peers": formats.PEERS_FORMATS,
            "explain": formats.EXPLAIN_FORMATS}


@pytest.mark.parametrize("family", FAMILIES)
def test_every_format_of_every_family_has_its_renderer(family: str) -> None:
    """Each name the command line offers is drawn by a module of that family, found when drawn:
    a name without its module would fail only then, so every one is looked up here."""
    registered = importlib.import_module(f"wfkpi.render.{family}").FORMATS
    assert tuple(registered) == FAMILIES[family]
    for name, shape in registered.items():
        assert callable(shape.render), (family, name)
        assert shape.render.__module__ == f"wfkpi.render.{family}." + (
            "terminal" if name == "table" else name)
        assert shape.terminal == (name == "table") and shape.binary == (name == "xlsx")


@pytest.mark.parametrize("family", FAMILIES)
def test_a_registry_loads_a_renderer_only_when_its_format_is_drawn(family: str) -> None:
    """A table drawn in the terminal does not load the workbook writer (openpyxl, a tenth of
    a council run's start-up); drawing the workbook does."""
    code = (f"import sys; from wfkpi.render.{family} import FORMATS; "
            "before = 'openpyxl' in sys.modules; FORMATS['table'].render; "
            "table = 'openpyxl' in sys.modules; FORMATS['xlsx'].render; "
            "print(before, table, 'openpyxl' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.split() == ["False", "False", "True"]
