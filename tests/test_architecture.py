"""The package's floors (docs/architecture.md): every import runs downward, or within a room.

A module's room is its first package under ``wfkpi``: ``core``; ``read`` and ``engine`` side by
side; ``targets``, ``census`` and ``sample``; ``app`` and ``render`` side by side; ``cli`` on
top. A room imports from itself and from rooms on lower floors, never from one beside or above
it; the command line uses only the front door (``app``), the renderers and ``core``.
"""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[1] / "src" / "wfkpi"

FLOORS = {
    "core": 0,
    "read": 1, "engine": 1,
    "targets": 2, "census": 2, "sample": 2,
    "app": 3, "render": 3,
    "cli": 4,
}
CLI_USES = {"app", "render", "core"}


def room(module: str) -> str | None:
    """``wfkpi.read.load`` → ``read``; None for the package's own ``__init__``/``__main__``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in FLOORS else None


def imports(path: Path) -> list[tuple[int, str]]:
    """Every ``wfkpi`` module ``path`` imports, at any depth (inside functions too)."""
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            found += [(node.lineno, f"{base}.{a.name}") for a in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
    return [(line, name) for line, name in found if name.split(".")[0] == "wfkpi"]


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_downward(path: Path) -> None:
    own = room(".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts))
    if own is None:
        return
    wrong = []
    for line, name in imports(path):
        other = room(name)
        if other is None:  # `from wfkpi import __version__`
            continue
        if other != own and (FLOORS[other] >= FLOORS[own]
                               or (own == "cli" and other not in CLI_USES)):
            wrong.append(f"line {line}: {name} ({other}, floor {FLOORS[other]})")
    assert not wrong, f"{own} (floor {FLOORS[own]}) imports upward or sideways: {wrong}"


def test_every_room_has_a_floor() -> None:
    rooms = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert rooms == set(FLOORS)
    loose = {p.name for p in PACKAGE.glob("*.py")} - {"__init__.py", "__main__.py"}
    assert not loose, f"modules outside every room: {sorted(loose)}"


def test_the_layering_check_catches_an_upward_import(tmp_path: Path, monkeypatch) -> None:
    fake = tmp_path / "wfkpi"
    (fake / "engine").mkdir(parents=True)
    (fake / "engine" / "bad.py").write_text("from wfkpi.app import report\n"
                                            "def f():\n    from wfkpi.read import load\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    with pytest.raises(AssertionError, match=r"line 1: wfkpi.app.*line 3: wfkpi.read.load"):
        test_imports_run_downward(fake / "engine" / "bad.py")


@pytest.mark.parametrize("args", [["--help"], ["councils"], ["targets"],
                                  ["targets", "--council", "peterborough", "--format", "json"],
                                  ["schema"], ["schema", "workers", "--format", "markdown"]])
def test_quick_commands_load_no_pandas(args: list[str]) -> None:
    """``wfkpi --help``, ``councils``, ``targets`` and ``schema`` answer, each in a fresh
    process, without loading pandas or numpy."""
    code = (f"import sys; from wfkpi.cli import run; code = run({args!r}); "
            "print(sorted({'pandas', 'numpy'} & set(sys.modules)), code)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip().splitlines()[-1] == "[] 0"


DOCS = [Path(__file__).parents[1] / "README.md",
        *sorted((Path(__file__).parents[1] / "docs").glob("*.md"))]
DOTTED = re.compile(r"`(wfkpi(?:\.\w+)+)")


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_docs_name_modules_and_names_that_exist(doc: Path) -> None:
    """Every ``wfkpi.…`` a page names is a module, or a name in one: a move leaves no page
    pointing at a room that is gone."""
    missing = []
    for dotted in sorted(set(DOTTED.findall(doc.read_text(encoding="utf-8")))):
        parts = dotted.split(".")
        for cut in range(len(parts), 0, -1):
            try:
                found: object = importlib.import_module(".".join(parts[:cut]))
            except ModuleNotFoundError:
                continue
            for name in parts[cut:]:
                found = getattr(found, name, None)
            if found is None:
                missing.append(dotted)
            break
    assert not missing, f"{doc.name} names what does not exist: {missing}"
