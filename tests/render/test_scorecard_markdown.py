"""The Markdown scorecard: a GitHub-flavoured report for a README, an issue or an email."""

from __future__ import annotations

from typing import Any

from wfkpi.core.names import STATUSES
from wfkpi.render.scorecard.markdown import render as to_markdown


def _table_rows(text: str) -> list[str]:
    start = text.index("| Target | KPI | Value | Goal | Status | Benchmarks |")
    block = text[start:].split("\n\n")[0]
    return block.splitlines()[2:]


def test_matches_the_golden_file(card: dict[str, Any], golden: Any) -> None:
    golden("scorecard.md", to_markdown(card))


def test_title_and_status_counts(card: dict[str, Any]) -> None:
    text = to_markdown(card)
    assert text.startswith("# Royal Borough of Kingsbridge - Children's Services: scorecard at "
                           "30 Sep 2025\n")
    assert ("**Status:** 🟢 green 3 · 🟠 amber 2 · 🔴 red 2 · ⚪ no data 2 · ➖ not measured 3"
            in text)


def test_measured_targets_with_values_rounded_as_dfe_publishes(card: dict[str, Any]) -> None:
    rows = _table_rows(to_markdown(card))
    assert len(rows) == 9  # the three not measured are listed apart
    assert all(row.count(" | ") == 5 for row in rows)  # escaped pipes do not split cells
    first = rows[0]
    assert "| 35.2% |" in first and "🔴 **red**" in first and "England, DfE 2025: 17.8%" in first
    assert any("| 17.0 |" in row for row in rows)  # cases per FTE: 1 dp, no %
    assert any("| 33 |" in row for row in rows)  # people: whole numbers
    assert any("| 287 (was 254) |" in row for row in rows)
    assert any("| - |" in row and "no data" in row for row in rows)


def test_status_is_a_word_as_well_as_a_symbol(card: dict[str, Any]) -> None:
    text = to_markdown(card)
    for status in STATUSES:
        assert f"**{status}**" in text or f"{status} " in text


def test_not_measured_targets_are_listed_with_their_reasons(card: dict[str, Any]) -> None:
    text = to_markdown(card)
    section = text[text.index("## Not measured (3)"):text.index("## Sources")]
    assert "- **Staff survey engagement** (`staff_survey`), target >= 70% engagement — Staff " \
           "survey score: no HR extract holds it" in section
    assert section.count("\n- ") == 3


def test_sources_are_numbered_quotes_with_pipes_escaped(card: dict[str, Any]) -> None:
    text = to_markdown(card)
    sources = text[text.index("## Sources"):text.index("## Definitions")]
    for n, row in enumerate(card["rows"], 1):
        assert f"\n{n}. `{row['target_id']}`: “{row['source']['quote']}”" in sources
    assert "4. Manageable caseloads \\| practice" in sources
    assert "   Note: The strategy counts all staff" in sources


def test_data_quality_and_attribution_close_the_report(card: dict[str, Any]) -> None:
    text = to_markdown(card)
    assert "Input VALID: 0 errors, 7 warnings (blank-value 5, fte-above-one 2)." in text
    assert "| workers | sample_data/kingsbridge_childrens/hr export.xlsx | Staff | 482 | 2 | " \
           "480 |" in text
    assert "| dfe:everyone:turnover_rate_fte | internal-move | 2 |" in text
    assert text.endswith(card["attribution"] + "\n")


def test_a_target_judged_team_by_team_has_a_table_of_its_teams(card: dict[str, Any]) -> None:
    text = to_markdown(card)
    section = text[text.index("## Targets judged group by group (1)"):text.index("## Not measured")]
    assert "### caseload_at_most_18: by team (3)" in section
    assert "| Assessment | 14 | 17.3 | 🟢 **green**: 17.3 meets the target (<= 18.0) |" in section
    # a tag or a pipe in a team's name is shown, never read as Markdown
    assert "| Children & Families \\<East> | 17 | 16.5 |" in section
    assert "| Court \\| Legal | 3 | - | ▫️ **not judged**: fewer than 5 people" in section
    assert "caseload_fte (dfe, case_holders) |" in text
    assert "agency_rate_fte (dfe, qualified_social_workers, scope inferred) |" in text


def test_brackets_and_tags_from_the_data_are_escaped(card: dict[str, Any]) -> None:
    card["rows"][0]["label"] = "[click](x) <img src=x> a <= b"
    first = _table_rows(to_markdown(card))[0]
    assert first.startswith("| \\[click\\](x) \\<img src=x> a <= b (`agency_rate_max_20`) |")
