"""``wfkpi mappings``: the mappings wfkpi ships for HR systems' exports."""

from __future__ import annotations

import typer


def command(
    name: str | None = typer.Argument(
        None, show_default=False,
        help="Print this mapping, to copy and adapt; all of them are listed when left out."),
) -> None:
    """List the mappings shipped for HR systems' exports (use one with --mapping NAME)."""
    from rich.table import Table

    from wfkpi.app.read import shipped_mappings
    from wfkpi.cli import common
    from wfkpi.core.errors import UsageError

    shipped = shipped_mappings()
    if name is not None:
        found = {n: path for n, _, path in shipped}
        if name not in found:
            raise UsageError(f"no mapping named '{name}' is shipped (shipped: "
                             f"{', '.join(found)})")
        typer.echo(found[name].read_text(encoding="utf-8"), nl=False)
        return
    table = Table(show_edge=False)
    for column in ("Name", "Reads"):
        table.add_column(column, overflow="fold")
    for shipped_name, about, _ in shipped:
        table.add_row(shipped_name, about)
    out = common.console()
    out.print(table)
    out.print("Use one with --mapping NAME; `wfkpi mappings NAME` prints it to adapt "
              "(docs/mappings.md).")
