"""docs/protocol.md is generated from the code; it must match what the code says now."""

from __future__ import annotations

from server.docgen import DOC, render
from server.schemas import generated


def test_protocol_doc_is_up_to_date() -> None:
    assert DOC.read_text() == render(), "docs/protocol.md is stale: run `python -m server.docgen --write`"


def test_the_json_schemas_and_the_browsers_limits_are_up_to_date() -> None:
    for path, content in generated().items():
        assert path.exists() and path.read_text() == content, f"{path} is stale: run `python -m server.docgen --write`"


def test_protocol_doc_covers_every_command_and_event() -> None:
    import rooms
    from protocol.codec import CLIENT_COMMANDS

    text = render()
    for event in CLIENT_COMMANDS:
        assert f"### `{event}`" in text
    for name in rooms.EVENT_TYPES:
        assert f"### {name}" in text
