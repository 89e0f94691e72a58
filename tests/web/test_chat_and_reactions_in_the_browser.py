"""Chat and reactions in three real browsers: to everyone, to the facilitators only, an unread
count, a facilitator's removal reaching everyone, an anonymous phase, text never HTML; a reaction
seen on the sender's tile by the others and announced politely."""

from __future__ import annotations

import pytest

from tests.conftest import ServerProcess
from tests.web.conftest import Open, Person, new_room, until

pytestmark = pytest.mark.slow


async def chat_texts(p: Person) -> list[str]:
    return await p.page.locator("#chat-list .chat-text").all_text_contents()


async def write(p: Person, text: str, to: str = "everyone") -> None:
    if await p.page.is_hidden("#chat-panel"):
        await p.page.click("#btn-chat")
    await p.page.select_option("#chat-to", to)
    await p.page.fill("#chat-text", text)
    await p.page.keyboard.press("Enter")
    await p.page.locator("#chat-list .chat-text", has_text=text).wait_for()


async def test_chat_between_three_browsers_to_everyone_to_facilitators_removed_and_anonymous(
    web_server: ServerProcess, person: Open
) -> None:
    room = await new_room(web_server.url)
    ana = await person(room["links"]["facilitator"], "Ana")
    bo = await person(room["links"]["participant"], "Bo")
    cy = await person(room["links"]["participant"], "Cy")
    markup = "<img src=x onerror=alert(1)> **bold**"
    await write(bo, markup)
    # Ana and Cy have the chat closed: an unread count, then the message as plain text.
    for p in (ana, cy):
        await p.page.locator("#chat-unread", has_text="1").wait_for()
        await p.page.get_by_role("button", name="Chat 1 unread").wait_for()
        await p.page.click("#btn-chat")
        await p.page.wait_for_selector("#chat-unread", state="hidden")
        assert await chat_texts(p) == [markup]
        assert await p.page.locator("#chat-list img").count() == 0
    assert await cy.page.locator("#chat-list .chat-author").all_text_contents() == ["Bo"]

    await write(cy, "I have to leave at three", to="facilitators")
    await ana.page.locator("#chat-list .chat-message[data-to='facilitators']", has_text="leave at three").wait_for()
    await write(bo, "Anyone else?")
    await until(cy.page, "document.querySelectorAll('#chat-list .chat-text').length === 3")
    assert "I have to leave at three" not in await chat_texts(bo)
    await ana.shot("chat-facilitator")

    # The facilitator removes Bo's first message for everyone (an in-page confirmation, not confirm()).
    first = ana.page.locator("#chat-list .chat-message", has_text="bold")
    await first.get_by_role("button", name="Remove the message from Bo").click()
    await ana.page.click("#confirm-yes")
    for p in (ana, bo, cy):
        await until(p.page, "!document.querySelector('#chat-list')?.textContent.includes('bold')")
    assert ana.dialogs == []
    assert await bo.page.locator("#chat-list .chat-remove").count() == 0  # participants remove nothing

    # An anonymous phase: nobody, the facilitator included, sees who wrote.
    await ana.page.evaluate("window.peergroup.send('set_anonymous', {anonymous: true})")
    await bo.page.wait_for_selector("#chat-anon", state="visible")
    await write(bo, "Hard to say aloud")
    for p in (ana, cy):
        msg = p.page.locator("#chat-list .chat-message", has_text="Hard to say aloud")
        await msg.wait_for()
        assert await msg.locator(".chat-author").text_content() == "Anonymous"
    own = bo.page.locator("#chat-list .chat-message", has_text="Hard to say aloud").locator(".chat-author")
    assert await own.text_content() == "You (anonymous)"
    member_id = await bo.member_id()
    anonymous = "JSON.stringify(window.peergroup.store.state.chat.messages.filter(m => m.anonymous))"
    assert member_id not in str(await ana.page.evaluate(anonymous))
    await cy.shot("chat-anonymous")
    for p in (ana, bo, cy):
        assert p.errors == []


async def test_a_reaction_shows_on_the_senders_tile_for_the_others_and_is_announced(
    web_server: ServerProcess, person: Open
) -> None:
    room = await new_room(web_server.url)
    ana = await person(room["links"]["facilitator"], "Ana")
    bo = await person(room["links"]["participant"], "Bo")
    bo_id = await bo.member_id()
    await ana.page.locator(f"#tiles .tile[data-member-id='{bo_id}']").wait_for()
    await bo.page.click("#btn-react")
    await bo.page.click("#reaction-menu button:has-text('Me too')")
    badge = ana.page.locator(f"#tiles .tile[data-member-id='{bo_id}'] .tile-reaction[data-reaction='me_too']")
    await badge.wait_for()
    await until(ana.page, "document.querySelector('#live-polite').textContent === 'Bo: Me too'")
    await bo.page.locator(f"#tiles .tile[data-member-id='{bo_id}'] .tile-reaction").wait_for()  # their own tile too
    await ana.shot("reaction-seen")
    await badge.wait_for(state="detached", timeout=8000)  # shown briefly
    # A reaction is not a hand: the queue stays empty.
    assert await ana.page.evaluate("window.peergroup.store.state.floor.hands.length") == 0
