"""``wfkpi mappings``: the mappings wfkpi ships for HR systems' exports."""

from __future__ import annotations

from pathlib import Path

import typer

from wfkpi.cli import common


def command(
    name: str | None = typer.Argument(
        None, show_default=False,
        help="Print this mapping, to copy and adapt; all of them are listed when left out."),
    output: Path | None = typer.Option(
        None, "--output", "-o", metavar="FILE", show_default=False,
        help="With NAME: write the mapping to this file (atomically) instead of stdout, to "
        "adapt it there."),
    quiet: bool = common.QUIET,
    verbose: bool = common.VERBOSE,
) -> None:
    """List the mappings shipped for HR systems' exports (use one with --mapping NAME)."""
    from wfkpi.app.read import shipped_mappings
    from wfkpi.core.display import visible
    from wfkpi.core.errors import UsageError

    shipped = shipped_mappings()
    if name is None and output is not None:
        raise UsageError("--output writes one mapping: name it, e.g. `wfkpi mappings "
                         f"{shipped[0][0]} --output FILE`")
    if name is not None:
        found = {n: path for n, _, path in shipped}
        if name not in found:
            raise UsageError(f"no mapping named '{name}' is shipped (shipped: "
                             f"{', '.join(found)})")
        common.log.info("mapping %s: %s", name, visible(found[name]))
        common.emit(found[name].read_text(encoding="utf-8"), output, quiet=quiet)
        return
    common.log.info("%d mappings shipped", len(shipped))
    if quiet:
        return
    from rich.table import Table

    table = Table(show_edge=False)
    for column in ("Name", "Reads"):
        table.add_column(column, overflow="fold")
    for shipped_name, about, _ in shipped:
        table.add_row(shipped_name, about)
    out = common.console()
    out.print(table)
    out.print("Use one with --mapping NAME; `wfkpi mappings NAME` prints it to adapt "
              "(`wfkpi docs mappings`).")
