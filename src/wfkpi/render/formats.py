"""The output formats, by name, and what a registered format is.

The command line builds its ``--format`` choices from the names here without loading a renderer
(this module imports nothing heavy), and each family registers its renderers under the same
names in its ``FORMATS``: :mod:`wfkpi.render.report`, :mod:`wfkpi.render.scorecard` and
:mod:`wfkpi.render.trend`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# A KPI report without a council, a council's scorecard, and a trend, in the order `--help`
# lists them. `wfkpi report` offers the same names with or without --council.
REPORT_FORMATS = ("table", "json", "csv", "markdown", "xlsx", "html")
SCORECARD_FORMATS = ("table", "json", "csv", "markdown", "xlsx", "html")
TREND_FORMATS = ("table", "json", "csv", "xlsx", "html")
PEERS_FORMATS = ("table", "json", "csv", "markdown", "xlsx", "html")  # `wfkpi peers`
EXPLAIN_FORMATS = ("table", "json", "csv", "markdown", "xlsx", "html")  # a bridge, `wfkpi explain`


@dataclass(frozen=True)
class Format:
    """One output format: its name and the function that draws the data in it.

    ``render(data)`` returns the text (or, when ``binary``, the bytes) to write; a ``terminal``
    format instead draws on a Rich console, ``render(data, console)``, and is written to a file
    as plain text.

    ``drawn_by`` is that function, or the name of the module whose ``render`` it is: a module
    loaded only when its format is drawn, so that a run drawing a table does not load the
    workbook writer.
    """

    name: str
    drawn_by: Callable[..., Any] | str
    binary: bool = False  # bytes, so written only to a file (--output)
    terminal: bool = False

    @property
    def render(self) -> Callable[..., Any]:
        if isinstance(self.drawn_by, str):
            return importlib.import_module(self.drawn_by).render  # type: ignore[no-any-return]
        return self.drawn_by


def registry(names: tuple[str, ...], *formats: Format) -> dict[str, Format]:
    """``formats`` by name, in the order of ``names``: the command line's choices and the
    registered renderers cannot drift apart, because a name without a renderer (or a renderer
    without a name) fails here, when the registry is built."""
    found = {item.name: item for item in formats}
    if sorted(found) != sorted(names) or len(found) != len(formats):
        raise ValueError(f"the formats registered, {[f.name for f in formats]}, are not the "
                         f"formats named, {list(names)}")
    return {name: found[name] for name in names}


TERMINAL = "table"  # the format drawn on a terminal, by a family's ``terminal`` module
BINARY = frozenset({"xlsx"})  # the formats written as bytes


def family(package: str, names: tuple[str, ...]) -> dict[str, Format]:
    """The formats ``names`` of one family of renderers, by name: each drawn by the ``render``
    function of its module in ``package``, the one of its name (``table`` by ``terminal``).
    A module is loaded only when its format is drawn."""
    return registry(names, *(
        Format(name, f"{package}.{'terminal' if name == TERMINAL else name}",
               binary=name in BINARY, terminal=name == TERMINAL) for name in names))
