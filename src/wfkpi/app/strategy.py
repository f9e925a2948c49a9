"""One council's strategy loaded for testing: its targets, with the peers, community profile and
statistical neighbours they are compared with."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wfkpi.app.councils import councils
from wfkpi.core.errors import UsageError
from wfkpi.targets import config
from wfkpi.targets.community import load_community
from wfkpi.targets.position import read_neighbours


@dataclass(frozen=True)
class Strategy:
    """A council's targets with what testing them needs: loaded once, tested on any extract."""

    id: str
    council: Any  # wfkpi.targets.config.Council
    peers: list[Any]  # wfkpi.targets.config.Peer
    scopes_file: Path | None
    community: Any = None  # wfkpi.targets.community.Community, for representation targets
    neighbours: Any = None  # wfkpi.targets.position.Neighbours given in a file, for peers


def strategy(council: str, targets_file: Path | None = None,
             scopes_file: Path | None = None, community: Path | None = None,
             neighbours: Path | None = None) -> Strategy:
    """The targets of ``council`` from the targets file (a UsageError for an unknown council),
    with the community profile at ``community`` (docs/targets.md) and the statistical
    neighbours listed in ``neighbours`` (docs/peers.md) when they are given."""
    targets = councils(targets_file, scopes_file)
    if council not in targets.councils:
        raise UsageError(f"unknown council '{council}' (configured: "
                         f"{', '.join(targets.councils)}); see `wfkpi councils`")
    profile = load_community(community) if community else None
    chosen = targets.councils[council]
    near = read_neighbours(neighbours, chosen.dfe_area) if neighbours else None
    return Strategy(council, chosen, config.load_peers().peers, scopes_file, profile, near)
