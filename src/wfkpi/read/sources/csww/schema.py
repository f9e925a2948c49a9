"""The census's XML schema of each year, and what its violations mean in plain English.

wfkpi ships the schema of each collection (``src/wfkpi/data/csww/``: 2021-2023, 2024, 2025;
returns of 2017 to 2020 follow 2021's layout). The copies are read with one documented fix:
their ``SWENo`` pattern ends in ``$``, which XML Schema reads as a literal character, not as an
end anchor, so that no real Social Work England number would match; it is read without it
(``docs/census.md``, "The schema check").

A return is checked record by record while it streams (:mod:`.check`), so each record's own
type is declared here as a global element too: ``CSWWWorker``, the LA-level element,
``CollectionDetails`` and ``Source``. libxml2's messages ("Element 'QualLevel': This element is
not expected. Expected is ( QualInst ).") are turned into what the analyst has to do ("<QualInst>
is missing: the 2021-2023 schema requires it, before <QualLevel>"), never quoting the value,
which travels in the issue's ``value`` so that ``--redact`` can drop it. :attr:`Layout.collapsed`
names the elements whose surrounding white space XML Schema ignores (dates, years, numbers), which
the check takes away before libxml2 sees them (``docs/census.md``, "White space and empty
elements").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from lxml import etree

from wfkpi.core.config import package_file

SCHEMAS = ("2021-2023", "2024", "2025")
_FILES = {"2021-2023": "csww_schema_2021_2023.xsd", "2024": "csww_schema_2024.xsd",
          "2025": "csww_schema_2025.xsd"}
XS = "{http://www.w3.org/2001/XMLSchema}"

# The fix each shipped copy needs: (what the copy says, what is read instead, why).
FIXES = ((rb"[A-Za-z]{2}\d{1,10}$", rb"[A-Za-z]{2}\d{1,10}",
          "SWENo: the pattern's '$' is a literal character in XML Schema, not an end anchor"),)

# What a pattern asks for, in words, by element.
_FORMS = {"SWENo": "a Social Work England number: two letters, then 1 to 10 digits",
          "LEA": "the authority's three-digit LA code"}
_TYPES = {"xs:date": "a date (YYYY-MM-DD)", "xs:gYear": "a year (YYYY)",
          "xs:dateTime": "a date and time (YYYY-MM-DDThh:mm:ss)", "xs:integer": "a whole number",
          "xs:decimal": "a number"}


def schema_for_year(year: int) -> str:
    """The schema a collection year's return follows (2017 to 2020 use 2021's layout)."""
    return "2025" if year >= 2025 else "2024" if year == 2024 else "2021-2023"


@dataclass(frozen=True)
class Layout:
    """What the schema says each part of a return holds, in order, and which items it requires."""

    name: str
    vacancy_tag: str  # LALevelVacancies, or LALevel in 2025
    sequences: dict[str, tuple[str, ...]]  # element -> its children, in order
    required: dict[str, frozenset[str]]  # element -> the children it must have
    types: dict[str, str]  # child element -> its type name (e.g. ftedecimal, xs:date)
    collapsed: frozenset[str]  # elements whose white space around the value does not count


@cache
def layout(name: str) -> Layout:
    """The element order of the year's schema, read from the shipped XSD."""
    root = _document(name)
    types = {kind.get("name"): kind for kind in root.iter(f"{XS}complexType")}
    message = [e.get("name") for e in types["messagetype"].iter(f"{XS}element")]
    vacancy_tag = next(tag for tag in message if tag.startswith("LALevel"))
    owners = {"Message": "messagetype", "Header": "headertype",
              "CollectionDetails": "collectiondetailstype", "Source": "sourcetype",
              vacancy_tag: "vacancytype", "CSWWWorker": "workertype"}
    sequences, required, element_types = {}, {}, {}
    for element, kind in owners.items():
        children = list(types[kind].iter(f"{XS}element"))
        sequences[element] = tuple(str(e.get("name")) for e in children)
        required[element] = frozenset(str(e.get("name")) for e in children
                                      if e.get("minOccurs", "1") != "0")
        for child in children:
            element_types.setdefault(str(child.get("name")), _type_name(child))
    bases = {str(kind.get("name")): _type_name(kind) for kind in root.iter(f"{XS}simpleType")
             if kind.get("name")}

    def base(kind: str) -> str:  # the built-in type a named simple type restricts
        for _ in range(len(bases) + 1):
            kind = bases.get(kind, kind)
        return kind

    # XML Schema collapses the white space around every value but a string's (dates, numbers,
    # years); a string's codes and patterns (SWENo, Sex, OrgRole ...) count it as part of it
    collapsed = frozenset(element for element, kind in element_types.items()
                          if kind and kind not in types and base(kind) != "xs:string")
    return Layout(name, vacancy_tag, sequences, required, element_types, collapsed)


def _type_name(element: Any) -> str:
    """An element's type name, or the base an inline (or named) simple type restricts."""
    kind = element.get("type")
    if kind:
        return str(kind)
    base = element.find(f"{XS}restriction") if element.tag == f"{XS}simpleType" else \
        element.find(f"{XS}simpleType/{XS}restriction")
    return str(base.get("base")) if base is not None else ""


@cache
def record_schema(name: str) -> Any:
    """The year's XSD, fixed (:data:`FIXES`), with each record's type declared as a global
    element so that a record can be validated on its own as the file streams."""
    root = _document(name)
    tag = layout(name).vacancy_tag
    for element, kind in (("CSWWWorker", "workertype"), (tag, "vacancytype"),
                          ("CollectionDetails", "collectiondetailstype"),
                          ("Source", "sourcetype")):
        etree.SubElement(root, f"{XS}element", name=element, type=kind)
    return etree.XMLSchema(root)


@cache
def document_schema(name: str) -> Any:
    """The year's XSD, fixed, as it is: for checking a whole document in memory."""
    return etree.XMLSchema(_document(name))


def _document(name: str) -> Any:
    text = package_file("data", "csww", _FILES[name]).read_bytes()
    for wrong, right, _ in FIXES:
        text = text.replace(wrong, right)
    return etree.fromstring(text)


# ------------------------------------------------------------------------ plain English

_ELEMENT = re.compile(r"^Element '([^']+)'(?:, attribute '([^']+)')?: ")
_EXPECTED = re.compile(r"Expected is (?:one of )?\( ([^)]*) \)")
_QUOTED = re.compile(r"'([^']*)'")


def explain(message: str, parent: str, schema: str, *, empty: bool = False) -> tuple[str, str]:
    """(element, what is wrong in plain English) for a libxml2 schema message about a child of
    ``parent`` (``CSWWWorker``, ``Header`` ...); the message never quotes the element's text.
    ``empty``: the element the message is about holds nothing (``<FTE/>``)."""
    found = _ELEMENT.match(message)
    element = found.group(1) if found else parent
    rest = message[found.end():] if found else message
    shape = layout(schema)
    order = shape.sequences.get(parent, ())
    named = f"the {schema} schema"
    expected = _expected(rest)
    if empty and found and not found.group(2) and "expected" not in rest.lower():
        kind = shape.types.get(element, "")
        words = _FORMS.get(element) or _TYPES.get(kind) or (
            "a number" if element in shape.collapsed else "a value")
        if element in shape.required.get(parent, ()):
            return element, f"<{element}> is empty: {named} requires {words}"
        return element, (f"<{element}> is empty: {named} takes {words} there, or no "
                         f"<{element}> element at all")
    if "This element is not expected" in rest:
        return _unexpected(element, expected, order, shape.required.get(parent, frozenset()),
                           parent, named)
    if "Missing child element" in rest:
        required = [e for e in expected if e in shape.required.get(element, ())] or expected
        what = " or ".join(f"<{e}>" for e in required)
        return (required[0] if len(required) == 1 else element,
                f"{what} is missing: {named} requires it in <{element}>")
    if "[facet 'pattern']" in rest:
        form = _FORMS.get(element, "the form the schema sets")
        return element, f"<{element}> is not {form}"
    if "[facet 'enumeration']" in rest:
        codes = _QUOTED.findall(rest[rest.find("{"):])
        return element, f"<{element}> is not one of {named}'s codes ({', '.join(codes)})"
    if "[facet 'maxInclusive']" in rest or "[facet 'minInclusive']" in rest:
        limit = _QUOTED.findall(rest)[-1]
        side = "above the maximum" if "maxInclusive" in rest else "below the minimum"
        return element, f"<{element}> is {side} of {limit} that {named} allows"
    if "[facet 'fractionDigits']" in rest:
        digits = _QUOTED.findall(rest)[-1]
        return element, (f"<{element}> has more than {digits} decimal place"
                         f"{'' if digits == '1' else 's'}, the most {named} allows")
    if "[facet 'minLength']" in rest or "[facet 'length']" in rest:
        return element, f"<{element}> is empty: {named} requires a value"
    if "is not a valid value of the" in rest:
        kind = shape.types.get(element, "")
        words = _TYPES.get(kind) or ("a number" if kind else "a value of its type")
        return element, f"<{element}> is not {words}"
    if "Character content other than whitespace" in rest:
        return element, f"<{element}> holds text where {named} expects only elements"
    if "Element content is not allowed" in rest:
        return element, f"<{element}> holds elements where {named} expects a value"
    if found and found.group(2):
        return element, f"<{element}> has an attribute ({found.group(2)}) {named} does not allow"
    return element, f"<{element}>: {_scrub(rest)}"


def _expected(text: str) -> list[str]:
    found = _EXPECTED.search(text)
    return [e.strip() for e in found.group(1).split(",")] if found else []


def _unexpected(element: str, expected: list[str], order: tuple[str, ...],
                required: frozenset[str], parent: str, named: str) -> tuple[str, str]:
    """An element where the schema expects another: a required one missing before it, the
    element out of order or repeated, or an element the schema does not have at all."""
    if element not in order:
        return element, f"<{element}> is not an element of <{parent}> in {named}"
    place = order.index(element)
    missing = [e for e in expected if e in required and e in order and order.index(e) < place]
    if missing:
        return missing[0], (f"<{missing[0]}> is missing: {named} requires it, before "
                            f"<{element}>")
    later = [e for e in expected if e in order and order.index(e) > place]
    if later:
        return element, (f"<{element}> is out of order or repeated: {named} puts it before "
                         f"<{later[0]}>")
    return element, f"<{element}> is out of order or repeated in <{parent}>"


def _scrub(text: str) -> str:
    """A message without the element text it quotes."""
    text = re.sub(r"The value '.*?'(?= (?:is|has|must) )", "The value", text)
    return re.sub(r"^'.*?'(?= is not a valid value)", "The value", text)
