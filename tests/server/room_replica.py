"""What a client holds of the board and the cards: its snapshot, updated by every event it received.

This is the reducer a real client runs; comparing several clients' replicas (and a fresh joiner's
snapshot) shows that everyone converged on one board and one list of cards.
"""

from __future__ import annotations

from typing import Any

from tests.client import Client

#: per-viewer fields of a card (the rest must match across viewers)
PER_VIEWER = ("mine", "my_votes")


class Replica:
    def __init__(self, state: dict[str, Any]) -> None:
        self.elements: dict[str, dict[str, Any]] = {e["id"]: e for e in state["board"]["elements"]}
        self.cards: dict[str, dict[str, Any]] = {c["id"]: dict(c) for c in state["reflections"]["cards"]}
        self.groups: dict[str, dict[str, Any]] = {g["id"]: dict(g) for g in state["reflections"]["groups"]}
        self.items: dict[str, dict[str, Any]] = {i["id"]: i for i in state["reflections"]["action_items"]}

    def apply(self, t: str, d: dict[str, Any]) -> None:
        if t in ("ElementAdded", "ElementUpdated"):
            if t == "ElementAdded":
                self.elements.pop(d["element"]["id"], None)
            self.elements[d["element"]["id"]] = d["element"]
        elif t == "ElementDeleted":
            del self.elements[d["id"]]
        elif t == "BoardCleared":
            self.elements.clear()
        elif t == "CardWritten":
            self.cards[d["card"]["id"]] = {**d["card"], "votes": 0}
        elif t in ("CardEdited",):
            self.cards[d["card"]["id"]].update(d["card"])
        elif t == "CardsRevealed":
            for c in d["cards"]:
                self.cards[c["id"]].update(c)
        elif t == "CardDeleted":
            del self.cards[d["card_id"]]
        elif t == "CardMoved":
            self.cards[d["card_id"]]["group"] = d["group_id"]
        elif t == "VoteChanged":
            self.cards[d["card_id"]]["votes"] = d["total"]
        elif t == "VotingOpened":
            for c in self.cards.values():
                c["votes"] = 0
        elif t == "GroupCreated":
            self.groups[d["group"]["id"]] = dict(d["group"])
        elif t == "GroupRenamed":
            self.groups[d["group_id"]]["name"] = d["name"]
        elif t == "GroupNoteSet":
            self.groups[d["group_id"]]["note"] = d["note"]
        elif t == "GroupDeleted":
            del self.groups[d["group_id"]]
            for c in self.cards.values():
                if c["group"] == d["group_id"]:
                    c["group"] = ""
        elif t in ("ActionItemAdded", "ActionItemUpdated"):
            self.items[d["item"]["id"]] = d["item"]
        elif t == "ActionItemDeleted":
            self.items.pop(d["item_id"], None)

    def shared(self) -> dict[str, Any]:
        """Everything that must be identical for every viewer."""
        cards = [{k: v for k, v in c.items() if k not in PER_VIEWER} for c in self.cards.values()]
        return {
            "elements": list(self.elements.values()),
            "cards": cards,
            "groups": list(self.groups.values()),
            "items": list(self.items.values()),
        }


def replica_of(client: Client) -> Replica:
    assert client.snapshot is not None
    r = Replica(client.snapshot["state"])
    for ev in client.events:
        if ev["seq"] > client.snapshot["seq"]:
            r.apply(ev["type"], ev["data"])
    return r
