"""The front door: one module per command, each from a path to a typed result.

Each function reads, computes and returns a result object; rendering is the caller's business.
The command line calls these and nothing else, so anything it can do a script can do too:

- :mod:`wfkpi.app.report` (``wfkpi report``), :mod:`wfkpi.app.scorecard` (with ``--council``),
- :mod:`wfkpi.app.trend`, :mod:`wfkpi.app.validate`, :mod:`wfkpi.app.check`,
  :mod:`wfkpi.app.export` (the census return), :mod:`wfkpi.app.councils` (the targets file),
  :mod:`wfkpi.app.strategy` (a council's targets loaded for testing), :mod:`wfkpi.app.sample`
  (synthetic extracts),
- :mod:`wfkpi.app.read`: what the commands share once an extract is read (the reference date,
  the input-quality summary),
- :mod:`wfkpi.app.options`: the parsing of what people type (``--param``, ``--limit``, dates).

This package imports nothing itself, so ``wfkpi councils`` loads no pandas.
"""
