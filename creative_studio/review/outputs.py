"""The files a campaign's commands must never overwrite, for `base.outputs.check_output_path`.

Lives in the review layer because it is the highest layer that owns some of them (the review
history, its lock and cache); the CLI and the review commands both ask here.
"""

from __future__ import annotations

from pathlib import Path

from ..model.types import Campaign
from .store import cache_dir, lock_path, review_path


def protected_paths(campaign: Campaign) -> dict[Path, str]:
    """Path -> what it is: the campaign, its catalogue, its review file, lock and cache folder."""
    out: dict[Path, str] = {}
    if campaign.path is not None:
        out[Path(campaign.path)] = "the campaign file"
        out[review_path(campaign)] = "the campaign's review history"
        out[lock_path(campaign)] = "the review lock file"
        out[cache_dir(campaign)] = "the review cache"
    for f in campaign.catalogue_files:
        out[Path(f)] = "the campaign's catalogue"
    from .state import _disk_cache_dir

    hashes = _disk_cache_dir()
    if hashes is not None:
        out[hashes] = "the render-hash cache"
    return out
