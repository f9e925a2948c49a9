"""What every renderer shows the same way, written once: how a status looks in each format, text
made safe for a spreadsheet, the JSON of the documented contracts, and the line saying which
files of an extract were left unread.

The statuses themselves are :data:`wfkpi.core.names.STATUSES`; "not judged" is the status of a
group too small to judge in a target judged group by group (docs/targets.md).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from rich.markup import escape

from wfkpi.core.display import visible

# A shape beside each status word, so that no status rests on colour alone.
SYMBOL = {"green": "✓", "amber": "!", "red": "✗", "no data": "?", "not measured": "–",
          "not judged": "·"}
EMOJI = {"green": "🟢", "amber": "🟠", "red": "🔴", "no data": "⚪", "not measured": "➖",
         "not judged": "▫️"}

# Excel's own "Good", "Neutral" and "Bad" cell styles, and greys: (fill, text).
COLOURS = {"green": ("C6EFCE", "006100"), "amber": ("FFEB9C", "7A4500"),
           "red": ("FFC7CE", "9C0006"), "no data": ("E7E6E6", "3A3A3A"),
           "not measured": ("F2F2F2", "3A3A3A"), "not judged": ("F2F2F2", "3A3A3A")}

# Rich markup for a status word in a terminal table.
STATUS_STYLE = {"green": "bold green", "amber": "bold yellow", "red": "bold red",
                "no data": "dim", "not measured": "dim"}

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse(text: str) -> str:
    """Text that a spreadsheet would read as a formula, with a leading ``'`` so it stays text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# What a Markdown renderer would act on in text from the data: a tag or autolink (``<`` before
# a letter, ``/``, ``!`` or ``?``), an entity (``&lt;``), link brackets, and emphasis or code
# marks (an ``_`` inside a word, as in ``snapshot_days``, is none).
MARKDOWN_MARKUP = re.compile(r"<(?=[A-Za-z/!?])|&(?=#?[A-Za-z0-9]+;)|[\[\]`*\\]"
                             r"|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")


def markdown_text(text: object) -> str:
    """Text from the data safe inside a Markdown table cell: one line, control characters
    written out (:func:`visible`), pipes escaped, no tag, link, emphasis or code span."""
    one_line = " ".join(visible(text).split())
    return MARKDOWN_MARKUP.sub(lambda match: "\\" + match.group(), one_line).replace("|", "\\|")


def count(n: int, word: str) -> str:
    """``1 error``, ``2 errors``, ``1,204 warnings``: a number with its noun, singular for one."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def unread_line(quality: dict[str, Any], *, text: Callable[[str], str] = str,
                code: Callable[[str], str] = "`{}`".format) -> str:
    """The files an input-quality summary says were left unread (its ``unread``), by name, and
    why: ``Left unread: training.csv, supervision.csv — no dfe KPI reads them; `wfkpi validate`
    checks every table``; "" when every table was read. ``text`` makes the words from the data
    safe for the format, ``code`` marks the command as code. Each ``why`` ends "reads it" (or
    "does not read it"), said of several files as "them"."""
    files: dict[str, list[str]] = {}
    for item in quality.get("unread") or []:
        files.setdefault(item["why"], []).append(PurePath(item["file"]).name or item["file"])
    if not files:
        return ""
    parts = [f"{', '.join(names)} — {_of_them(why) if len(names) > 1 else why}"
             for why, names in files.items()]
    return (f"{text('Left unread: ' + '; '.join(parts))}; {code('wfkpi validate')} checks "
            "every table")


def _of_them(why: str) -> str:
    """``no dfe KPI reads it`` said of several files: ``no dfe KPI reads them``."""
    return why[:-len(" it")] + " them" if why.endswith(" it") else why


def json_text(data: dict[str, Any]) -> str:
    """A JSON document as wfkpi writes every one: indented, UTF-8 as it is, a final newline; the
    same data gives the same text."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def shown(text: object) -> str:
    """Text from the data, a configuration or a path as Rich prints it: never markup (a team
    named ``[/]`` is shown as it is), control characters written out (:func:`visible`)."""
    return escape(visible(text))
