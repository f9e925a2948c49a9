"""``wfkpi`` and ``python -m wfkpi``: the command line (:mod:`wfkpi.cli`), loaded under a guard
so that a Ctrl-C while it loads, however early, exits 130 as one at any later moment does."""

from __future__ import annotations

import sys  # loaded with the interpreter: nothing here waits on a file


def main() -> None:
    """Entry point of the ``wfkpi`` console script."""
    interrupted: list[bool] = []

    def ignored(unraisable: sys.UnraisableHookArgs) -> None:
        """A Ctrl-C inside one of the import system's callbacks, which Python reports as
        ignored and carries on from: still an interrupt."""
        if isinstance(unraisable.exc_value, KeyboardInterrupt):
            interrupted.append(True)
        else:
            sys.__unraisablehook__(unraisable)

    sys.unraisablehook = ignored
    try:
        from wfkpi.cli import main as run  # noqa: PLC0415 - loaded under the guard
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    finally:
        sys.unraisablehook = sys.__unraisablehook__
    if interrupted:
        raise SystemExit(130)
    run()


if __name__ == "__main__":
    main()
