"""The command line: parse options, call one library function, hand the result to a renderer.

Library errors become a one-line message and a documented exit code here, at the edge.
"""

from __future__ import annotations

try:  # a Ctrl-C at any moment of loading, the standard library's modules included
    import contextlib
    import os
    import signal
    import sys
    import threading
    from typing import Any

    import typer

    from wfkpi import __version__
    from wfkpi.cli import (
        check,
        docs,
        explain,
        export,
        map,
        mappings,
        peers,
        report,
        sample,
        schema,
        targets,
        trend,
        validate,
    )
except KeyboardInterrupt:  # Ctrl-C while the command line loads: interrupted all the same
    raise SystemExit(130) from None

EXIT_CODES = """Exit codes: 0 success (data valid, warnings allowed); 1 a target missed with
--fail-on, a KPI figure moved from its snapshot (check), or a census return written that needs
filling in before submission (export csww); 2 usage or configuration error (missing path, bad
option, broken mapping, targets, scopes or snapshot file, output not writable); 3 the data is
invalid or unusable; 70 an internal error (run again with --debug for the traceback); 130
interrupted (Ctrl-C); 141 the output pipe closed early (e.g. into head); 143 stopped by SIGTERM
(a kill, a timeout), the output file left as it was."""

app = typer.Typer(
    name="wfkpi",
    help="Workforce KPIs for the social care services of English councils.\n\n" + EXIT_CODES
    + "\n\nThe documentation is installed with the program: `wfkpi docs` lists its pages.",
    add_completion=True,  # --install-completion and --show-completion [bash|zsh|fish|...]
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.command("report")(report.command)
app.command("trend")(trend.command)
app.command("explain")(explain.command)
app.command("peers")(peers.command)
app.command("validate")(validate.command)
app.command("map")(map.command)
app.command("mappings")(mappings.command)
app.command("check")(check.command)
app.command("targets")(targets.targets)
app.command("councils")(targets.councils)
app.command("sample")(sample.command)
app.command("schema")(schema.command)
app.command("docs")(docs.command)
app.add_typer(export.app, name="export")

_state: dict[str, Any] = {"debug": False, "stopped": 0}


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


INTERRUPTED = {130, 141, 143}  # the run was stopped from outside: Ctrl-C, a closed pipe, SIGTERM


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``wfkpi`` console script."""
    code = run(argv)
    if threading.current_thread() is threading.main_thread():
        # The run is over: a Ctrl-C from now on has nothing left to stop, and must not kill the
        # process on its way out (it would end as a signal, not with the run's own exit code).
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if code in INTERRUPTED:
        _leave(code)
    sys.exit(code)


def _leave(code: int) -> None:
    """End a run stopped from outside at once, without the interpreter's shutdown.

    Every ``finally`` of the run has run by now (temporary files removed, the progress bar
    cleared). What is left may still be working: a CSV read by pyarrow's thread pool that the
    Ctrl-C cancelled, the progress bar's refresh thread if the Ctrl-C came while it started.
    A normal shutdown then tears those threads down under their feet, and now and then aborts
    (``terminate called without an active exception``, or Python's "could not acquire lock for
    <stderr> at interpreter shutdown"): exit 134 instead of the documented code. Leaving with
    ``os._exit`` skips that teardown."""
    for stream in (sys.stdout, sys.stderr):
        # a closed pipe, a closed or absent stream: nothing more can be said
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    os._exit(code)


def run(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    _state["debug"] = False
    _state["stopped"] = 0
    previous = _handle_signals()
    unraisable = sys.unraisablehook
    sys.unraisablehook = _unraisable(unraisable)
    try:
        code = _run(argv)
    except KeyboardInterrupt:  # Ctrl-C outside a command, or while it reported its end
        code = 130
    except SystemExit as exc:  # SIGTERM while a command reported its end
        code = exc.code if isinstance(exc.code, int) else 0
    finally:
        sys.unraisablehook = unraisable
        for signum, handler in previous.items():
            if handler is not None:  # None: set outside Python, and not to be put back from it
                signal.signal(signum, handler)
    # A signal whose exception landed where Python ignores exceptions (a weakref callback, a
    # __del__) did not stop the run, but it was sent: the run ends as interrupted all the same.
    return int(_state["stopped"]) or code


def _run(argv: list[str] | None) -> int:
    from wfkpi.cli import common
    from wfkpi.core.display import visible
    from wfkpi.core.errors import WfkpiError

    try:
        app(args=argv, prog_name="wfkpi")
    except SystemExit as exc:  # how every command ends, usage errors (2) included
        code = exc.code if isinstance(exc.code, int) else 0
        if code == 1 and common.pipe_closed():  # typer's own answer to a closed pipe
            return _pipe_closed()
        return code
    except (BrokenPipeError, common.PipeClosed):  # e.g. piped into `head`: stop quietly
        return _pipe_closed()
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
    return 0


def _pipe_closed() -> int:
    """stdout's reader has gone (``wfkpi targets | head -1``): stop quietly, as other tools do,
    with 141 (128 + SIGPIPE); what Python would still flush at exit goes nowhere."""
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - Python flushes it at exit
    return 141


def _handle_signals() -> dict[int, Any]:
    """Make Ctrl-C and SIGTERM end the run as an exception does, so that every ``finally`` runs
    (a half-written output's temporary file is removed) and the exit code is 130 or 143; a
    second signal while the run stops waits for it rather than breaking into the clean-up. The
    handlers replaced, to put back (none off the main thread, where none can be set)."""
    if threading.current_thread() is not threading.main_thread():
        return {}

    def interrupt(signum: int, frame: Any) -> None:
        _hold_signals(128 + signum)
        raise KeyboardInterrupt

    def stop(signum: int, frame: Any) -> None:
        _hold_signals(128 + signum)
        raise SystemExit(128 + signum)

    return {signal.SIGINT: signal.signal(signal.SIGINT, interrupt),
            signal.SIGTERM: signal.signal(signal.SIGTERM, stop)}


def _hold_signals(code: int) -> None:
    _state["stopped"] = code
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_IGN)


def _unraisable(default: Any) -> Any:
    """A ``sys.unraisablehook`` that keeps quiet about the exception of a signal that was sent
    (the run ends with its code all the same) and passes anything else to ``default``."""

    def hook(unraisable: Any) -> None:
        if _state["stopped"] and issubclass(unraisable.exc_type, KeyboardInterrupt | SystemExit):
            return
        default(unraisable)

    return hook
