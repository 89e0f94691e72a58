"""Real Chromium (Debian's /usr/bin/chromium, driven by Playwright) against a real server process.

Each "browser" in a test is its own browser context: its own cookies and sessionStorage, so its own
member, as separate people on separate machines would be. Fake camera and microphone devices give
every page real media tracks (a test pattern and a beep), so WebRTC carries real audio and video.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, BrowserContext, Page, async_playwright

from server import bootstrap
from tests.conftest import ServerProcess, create_room

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
#: each WebRTC link's state and bytes received, by member id (a promise: poll it with `until`)
STATS = "window.peergroup.mesh.stats()"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-fake-ui-for-media-stream",
    "--use-fake-device-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
]


@pytest.fixture(scope="session")
def web_build() -> Path:
    """The bundled client, built the way the README's commands build it (skipped when up to date)."""
    if shutil.which("npm") is None:
        pytest.fail("Node.js and npm are needed to build the web client")
    bootstrap.web_assets()
    dist = ROOT / "web" / "dist"
    assert (dist / "room.js").is_file()
    return dist


@pytest.fixture
async def web_server(tmp_path: Path, web_build: Path) -> AsyncIterator[ServerProcess]:
    p = ServerProcess(tmp_path / "data")
    p.start()
    await p.ready()
    yield p
    p.kill()


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's Chromium; installed with apt-get when missing, as the README's test command does."""
    if not os.path.exists(CHROMIUM):
        bootstrap.system_packages()
    return CHROMIUM


@pytest.fixture
async def browser(chromium: str) -> AsyncIterator[Browser]:
    async with async_playwright() as pw:
        b = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        await b.close()


def tiny_camera(path: Path) -> Path:
    """A one-frame 32x24 grey video for Chromium's fake camera: many browsers' links then cost next
    to nothing to encode (on a 2-core machine the default animated camera is most of the work)."""
    width, height = 32, 24
    frame = bytes([128]) * (width * height * 3 // 2)  # I420: luma, then both chroma planes
    path.write_bytes(f"YUV4MPEG2 W{width} H{height} F1:1 Ip A1:1 C420jpeg\n".encode() + b"FRAME\n" + frame)
    return path


@pytest.fixture
async def light_browser(chromium: str, tmp_path: Path) -> AsyncIterator[Browser]:
    """Chromium whose fake camera is tiny (the flags above otherwise): for tests that see cameras
    as tiles, not as pictures."""
    camera = tiny_camera(tmp_path / "camera.y4m")
    async with async_playwright() as pw:
        b = await pw.chromium.launch(
            executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, f"--use-file-for-fake-video-capture={camera}"]
        )
        yield b
        await b.close()


class Person:
    """One browser (context) with one page, and what it saw."""

    def __init__(self, context: BrowserContext, page: Page, name: str) -> None:
        self.context = context
        self.page = page
        self.name = name
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.console: list[str] = []
        page.on("console", self._console)

    def _console(self, msg: Any) -> None:
        self.console.append(f"{msg.type}: {msg.text}")
        print(f"[{self.name} console] {msg.type}: {msg.text}")  # shown when a test fails

    async def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        await dialog.accept()

    async def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        await self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"))

    async def member_id(self) -> str:
        return str(await self.page.evaluate("window.peergroup.conn.me.id"))


Open = Callable[..., Awaitable[Person]]


@asynccontextmanager
async def opener(browser: Browser) -> AsyncIterator[Open]:
    """`await open_(link, name)`: a new browser (context) that opens the link, accepts the code, and joins."""
    contexts: list[BrowserContext] = []

    async def open_(
        link: str, name: str, *, viewport: dict[str, int] | None = None, scheme: str = "light", join: bool = True
    ) -> Person:
        context = await browser.new_context(
            viewport=viewport or {"width": 1280, "height": 800},
            color_scheme=scheme,  # type: ignore[arg-type]
            permissions=["camera", "microphone"],
        )
        contexts.append(context)
        page = await context.new_page()
        p = Person(context, page, name)
        await page.goto(link)
        if join:
            await page.wait_for_selector("#join-form", state="visible")
            await page.fill("#name", name)
            if await page.is_visible("#coc-accept"):
                await page.check("#coc-accept")
            await page.click("#join-button")
            await page.wait_for_selector("#screen-room", state="visible")
        return p

    try:
        yield open_
    finally:
        for c in contexts:
            await c.close()


@pytest.fixture
async def person(browser: Browser) -> AsyncIterator[Open]:
    """`await person(link, name)`: a new browser that opens the link, accepts the code, and joins."""
    async with opener(browser) as open_:
        yield open_


@pytest.fixture
async def light_person(light_browser: Browser) -> AsyncIterator[Open]:
    """`person`, with the tiny fake camera: for tests where nobody looks at a camera's picture."""
    async with opener(light_browser) as open_:
        yield open_


async def new_room(url: str, **body: Any) -> dict[str, Any]:
    body.setdefault("title", "Monday check-in")
    body.setdefault("code_of_conduct", "Speak from your own experience.\nWhat is said here stays here.")
    return await create_room(url, **body)


async def until(page: Page, expression: str, timeout: float = 20.0) -> Any:
    """Evaluate `expression` (it may return a promise) until it is truthy; return that value.

    Playwright's wait_for_function does not wait for promises, and WebRTC's getStats is one.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        value = await page.evaluate(expression)
        if value:
            return value
        if loop.time() > deadline:
            raise TimeoutError(f"{expression} stayed falsy for {timeout}s")
        await asyncio.sleep(0.2)
