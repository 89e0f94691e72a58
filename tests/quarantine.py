"""Tests that failed on the first full run after merging issues 10-15 (2026-12-01), held here in one
visible place until each is fixed. Each still runs locally with PEERGROUP_RUN_QUARANTINED=1.

Every entry is a known defect listed in the issue notes, not a passing test: remove an entry only
with the fix that makes it pass.
"""

from __future__ import annotations

QUARANTINED: dict[str, str] = {
    "tests/web/test_small_groups_in_the_browser.py::"
    "test_six_browsers_run_1_2_4_all_each_pair_hears_only_itself_and_the_harvest_comes_back": (
        "passed in the 19:12 full run, failed 2 of 2 after it (a retried skip_phase whose ack timed out "
        "formed the foursomes: commands took > 10 s with six browsers and the listener on 2 cores)"
    ),
    "tests/web/test_small_groups_in_the_browser.py::"
    "test_six_people_run_the_built_in_coaching_triad_roles_rotate_and_everyone_is_back_on_time": (
        "passed in the 19:12 full run, then failed once and ran past 330 s once: the same slow answers"
    ),
}
