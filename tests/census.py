"""Census XML for tests: DfE children's social work workforce (CSWW) returns built from records.

:func:`census_xml` writes a return for one schema ("2021-2023", "2024" or "2025") from a list of
record dicts (census element -> text, a list of texts for an element that repeats, or None to
leave it out). The element order, the vacancy element's name and its items are read from the
shipped XSD of that year, so a file written here is in schema order by construction, and
:func:`schema_errors` checks it against the same XSD (its ``SWENo`` pattern read without the
literal ``$`` that makes every real number fail, as ``src/wfkpi/data/README.md`` explains).

:func:`write_national` streams a national-size return (tens of thousands of records) to disk for
the memory and time measurements; ``python tests/census.py OUT.xml --workers 40000`` runs it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

import wfkpi

SCHEMA_DIR = Path(wfkpi.__file__).resolve().parent / "data" / "csww"
XSD = {
    "2021-2023": SCHEMA_DIR / "csww_schema_2021_2023.xsd",
    "2024": SCHEMA_DIR / "csww_schema_2024.xsd",
    "2025": SCHEMA_DIR / "csww_schema_2025.xsd",
}
SCHEMAS = tuple(XSD)
XS = "{http://www.w3.org/2001/XMLSchema}"

Value = str | Sequence[str] | None
Record = Mapping[str, Value]

# Values for the items a schema requires and a test seldom cares about.
REQUIRED_DEFAULTS = {"QualInst": "Institution Name"}
VACANCY_DEFAULTS = {
    "NumberOfVacancies": "0.00", "NoAgencyFTE": "0.00", "NoAgencyHeadcount": "0",
    "RecruitmentBonus": "0", "RetentionBonus": "0", "PerformanceAward": "0",
    "CarAllowance": "0", "RelocationPackage": "0", "RegionalWeighting": "0", "CostSWE": "0",
    "CostDBS": "0", "OtherAllowances": "None",
}


def schema_for_year(year: int) -> str:
    """The schema a collection year's return follows (2017 to 2020 use 2021's layout)."""
    return "2025" if year >= 2025 else "2024" if year == 2024 else "2021-2023"


@dataclass(frozen=True)
class Layout:
    """What a schema's XSD says a return holds, in order."""

    worker: tuple[str, ...]  # <CSWWWorker> children
    worker_required: frozenset[str]
    vacancy_tag: str  # LALevelVacancies, or LALevel in 2025
    vacancy: tuple[str, ...]


@cache
def layout(schema: str) -> Layout:
    root = etree.parse(str(XSD[schema])).getroot()

    def sequence(type_name: str) -> list[etree._Element]:
        kind = root.find(f"{XS}complexType[@name='{type_name}']")
        assert kind is not None, type_name
        return list(kind.iter(f"{XS}element"))

    worker = sequence("workertype")
    message = [e.get("name") for e in sequence("messagetype")]
    return Layout(
        worker=tuple(e.get("name") for e in worker),
        worker_required=frozenset(e.get("name") for e in worker if e.get("minOccurs") != "0"),
        vacancy_tag=next(name for name in message if name.startswith("LALevel")),
        vacancy=tuple(e.get("name") for e in sequence("vacancytype")),
    )


SWENO_AS_SHIPPED = rb"[A-Za-z]{2}\d{1,10}$"


@cache
def xml_schema(schema: str, *, as_shipped: bool = False) -> etree.XMLSchema:
    """The year's XSD, with its ``SWENo`` pattern ``[A-Za-z]{2}\\d{1,10}$`` read without the
    ``$``: XML Schema has no anchors, so the ``$`` is a literal character and no real Social Work
    England number matches. Every shipped copy (2021-2023, 2024 and 2025) has it.
    ``as_shipped`` compiles the file unchanged."""
    text = XSD[schema].read_bytes()
    assert text.count(SWENO_AS_SHIPPED) == 1, schema
    if not as_shipped:
        text = text.replace(SWENO_AS_SHIPPED, SWENO_AS_SHIPPED[:-1])
    return etree.XMLSchema(etree.fromstring(text))


def schema_errors(data: bytes, schema: str, *, as_shipped: bool = False) -> list[str]:
    """Every way ``data`` breaks the XSD of ``schema`` (see :func:`xml_schema`), with its line."""
    checker = xml_schema(schema, as_shipped=as_shipped)
    checker.validate(etree.fromstring(data))
    return [f"line {e.line}: {e.message}" for e in checker.error_log]


def census_xml(
    records: Iterable[Record],
    *,
    schema: str,
    year: int | None = None,
    reference_date: dt.date | str | None = None,
    la: str | None = "301",
    vacancies: Mapping[str, str] | None | bool = True,
    header: bool = True,
    allow_unknown: bool = False,
) -> bytes:
    """A census return for ``schema``; see the module docstring.

    ``year`` defaults to the schema's first year; ``reference_date`` to 30 September of
    ``year`` (give ``""`` to leave it out, and ``year=0`` to leave out ``<Year>``).
    ``vacancies``: the LA-level items (missing ones take :data:`VACANCY_DEFAULTS`); True for the
    defaults, False to leave the element out. ``allow_unknown`` writes elements the schema does
    not have after the known ones (the file then fails the schema); otherwise they are an error.
    """
    return b"".join(census_chunks(records, schema=schema, year=year,
                                  reference_date=reference_date, la=la, vacancies=vacancies,
                                  header=header, allow_unknown=allow_unknown))


def census_chunks(
    records: Iterable[Record],
    *,
    schema: str,
    year: int | None = None,
    reference_date: dt.date | str | None = None,
    la: str | None = "301",
    vacancies: Mapping[str, str] | None | bool = True,
    header: bool = True,
    allow_unknown: bool = False,
) -> Iterator[bytes]:
    """:func:`census_xml` as a stream of byte chunks (one per record after the head)."""
    shape = layout(schema)
    if year is None:
        year = int(schema[:4])
    if reference_date is None:
        reference_date = dt.date(year, 9, 30) if year else ""
    head = ['<?xml version="1.0" encoding="UTF-8"?>', "<Message>"]
    if header:
        head += ["  <Header>", "    <CollectionDetails>", "      <Collection>CSWW</Collection>"]
        if year:
            head.append(f"      <Year>{year}</Year>")
        if str(reference_date):
            head.append(f"      <ReferenceDate>{reference_date}</ReferenceDate>")
        head += ["    </CollectionDetails>", "    <Source>", "      <SourceLevel>L</SourceLevel>"]
        if la is not None:
            head.append(f"      <LEA>{la}</LEA>")
        head += ["      <SoftwareCode>wfkpi tests</SoftwareCode>",
                 "      <DateTime>2025-10-01T09:00:00</DateTime>", "    </Source>", "  </Header>"]
    if vacancies is not False:
        given = vacancies if isinstance(vacancies, Mapping) else {}
        unknown = set(given) - set(shape.vacancy)
        if unknown:
            raise ValueError(f"not in <{shape.vacancy_tag}> of {schema}: {sorted(unknown)}")
        head.append(f"  <{shape.vacancy_tag}>")
        for name in shape.vacancy:
            head.append(f"    <{name}>{escape(given.get(name, VACANCY_DEFAULTS[name]))}</{name}>")
        head.append(f"  </{shape.vacancy_tag}>")
    yield ("\n".join(head) + "\n").encode("utf-8")
    for record in records:
        yield _record(record, shape, schema, allow_unknown).encode("utf-8")
    yield b"</Message>\n"


def _record(record: Record, shape: Layout, schema: str, allow_unknown: bool) -> str:
    unknown = [name for name in record if name not in shape.worker]
    if unknown and not allow_unknown:
        raise ValueError(f"not in <CSWWWorker> of {schema}: {unknown}")
    lines = ["  <CSWWWorker>"]
    for name in (*shape.worker, *unknown):
        value = record.get(name, REQUIRED_DEFAULTS.get(name) if name in shape.worker_required
                           else None)
        if value is None:
            continue
        for text in [value] if isinstance(value, str) else value:
            lines.append(f"    <{name}>{escape(text)}</{name}>")
    lines.append("  </CSWWWorker>")
    return "\n".join(lines) + "\n"


def write_census(path: Path, records: Iterable[Record], *, schema: str, check: bool = True,
                 **options: object) -> Path:
    """Write :func:`census_xml` to ``path``; with ``check``, assert it meets its XSD."""
    data = census_xml(records, schema=schema, **options)  # type: ignore[arg-type]
    if check:
        errors = schema_errors(data, schema)
        assert errors == [], f"{path.name} breaks the {schema} schema: {errors[:5]}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def worker_lines(data: bytes) -> list[int]:
    """The line each ``<CSWWWorker>`` starts on (as the reader numbers records)."""
    return [number for number, line in enumerate(data.decode("utf-8").splitlines(), start=1)
            if line.strip() == "<CSWWWorker>"]


def fte(value: float) -> str:
    """An FTE as the census writes it: six decimals."""
    return f"{value:.6f}"


# ------------------------------------------------------------------- national-size returns

def national_records(workers: int, *, year: int = 2025, seed: int = 2025) -> Iterator[Record]:
    """``workers`` plausible records for the year to 30 September ``year``: about 70% in post,
    15% starters, 12% leavers and the rest agency workers, every census item filled in."""
    rng = random.Random(seed)
    schema = schema_for_year(year)
    window = dt.date(year - 1, 10, 1)
    sex = ("M", "F") if schema != "2021-2023" else ("1", "2")
    for i in range(workers):
        kind = rng.random()
        agency = kind > 0.97
        starter = 0.70 <= kind < 0.85
        leaver = 0.85 <= kind < 0.97
        start = window + dt.timedelta(days=rng.randrange(365)) if starter else \
            window - dt.timedelta(days=rng.randrange(1, 6000))
        record: dict[str, Value] = {
            "AgencyWorker": "1" if agency else "0",
            "SWENo": f"SW{100000 + i}",
            "FTE": fte(rng.choice((1.0, 1.0, 1.0, 0.8, 0.6, 0.5)) if rng.random() < 0.9
                       else rng.uniform(0.1, 1.0)),
            "PersonBirthDate": (dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(14000))
                                ).isoformat(),
            "Sex": rng.choice(sex), "GenderCurrent": rng.choice(sex),
            "Ethnicity": rng.choice(("WBRI", "WOTH", "BAFR", "AIND", "MWBC", "REFU")),
            "QualInst": "Institution Name", "QualLevel": rng.choice("123"),
            "StepUpGrad": rng.choice("01"), "OrgRole": rng.choice("555556432"),
            "RoleStartDate": start.isoformat(), "StartOrigin": str(rng.randint(1, 10)),
            "Cases30": str(rng.randint(0, 30)),
            "WorkingDaysLost": f"{rng.choice((0, 0, 0, rng.uniform(0, 40))):.2f}",
            "ContractWeeks": f"{rng.uniform(1, 52):.1f}", "FrontlineGrad": rng.choice("01"),
            "Absat30Sept": "0", "ReasonAbsence": rng.choice(("SIC", "TRN", "OTH")),
            "CFKSSstatus": rng.choice("1234"),
            "BaseSalary": f"{rng.uniform(32000, 60000):.2f}", "RRPayments": "0.00",
            "OtherPayments": "0.00",
        }
        if leaver:
            end = window + dt.timedelta(days=rng.randrange(365))
            record.update(RoleEndDate=end.isoformat(), LeaverDestination=str(rng.randint(1, 9)),
                          ReasonLeave=str(rng.randint(1, 10)), FTE30=record["FTE"],
                          Cases30=None)
        if agency:
            record.update(WorkingDaysLost=None, StartOrigin=None)
        yield {k: v for k, v in record.items() if k in layout(schema).worker}


def write_national(path: Path, workers: int, *, year: int = 2025, seed: int = 2025) -> Path:
    """A national-size return written record by record (the generator holds one at a time)."""
    schema = schema_for_year(year)
    vacancies = {"NumberOfVacancies": f"{workers * 0.15:.2f}",
                 "NoAgencyFTE": f"{workers * 0.1:.2f}", "NoAgencyHeadcount": str(workers // 10)}
    with path.open("wb") as handle:
        for chunk in census_chunks(national_records(workers, year=year, seed=seed),
                                   schema=schema, year=year, vacancies=vacancies):
            handle.write(chunk)
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Write a national-size census return.")
    parser.add_argument("out", type=Path)
    parser.add_argument("--workers", type=int, default=40_000)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    write_national(args.out, args.workers, year=args.year, seed=args.seed)
    print(f"{args.out}: {args.workers:,} records, {args.out.stat().st_size:,} bytes")
