"""A census file streamed safely, record by record.

A file that declares a DTD or an entity (the way to a billion-laughs or an external-entity
attack) is refused (``unsafe-xml``) before any XML parser sees it: wfkpi reads the file's prolog,
the text before its root element, itself. The rest is parsed safely and streamed: lxml's
``iterparse`` with entities unresolved, no DTD loaded and no network, and a DTD refused again
should the prolog scan miss one. Each record is cleared once read, so a national-size file stays
in modest memory. A namespace declared on ``<Message>`` (``xmlns="..."``, which the census's
schemas do not have) is read through: each element is named by its local name.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from wfkpi.core.issues import Issue
from wfkpi.read.files import FileProblem

# The record-like elements: a worker, the authority-level figures, the header's two parts.
RECORD_TAGS = ("CSWWWorker", "LALevelVacancies", "LALevel", "CollectionDetails", "Source")


def elements(path: Path | bytes, display: str, visit: Callable[[Any], None] | None = None
             ) -> Iterator[tuple[str, int, dict[str, str]]]:
    """(tag, line, child element texts) for each record-like element, streamed safely.

    The prolog is checked (:func:`_declaration`) before lxml reads a byte. Each record is
    cleared, and everything before it dropped, once read; so is every element outside a record
    (headers, LA-level items, elements the census does not have), so memory is bounded by the
    largest record, not by the file. The root's first event checks the file again before any
    record is read.

    ``visit`` is called with each child of the root and of ``<Header>`` (each record among them)
    whole, before it is cleared: the schema check (:mod:`.check`) validates it there. ``path``
    may be the bytes of a file wfkpi wrote itself, which are parsed as they are.
    """
    try:
        if isinstance(path, Path):
            if path.stat().st_size == 0:
                raise FileProblem(Issue("empty-file", "The file is empty (0 bytes)",
                                        file=display))
            declared = _declaration(path)
            if declared:
                raise FileProblem(_unsafe(display, *declared))
        source = str(path) if isinstance(path, Path) else io.BytesIO(path)
        context = etree.iterparse(source, events=("end",), resolve_entities=False,
                                  no_network=True, load_dtd=False, huge_tree=False,
                                  remove_comments=True, remove_pis=True)
        checked = False
        for _, element in context:
            if not checked:
                checked = True
                _check_root(element.getroottree(), display)
            if element.tag[0] == "{":  # a namespace declared on <Message>: read by local name
                _local_names(element)
            parent = element.getparent()
            if visit is not None and parent is not None and (
                    parent.getparent() is None or parent.tag == "Header"):
                visit(element)
            if element.tag in RECORD_TAGS:
                values: dict[str, str] = {}
                for child in element:
                    name, text = child.tag, child.text
                    if name not in values and isinstance(name, str):
                        values[name] = text.strip() if text else ""
                yield element.tag, element.sourceline or 0, values
            elif parent is None or parent.tag in RECORD_TAGS or element.tag == "Message":
                continue  # the root, or an item of a record not yet read: kept until it is
            element.clear()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
        if not checked:  # no census element at all: say what the file is
            _check_root(context.root.getroottree(), display)
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position and exc.position[0] else exc.lineno
        message = re.sub(r"(, line \d+)+, column \d+$", "", exc.msg or str(exc))
        last = exc.error_log.last_error
        if not line and last is not None and last.line:  # e.g. an undeclared entity: lxml
            line, message = last.line, last.message  # says "no element found", libxml2 why
        raise FileProblem(Issue("unreadable-file", f"Not well-formed XML (line {line}): "
                                f"{message}" if line else f"Not well-formed XML: {message}",
                                file=display, row=line or None)) from None
    except OSError as exc:
        raise FileProblem(Issue("unreadable-file", f"The file could not be read: "
                                f"{exc.strerror or exc}", file=display)) from None



# ---------------------------------------------------------------------------- the prolog

# What may come before the root element, and what ends it; anything else ends the prolog.
_SKIPPED = (("<?", "?>"), ("<!--", "-->"))  # the XML declaration and other PIs; comments
_REFUSED = {"<!DOCTYPE": "a DTD (<!DOCTYPE ...>)", "<!ENTITY": "an entity (<!ENTITY ...>)"}
_LONGEST = max(map(len, _REFUSED))
_SPACE = " \t\r\n\ufeff"
_CHUNK = 64 * 1024
# Byte-order marks, longest first, and the patterns of zero bytes (True) in the first four
# bytes that tell UTF-32 and UTF-16 without a mark, as XML 1.0 Appendix F sets out.
_MARKS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
          (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
          (codecs.BOM_UTF16_BE, "utf-16"))
_ZEROS = {(True, True, True, False): "utf-32-be", (False, True, True, True): "utf-32-le",
          (True, False, True, False): "utf-16-be", (False, True, False, True): "utf-16-le"}
_DECLARED = re.compile(rb"<\?xml\s[^>]*?\bencoding\s*=\s*[\"']([A-Za-z][\w.:-]*)[\"']")


def _declaration(path: Path) -> tuple[str, int] | None:
    """The DTD or entity declared before the root element, and its line; None when there is none.

    Only the prolog is read, a chunk at a time: white space, the XML declaration, processing
    instructions and comments are stepped over (however long) up to the first other markup.
    """
    with path.open("rb") as raw:
        head = raw.read(1024)
    with path.open(encoding=_encoding(head), errors="replace", newline="") as text:
        buffer, line, closer = "", 1, ""
        while True:
            chunk = text.read(_CHUNK)
            buffer += chunk
            while True:
                if closer:  # inside a comment or processing instruction
                    end = buffer.find(closer)
                    if end < 0:  # keep what could start the closer
                        keep = max(len(buffer) - len(closer) + 1, 0)
                        line += buffer.count("\n", 0, keep)
                        buffer = buffer[keep:]
                        break
                    end += len(closer)
                    line += buffer.count("\n", 0, end)
                    buffer, closer = buffer[end:], ""
                rest = buffer.lstrip(_SPACE)
                line += buffer.count("\n", 0, len(buffer) - len(rest))
                buffer = rest
                if len(buffer) < _LONGEST and chunk:
                    break  # too little to tell what comes next
                opened = next(((o, c) for o, c in _SKIPPED if buffer.startswith(o)), None)
                if opened is None:
                    return next(((what, line) for markup, what in _REFUSED.items()
                                 if buffer[:len(markup)].upper() == markup), None)
                buffer, closer = buffer[len(opened[0]):], opened[1]
            if not chunk:
                return None


def _encoding(head: bytes) -> str:
    """The encoding to read the prolog in: a byte-order mark's, else the one the zero bytes show,
    else the one the XML declaration names (if Python knows it and it reads the declaration's
    own ``<?xml`` as such, as UTF-7 does), else UTF-8."""
    marked = next((name for mark, name in _MARKS if head.startswith(mark)), None) or \
        _ZEROS.get(tuple(byte == 0 for byte in head[:4]))
    if marked:
        return marked
    declared = _DECLARED.match(head)
    if declared:
        name = declared.group(1).decode("ascii")
        try:
            if head[:5].decode(name) == "<?xml":
                return name
        except (LookupError, ValueError):  # not a text encoding Python has; or not this file's
            pass
    return "utf-8"


def _unsafe(display: str, what: str, line: int | None = None) -> Issue:
    return Issue("unsafe-xml", f"The file declares {what}. Census files have none, and wfkpi "
                 "does not read DTDs: they can expand entities without limit or reach other "
                 "files and the network. Remove the declaration if the file is a real census "
                 "return", file=display, row=line)


def _check_root(tree: Any, display: str) -> None:
    """Refuse a file that declares a DTD, or whose root is not the census's <Message>."""
    info = tree.docinfo
    if info.internalDTD is not None or info.system_url or info.public_id:
        raise FileProblem(_unsafe(display, _REFUSED["<!DOCTYPE"]))
    root = tree.getroot()
    if etree.QName(root).localname != "Message":
        raise FileProblem(Issue("not-a-census", f"The root element is <{root.tag}>, not the "
                                "census's <Message>", file=display, row=root.sourceline))


def _local_names(element: Any) -> None:
    """Name ``element`` and its ancestors by their local names, dropping the namespace (the
    ancestors are still open, and the checks above look at their names)."""
    while element is not None and element.tag[0] == "{":
        element.tag = etree.QName(element).localname
        element = element.getparent()


def namespace(path: Path | bytes) -> tuple[str, int] | None:
    """The namespace ``<Message>`` is in (a default one, ``xmlns="..."``) and its line; None
    when it is in none.

    The census's schemas have none: :func:`elements` reads such a file by local names all the
    same, and the pre-submission check reports the namespace (:mod:`.check`). Only the root's
    start tag is read; call this once :func:`elements` has read the file safely."""
    source = str(path) if isinstance(path, Path) else io.BytesIO(path)
    for _, root in etree.iterparse(source, events=("start",), resolve_entities=False,
                                   no_network=True, load_dtd=False):
        found = etree.QName(root).namespace
        return (found, root.sourceline or 1) if found else None
    return None
