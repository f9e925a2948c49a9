"""Terminal tables that fit a terminal of 80 columns or more: an id (a target, a KPI, a scope, a
council) is folded only after an ``_`` and never inside a word, and prose wraps around it.

An id column is given the text already folded (:func:`fold`) and ``no_wrap``, so that Rich
never cuts it; the prose columns beside it share what is left.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.cells import cell_len


def pieces(word: str, breaks: str = "_") -> list[str]:
    """``agency_rate_fte`` → ``agency_``, ``rate_``, ``fte``: each piece ends at one of
    ``breaks`` (``/`` too, for a path)."""
    marks = re.escape(breaks)
    return re.findall(f"[^{marks}]*[{marks}]+|[^{marks}]+", word) or [""]


def widest_piece(texts: Iterable[str], breaks: str = "_") -> int:
    """The widest piece of any word of ``texts``: no fold can make a line narrower."""
    return max((cell_len(piece) for text in texts for word in text.split()
                for piece in pieces(word, breaks)), default=0)


def widest_line(texts: Iterable[str]) -> int:
    return max((cell_len(line) for text in texts for line in text.split("\n")), default=0)


def fold(text: str, width: int, breaks: str = "_") -> str:
    """``text`` on lines of at most ``width`` columns: broken at spaces, and a word wider than
    the line after one of its underscores (``qualified_social_`` / ``workers``); a piece wider
    than ``width`` is left whole, never cut."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        lines = [""]
        for word in paragraph.split(" "):
            space = " " if lines[-1] else ""
            if cell_len(lines[-1] + space + word) <= width:
                lines[-1] += space + word
                continue
            if lines[-1]:
                lines.append("")
            for piece in pieces(word, breaks):
                if lines[-1] and cell_len(lines[-1] + piece) > width:
                    lines.append("")
                lines[-1] += piece
        out.extend(lines)
    return "\n".join(out)


def id_width(texts: Iterable[str], share: int, breaks: str = "_") -> int:
    """The width of a column of ids: as wide as its widest line when that fits in ``share``
    columns, else ``share`` (but never narrower than the widest piece of an id)."""
    texts = list(texts)
    return min(widest_line(texts), max(share, widest_piece(texts, breaks)))
