"""``wfkpi docs``: the documentation installed with the program, and help that names its pages
as ``wfkpi docs NAME``."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from wfkpi.app import docs
from wfkpi.cli import run

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted((ROOT / "docs").glob("*.md"))


def test_docs_lists_every_page_with_its_first_heading(wfkpi) -> None:
    result = wfkpi("docs")
    assert (result.code, result.err) == (0, "")
    width = max(len(page.stem) for page in PAGES)
    titles = [next(line.lstrip("#").strip() for line in page.read_text(encoding="utf-8")
                   .splitlines() if line.startswith("#")) for page in PAGES]
    assert result.out == "".join(f"{page.stem:<{width}}  {title}\n"
                                 for page, title in zip(PAGES, titles, strict=True)) + (
        "\nPrint one with `wfkpi docs TOPIC`, e.g. `wfkpi docs mappings`.\n")


def test_docs_topic_prints_the_page(wfkpi) -> None:
    result = wfkpi("docs", "mappings")
    assert (result.code, result.err) == (0, "")
    assert result.out == (ROOT / "docs" / "mappings.md").read_text(encoding="utf-8")


def test_an_unknown_topic_is_a_usage_error_listing_the_topics(wfkpi) -> None:
    result = wfkpi("docs", "mapping")
    assert (result.code, result.out) == (2, "")
    assert result.err == (f"error: no documentation page named 'mapping'; the pages are "
                          f"{', '.join(p.stem for p in PAGES)} (`wfkpi docs` lists them with "
                          "their titles)\n")


def test_the_pages_are_package_data() -> None:
    """The package's docs folder is the repository's (a link, read through by the editable
    install); pyproject ships its pages, so that a wheel holds copies."""
    assert [topic.name for topic in docs.topics()] == [page.stem for page in PAGES]
    assert (ROOT / "src" / "wfkpi" / "docs").resolve() == (ROOT / "docs").resolve()
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "docs/*.md" in config["tool"]["setuptools"]["package-data"]["wfkpi"]


# The command-line modules whose help may name a page: each names it as `wfkpi docs NAME`.
CLI = sorted((ROOT / "src" / "wfkpi" / "cli").glob("*.py"))
OWN = {"__init__.py", "common.py", "export.py", "sample.py", "validate.py", "check.py",
       "trend.py", "map.py", "mappings.py", "docs.py"}


@pytest.mark.parametrize("module", [m for m in CLI if m.name in OWN], ids=lambda m: m.name)
def test_help_names_a_page_as_wfkpi_docs(module: Path) -> None:
    text = module.read_text(encoding="utf-8")
    if module.name == "docs.py":
        text = text.replace("docs/TOPIC.md", "")  # what the command prints
    assert not re.findall(r"docs/[\w-]+\.md", text)
    for name in re.findall(r"`wfkpi docs ([\w-]+)`", text):
        assert (ROOT / "docs" / f"{name}.md").exists() or name == "TOPIC", name


def test_completion_script_is_printed(wfkpi, monkeypatch) -> None:
    """`wfkpi --show-completion` prints the script for the shell it runs in; typer's switch
    turns off that detection so that each shell can be asked for by name."""
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    for shell, line in (("bash", "complete -o default -F _wfkpi_completion wfkpi"),
                        ("zsh", "compdef _wfkpi_completion wfkpi"),
                        ("fish", "complete --command wfkpi")):
        result = wfkpi("--show-completion", shell)
        assert result.code == 0, shell
        assert line in result.out, shell
        assert f"_WFKPI_COMPLETE=complete_{shell}" in result.out, shell


def test_completion_completes_commands(monkeypatch, capsys) -> None:
    monkeypatch.setenv("_WFKPI_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", "wfkpi ma")
    monkeypatch.setenv("COMP_CWORD", "1")
    assert run([]) == 0
    assert capsys.readouterr().out.split() == ["map", "mappings"]


COLOUR = re.compile(r"\x1b\[(?:\d+;)*(?:3\d|9[0-7])(?:;\d+)*m")  # a foreground colour


def test_no_color_is_respected(wfkpi, monkeypatch) -> None:
    """With NO_COLOR set, no colour, even where it would be forced (bold and italic stay)."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = wfkpi("validate", "clean")
    assert COLOUR.search(coloured.out)
    monkeypatch.setenv("NO_COLOR", "1")
    plain = wfkpi("validate", "clean")
    assert plain.code == 0 and not COLOUR.search(plain.out)
