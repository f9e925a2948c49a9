"""``wfkpi docs``: the documentation installed with wfkpi, in the terminal."""

from __future__ import annotations

import typer


def command(
    topic: str | None = typer.Argument(
        None, metavar="[TOPIC]", show_default=False,
        help="The page to print, e.g. mappings; all of them are listed when left out."),
) -> None:
    """Print a page of wfkpi's documentation (the Markdown of docs/TOPIC.md, installed with
    the program), or list the pages with their titles.

    A page is printed as Markdown text, ready for a pager or a file: `wfkpi docs kpis | less`.
    An unknown topic is a usage error (exit 2) that lists the pages.
    """
    from wfkpi.app import docs
    from wfkpi.cli import common

    if topic is not None:
        common.stdout_text(docs.page(topic))
        return
    pages = docs.topics()
    width = max(len(page.name) for page in pages)
    lines = [f"{page.name:<{width}}  {page.title}" for page in pages]
    common.stdout_text("\n".join([*lines, "", "Print one with `wfkpi docs TOPIC`, e.g. "
                                   "`wfkpi docs mappings`.", ""]))
