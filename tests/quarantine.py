"""Tests that failed on the first full run after merging issues 10-15 (2026-12-01), held here in one
visible place until each is fixed. Each still runs locally with PEERGROUP_RUN_QUARANTINED=1.

Every entry is a known defect listed in the issue notes, not a passing test: remove an entry only
with the fix that makes it pass.
"""

from __future__ import annotations

QUARANTINED: dict[str, str] = {}
