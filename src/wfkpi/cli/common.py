"""Options shared by several commands, defined once, and what they do: output files and their
placeholders, ``-`` for stdout and stdin, --quiet, --verbose and the progress bar."""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
import string
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

from wfkpi.core.display import visible
from wfkpi.core.errors import UsageError

log = logging.getLogger("wfkpi.cli")

STDIO = "-"  # as PATH: read standard input; as --output: write standard output


def _stdin_path(ctx: typer.Context, value: Path | None) -> Path | None:
    """PATH ``-``: standard input, saved for the run in a temporary folder under the name of
    what it holds (see :func:`spool_stdin`)."""
    if value is None or str(value) != STDIO:
        return value
    return spool_stdin(ctx)


PATH = typer.Argument(
    ..., metavar="PATH", show_default=False, callback=_stdin_path,
    help="A folder of extracts (workers.csv, vacancies.csv, absences.csv, or the files a "
    "mapping names), a single file, a DfE census XML file or an ASC-WDS folder. - reads one "
    "file from standard input: a census XML file, or else a workers table (CSV, or an XLSX "
    "workbook), saved for the run as census.xml or workers.csv (.xlsx) in a temporary folder "
    "that messages name and that is removed afterwards.")
MAPPING = typer.Option(None, "--mapping", "-m", help="YAML file mapping an HR system's headers "
                       "and labels to the canonical tables (see `wfkpi docs mappings`).",
                       show_default=False)
STANDARD_WEEK = typer.Option(
    None, "--standard-week", metavar="HOURS", min=1, max=80, show_default=False,
    help="Full-time weekly hours, to turn ASC-WDS contracted hours into FTE. Default: 37.")
LIMIT = typer.Option(
    None, "--limit", metavar="NAME=VALUE", show_default=False,
    help="Raise (or lower) a limit on one input file; repeat for several. NAME is file-mb "
    "(default 500), unzipped-mb (an XLSX/ODS unzipped, 2048), cells (of one sheet or CSV, "
    "50000000), columns (1000) or line-kb (one CSV line, 1024). A file over a limit is an "
    "over-limit error naming it; the other files are still read.")


def limits(values: list[str] | None) -> Any:
    """``--limit`` values as :class:`wfkpi.read.limits.Limits` (a usage error when wrong)."""
    from wfkpi.app import options

    return options.limits(values)


PARAM = typer.Option(
    None, "--param", metavar="NAME=VALUE", show_default=False,
    help="Set a KPI parameter; repeat for several. training_days (default 10), course (none), "
    "day_hours (7.4), supervision_weeks (6), max_cases (15); the values used are printed with "
    "the figures (`wfkpi docs kpis`).")


def params(values: list[str] | None) -> dict[str, str] | None:
    """``--param`` values by name, checked (a usage error when wrong)."""
    from wfkpi.app import options

    return options.params(values)


def check_community(community: Path | None, council: str | None) -> None:
    """A community profile is compared with a council's targets: it needs --council."""
    if community is not None and council is None:
        raise UsageError("--community is compared with a council's targets: add --council ID")


COMMUNITY = typer.Option(
    None, "--community", metavar="FILE", show_default=False,
    help="With --council: a community profile (YAML: area, source, ethnic_minority_percent) "
    "that representation targets are compared with (`wfkpi docs targets`).")


REDACT = typer.Option(False, "--redact", help="Leave cell values out of the issues listed.")
AS_AT = typer.Option(
    None, "--as-at", metavar="DATE", show_default=False,
    help="Reference date (ISO or day-first). Default: the last month-end the data covers; "
    "the date used is always printed.")
SCOPE = typer.Option(
    None, "--scope", show_default=False,
    help="Limit to a named population (see `config/scopes.yaml`), e.g. "
    "team_manager_and_below. Default: everyone.")
TARGETS_FILE = typer.Option(
    None, "--targets", metavar="FILE", show_default=False,
    help="A targets file in the layout of config/targets.yaml instead of the shipped one.")
SCOPES_FILE = typer.Option(
    None, "--scopes", metavar="FILE", show_default=False,
    help="YAML file of extra or replacement scopes, in the layout of config/scopes.yaml.")


_log_handlers: list[logging.Handler] = []


def _quiet(ctx: typer.Context, value: bool) -> bool:
    if value and ctx.params.get("verbose"):
        _stop_logging()  # --verbose came first; the command will not run
        raise typer.BadParameter("--quiet and --verbose ask for opposite things: choose one")
    return value


def _verbose(ctx: typer.Context, value: bool) -> bool:
    """Send the ``wfkpi.*`` loggers to stderr until the command ends."""
    if not value:
        return value
    if ctx.params.get("quiet"):
        raise typer.BadParameter("--quiet and --verbose ask for opposite things: choose one")
    _stop_logging()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s",
                                           "%Y-%m-%dT%H:%M:%S"))
    logging.getLogger("wfkpi").addHandler(handler)
    logging.getLogger("wfkpi").setLevel(logging.INFO)
    _log_handlers.append(handler)
    ctx.call_on_close(_stop_logging)
    return value


def _stop_logging() -> None:
    logger = logging.getLogger("wfkpi")
    while _log_handlers:
        logger.removeHandler(_log_handlers.pop())
    logger.setLevel(logging.NOTSET)


QUIET = typer.Option(
    False, "--quiet", "-q", callback=_quiet,
    help="Print nothing on success: no progress bar, and the result only to --output (without "
    "--output, run for the exit code alone). Failures still go to stderr with their exit code.")
VERBOSE = typer.Option(
    False, "--verbose", "-v", callback=_verbose,
    help="Log to stderr what is done: files read, rows, rows set aside, the reference date, "
    "timings. Never a cell value, name or id.")


class PipeClosed(Exception):
    """stdout's reader has gone (``wfkpi targets | head -1``): the run stops quietly, exit 141.
    Not an ``OSError``, which typer would turn into exit 1 on its way out."""


def pipe_closed() -> bool:
    """Whether typer met a closed stdout and ended the run with exit 1: it leaves its mark,
    wrapping sys.stdout so that nothing more is flushed into the closed pipe."""
    return type(sys.stdout).__name__ == "PacifyFlushWrapper"


def console() -> Any:
    """The terminal (stdout) as rich draws on it."""
    return _console_type()(highlight=False, soft_wrap=False)


def errors() -> Any:
    """stderr as rich draws on it: what a command says beside a result sent to stdout."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=False)


_consoles: list[Any] = []


def _console_type() -> Any:
    """rich's Console, made to stop with :class:`PipeClosed` when stdout's reader has gone (rich
    itself would end the run with exit 1, the code of a missed target)."""
    if not _consoles:
        from rich.console import Console

        class Terminal(Console):
            def on_broken_pipe(self) -> None:
                self.quiet = True
                raise PipeClosed

        _consoles.append(Terminal)
    return _consoles[0]


def to_stdout(output: Path | None) -> bool:
    """Whether ``--output`` is ``-``, standard output."""
    return output is not None and str(output) == STDIO


def stdout_text(text: str) -> None:
    """Text to stdout, a closed pipe ending the run (exit 141). Written in blocks, each
    flushed: one large write to a pipe whose reader has gone can end part-way without an
    error, and the run would end 0 with its output cut short."""
    out = sys.stdout
    data = text.encode(out.encoding or "utf-8", errors="replace") \
        if hasattr(out, "buffer") else None
    try:
        if data is None:  # a stream without bytes beneath it (a test's capture)
            out.write(text)
            out.flush()
            return
        out.flush()
        for start in range(0, len(data), _BLOCK_BYTES // 16):
            out.buffer.write(data[start:start + _BLOCK_BYTES // 16])
            out.buffer.flush()
    except BrokenPipeError:
        raise PipeClosed from None


def stdout_bytes(data: bytes, what: str = "a workbook") -> None:
    """Bytes to stdout, when it is not a terminal (a workbook would garble it: a usage error)."""
    if sys.stdout.isatty():
        raise UsageError(f"--output -: {what} is binary and would garble the terminal; "
                         "redirect it (--output - > FILE) or pipe it on, or write it to a file "
                         "with --output FILE")
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise PipeClosed from None


def _stdout(text: str | bytes) -> None:
    if isinstance(text, str):
        stdout_text(text)
    else:
        stdout_bytes(text)


def spool_stdin(ctx: typer.Context) -> Path:
    """Standard input saved in a temporary folder, removed when the command ends: a census XML
    file as census.xml, a workbook as workers.xlsx (or workers.ods), anything else as
    workers.csv (a file's table is known from its name). It is copied in blocks, never held
    whole, and the reader's limits then apply to the file as to any other. Refused when stdin
    is a terminal."""
    stdin = sys.stdin
    if stdin is None or stdin.isatty():
        raise UsageError("PATH -: reads a file from standard input, which is a terminal here; "
                         "send one in, e.g. `wfkpi validate - < workers.csv`")
    source = stdin.buffer if hasattr(stdin, "buffer") else io.BytesIO(stdin.read().encode())
    first = source.read(_SNIFF_BYTES)
    folder = Path(tempfile.mkdtemp(prefix="wfkpi-stdin-"))
    ctx.call_on_close(lambda: shutil.rmtree(folder, ignore_errors=True))
    path = folder / _stdin_name(first)
    with path.open("wb") as out:
        out.write(first)
        shutil.copyfileobj(source, out, _BLOCK_BYTES)
    log.info("standard input: %d bytes, read as %s", path.stat().st_size, path.name)
    return path


_SNIFF_BYTES = 4096
_BLOCK_BYTES = 1024 * 1024
_ODS = b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet"  # an ODS zip's first entry


def _stdin_name(first: bytes) -> str:
    """The name standard input is saved under, from its first bytes."""
    head = first[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return "census.xml"
    if first.startswith(b"PK\x03\x04"):
        return "workers.ods" if _ODS in first[:200] else "workers.xlsx"
    return "workers.csv"


def date_option(text: str | None, option: str) -> Any:
    """A date given on the command line, read by the same rules as dates in the data."""
    from wfkpi.app import options

    return options.date(text, option)


def emit(text: str | bytes, output: Path | None, *, quiet: bool = False) -> None:
    """Text to the terminal (unless ``quiet``), or text or bytes atomically to ``output``,
    creating its folder when needed; ``output`` ``-`` is stdout, even with ``quiet`` (bytes
    only when stdout is not a terminal)."""
    if output is None:
        if not quiet:
            _stdout(text)
        return
    if to_stdout(output):
        _stdout(text)
        log.info("wrote %d bytes to stdout",
                 len(text.encode() if isinstance(text, str) else text))
        return
    from wfkpi.render.output import write_atomic

    try:
        write_atomic(output, text)
    except FileExistsError as exc:  # a file where a folder should be
        raise UsageError(f"cannot write {output}: {exc.filename} is not a folder") from None
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    log.info("wrote %s (%d bytes)", visible(output),
             len(text.encode() if isinstance(text, str) else text))


def emit_table(draw: Any, output: Path | None, *, quiet: bool = False) -> None:
    """A rich rendering to the terminal (unless ``quiet``; with ``output`` ``-`` always), or as
    plain text to ``output``."""
    if output is None or to_stdout(output):
        if not quiet or output is not None:
            draw(console())
        return
    from rich.console import Console

    capture = Console(record=True, width=120, file=io.StringIO())
    draw(capture)
    emit(capture.export_text(), output)


def emit_as(shape: Any, data: dict, output: Path | None, quiet: bool) -> None:
    """``data`` drawn in a registered format (:class:`wfkpi.render.formats.Format`): a terminal
    format on the terminal (or as plain text to ``output``), any other as the text or bytes its
    renderer returns."""
    if shape.terminal:
        emit_table(lambda console: shape.render(data, console), output, quiet=quiet)
        return
    assert output is not None or not shape.binary  # the command asked for --output
    emit(shape.render(data), output, quiet=quiet)


def exit_if_invalid(quality: dict[str, Any], figures: str) -> None:
    """Figures from an invalid extract are written (from the rows that could be read), but the
    run fails, so that a cron job never takes them for good ones."""
    if quality["verdict"] == "INVALID":
        typer.echo(f"error: the input has {quality['errors']} error(s); {figures} leave out "
                   "the rows set aside. `wfkpi validate` lists them.", err=True)
        raise typer.Exit(3)


# ------------------------------------------------------------------ --output placeholders

PLACEHOLDERS = ("council", "as_at", "method", "format")


def _placeholders(output: Path) -> list[tuple[str, str | None]]:
    """``output`` as (literal text, placeholder or None) pairs, every placeholder a known one."""
    text = str(output)
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise UsageError(f"--output {text!r}: {exc}; write {{{{ or }}}} for a literal "
                         "brace") from None
    known = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
    for _, name, spec, conversion in parts:
        if name is not None and (name not in PLACEHOLDERS or spec or conversion):
            field = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            raise UsageError(f"--output {text!r}: unknown placeholder {{{field}}}; the "
                             f"placeholders are {known}")
    return [(literal, name) for literal, name, _, _ in parts]


def check_output(output: Path | None, **unset: str) -> None:
    """Fail before any work on an --output placeholder that is unknown or that this run leaves
    without a value; ``unset`` maps such a placeholder to why, e.g. ``council="without
    --council"``."""
    if output is None:
        return
    for _, name in _placeholders(output):
        if name in unset:
            raise UsageError(f"--output {str(output)!r}: {{{name}}} has no value "
                             f"{unset[name]}")


def output_path(output: Path | None, **values: str | None) -> Path | None:
    """``output`` with ``{council}``, ``{as_at}``, ``{method}`` and ``{format}`` filled in from
    ``values`` (``{{`` and ``}}`` are literal braces)."""
    if output is None:
        return None
    filled = []
    for literal, name in _placeholders(output):
        filled.append(literal)
        if name is not None:
            value = values.get(name)
            if value is None:
                raise UsageError(f"--output {str(output)!r}: {{{name}}} has no value in this run")
            filled.append(_file_name_text(value))
    return Path("".join(filled))


def not_an_input(target: Path | None, *inputs: Any) -> None:
    """Refuse an output that would replace a file of the extract (an input-quality summary's
    ``tables``, and the files it left ``unread``: the extract's all the same), the path given,
    or a configuration file."""
    if target is None or to_stdout(target):
        return
    read: list[Any] = []
    kept: list[Any] = []  # the extract's files this run leaves unread
    for item in inputs:
        if isinstance(item, dict):  # an input-quality summary
            read += [table["file"] for table in item.get("tables", [])]
            kept += [unread["file"] for unread in item.get("unread", [])]
        elif item is not None:
            read.append(item)
    written = target.resolve()
    for items, what in ((read, "which this run reads"),
                        (kept, "a file of the extract (this run leaves it unread)")):
        for item in items:
            if Path(item).resolve() == written:
                raise UsageError(f"--output {target}: that is {item}, {what}; write the "
                                 "output elsewhere")


def _file_name_text(value: str) -> str:
    """A placeholder's value as it goes into a file name: letters, digits, ``.``, ``_`` and
    ``-`` only (anything else, ``/`` included, becomes ``_``), and never ``.`` or ``..``, so a
    council id from a targets file cannot move an output out of its folder."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", value)
    return "_" if safe in ("", ".", "..") else safe


# ---------------------------------------------------------------- progress and logging

MANY_FILES = 4  # a progress bar for this many files or more,
LARGE_FILE = 16 * 1024 * 1024  # for a file this large (bytes),
SLOW = 1.0  # or once reading has taken this many seconds


@contextmanager
def progress(quiet: bool) -> Iterator[Callable[[str, int, int], None]]:
    """A ``Progress`` callback (:mod:`wfkpi.app.read`) for the files read: each is logged (seen
    with --verbose), and a transient progress bar on stderr shows them when reading is long (many
    files, a large one, or slow). No bar with --quiet or --verbose, or when stderr is not a
    terminal."""
    show = not quiet and not log.isEnabledFor(logging.INFO) and sys.stderr.isatty()
    bar: Any = None
    task: Any = None
    started = began = time.monotonic()

    def update(file: str, done: int, total: int) -> None:
        nonlocal bar, task, began
        if done == 0:
            began = time.monotonic()
        if done < total:
            log.info("reading %s (file %d of %d)", visible(file), done + 1, total)
        else:
            log.info("read %d file%s in %.2f s", total, "" if total == 1 else "s",
                     time.monotonic() - began)
        if not show:
            return
        what = f"reading {Path(file).name}" if done < total else f"read {total} files"
        if bar is not None:
            bar.update(task, description=what, completed=done, total=total)
        elif (total >= MANY_FILES or time.monotonic() - started >= SLOW
              or _size(file) >= LARGE_FILE):
            bar, task = _bar(what, done, total)
            bar.start()  # once `bar` is set, so that a Ctrl-C while it starts still stops it

    try:
        yield update
    finally:
        if bar is not None:
            bar.stop()  # a second Ctrl-C cannot break in: the first one holds the others


def _size(file: str) -> int:
    try:
        return os.path.getsize(file)
    except OSError:
        return 0


def _bar(description: str, done: int, total: int) -> tuple[Any, Any]:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                   MofNCompleteColumn(), TimeElapsedColumn(), console=Console(stderr=True),
                   transient=True, redirect_stdout=False)  # stdout is the result's alone
    task = bar.add_task(description, completed=done, total=total)
    return bar, task  # not started yet


def log_month(what: str, done: int, total: int) -> None:
    """A ``Progress`` callback for ``trend``, which counts months rather than files."""
    if done < total:
        log.info("reading %s (month %d of %d)", visible(what), done + 1, total)
    else:
        log.info("read %d months", total)


def log_run(quality: dict[str, Any], as_at: str, as_at_source: str) -> None:
    """What reading found, and the reference date used and why."""
    log_input(quality)
    log.info("reference date %s (%s)", as_at, visible(as_at_source))


def log_input(quality: dict[str, Any]) -> None:
    """What reading found (``wfkpi.app.read.input_quality``), as counts: never a cell value."""
    for source in quality["tables"]:
        sheet = f" sheet {source['sheet']}" if source.get("sheet") else ""
        rows = source["rows"]
        log.info("%s: %s%s, %d row%s, %d set aside", source["table"], visible(source["file"]),
                 visible(sheet), rows, "" if rows == 1 else "s", source["set_aside"])
    issues = ", ".join(f"{code} {n}" for code, n in quality["issues"].items())
    log.info("input %s: %d errors, %d warnings%s", quality["verdict"], quality["errors"],
             quality["warnings"], f" ({issues})" if issues else "")
