"""``wfkpi map``: draft a mapping file from an extract's headers and values."""

from __future__ import annotations

import shlex
from pathlib import Path

import typer

from wfkpi.cli import common
from wfkpi.core.display import visible


def command(
    path: Path = typer.Argument(
        ..., metavar="PATH", show_default=False,
        help="A CSV, XLSX or ODS extract, or a folder of them (each file is given to the table "
        "its headers match best)."),
    output: Path | None = typer.Option(
        None, "--output", "-o", metavar="FILE", show_default=False,
        help="Where to write the draft mapping (atomically); default (or -): stdout. Never "
        "one of the files read."),
    limit: list[str] | None = common.LIMIT,
    quiet: bool = common.QUIET,
    verbose: bool = common.VERBOSE,
) -> None:
    """Draft a mapping file (YAML, see `wfkpi docs mappings`) from an extract's headers and
    values.

    Each header is placed on a canonical column by its name and its values, each label of an
    enum or yes/no column mapped to the value it stands for, date formats and end-of-time dates
    noted. What could not be placed, and every match that could go two ways, is written as a
    comment at the top, never guessed. A summary and the command to run next go to stderr
    (not with --quiet, which prints the draft only to --output). Exits 3 when no file could be
    given to any table (the draft's comments say why).
    """
    from wfkpi.app.map import draft_mapping

    run = draft_mapping(path, limits=common.limits(limit))
    common.not_an_input(output, path, *run.files)
    figures = run.summary()
    for table, files in figures["tables"].items():
        common.log.info("%s: %s", table, visible(", ".join(files)))
    common.log.info("placed %d of %d headers; mapped %d labels", figures["placed"],
                    figures["headers"], figures["labels"])
    common.emit(run.text, output, quiet=quiet)
    unusable = not figures["tables"]  # no file could be given to a table: nothing to map
    if quiet:
        if unusable:
            raise typer.Exit(3)
        return
    if common.to_stdout(output):
        output = None  # the draft went to stdout, as without --output
    where = visible(output) if output else "the draft"
    lines = [f"Placed {figures['placed']} of {figures['headers']} headers; mapped "
             f"{figures['labels']} label{'s' if figures['labels'] != 1 else ''}."
             if figures["tables"] else "No file could be given to a table: the draft's "
             "comments say why."]
    for table, files in figures["tables"].items():
        lines.append(f"  {table}: {visible(', '.join(files))}")
    todo = []
    if figures["headers"] - figures["placed"]:
        todo.append(f"{figures['headers'] - figures['placed']} header(s) not placed")
    if figures["unmapped_labels"]:
        todo.append(f"{figures['unmapped_labels']} label(s) not mapped "
                    f"({figures['unmapped_rows']:,} rows)")
    if figures["doubts"]:
        todo.append(f"{figures['doubts']} uncertain match(es) left as comments")
    if figures["unread"]:
        todo.append(f"{len(figures['unread'])} file(s) not read")
    if "workers" in figures["missing"]:
        todo.append("no workers file found")
    if todo:
        lines.append(f"Left to do: {'; '.join(todo)}: see the comments at the top of {where}.")
    if unusable:
        typer.echo("\n".join(lines), err=True)
        raise typer.Exit(3)
    mapping = shlex.quote(str(output)) if output else "FILE"
    save = "" if output else "Save the draft (or use --output FILE), check it, then run: "
    lines.append(f"{save or 'Next: '}wfkpi validate {visible(shlex.quote(str(path)))} "
                 f"--mapping {visible(mapping)}")
    typer.echo("\n".join(lines), err=True)
