"""Protocol templates: agendas as data, read from TOML (stdlib `tomllib`, no dependency).

The built-in templates live in rooms/agenda/templates/*.toml and are read once, at import, into
`TEMPLATES`; the format is documented in rooms/agenda/templates/README.md. `parse_template` reads
the same format from text, so a facilitator can paste their own protocol into a room. Events carry
the parsed phases, never the template's name alone, so replaying a log never re-reads a file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rooms.agenda.phase import GroupFloor, Phase, PhaseMode
from rooms.errors import Code, Rejected
from rooms.limits import limit

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
MAX_PHASES = limit("phases").n
MAX_PHASE_SECONDS = limit("phase_seconds").most
TITLE_MAX = limit("phase_title").n
PROMPT_MAX = limit("phase_prompt").n

_PHASE_KEYS = {
    "id",
    "title",
    "prompt",
    "mode",
    "minutes",
    "seconds",
    "anonymous",
    "prompts",
    "auto_advance",
    "turn_seconds",
    "warning_seconds",
    "grace_seconds",
    "group_size",
    "roles",
    "rotate_minutes",
    "rotate_seconds",
    "group_floor",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Template:
    """A named, described list of phases."""

    name: str
    title: str
    description: str
    phases: list[Phase]


def _bad(where: str, what: str) -> Rejected:
    return Rejected(Code.BAD_VALUE, f"template {where}: {what}")


def _text(raw: dict[str, Any], key: str, limit: int, where: str, default: str = "") -> str:
    value = raw.get(key, default)
    if not isinstance(value, str):
        raise _bad(where, f"{key} must be text")
    if len(value) > limit:
        raise _bad(where, f"{key} is longer than {limit} characters")
    return value.strip()


def _number(raw: dict[str, Any], key: str, where: str, default: float, low: float, high: float) -> float:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _bad(where, f"{key} must be a number")
    if not low <= value <= high:
        raise _bad(where, f"{key} must be between {low:g} and {high:g}")
    return float(value)


def _texts(raw: dict[str, Any], key: str, where: str) -> list[str]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and 0 < len(v) <= TITLE_MAX for v in value):
        raise _bad(where, f"{key} must be a list of short texts")
    if len(value) > 12:
        raise _bad(where, f"{key} has more than 12 entries")
    return [v.strip() for v in value]


def _flag(raw: dict[str, Any], key: str, where: str, default: bool) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise _bad(where, f"{key} must be true or false")
    return value


def parse_phase(raw: dict[str, Any], default_id: str) -> Phase:
    """One `[[phases]]` table as a Phase; raises Rejected(bad_value) naming what is wrong."""
    where = f"phase {raw.get('id', default_id)!s:.40}"
    unknown = set(raw) - _PHASE_KEYS
    if unknown:
        raise _bad(where, f"unknown keys {sorted(unknown)}")
    title = _text(raw, "title", TITLE_MAX, where)
    if not title:
        raise _bad(where, "a phase needs a title")
    try:
        mode = PhaseMode(raw.get("mode", "open"))
    except ValueError:
        raise _bad(where, f"mode must be one of {[m.value for m in PhaseMode]}") from None
    if "minutes" in raw and "seconds" in raw:
        raise _bad(where, "give minutes or seconds, not both")
    if "seconds" in raw:
        planned = _number(raw, "seconds", where, 300, 1, MAX_PHASE_SECONDS)
    else:
        planned = 60 * _number(raw, "minutes", where, 5, 1 / 60, MAX_PHASE_SECONDS / 60)
    if "rotate_minutes" in raw:
        rotate = 60 * _number(raw, "rotate_minutes", where, 0, 0, MAX_PHASE_SECONDS / 60)
    else:
        rotate = _number(raw, "rotate_seconds", where, 0, 0, MAX_PHASE_SECONDS)
    group_size = int(
        _number(raw, "group_size", where, 2 if mode is PhaseMode.PAIRS else 0, 0, limit("group_size").most)
    )
    if mode is PhaseMode.PAIRS and group_size < 2:
        raise _bad(where, "a pairs phase needs group_size of at least 2")
    try:
        group_floor = GroupFloor(raw.get("group_floor", "none"))
    except ValueError:
        raise _bad(where, f"group_floor must be one of {[g.value for g in GroupFloor]}") from None
    if group_floor is not GroupFloor.NONE and mode is not PhaseMode.PAIRS:
        raise _bad(where, "group_floor is for pairs phases")
    phase_id = _text(raw, "id", 40, where, default_id) or default_id
    return Phase(
        id=phase_id,
        title=title,
        prompt=_text(raw, "prompt", PROMPT_MAX, where),
        mode=mode,
        planned_seconds=planned,
        anonymous=_flag(raw, "anonymous", where, False),
        prompts=_texts(raw, "prompts", where),
        auto_advance=_flag(raw, "auto_advance", where, True),
        turn_seconds=_number(raw, "turn_seconds", where, 0, 0, MAX_PHASE_SECONDS),
        warning_seconds=_number(raw, "warning_seconds", where, 15, 0, 600),
        grace_seconds=_number(raw, "grace_seconds", where, 5, 0, 120),
        group_size=group_size,
        roles=_texts(raw, "roles", where),
        rotate_seconds=rotate,
        group_floor=group_floor,
    )


def parse_template(text: str, name: str = "") -> Template:
    """A template from TOML text; raises Rejected(bad_value) with the first problem found."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _bad(name or "text", f"not valid TOML ({exc})") from None
    phases_raw = raw.get("phases")
    if not isinstance(phases_raw, list) or not phases_raw:
        raise _bad(name or "text", "needs at least one [[phases]] table")
    if len(phases_raw) > MAX_PHASES:
        raise _bad(name or "text", f"has more than {MAX_PHASES} phases")
    phases = [parse_phase(p, f"phase-{i + 1}") for i, p in enumerate(phases_raw) if isinstance(p, dict)]
    ids = [p.id for p in phases]
    if len(set(ids)) != len(ids):
        raise _bad(name or "text", "phase ids must be unique")
    where = name or "text"
    return Template(
        name=_text(raw, "name", 40, where, name) or name,
        title=_text(raw, "title", TITLE_MAX, where, name),
        description=_text(raw, "description", PROMPT_MAX, where),
        phases=phases,
    )


def _load_builtin() -> dict[str, Template]:
    found: dict[str, Template] = {}
    for path in sorted(TEMPLATE_DIR.glob("*.toml")):
        found[path.stem] = parse_template(path.read_text(encoding="utf-8"), path.stem)
    return found


#: the built-in protocols by name (the file name without .toml): what `template` may name
TEMPLATES: dict[str, Template] = _load_builtin()


def template_phases(name: str) -> list[Phase]:
    """The phases of built-in template `name`, or Rejected(bad_value) listing the known names."""
    template = TEMPLATES.get(name)
    if template is None:
        raise Rejected(Code.BAD_VALUE, f"no template {name[:40]!r}; known: {', '.join(sorted(TEMPLATES))}")
    return template.phases
