"""Configuration files: the YAML loader every one goes through, and the one way to find the files
shipped in the package (the default targets, peers and scopes; DfE's figures; census schemas)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from wfkpi.core.errors import ConfigError

# A configuration file is a few hundred lines; these stop a file built to exhaust memory: a
# huge file, or a few lines of YAML aliases that expand to billions of values ("billion laughs").
MAX_YAML_MB = 10
MAX_YAML_VALUES = 1_000_000  # values (scalars, lists, mappings) with every alias expanded


def package_file(*parts: str) -> Path:
    """A file shipped inside the package: ``package_file("config", "targets.yaml")``."""
    return Path(str(resources.files("wfkpi").joinpath(*parts)))


def load_yaml(path: Path, what: str) -> Any:
    """Safe-load a YAML file, turning every failure into a :class:`ConfigError`."""
    try:
        size = path.stat().st_size
        if size > MAX_YAML_MB * 1024 * 1024:
            raise ConfigError(f"{path}: the {what} file is {size / 1024 / 1024:,.0f} MB, over the "
                              f"{MAX_YAML_MB} MB a configuration file may be; is it the right "
                              "file?")
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such {what} file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: the {what} file cannot be read ({exc})") from None
    try:
        return _load(text, path, what)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError(f"{path}: the {what} file is not valid YAML{where}: {exc.problem}") \
            from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: the {what} file is not valid YAML: {exc}") from None


def key_lines(path: Path) -> dict[tuple[Any, ...], int]:
    """The line (from 1) of each key and list item of a YAML file that :func:`load_yaml` has
    read, by its path of keys and indexes (``("workers", "columns", "fte")``): for messages
    that point at a line."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(path.read_text(encoding="utf-8-sig"))
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    lines: dict[tuple[Any, ...], int] = {}
    stack: list[tuple[Any, tuple[Any, ...]]] = [(root, ())]
    while stack:
        node, at = stack.pop()
        if len(at) > 8:  # deeper than any configuration goes (and aliases may loop)
            continue
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    lines.setdefault((*at, key.value), key.start_mark.line + 1)
                    stack.append((value, (*at, key.value)))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                lines.setdefault((*at, i), item.start_mark.line + 1)
                stack.append((item, (*at, i)))
    return lines


def _load(text: str, path: Path, what: str) -> Any:
    """``yaml.safe_load``, refusing a document whose aliases expand past the limit before any
    Python object is built from it."""
    # libyaml's parser when PyYAML has it (the targets file loads in a tenth of the time)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _count_values(node, path, what)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _count_values(root: Any, path: Path, what: str) -> None:
    """The values ``root`` holds once every alias is expanded, counted without expanding them
    (a node's count is worked out once, however often it is referred to)."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()  # nodes whose children are still being counted
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in sizes:
            continue
        if not done and id(node) in open_nodes:
            raise ConfigError(f"{path}: the {what} file has an alias inside the value it names "
                              f"(line {node.start_mark.line + 1}), so the value never ends")
        if isinstance(node, yaml.ScalarNode):
            sizes[id(node)] = 1
            continue
        children = [c for pair in node.value for c in pair] \
            if isinstance(node, yaml.MappingNode) else list(node.value)
        if done:
            open_nodes.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes.get(id(c), 0) for c in children)
            if sizes[id(node)] > MAX_YAML_VALUES:
                line = node.start_mark.line + 1
                raise ConfigError(
                    f"{path}: the {what} file's aliases (*name) expand, from line {line}, to "
                    f"more than {MAX_YAML_VALUES:,} values, the limit for a configuration file; "
                    "write the values out, or use fewer aliases")
            continue
        open_nodes.add(id(node))
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in sizes)
