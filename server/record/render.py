"""The record as Markdown (to read and share) and CSV (to sort and count in a spreadsheet).

Everything people typed is escaped: in Markdown, HTML-significant characters become entities and
only the punctuation that could start markup is backslash-escaped (emphasis stars, code, links,
table bars, a heading or list marker at the start of a line), so a card saying `<img onerror=...>`
or `# Title` stays text in any renderer while "1-2-4-All" and "snake_case" read as typed. In CSV,
cells starting with `=`, `+`, `-`, `@` are prefixed with `'` so a spreadsheet never runs them as
formulas (OWASP CSV injection).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from typing import Any

#: characters that make markup anywhere in a line
_INLINE = re.compile(r"([\\`*\[\]|])")
#: an underscore starts or ends emphasis only at a word's edge (CommonMark ignores snake_case)
_EDGE_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
#: at a line's start: a heading, a list item or rule ("- ", "+ ", "---"), a setext underline, "1. "
_BLOCK_START = re.compile(r"^(#|[-+=](?=\s|[-+=]|$)|\d+(?=[.)](\s|$)))")


def _block(line: str) -> str:
    m = _BLOCK_START.match(line)
    if m is None:
        return line
    if m.group(1)[0].isdigit():  # "1. " -> "1\. "
        end = m.end()
        return line[:end] + "\\" + line[end:]
    return "\\" + line


def md(text: Any) -> str:
    """User text as inert Markdown on one logical line (line breaks kept as hard breaks)."""
    s = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _INLINE.sub(r"\\\1", s)
    s = _EDGE_UNDERSCORE.sub(r"\\_", s).replace("~~", "\\~\\~")
    return "  \n  ".join(_block(line.strip()) for line in s.split("\n"))


def count(n: int, thing: str) -> str:
    """ "1 card", "3 cards", "no cards"."""
    return f"no {thing}s" if n == 0 else f"{n} {thing}" if n == 1 else f"{n} {thing}s"


def _not_shown(n: int, why: str) -> str:
    """ "1 card was never revealed and is not shown." (or "3 cards were ...")."""
    one = n == 1
    return f"{count(n, 'card')} {'was' if one else 'were'} {why} and {'is' if one else 'are'} not shown."


def word(value: Any) -> str:
    """A value as people say it: yes/no, 6 rather than 6.0, "talking stick" rather than talking_stick."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if value is None:
        return "—"
    if isinstance(value, str) and re.fullmatch(r"[a-z]+(_[a-z]+)+", value):
        return value.replace("_", " ")
    return md(value)


def _track_text(track: dict[str, Any]) -> str:
    """A recorded track's file, or that it was deleted after the retention period, and when."""
    if track.get("deleted_at") is None:
        return str(track["file"])
    when = datetime.datetime.fromtimestamp(track["deleted_at"], datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"{track['file']} (deleted after the retention period, {when})"


def _plain(data: Any, indent: str = "") -> list[str]:
    """Another feature's section (agenda, airtime): rows of one shape as a table, else nested lists."""
    if (
        isinstance(data, list)
        and data
        and all(isinstance(row, dict) and row.keys() == data[0].keys() for row in data)
        and not any(isinstance(v, dict | list) for row in data for v in row.values())
    ):
        head = list(data[0])
        out = ["| " + " | ".join(md(h.replace("_", " ")) for h in head) + " |", "|" + "---|" * len(head)]
        return out + ["| " + " | ".join(word(row[h]) for h in head) + " |" for row in data]
    if isinstance(data, dict):
        out: list[str] = []
        for k, v in data.items():
            if isinstance(v, dict | list):
                out.append(f"{indent}- {md(str(k).replace('_', ' '))}:")
                out += _plain(v, indent + "  ")
            else:
                out.append(f"{indent}- {md(str(k).replace('_', ' '))}: {word(v)}")
        return out
    if isinstance(data, list):
        out = []
        for v in data:
            if isinstance(v, dict | list):
                out.append(f"{indent}-")
                out += _plain(v, indent + "  ")
            else:
                out.append(f"{indent}- {word(v)}")
        return out
    return [f"{indent}{word(data)}"]


def _card_line(card: dict[str, Any]) -> str:
    who = "anonymous" if card["anonymous"] else md(card["author"])
    dots = f" · {card['votes']} dot{'s' if card['votes'] != 1 else ''}" if card["votes"] else ""
    return f"- {md(card['text'])} — *{who}*{dots}"


def to_markdown(record: dict[str, Any]) -> str:
    """The record as a Markdown document."""
    r = record["reflections"]
    when = datetime.datetime.fromtimestamp(record["exported_at"], datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    ended = ""
    if record.get("ended_at") is not None:
        ended = ", ended " + datetime.datetime.fromtimestamp(record["ended_at"], datetime.UTC).strftime(
            "%Y-%m-%d %H:%M UTC"
        )
    lines = [
        f"# {md(record['title'])}",
        "",
        f"Session {record['session']} of room `{record['room_id']}`{ended}, exported {when}.",
    ]
    lines.append("")
    for key, title in (("agenda", "Agenda as it ran"), ("airtime", "Airtime")):
        lines += [f"## {title}", ""]
        lines += _plain(record[key]) if record.get(key) else ["Not recorded."]
        lines.append("")
    for key, title in (("measured_speech", "Measured speech"), ("recordings", "Recordings")):
        if not record.get(key):
            continue
        lines += [f"## {title}", ""]
        lines += _plain(record[key]) if record.get(key) else ["Not recorded."]
        lines.append("")
    lines += ["## Reflections", ""]
    prompts: list[str] = []
    for card in r["cards"]:
        if card["prompt"] not in prompts:
            prompts.append(card["prompt"])
    for prompt in prompts:
        lines += [f"### {md(prompt) if prompt else 'Cards'}", ""]
        lines += [_card_line(card) for card in r["cards"] if card["prompt"] == prompt]
        lines.append("")
    if not r["cards"]:
        lines += ["No cards.", ""]
    if r["unrevealed_cards"]:
        lines += [_not_shown(r["unrevealed_cards"], "never revealed"), ""]
    if r.get("removed_cards"):
        lines += [_not_shown(r["removed_cards"], "removed under the code of conduct"), ""]
    if r["groups"]:
        lines += ["## Groups", ""]
        by_id = {card["id"]: card for card in r["cards"]}
        for g in r["groups"]:
            lines += [f"### {md(g['name'])} ({g['votes']} dot{'s' if g['votes'] != 1 else ''})", ""]
            if g["note"]:
                lines += [md(g["note"]), ""]
            lines += [_card_line(by_id[cid]) for cid in g["cards"]]
            lines.append("")
    for g in record.get("small_groups") or []:
        lines += [f"## Small group: {md(g['label'])} ({md(g['phase'])})", ""]
        lines += [f"Members: {', '.join(md(n) for n in g['members'])}", ""]
        lines += [f"What we want to share: {md(g['note'])}" if g["note"] else "No note.", ""]
        lines += [_card_line({**card, "votes": 0}) for card in g["cards"]] or ["No cards."]
        if g["unrevealed_cards"]:
            lines += ["", _not_shown(g["unrevealed_cards"], "never revealed")]
        lines += ["", f"Board page: {g['board']['elements']} element(s) (`small_groups[].board.svg` in the JSON).", ""]
    lines += ["## Action items", ""]
    if record["action_items"]:
        lines += ["| Action | Owner | Due | Status | From session |", "|---|---|---|---|---|"]
        for item in record["action_items"]:
            cells = [md(item["text"]), md(item["owner"]) or "—", item["due"] or "—", item["status"], item["session"]]
            lines.append("| " + " | ".join(str(c) for c in cells) + " |")
    else:
        lines.append("None.")
    if record.get("chat"):
        lines += ["", "## Chat", ""]
        for m in record["chat"]:
            at = datetime.datetime.fromtimestamp(m["sent_at"], datetime.UTC).strftime("%H:%M")
            lines.append(f"- {at} *{'anonymous' if m['author'] is None else md(m['author'])}*: {md(m['text'])}")
    lines += ["", "## Whiteboard", ""]
    lines.append(f"{count(record['board']['elements'], 'element')}; the drawing is in the JSON record (`board.svg`).")
    return "\n".join(lines) + "\n"


CSV_COLUMNS = [
    "section",
    "id",
    "prompt",
    "text",
    "author",
    "group",
    "votes",
    "owner",
    "due",
    "status",
    "session",
    "minutes",
    "seconds",
    "share",
    "contributions",
]


def _cell(value: Any) -> str:
    s = "" if value is None else str(value)
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s


def to_csv(record: dict[str, Any]) -> str:
    """The record as one CSV table: a row per phase, person's airtime, card, group and action item,
    `section` saying which."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    r = record["reflections"]
    rows: list[dict[str, Any]] = []
    for phase in record.get("agenda") or []:
        rows.append(
            {"section": "phase", "text": phase.get("phase", ""), "status": phase.get("status", "")}
            | {"minutes": phase.get("planned_minutes", ""), "session": record["session"]}
        )
    for person in record.get("airtime") or []:
        rows.append(
            {"section": "airtime", "author": person.get("name", ""), "seconds": person.get("seconds", "")}
            | {"share": person.get("share", ""), "session": record["session"]}
        )
    speech = record.get("measured_speech") or {}
    for person in speech.get("people", []):
        rows.append(
            {"section": "speech", "author": person["name"], "seconds": person["seconds"], "share": person["share"]}
            | {"contributions": person["contributions"], "session": record["session"]}
        )
    for phase in speech.get("phases", []):
        for person in phase["people"]:
            rows.append(
                {"section": "speech_phase", "text": phase["phase"], "author": person["name"]}
                | {"seconds": person["seconds"], "contributions": person["contributions"], "session": record["session"]}
            )
    for rec in record.get("recordings") or []:
        for track in rec["tracks"]:
            rows.append(
                {"section": "recording", "id": rec["id"], "text": _track_text(track), "author": track["name"]}
                | {"seconds": track["seconds"], "session": record["session"]}
            )
    for card in r["cards"]:
        author = "(anonymous)" if card["anonymous"] else card["author"]
        rows.append(
            {"section": "card", "id": card["id"], "prompt": card["prompt"], "text": card["text"], "author": author}
            | {"group": card["group"], "votes": card["votes"], "session": record["session"]}
        )
    for g in r["groups"]:
        rows.append({"section": "group", "id": g["id"], "text": g["note"], "group": g["name"], "votes": g["votes"]})
    for g in record.get("small_groups") or []:
        members = ", ".join(g["members"])
        rows.append({"section": "small_group", "group": g["label"], "text": g["note"], "prompt": g["phase"]})
        rows[-1] |= {"author": members, "session": record["session"]}
        for card in g["cards"]:
            author = "(anonymous)" if card["anonymous"] else card["author"]
            rows.append(
                {"section": "small_group_card", "id": card["id"], "prompt": card["prompt"], "text": card["text"]}
                | {"author": author, "group": g["label"], "session": record["session"]}
            )
    for item in record["action_items"]:
        rows.append(
            {"section": "action_item", "id": item["id"], "text": item["text"], "owner": item["owner"]}
            | {"due": item["due"], "status": item["status"], "session": item["session"]}
        )
    for m in record.get("chat") or []:
        author = "(anonymous)" if m["author"] is None else m["author"]
        rows.append({"section": "chat", "text": m["text"], "author": author, "session": record["session"]})
    for row in rows:
        w.writerow({k: _cell(v) for k, v in row.items()})
    return buf.getvalue()
