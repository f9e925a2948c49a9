"""``wfkpi schema``: the canonical tables, from the models themselves."""

from __future__ import annotations

from enum import StrEnum

import typer

from wfkpi.core.names import TABLES

Table = StrEnum("Table", {name: name for name in TABLES})


class Format(StrEnum):
    json = "json"
    markdown = "markdown"


def command(
    table: Table | None = typer.Argument(None, help="One table; all of them when left out.",
                                         show_default=False),
    format: Format = typer.Option(Format.json, "--format", "-f",
                                  help="json: JSON Schema; markdown: the column reference."),
) -> None:
    """Print the canonical tables' JSON Schema, or their column reference in Markdown."""
    from wfkpi.render import schema

    names = [table.value] if table else [t.value for t in Table]
    text = schema.to_json(names) if format is Format.json else schema.to_markdown(names)
    typer.echo(text, nl=False)
