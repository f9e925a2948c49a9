"""``wfkpi`` and ``python -m wfkpi``: the command line (:mod:`wfkpi.cli`), loaded under a guard
so that a Ctrl-C while it loads, however early, exits 130 as one at any later moment does."""

from __future__ import annotations


def main() -> None:
    """Entry point of the ``wfkpi`` console script."""
    try:
        from wfkpi.cli import main as run  # noqa: PLC0415 - loaded under the guard
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    run()


if __name__ == "__main__":
    main()
