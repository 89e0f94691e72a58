"""Two browsers on two nodes of a cluster: the WebRTC handshake crosses nodes, and audio flows."""

from __future__ import annotations

from tests.multinode.conftest import Cluster
from tests.web.conftest import STATS, Open, browser, chromium, new_room, person, until, web_build  # noqa: F401  (the browser fixtures)


def on(node_url: str, link: str) -> str:
    """The same join link, opened through another node."""
    return node_url + link[link.index("/r/") :]


async def test_browsers_on_different_nodes_hear_each_other(
    cluster: Cluster,
    web_build: object,  # noqa: F811
    person: Open,  # noqa: F811
) -> None:
    n0, n1 = await cluster.start(2)
    room = await new_room(n0.url)
    ana = await person(on(n0.url, room["links"]["facilitator"]), "Ana")
    bo = await person(on(n1.url, room["links"]["participant"]), "Bo")
    ana_id, bo_id = await ana.member_id(), await bo.member_id()
    await bo.page.locator("#people .person-name", has_text="Ana").wait_for()
    for me, other in ((ana, bo_id), (bo, ana_id)):
        await until(me.page, f"{STATS}.then(s => s[{other!r}]?.state === 'connected' && s[{other!r}].audioBytes > 0)")
    # A raised hand on one node shows on the other: the browsers share one room.
    await bo.page.click("#btn-hand")
    await ana.page.locator("#hands .hand", has_text="Bo").wait_for()


async def test_a_browser_whose_node_restarts_comes_back_and_keeps_its_call(
    cluster: Cluster,
    web_build: object,  # noqa: F811
    person: Open,  # noqa: F811
) -> None:
    n0, n1 = await cluster.start(2)
    room = await new_room(n0.url)
    ana = await person(on(n0.url, room["links"]["facilitator"]), "Ana")
    bo = await person(on(n1.url, room["links"]["participant"]), "Bo")
    ana_id, bo_id = await ana.member_id(), await bo.member_id()
    await until(bo.page, f"{STATS}.then(s => s[{ana_id!r}]?.state === 'connected')")
    n1.kill()  # SIGKILL: Bo's node is gone; his call with Ana runs browser to browser
    await bo.page.wait_for_selector("#banner", state="visible")
    n1.start()
    await n1.ready()
    await bo.page.wait_for_selector("#banner", state="hidden", timeout=30000)
    assert await bo.member_id() == bo_id
    await until(bo.page, f"{STATS}.then(s => s[{ana_id!r}]?.state === 'connected')")
    await ana.page.click("#btn-lock")
    await bo.page.wait_for_selector("#lock-badge", state="visible")
