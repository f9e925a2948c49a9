"""The command line: parse options, call one library function, hand the result to a renderer.

Library errors become a one-line message and a documented exit code here, at the edge.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from typing import Any

import typer

from wfkpi import __version__
from wfkpi.cli import (
    check,
    export,
    map,
    mappings,
    report,
    sample,
    schema,
    targets,
    trend,
    validate,
)

EXIT_CODES = """Exit codes: 0 success (data valid, warnings allowed); 1 a target missed with
--fail-on, or a KPI figure moved from its snapshot (check); 2 usage or configuration error
(missing path, bad option, broken mapping, targets, scopes or snapshot file, output not
writable); 3 the data is invalid or unusable; 70 an internal error (run again with --debug for
the traceback); 130 interrupted (Ctrl-C); 141 the output pipe closed early (e.g. into head);
143 stopped by SIGTERM (a kill, a timeout), the output file left as it was."""

app = typer.Typer(
    name="wfkpi",
    help="Workforce KPIs for the social care services of English councils.\n\n" + EXIT_CODES,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.command("report")(report.command)
app.command("trend")(trend.command)
app.command("validate")(validate.command)
app.command("map")(map.command)
app.command("mappings")(mappings.command)
app.command("check")(check.command)
app.command("targets")(targets.targets)
app.command("councils")(targets.councils)
app.command("sample")(sample.command)
app.command("schema")(schema.command)
app.add_typer(export.app, name="export")

_state = {"debug": False}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"wfkpi {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    debug: bool = typer.Option(False, "--debug", help="Show the traceback of an internal error."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    _state["debug"] = debug


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``wfkpi`` console script."""
    sys.exit(run(argv))


def run(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    from wfkpi.core.display import visible
    from wfkpi.core.errors import WfkpiError

    _state["debug"] = False
    previous = _stop_on_sigterm()
    try:
        app(args=argv, prog_name="wfkpi")
    except SystemExit as exc:  # how every command ends, usage errors (2) included
        return exc.code if isinstance(exc.code, int) else 0
    except BrokenPipeError:  # e.g. piped into `head`: stop quietly, as other tools do
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - Python flushes it at exit
        return 141
    except WfkpiError as exc:
        typer.echo(f"error: {visible(exc)}", err=True)
        return exc.exit_code
    except Exception as exc:
        if _state["debug"]:
            raise
        typer.echo(f"internal error: {type(exc).__name__}: {visible(exc)}\nThis is a fault in "
                   "wfkpi, not in your data; run again with --debug and report the traceback.",
                   err=True)
        return 70
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return 0


def _stop_on_sigterm() -> Any:
    """Make SIGTERM (``kill``, a cron or CI timeout) end the run as an exit does, 143, so that a
    half-written output's temporary file is removed on the way out; the handler it replaces,
    to put back (None off the main thread, where no handler can be set)."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    return signal.signal(signal.SIGTERM, stop)
