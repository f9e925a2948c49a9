"""Problems found in the input, as data.

Every problem is an :class:`Issue` with a stable ``code`` (a slug that scripts can rely on), a
severity, where it is (file, sheet, spreadsheet row, column) and a plain message. Messages never
contain the offending cell value: that travels in ``value`` so that ``--redact`` can drop it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]

# code -> (severity, what it means). The catalogue is documented in docs/validation.md.
CODES: dict[str, tuple[Severity, str]] = {
    # whole files
    "empty-file": ("error", "The file has no content."),
    "no-data-rows": ("error", "The workers file has a header but no data rows."),
    "empty-table": ("warning", "An optional table has a header but no rows: read as empty."),
    "not-a-workbook": ("error", "The file is not a spreadsheet wfkpi can read."),
    "unreadable-file": ("error", "The file could not be read."),
    "over-limit": ("error", "The file is over a limit on size, cells, columns or line length "
                   "(--limit)."),
    "encoding": ("error", "The text is neither UTF-8 nor Windows-1252, or mixes the two."),
    "malformed-csv": ("error", "A CSV line could not be split into cells."),
    "sheet-not-found": ("error", "The named sheet is not in the workbook."),
    "header-not-found": ("error", "No header row naming the table's columns was found."),
    "file-not-found": ("error", "No file for a table that the mapping names."),
    "unsafe-xml": ("error", "An XML file declares a DTD, which wfkpi never reads."),
    "not-a-census": ("error", "An XML file that is not a CSWW census return."),
    "missing-table": ("error", "A required table was not supplied."),
    # columns
    "missing-column": ("error", "A required column is not in the file."),
    "no-header": ("error", "The header row names no column: the file has no header row, or it "
                  "is on another row."),
    "duplicate-column": ("error", "Two columns map to the same canonical column."),
    # cells
    "required": ("error", "A required cell is blank."),
    "bad-date": ("error", "Not a date wfkpi can read (ISO, day-first or Excel serial)."),
    "bad-number": ("error", "Not a number."),
    "bad-integer": ("error", "Not a whole number."),
    "bad-boolean": ("error", "Not yes/no, true/false, y/n or 1/0."),
    "bad-value": ("error", "Not one of the allowed values."),
    "out-of-range": ("error", "Outside the allowed range."),
    "blank-value": ("warning", "A blank cell the figures need (e.g. FTE): the row is kept."),
    "above-expected": ("warning", "Above the usual maximum (e.g. FTE over 1)."),
    # rows
    "blank-row": ("warning", "A blank row inside the data was skipped."),
    "totals-row": ("warning", "A totals row was recognised and skipped."),
    "footer-row": ("warning", "A line of report furniture (End of Report, Page 1 of 3, Report "
                   "run on ...) was recognised and skipped."),
    "other-sheet": ("warning", "The workbook has other sheets holding data that were not read."),
    "unmapped-label": ("warning", "A label of an enum or yes/no column that is not mapped, "
                       "once per file and label with its row count and the closest value; "
                       "each row holding it is an error of its own."),
    "filtered": ("warning", "Rows the mapping's where or skip leaves out, counted."),
    "history": ("warning", "How the date-effective rows of a mapping's history were made into "
                "spells: rows, assignments, spells."),
    "history-not-in-file": ("warning", "A file read under a mapping's history has none of its "
                            "columns: its rows are read as spells."),
    "history-end-alone": ("warning", "An ending row of a mapping's history with no spell open "
                          "before it: not read."),
    "end-before-start": ("error", "The end date is before the start date."),
    "duplicate-spell": ("error", "The same worker, post and dates appear twice (or the same "
                        "training record, appraisal or campaign)."),
    "reason-without-end": ("warning", "A leaving reason is given but no end date."),
    "unknown-worker": ("warning", "An absence, training record, appraisal or supervision "
                       "session names a worker who is not in the workers table."),
    "unmatched-workers": ("error", "Too few of a table's rows name a worker in the workers "
                          "table: the ids do not join, and the KPIs from that table have no "
                          "value."),
    "unknown-label": ("warning", "An equality label (ethnicity, disability) in none of the known "
                      "lists: left out of the figures; relabel it through the mapping."),
    "implausible": ("warning", "A figure outside what is possible or plausible (a rate over "
                    "100%, agency cover above agency FTE, a caseload over 60)."),
    "funnel-order": ("warning", "A recruitment stage is larger than the one before it (more "
                     "offers than interviews)."),
    "completed-long-before-due": ("warning", "An appraisal completed more than a year before "
                                  "it was due."),
    # census
    "census-rule": ("warning", "A CSWW census rule is broken; the record is still read."),
    "census-mismatch": ("warning", "A census figure declared for the whole authority disagrees "
                        "with the worker records (NoAgencyFTE against the agency records)."),
    # the census pre-submission check (validate on a census file; docs/census.md)
    "csww-schema": ("error", "A census file breaks its collection year's XML schema (an "
                    "element missing, out of order, or not in the schema's form)."),
    "csww-reference-date": ("warning", "A census <ReferenceDate> in another year than its "
                            "<Year>."),
    "csww-role-cases": ("warning", "A census record holds cases (Cases30) in a role without "
                        "cases (OrgRole 6)."),
    "csww-leaver": ("warning", "A census record gives a leaver's destination without a "
                    "RoleEndDate."),
    "csww-agency-items": ("warning", "A census agency record gives an item DfE counts for "
                          "directly employed workers only (WorkingDaysLost, StartOrigin)."),
    "csww-fte": ("warning", "A directly employed census record in post with FTE 0."),
    "csww-days-lost": ("warning", "A census record's WorkingDaysLost is above the working days "
                       "of the census year."),
    "csww-vacancy-rate": ("warning", "The census vacancies are implausibly many for the "
                          "in-post FTE (a vacancy rate above 50%)."),
    "csww-year-on-year": ("warning", "A census headline figure moved far from last year's "
                          "return (--previous)."),
    # ASC-WDS bulk upload
    "not-known": ("warning", "A figure is not known (999, or not given): it is left out."),
    "misaligned-list": ("error", "A ;-separated list does not line up with ALLJOBROLES."),
    "ascwds-rule": ("warning", "An ASC-WDS bulk-upload rule is broken; read as ASC-WDS reads it."),
}


@dataclass(frozen=True)
class Issue:
    code: str
    message: str
    file: str = ""
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None

    @property
    def severity(self) -> Severity:
        return CODES[self.code][0]

    def to_dict(self, *, redact: bool = False) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity
        if redact:
            data["value"] = None
        order = ("severity", "code", "file", "sheet", "row", "column", "value", "message")
        return {key: data[key] for key in order}


def shorten(value: object, limit: int = 40) -> str:
    """A cell value as it may be shown: its first line, at most ``limit`` characters (a cell
    holding several lines may hold other rows' text)."""
    first = str(value).splitlines()[0] if str(value).strip() else ""
    text = " ".join(first.split()) if first.strip() else repr(str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"
