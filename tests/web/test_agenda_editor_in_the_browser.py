"""The agenda editor in real browsers: a facilitator builds a three-step agenda (add, edit, reorder
by keyboard and by drag, remove, an empty title explained), runs it, and a step that waits for the
facilitator does not start the next one by itself; a pasted protocol replaces it after a confirmation."""

from __future__ import annotations

import pytest

from tests.conftest import ServerProcess
from tests.web.conftest import Open, Person, new_room, until

pytestmark = pytest.mark.slow

PROTOCOL = """
[[phases]]
title = "Pasted opening"
seconds = 120

[[phases]]
title = "Pasted closing"
seconds = 60
"""


async def add_step(p: Person, title: str, minutes: str, mode: str = "open", **extra: str | bool) -> None:
    page = p.page
    await page.fill("#phase-title", title)
    await page.fill("#phase-minutes", minutes)
    await page.select_option("#phase-mode", mode)
    if "turn" in extra:
        await page.fill("#phase-turn", str(extra["turn"]))
    if "prompt" in extra:
        await page.fill("#phase-prompt", str(extra["prompt"]))
    if "prompts" in extra:
        await page.fill("#phase-prompts", str(extra["prompts"]))
    for key, selector in (("size", "#phase-group-size"), ("roles", "#phase-roles"), ("rotate", "#phase-rotate")):
        if key in extra:
            await page.fill(selector, str(extra[key]))
    if extra.get("anonymous"):
        await page.check("#phase-anonymous")
    if extra.get("waits"):
        await page.check("#phase-waits")
    await page.click("#phase-save")
    await page.locator("#editor-phases .editor-phase", has_text=title).wait_for()


async def titles(p: Person, selector: str = "#editor-phases .editor-phase strong") -> list[str]:
    return [t.split(". ", 1)[1] for t in await p.page.locator(selector).all_text_contents()]


async def test_a_facilitator_builds_a_three_step_agenda_in_the_editor_and_runs_it(
    web_server: ServerProcess, person: Open
) -> None:
    room = await new_room(web_server.url)
    ana = await person(room["links"]["facilitator"], "Ana")
    bo = await person(room["links"]["participant"], "Bo")
    cy = await person(room["links"]["participant"], "Cy")
    page = ana.page
    await page.click("#btn-edit-agenda")
    await page.wait_for_selector("#agenda-editor", state="visible")
    # An empty title is explained, and nothing is sent.
    await page.click("#phase-save")
    await page.locator("#phase-error", has_text="Give the step a title").wait_for()
    assert await page.get_attribute("#phase-title", "aria-invalid") == "true"

    await add_step(ana, "Check-in", "2", "talking_stick", turn="30")
    await add_step(ana, "Discuss", "5", prompt="What surprised you?")
    await add_step(ana, "Close", "1", "silent_writing", prompts="Keep\nChange", anonymous=True)
    await add_step(ana, "Extra", "3")
    assert await titles(ana) == ["Check-in", "Discuss", "Close", "Extra"]

    # Remove, after an in-page confirmation.
    await page.get_by_role("button", name="Remove Extra").click()
    await page.click("#confirm-yes")
    await until(page, "document.querySelectorAll('#editor-phases .editor-phase').length === 3")

    # Reorder by keyboard (Alt+ArrowUp on the focused step) and by dragging.
    await page.locator("#editor-phases .editor-phase", has_text="Close").focus()
    await page.keyboard.press("Alt+ArrowUp")
    await until(page, "document.querySelectorAll('#editor-phases .editor-phase')[1]?.textContent.includes('Close')")
    assert await titles(ana) == ["Check-in", "Close", "Discuss"]
    discuss = page.locator("#editor-phases .editor-phase", has_text="Discuss")
    await discuss.drag_to(page.locator("#editor-phases .editor-phase", has_text="Close"))
    await until(page, "document.querySelectorAll('#editor-phases .editor-phase')[1]?.textContent.includes('Discuss')")

    # Edit: Discuss gets 4 minutes and waits for the facilitator before the next step.
    await page.get_by_role("button", name="Edit Discuss").click()
    assert await page.input_value("#phase-prompt") == "What surprised you?"
    await page.fill("#phase-minutes", "4")
    await page.check("#phase-waits")
    await page.click("#phase-save")
    await page.locator("#editor-phases .editor-phase", has_text="waits for you").wait_for()
    assert "4 min" in (await page.locator("#editor-phases .editor-phase", has_text="Discuss").text_content() or "")
    await ana.shot("agenda-editor")
    await page.click("#agenda-editor-close")

    for p in (bo, cy):
        await until(p.page, "document.querySelectorAll('#agenda-panel .step').length === 3")
        steps = await p.page.locator("#agenda-panel .step > span:first-child").all_text_contents()
        assert steps == ["Check-in", "Discuss", "Close"]

    # Run it: the round goes to Bo and Cy, then Discuss starts by itself; it waits for the facilitator.
    await page.click("#cockpit-start")
    for _ in range(2):
        speaker_id = await until(page, "window.peergroup.store.state.floor.speaker?.member_id")
        speaker = bo if speaker_id == await bo.member_id() else cy
        await speaker.page.click(".speaker-card >> text=I'm done")
        await until(page, f"window.peergroup.store.state.floor.speaker?.member_id !== {speaker_id!r}")
    await page.locator("#cockpit", has_text="Step 2 of 3: Discuss").wait_for(timeout=30000)
    await bo.page.locator("#agenda-next", has_text="Next: Close").wait_for()
    assert "when the facilitator moves on" in (await bo.page.text_content("#agenda-next") or "")
    await page.click("#cockpit-next-step")
    await page.locator("#cockpit", has_text="Step 3 of 3: Close").wait_for()
    await bo.page.locator("#agenda-panel .badge", has_text="anonymous").wait_for()
    await ana.shot("agenda-built-and-running")


async def test_a_small_group_step_gets_its_group_size_roles_and_rotation_from_the_editor(
    web_server: ServerProcess, person: Open
) -> None:
    """Triads whose roles rotate: every field of a small-group step is in the editor, and editing the
    step brings them back into the form."""
    room = await new_room(web_server.url)
    ana = await person(room["links"]["facilitator"], "Ana")
    page = ana.page
    await page.click("#btn-edit-agenda")
    await page.wait_for_selector("#agenda-editor", state="visible")
    await add_step(ana, "Triads", "15", "pairs", size="3", roles="speaker, coach, observer", rotate="5")
    row = page.locator("#editor-phases .editor-phase", has_text="Triads")
    assert "roles: speaker, coach, observer, rotating every 5 min" in (await row.text_content() or "")
    phase = await page.evaluate("window.peergroup.store.state.agenda.phases[0]")
    assert (phase["group_size"], phase["roles"], phase["rotate_seconds"]) == (3, ["speaker", "coach", "observer"], 300)
    await page.get_by_role("button", name="Edit Triads").click()
    assert await page.input_value("#phase-roles") == "speaker, coach, observer"
    assert (await page.input_value("#phase-group-size"), await page.input_value("#phase-rotate")) == ("3", "5")
    await page.fill("#phase-rotate", "4")
    await page.click("#phase-save")
    await row.filter(has_text="rotating every 4 min").wait_for()
    assert await page.evaluate("window.peergroup.store.state.agenda.phases[0].rotate_seconds") == 240


async def test_a_pasted_protocol_replaces_the_agenda_after_a_confirmation_and_reset_asks_too(
    web_server: ServerProcess, person: Open
) -> None:
    room = await new_room(web_server.url, template="aar")
    ana = await person(room["links"]["facilitator"], "Ana")
    page = ana.page
    await page.click("#btn-edit-agenda")
    await page.click("#protocol-box summary")
    await page.fill("#protocol-text", PROTOCOL)
    await page.click("#protocol-load")
    await page.locator("#confirm-text", has_text="Replace the whole agenda").wait_for()
    await page.click("#confirm-no")
    assert len(await titles(ana)) == 4  # nothing changed
    await page.click("#protocol-load")
    await page.click("#confirm-yes")
    await until(page, "document.querySelectorAll('#editor-phases .editor-phase').length === 2")
    assert await titles(ana) == ["Pasted opening", "Pasted closing"]
    await page.click("#agenda-editor-close")
    # Loading a template asks before it replaces the agenda; so does a reset.
    await page.select_option("#template", "check-in")
    await page.click("text=Load template")
    await page.click("#confirm-no")
    assert await page.locator("#agenda-panel .step").count() == 2
    await page.click("#cockpit-start")
    await page.click("#agenda-panel >> text=Reset")
    await page.locator("#confirm-text", has_text="Reset the agenda?").wait_for()
    await page.click("#confirm-yes")
    await until(page, "window.peergroup.store.state.agenda.status === 'idle'")
    assert ana.dialogs == []


async def test_the_facilitator_sets_the_speaking_order_by_hand_and_takes_a_turn_too(
    web_server: ServerProcess, person: Open
) -> None:
    room = await new_room(web_server.url)
    ana = await person(room["links"]["facilitator"], "Ana")
    bo = await person(room["links"]["participant"], "Bo")
    cy = await person(room["links"]["participant"], "Cy")
    page = ana.page
    await until(page, "window.peergroup.store.state.members.length === 3")
    await page.select_option("#stick-how", "custom")
    await page.check("#stick-include")
    await page.locator("#stick-custom .stick-item").nth(2).wait_for()
    shown = await page.locator("#stick-custom .stick-item > span:first-child").all_text_contents()
    assert [t.split(". ")[1] for t in shown] == ["Bo", "Cy", "Ana"]  # the facilitator joins the end
    await page.get_by_role("button", name="Move up Cy").click()
    await until(page, "document.querySelector('#stick-custom .stick-item')?.textContent.includes('Cy')")
    await page.locator("#stick-custom [data-member-id]", has_text="Ana").focus()
    await page.keyboard.press("Alt+ArrowUp")
    await until(page, "document.querySelectorAll('#stick-custom .stick-item')[1]?.textContent.includes('Ana')")
    await ana.shot("speaking-order")
    await page.click("#btn-stick")
    ids = [await cy.member_id(), await ana.member_id(), await bo.member_id()]
    for p in (ana, bo, cy):
        await until(p.page, "window.peergroup.store.state.floor.stick")
        assert await p.page.evaluate("window.peergroup.store.state.floor.stick.order") == ids
    await cy.page.wait_for_selector(".speaker-card >> text=You have the floor")
