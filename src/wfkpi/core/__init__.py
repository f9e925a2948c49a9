"""What every floor shares: the canonical tables, the names written once, the issue catalogue,
errors, the configuration loader, how figures are shown (docs/architecture.md)."""
