"""The shipped targets: every one present, valid, and quoting its strategy word for word."""

from __future__ import annotations

from pathlib import Path

import pytest

from wfkpi.app import councils as app_councils
from wfkpi.core.errors import ConfigError
from wfkpi.targets.config import load_peers, load_targets

STRATEGIES = Path(__file__).parents[1] / "data" / "strategies"


def _text(document: str) -> str:
    return (STRATEGIES / document).read_text(encoding="utf-8")


def test_every_council_of_the_strategies_is_configured() -> None:
    targets = app_councils.councils()
    assert list(targets.councils) == ["camden_childrens", "camden_asc", "cambridgeshire",
                                      "peterborough", "lambeth_childrens"]
    documents = {c.document for c in targets.councils.values()}
    assert documents == {p.name for p in STRATEGIES.glob("*.txt")} - {
        "london-workforce-practice-examples.txt"}


def test_every_quote_and_section_is_verbatim_in_its_document() -> None:
    checked = 0
    for council in load_targets().councils.values():
        for target in council.targets:
            text = _text(target.source.document)
            assert target.source.document == council.document
            for quote in [target.source.quote, *(q.quote for q in target.source.also)]:
                assert quote in text, (target.id, quote)
                checked += 1
    for peer in load_peers().peers:
        assert peer.source.quote in _text(peer.source.document), peer.id
        checked += 1
    assert checked >= 150


def test_the_headline_targets_of_the_brief_are_there() -> None:
    councils = load_targets().councils
    lambeth = {t.id: t for t in councils["lambeth_childrens"].targets}
    assert (lambeth["agency_rate_max_20"].kpi, lambeth["agency_rate_max_20"].value) == (
        "agency_rate_fte", 20)
    assert (lambeth["average_caseload_15"].kpi, lambeth["average_caseload_15"].value) == (
        "caseload_fte", 15)
    for council in ("cambridgeshire", "peterborough"):
        by_id = {t.id: t for t in councils[council].targets}
        # "% of agency social work qualified staff" ... "(Team Manager and Below)"
        assert (by_id["agency_rate_max_10"].value, by_id["agency_rate_max_10"].scope) == (
            10, "qualified_team_manager_and_below")
        # "social work qualified staff turnover (permanent staff)"
        turnover = by_id["sw_turnover_below_10"]
        assert (turnover.comparison, turnover.value, turnover.scope) == (
            "<", 10, "permanent_qualified_social_workers")
    camden = {t.id: t for t in councils["camden_asc"].targets}
    turnover = camden["turnover_at_or_below_national"]
    vacancy = camden["vacancy_at_or_below_national"]
    assert (turnover.kpi, turnover.method, turnover.benchmark.value) == (
        "turnover_rate_headcount", "sfc", 28.3)
    assert (vacancy.kpi, vacancy.method, vacancy.benchmark.value) == ("vacancy_rate", "sfc", 9.9)


def test_cambridgeshire_and_peterborough_share_the_joint_framework() -> None:
    councils = load_targets().councils
    first, second = councils["cambridgeshire"], councils["peterborough"]
    assert first.document == second.document
    assert [t.model_dump() for t in first.targets] == [t.model_dump() for t in second.targets]


def test_unmeasurable_targets_say_why() -> None:
    for council in load_targets().councils.values():
        for target in council.targets:
            assert target.measurable or target.reason, target.id


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "targets.yaml"
    path.write_text("schema_version: 1\ncouncils:\n  x:\n    name: X\n    document: d.txt\n"
                    "    strategy_period: {text: '2025'}\n    targets:\n" + body)
    return path


TARGET = """    - id: t
      kpi: {kpi}
      method: dfe
      scope: {scope}
      comparison: "<"
      value: 10
      unit: percent
      due: null
      amber: null
      measurable: true
      source: {{document: d.txt, section: S, quote: the words}}
"""


@pytest.mark.parametrize(
    ("kpi", "scope", "message"),
    [
        ("turnover_rate", "null", "kpi 'turnover_rate' is not a dfe KPI"),
        ("turnover_rate_fte", "everybody", "target t names scope 'everybody', which is not "
         "defined"),
    ],
)
def test_unknown_kpi_or_scope_is_a_configuration_error(
    tmp_path: Path, kpi: str, scope: str, message: str
) -> None:
    path = _write(tmp_path, TARGET.format(kpi=kpi, scope=scope))
    with pytest.raises(ConfigError, match=message):
        app_councils.councils(path)
