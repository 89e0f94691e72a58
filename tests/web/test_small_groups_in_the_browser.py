"""Small groups in real Chromium, six browsers each (a facilitator and five participants, so a pair
and a trio, or a triad and a pair). 1-2-4-All: in the pairs phase each browser hears only its group
(inbound audio grows on its partners' links and on no one else's), each group draws on its own
page, the facilitator calls them back from the overview, every browser shows each group's harvest
and the session record has a section per group. The built-in coaching triad, shortened by the
facilitator in the room: each browser shows its role and its new role when the roles rotate, every
browser is warned before the end, everyone is back in the main room by itself on time, and every
browser shows each group's harvest.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from playwright.async_api import Browser

from tests.conftest import ServerProcess
from tests.web.conftest import STATS, Person, new_room, until

pytestmark = pytest.mark.slow

SPACES = "window.peergroup.store.state.spaces"
#: six Chromiums on a 2-core machine shared with others: page actions may take long, never forever
PATIENCE_MS = 120_000


async def join(browser: Browser, link: str, name: str) -> Person:
    """One more browser (its own context: its own person) that opens `link` and joins as `name`."""
    context = await browser.new_context(viewport={"width": 1280, "height": 800}, permissions=["camera", "microphone"])
    context.set_default_timeout(PATIENCE_MS)
    page = await context.new_page()
    p = Person(context, page, name)
    await page.goto(link)
    await page.wait_for_selector("#join-form", state="visible")
    await page.fill("#name", name)
    if await page.is_visible("#coc-accept"):
        await page.check("#coc-accept")
    await page.click("#join-button")
    await page.wait_for_selector("#screen-room", state="visible")
    return p


async def send(p: Person, event: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """Send a command from this browser; on a loaded machine its socket may be reconnecting: retry then.
    A retry after an unanswered try may find the first one landed: the agenda moves say which phase
    they come from (`phase_id`), so a repeated one is refused with `conflict` and moves nothing."""
    unanswered = False
    for _ in range(10):
        ack: dict[str, Any] = await p.page.evaluate("([e, d]) => window.peergroup.conn.send(e, d)", [event, data or {}])
        if ack["ok"]:
            break
        code = ack["error"]["code"]
        if unanswered and code in ("conflict", "wrong_state"):
            return ack  # the unanswered try was the one that landed
        if code not in ("not_joined", "timeout"):
            break
        unanswered = unanswered or code == "timeout"
        await asyncio.sleep(1)
    assert ack["ok"], (event, ack)
    return ack


async def next_step(p: Person) -> dict[str, Any]:
    """The facilitator's "Next step", from the phase this browser shows."""
    seen = await p.page.evaluate("(({ phases, index }) => phases[index].id)(window.peergroup.store.state.agenda)")
    return await send(p, "skip_phase", {"phase_id": seen})


async def mates(p: Person) -> tuple[str, list[str]]:
    """This browser's space and the other members in it."""
    return tuple(  # type: ignore[return-value]
        await p.page.evaluate(
            f"""(() => {{ const s = {SPACES}; const me = window.peergroup.conn.me.id;
            const g = s.open.find((o) => o.id === s.mine);
            return [s.mine, g ? g.members.filter((id) => id !== me) : []]; }})()"""
        )
    )


async def audio_bytes(p: Person) -> dict[str, int]:
    stats = await p.page.evaluate(STATS)
    return {peer: s["audioBytes"] for peer, s in stats.items()}


async def six_people(browser: Browser, room: dict[str, Any]) -> tuple[Person, list[Person]]:
    """A facilitator and five participants, each in their own browser, cameras off: six browsers
    encode 30 video streams otherwise, and the call is measured by its audio."""
    fay = await join(browser, room["links"]["facilitator"], "Fay")
    people = [await join(browser, room["links"]["participant"], f"P{i + 1}") for i in range(5)]
    for p in (fay, *people):
        await p.page.evaluate("window.peergroup.local.toggle('video', false)")
    return fay, people


async def into_small_groups(fay: Person, people: list[Person]) -> dict[str, tuple[str, list[str]]]:
    """Start the agenda and go on to its small-group step, with its clock paused while the test
    measures (on a loaded machine the links may take longer to connect than the phase, and its groups
    would change under the measurement); once every browser shows the two groups, each participant's
    group and mates."""
    await send(fay, "start_agenda")
    await next_step(fay)
    await send(fay, "pause_agenda")
    for p in (fay, *people):
        await until(p.page, f"{SPACES}.open.length === 2", timeout=PATIENCE_MS / 1000)
    return {p.name: await mates(p) for p in people}


async def hears_only_its_group(people: list[Person], groups: dict[str, tuple[str, list[str]]]) -> None:
    """Each browser hears its group and no one else: inbound audio grows on its group mates' links
    and on no other link (the links to everyone else stay up, suspended)."""
    for p in people:
        _, others = groups[p.name]
        connected = f"{STATS}.then(s => {others!r}.every(id => s[id]?.state === 'connected' && s[id].audioBytes > 0))"
        await until(p.page, connected, timeout=180)
    await asyncio.sleep(2)  # packets already on their way when the links were suspended arrive
    before = {p.name: await audio_bytes(p) for p in people}
    await asyncio.sleep(3)
    for p in people:
        after = await audio_bytes(p)
        _, others = groups[p.name]
        grew = {peer for peer, n in after.items() if n > before[p.name].get(peer, 0)}
        assert grew == set(others), (p.name, grew, others)


async def harvests_in_every_browser(everyone: list[Person], notes: list[str], count: int = 2) -> None:
    """Every browser shows each group's harvest with its note."""
    for p in everyone:
        await until(p.page, f"document.querySelectorAll('#harvests .harvest-item').length === {count}", timeout=15)
        text = await p.page.text_content("#harvests") or ""
        assert all(note in text for note in notes), (p.name, text)


async def record_sections(p: Person, phase: str) -> dict[str, str]:
    """The Markdown record as the facilitator's Export button fetches it: its small-group sections
    of `phase`, by group label."""
    md: str = await p.page.evaluate(
        """async () => { const room = window.peergroup.store.state.room_id;
        const token = sessionStorage.getItem(`pg:${room}:member`);
        const res = await fetch(`/api/rooms/${encodeURIComponent(room)}/record?format=md`,
          { headers: { Authorization: `Bearer ${token}` } });
        return res.ok ? res.text() : `HTTP ${res.status}`; }"""
    )
    sections = {}
    for part in md.split("\n## ")[1:]:
        heading, _, body = part.partition("\n")
        if heading.startswith("Small group: ") and heading.endswith(f" ({phase})"):
            sections[heading.removeprefix("Small group: ").removesuffix(f" ({phase})")] = body
    return sections


async def the_record_has_a_section_per_group(
    fay: Person, phase: str, groups: dict[str, tuple[str, list[str]]], notes: dict[str, str]
) -> None:
    """One fetch of the record: a section per group of `phase`, with its members, note and board page."""
    labels = dict(await fay.page.evaluate(f"{SPACES}.harvests.map(h => [h.space_id, h.label])"))
    sections = await record_sections(fay, phase)
    assert set(sections) == {labels[space] for space in notes}, sections
    for space, note in notes.items():
        body = sections[labels[space]]
        members = sorted(name for name, (s, _) in groups.items() if s == space)
        listed = body.split("Members: ", 1)[1].split("\n", 1)[0]
        assert sorted(listed.split(", ")) == members, (space, body)
        assert f"What we want to share: {note}" in body, (space, body)
        assert "Board page: " in body, (space, body)


async def test_six_browsers_run_1_2_4_all_each_pair_hears_only_itself_and_the_harvest_comes_back(
    web_server: ServerProcess, light_browser: Browser
) -> None:
    room = await new_room(web_server.url, title="1-2-4-All", template="1-2-4-all")
    fay, people = await six_people(light_browser, room)
    everyone = [fay, *people]
    ids = {p.name: await p.member_id() for p in everyone}
    await send(fay, "set_return_timing", {"warnings": [60, 10], "grace": 3})
    groups = await into_small_groups(fay, people)  # "1: alone" done: on to "2: in pairs"
    assert {space for space, _ in groups.values()} == {"s1", "s2"}
    assert all(len(others) in (1, 2) for _, others in groups.values())  # five make a pair and a trio
    await hears_only_its_group(people, groups)

    # Each group draws on its own page and writes its note.
    for p in people:
        space, _ = groups[p.name]
        sticky = {
            "id": f"n-{ids[p.name]}",
            "kind": "sticky",
            "x": 40,
            "y": 40,
            "w": 140,
            "h": 90,
            "text": f"{p.name} in {space}",
        }
        await send(p, "add_element", {"element": sticky})
    for p in people:
        space, others = groups[p.name]
        names = {o.name for o in people if ids[o.name] in others} | {p.name}
        texts = f"{SPACES} && window.peergroup.store.state.board.elements.map(e => e.text).sort()"
        expected = sorted(f"{n} in {space}" for n in names)
        await until(p.page, f"JSON.stringify({texts}) === {json.dumps(json.dumps(expected, separators=(',', ':')))}")
    first = next(p for p in people if groups[p.name][0] == "s1")
    second = next(p for p in people if groups[p.name][0] == "s2")
    notes = {"s1": "Pairs: listening beats fixing", "s2": "Trio: ask one more question"}
    await send(first, "write_group_note", {"note": notes["s1"]})
    await send(second, "write_group_note", {"note": notes["s2"]})
    await first.page.click("#tab-board")
    await first.shot("small-groups-own-board-page")
    await until(fay.page, "document.querySelectorAll('#groups-overview .group-card').length === 2")
    await fay.shot("small-groups-facilitator-overview")

    # The facilitator calls everyone back from the overview; the foursomes start from the harvest.
    await send(fay, "resume_agenda")
    await fay.page.click("#btn-call-back")
    await harvests_in_every_browser(everyone, list(notes.values()))
    for p in everyone:  # each group's board page comes back with it
        text = await p.page.text_content("#harvests") or ""
        assert "P1 in s1" in text or "P1 in s2" in text
    await people[0].shot("small-groups-harvest")
    # The session record has a section per pair with its harvest.
    await the_record_has_a_section_per_group(fay, "2: in pairs", groups, notes)
    assert all(not p.errors for p in everyone), [p.errors for p in everyone]


#: what each browser showed when the groups' clock spoke: read in the page as each event is applied
#: (after the views rendered it), so no moment is missed while the test looks at another browser
WATCH = """(() => { window.__seen = []; window.peergroup.store.subscribe((change, state) => {
  if (!['RolesRotated', 'GroupsWarned', 'ReturnStarted', 'GroupsReturned'].includes(change.type)) return;
  window.__seen.push({ type: change.type, data: change.data, rotation: state.agenda.rotation, mine: state.spaces.mine,
    role: document.querySelector('#my-group-role')?.textContent ?? null,
    banner: document.querySelector('#group-banner')?.textContent ?? null }); }); })()"""
CYCLE = ["speaker", "coach", "observer"]
#: the facilitator's shortened triads: a rotation at 12 s, a warning 8 s before the end at 30 s, 3 s of grace
TRIADS_SECONDS, ROTATE_SECONDS, WARNING, GRACE = 30, 12, 8, 3


async def test_six_people_run_the_built_in_coaching_triad_roles_rotate_and_everyone_is_back_on_time(
    web_server: ServerProcess, light_browser: Browser
) -> None:
    room = await new_room(web_server.url, title="Coaching triads", template="coaching-triad")
    fay, people = await six_people(light_browser, room)
    everyone = [fay, *people]
    for p in everyone:
        await p.page.evaluate(WATCH)
    # The facilitator shortens the built-in template's triads in the room, as the agenda editor's
    # update_phase does (every other field kept), and the groups' warning and grace.
    triads = await fay.page.evaluate("window.peergroup.store.state.agenda.phases.find(p => p.id === 'triads')")
    assert (triads["mode"], triads["group_size"], triads["roles"]) == ("pairs", 3, CYCLE)
    fields = ("title", "prompt", "mode", "anonymous", "prompts", "auto_advance", "turn_seconds", "group_size", "roles")
    await send(
        fay,
        "update_phase",
        {
            "phase_id": "triads",
            **{k: triads[k] for k in fields},
            "group_floor": triads.get("group_floor") or "none",
            "seconds": TRIADS_SECONDS,
            "rotate_seconds": ROTATE_SECONDS,
        },
    )
    await send(fay, "set_return_timing", {"warnings": [WARNING], "grace": GRACE})
    # Everyone has chosen a challenge: on to the triads. The facilitator resumes their clock once the
    # links are measured, and from then on nobody touches it.
    groups = await into_small_groups(fay, people)
    assert sorted(len(others) for _, others in groups.values()) == [1, 1, 2, 2, 2]  # a triad and a pair
    members = dict(await fay.page.evaluate(f"{SPACES}.open.map(o => [o.id, o.members])"))
    ids = {p.name: await p.member_id() for p in people}

    # Each browser shows its role: the group's members in order are speaker, coach (, observer).
    shown = "[document.querySelector('#my-group-role')?.textContent, window.peergroup.store.state.agenda.rotation]"
    for p in people:
        space, _ = groups[p.name]
        j = members[space].index(ids[p.name])
        text, rotation = await until(p.page, f"(() => {{ const v = {shown}; return v[0] && v; }})()")
        assert (text, rotation) == (f"You are the {CYCLE[j]}", 0), (p.name, text, rotation)
    await people[1].shot("small-groups-triad-roles")

    await hears_only_its_group(people, groups)
    spaces = sorted(members)
    notes = {spaces[0]: "Open questions kept the speaker thinking", spaces[1]: "Silence is a question too"}
    for space, note in notes.items():
        writer = next(p for p in people if groups[p.name][0] == space)
        await send(writer, "write_group_note", {"note": note})
    await send(fay, "resume_agenda")

    # From here the clock alone: roles rotate, every browser is warned, time is up, everyone returns.
    for p in everyone:
        await until(p.page, "window.__seen.some(s => s.type === 'GroupsReturned')", timeout=TRIADS_SECONDS + 60)
    await harvests_in_every_browser(everyone, list(notes.values()))
    for p in everyone:
        seen = await p.page.evaluate("window.__seen")
        kinds = [s["type"] for s in seen]
        assert kinds.index("GroupsWarned") < kinds.index("ReturnStarted") < kinds.index("GroupsReturned"), kinds
        # Everyone is warned before the end, in their group, and the page says so.
        warned = next(s for s in seen if s["type"] == "GroupsWarned")
        assert warned["data"]["warned"] == [WARNING], (p.name, warned)
        assert warned["banner"] == f"{WARNING} seconds left in your group", (p.name, warned)
        assert (warned["mine"] == "") is (p is fay), (p.name, warned)
        # By itself: the time ran out (nobody called them back), the return comes after the grace.
        started = next(s for s in seen if s["type"] == "ReturnStarted")
        assert started["data"]["reason"] == "time_up", (p.name, started)
        planned = warned["data"]["ends_at"] + GRACE
        returns_at = started["data"]["returns_at"]
        assert started["banner"].startswith("Time is up: finish your sentence."), (p.name, started)
        # On time: back when announced, which is the planned end plus the grace (the server's alarm
        # fires at each deadline; a starved machine may wake it a little late, never early).
        returned = next(s for s in seen if s["type"] == "GroupsReturned")
        assert planned <= returns_at <= returned["data"]["at"] < planned + 5, (p.name, planned, started, returned)
        assert returned["mine"] == ""
        if p is fay:
            continue
        # Each participant's browser showed their new role when the roles went round, before the warning.
        space, _ = groups[p.name]
        j = members[space].index(ids[p.name])
        rotated = next(s for s in seen if s["type"] == "RolesRotated")
        assert kinds.index("RolesRotated") < kinds.index("GroupsWarned"), kinds
        assert (rotated["rotation"], rotated["role"]) == (1, f"You are the {CYCLE[(j + 1) % 3]}"), (p.name, rotated)
    assert all(not p.errors for p in everyone), [p.errors for p in everyone]
