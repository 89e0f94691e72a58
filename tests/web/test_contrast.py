"""Text contrast in light and dark (WCAG 2.1 AA): every visible piece of text against its background."""

from __future__ import annotations

import pytest

from tests.conftest import ServerProcess
from tests.web.conftest import Open, new_room

pytestmark = pytest.mark.slow

#: texts whose contrast is below AA: [text, ratio, needed]. Backgrounds are the nearest opaque
#: ancestor's; text over video or a translucent layer is skipped (it depends on the picture).
LOW_CONTRAST = """() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || !el.checkVisibility() || el.closest(":disabled, .sr-only, .tile, option")) continue;
    let bg = null;
    for (let a = el; a; a = a.parentElement) {
      const c = rgb(getComputedStyle(a).backgroundColor);
      const alpha = c.length === 4 ? c[3] : 1;
      if (alpha === 0) continue;
      if (alpha < 1) break;
      bg = c;
      break;
    }
    if (!bg) continue;
    const style = getComputedStyle(el);
    const fg = rgb(style.color);
    const [l1, l2] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (l1 + 0.05) / (l2 + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const needed = large ? 3 : 4.5;
    if (ratio < needed) out.push([node.textContent.trim().slice(0, 40), Math.round(ratio * 100) / 100, needed]);
  }
  return out;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
async def test_text_meets_aa_contrast_in_the_room_and_on_the_home_page(
    web_server: ServerProcess, person: Open, scheme: str
) -> None:
    room = await new_room(web_server.url)
    ana = await person(room["links"]["facilitator"], "Ana", scheme=scheme)
    bo = await person(room["links"]["participant"], "Bo", scheme=scheme)
    await bo.page.click("#btn-hand")
    await ana.page.locator("#hands .hand", has_text="Bo").wait_for()
    await ana.page.select_option("#template", "aar")
    await ana.page.click("text=Load template")
    await ana.page.click("#btn-agenda-start")
    await ana.page.locator("#agenda-panel .phase-title").wait_for()
    assert await ana.page.evaluate(LOW_CONTRAST) == []
    assert await bo.page.evaluate(LOW_CONTRAST) == []
    await ana.page.click("#tab-reflections")
    await ana.page.fill("#card-text", "A reflection")
    await ana.page.click("#card-submit")
    await ana.page.locator(".refl-card").wait_for()
    assert await ana.page.evaluate(LOW_CONTRAST) == []
    home = await person(web_server.url + "/", "-", join=False, scheme=scheme)
    assert await home.page.evaluate(LOW_CONTRAST) == []
