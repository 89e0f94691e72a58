"""The arithmetic of small groups: placing latecomers, taking leavers out, merging a group of one.

Plain functions on lists of member ids, so the core's rules and the property tests share them. Every
function returns new lists and is deterministic (a replay forms the same groups). A group keeps its
place in the list even when it empties (its space keeps its cards and board page for the harvest).
The one rule they keep: nobody is alone while there is another group to join (1-2-4-All: "if odd,
make a trio").
"""

from __future__ import annotations

from rooms.agenda.groups import form_groups

Groups = list[list[str]]


def smallest(groups: Groups, besides: int = -1) -> int:
    """Index of the first smallest group with someone in it (other than `besides`), or -1."""
    best = -1
    for i, g in enumerate(groups):
        if i != besides and g and (best < 0 or len(g) < len(groups[best])):
            best = i
    return best


def settle(groups: Groups) -> Groups:
    """Every group of one merged into the smallest other group (the emptied group keeps its place)."""
    out = [list(g) for g in groups]
    while True:
        alone = next((i for i, g in enumerate(out) if len(g) == 1), -1)
        target = smallest(out, besides=alone) if alone >= 0 else -1
        if target < 0:
            return out
        out[target].extend(out[alone])
        out[alone] = []


def place(groups: Groups, member_id: str) -> Groups:
    """`member_id` added to the smallest group (the first group when all are empty)."""
    out = [list(g) for g in groups]
    if not out:
        return [[member_id]]
    target = smallest(out)
    out[max(0, target)].append(member_id)
    return out


def remove(groups: Groups, member_id: str) -> Groups:
    """`member_id` taken out of their group, then settled (a group left with one is merged)."""
    return settle([[m for m in g if m != member_id] for g in groups])


def move(groups: Groups, member_id: str, target: int) -> Groups:
    """`member_id` moved into group number `target`, then settled."""
    out = [[m for m in g if m != member_id] for g in groups]
    out[target].append(member_id)
    return settle(out)


def reshuffle(groups: Groups, size: int) -> Groups:
    """New groups of about `size` from everyone, dealt column by column so that groups mix."""
    longest = max((len(g) for g in groups), default=0)
    order = [g[i] for i in range(longest) for g in groups if i < len(g)]
    return form_groups(order, max(2, size))


def reconcile(arranged: Groups, present: list[str], size: int) -> Groups:
    """The groups to open: the facilitator's arrangement (absentees dropped, the unplaced added to
    the smallest groups, groups of one merged) or, without one, groups formed in join order."""
    here = set(present)
    seen: set[str] = set()
    kept: Groups = []
    for g in arranged:
        group = [m for m in g if m in here and m not in seen]
        seen.update(group)
        kept.append(group)
    kept = [g for g in kept if g]
    if not kept:
        return form_groups(present, max(2, size))
    for m in present:
        if m not in seen:
            kept = place(kept, m)
    return [g for g in settle(kept) if g]
