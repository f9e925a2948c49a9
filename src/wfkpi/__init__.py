"""wfkpi: workforce KPIs for the social care services of English councils."""

__version__ = "0.1.0"
