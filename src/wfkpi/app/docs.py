"""``wfkpi docs``: the documentation installed with the package, page by page.

The pages are the repository's ``docs/*.md``, shipped as package data (``src/wfkpi/docs`` links
to them, and a wheel holds copies), so that an installed ``wfkpi`` carries the pages its
``--help`` names as ``wfkpi docs NAME``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wfkpi.core.config import package_file
from wfkpi.core.errors import UsageError


@dataclass(frozen=True)
class Topic:
    """One page: its name (the file's stem, as ``wfkpi docs NAME`` takes it) and first heading."""

    name: str
    title: str
    path: Path


def topics() -> list[Topic]:
    """Every installed page, by name."""
    folder = package_file("docs")
    pages = sorted(folder.glob("*.md")) if folder.is_dir() else []
    if not pages:
        raise UsageError(f"the documentation is not installed ({folder} holds no page); "
                         "reinstall wfkpi")
    return [Topic(page.stem, _title(page), page) for page in pages]


def page(name: str) -> str:
    """The Markdown of the page named ``name``; a usage error listing the pages when there is
    none of that name."""
    found = {topic.name: topic for topic in topics()}
    if name not in found:
        raise UsageError(f"no documentation page named {name!r}; the pages are "
                         f"{', '.join(found)} (`wfkpi docs` lists them with their titles)")
    return found[name].path.read_text(encoding="utf-8")


def _title(path: Path) -> str:
    """A page's first heading, without its ``#``."""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                return line.lstrip("#").strip()
    return ""
