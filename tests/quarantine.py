"""Tests that failed on the first full run after merging issues 10-15 (2026-12-01), held here in one
visible place until each is fixed. Each still runs locally with PEERGROUP_RUN_QUARANTINED=1.

Every entry is a known defect listed in the issue notes, not a passing test: remove an entry only
with the fix that makes it pass.
"""

from __future__ import annotations

QUARANTINED: dict[str, str] = {
    "tests/web/test_small_groups_in_the_browser.py::"
    "test_six_browsers_run_1_2_4_all_each_pair_hears_only_itself_and_the_harvest_comes_back": (
        "six browsers' pairs never connect audio on this 2-core machine; suspend/resume path unproven"
    ),
}
