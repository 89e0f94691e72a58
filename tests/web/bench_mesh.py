"""How long real browsers take to get into a room and to hear each other (prints figures; asserts nothing).

    python -m tests.web.bench_mesh --people 4 --rounds 3

Per round: a fresh server and N Chromium contexts with fake camera and microphone on one machine.
`join` is from opening the link to the room on screen (name typed, code of conduct accepted);
`mesh` is from the last join to every browser receiving audio from every other one.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from playwright.async_api import Page, async_playwright

from server import bootstrap
from tests.conftest import ServerProcess
from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS, new_room, until

ALL_HEARD = """async (n) => {
  const stats = await window.peergroup.mesh.stats();
  const heard = Object.values(stats).filter((s) => s.state === 'connected' && s.audioBytes > 0);
  return heard.length === n - 1;
}"""


async def join(page: Page, link: str, name: str) -> float:
    started = time.perf_counter()
    await page.goto(link)
    await page.fill("#name", name)
    await page.check("#coc-accept")
    await page.click("#join-button")
    await page.wait_for_selector("#screen-room", state="visible")
    return time.perf_counter() - started


async def one_round(people: int) -> tuple[list[float], float]:
    with tempfile.TemporaryDirectory() as tmp:
        server = ServerProcess(Path(tmp) / "data")
        server.start()
        try:
            await server.ready()
            room = await new_room(server.url)
            async with async_playwright() as pw:
                browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                pages = []
                for _ in range(people):
                    context = await browser.new_context(permissions=["camera", "microphone"])
                    pages.append(await context.new_page())
                links = [room["links"]["facilitator"]] + [room["links"]["participant"]] * (people - 1)
                joins = [await join(p, link, f"P{i}") for i, (p, link) in enumerate(zip(pages, links, strict=True))]
                started = time.perf_counter()
                for p in pages:
                    await until(p, f"({ALL_HEARD})({people})", timeout=60)
                mesh = time.perf_counter() - started
                await browser.close()
                return joins, mesh
        finally:
            server.kill()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    bootstrap.web_assets()
    joins: list[float] = []
    meshes: list[float] = []
    for _ in range(args.rounds):
        j, m = await one_round(args.people)
        joins += j
        meshes.append(m)
    print(f"people per room: {args.people}, rounds: {args.rounds}")
    print(
        f"join (link to room on screen): median {statistics.median(joins) * 1000:.0f} ms, "
        f"max {max(joins) * 1000:.0f} ms"
    )
    print(
        f"mesh (all {args.people * (args.people - 1)} audio directions flowing): "
        f"median {statistics.median(meshes) * 1000:.0f} ms, max {max(meshes) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    asyncio.run(main())
