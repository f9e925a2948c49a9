"""The web page scorecard: one self-contained, well-formed, escaped file."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Any

from wfkpi.core.names import STATUSES
from wfkpi.render.scorecard.html import render as to_html

VOID = {"meta", "br", "col", "img", "hr", "input", "link"}


class Page(HTMLParser):
    """Checks that every element is closed in order; keeps the text and the attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1:]}>"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _words(page: Page) -> str:
    """The page's text as a reader sees it, white space collapsed."""
    return re.sub(r"\s+", " ", "".join(page.text))


def _parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    assert page.open == [], f"unclosed: {page.open}"
    return page


def test_a_well_formed_page_in_english_with_a_title(card: dict[str, Any]) -> None:
    text = to_html(card)
    page = _parse(text)
    assert page.doctype.lower() == "doctype html"
    assert ("html", {"lang": "en"}) in page.tags
    assert "<title>Scorecard: Royal Borough of Kingsbridge - Children&#x27;s Services, " \
           "30 Sep 2025</title>" in text
    assert ("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}) \
        in page.tags


def test_self_contained_nothing_fetched(card: dict[str, Any]) -> None:
    text = to_html(card)
    page = _parse(text)
    assert "http://" not in text and "https://" not in text
    assert not re.search(r"url\(|@import|@font-face", text)
    assert {tag for tag, _ in page.tags}.isdisjoint({"script", "link", "img", "iframe",
                                                       "object", "embed"})
    assert all("src" not in attrs and "href" not in attrs for _, attrs in page.tags)


def test_every_status_in_words_in_the_summary_and_rows(card: dict[str, Any]) -> None:
    text = _words(_parse(to_html(card)))
    for status, count in card["summary"].items():
        assert f"{status} {count}" in text
    for status in STATUSES:
        assert text.count(f" {status}") >= 1 + card["summary"][status]


def test_every_row_shows_value_goal_benchmarks_and_its_quote(card: dict[str, Any]) -> None:
    text = to_html(card)
    words = _words(_parse(text))
    for row in card["rows"]:
        quote = row["source"]["quote"]
        assert f"“{quote}”" in words
        assert html.escape(quote) in text
        assert row["status_note"] in words
    assert '&quot;market supplement&quot; of £2,500' in text
    assert "35.2%" in words and "287" in words and "was 254" in words
    assert "Outer London, DfE 2025" in words and "23.4%" in words
    assert "6. Wellbeing – café conversations" in words


def test_not_measured_data_quality_and_attribution(card: dict[str, Any]) -> None:
    text = to_html(card)
    words = _words(_parse(text))
    assert 'id="not-measured">Not measured (3)</h2>' in text
    assert "Staff survey score: no HR extract holds it" in words
    assert "0 errors, 7 warnings (blank-value 5, fte-above-one 2)." in words
    assert "sample_data/kingsbridge_childrens/hr export.xlsx" in words
    assert card["attribution"] in words


def test_markup_in_the_card_is_shown_not_run(card: dict[str, Any]) -> None:
    card["rows"][0]["label"] = '<script>alert("x")</script>'
    card["rows"][0]["source"]["quote"] = "<b>bold</b> & 'quoted'"
    card["council"]["name"] = "A & B <Council>"
    text = to_html(card)
    page = _parse(text)
    assert "script" not in {tag for tag, _ in page.tags}
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &#x27;quoted&#x27;" in text
    assert "<h1>A &amp; B &lt;Council&gt;</h1>" in text


def test_the_same_card_gives_the_same_page(card: dict[str, Any]) -> None:
    assert to_html(card) == to_html(card)


def test_a_target_judged_team_by_team_has_a_table_of_its_teams(card: dict[str, Any]) -> None:
    text = to_html(card)
    words = _words(_parse(text))
    assert 'id="groups">Targets judged group by group (1)</h2>' in text
    assert "<h3>caseload_at_most_18: by team (3)</h3>" in text
    assert "<td>Children &amp; Families &lt;East&gt;</td>" in text
    assert ('<tr><td>Court | Legal</td><td class="n">3</td><td class="n">-</td><td>'
            '<span class="badge s-not-judged"><span class="sym" aria-hidden="true">·</span> '
            "not judged</span> fewer than 5 people: not judged, figures withheld</td></tr>") in text
    assert ".s-not-measured, .s-not-judged {" in text  # a grey badge, like not measured
    assert "agency_rate_outer_london · agency_rate_fte (dfe, qualified_social_workers, scope " \
           "inferred)" in words
