"""session: a facilitator runs an agenda the way a real peer-learning group spends an hour, compressed.

Each cycle (about 90 s at --rate 1 for 6 peers; --rate 2 runs twice as fast) goes through:

1. Check-in round with a talking stick: everyone but the facilitator speaks once, in room order,
   and hands the stick on with `finish_turn` when done (as in a T-group opening round).
2. Open discussion: participants raise hands at irregular times; the facilitator calls the next
   hand every few seconds (a facilitator's "stack"); the speaker finishes after a few seconds.
3. Writing: people start writing (the aggregated "N people are writing" signal), write cards,
   then dot-vote on the cards they have seen with a budget of 3 (AAR / retrospective practice).
4. Whiteboard: everyone's cursor moves at 10 Hz (what browsers send while a pointer moves over
   the board), and each person draws a stroke every few seconds: previews at 10 Hz while the pen
   is down, then the whole stroke on pen-up.

Steps that depend on the room (who holds the floor, which cards exist) look at what the members
have seen when they fire; one that no longer applies (not your turn any more) is skipped.
"""

from __future__ import annotations

import random

from load.scenarios.base import Make, RoomView, Scenario, Step, do, poisson, scenario
from protocol.agenda import AddPhase, ResetAgenda, SkipPhase, StartAgenda
from protocol.board import AddElement, Element, MoveCursor, PreviewStroke
from protocol.floor import CallNext, FinishTurn, RaiseHand, StartStickRound, StopStickRound
from protocol.messages import ClientCommand
from protocol.reflections import CastVote, CloseVoting, OpenVoting, SetWriting, WriteCard

PHASES = ("Check-in", "Discussion", "Writing", "Whiteboard")
TURN = 6.0  # seconds each person speaks in the check-in round
DISCUSSION = 20.0
CALL_EVERY = 4.0
WRITING = 15.0
VOTING = 8.0
DRAWING = 20.0
CURSOR_HZ = 10.0
STROKE_EVERY = 4.0
STROKE_SECONDS = 1.0


def floor_holder(room: RoomView) -> str | None:
    """Who has the floor, from the turn events the members saw."""
    holder = None
    for kind, data in room.seen("TurnStarted", "TurnEnded"):
        holder = data.get("member_id") if kind == "TurnStarted" else None
    return holder


def hands_up(room: RoomView) -> set[str]:
    up: set[str] = set()
    for kind, data in room.seen("HandRaised", "HandLowered", "HandsCleared", "TurnStarted"):
        if kind == "HandRaised":
            up.add(data["member_id"])
        elif kind == "HandsCleared":
            up.clear()
        else:
            up.discard(data.get("member_id", ""))
    return up


def stick_round_running(room: RoomView) -> bool:
    running = False
    for kind, _ in room.seen("StickRoundStarted", "StickRoundEnded"):
        running = kind == "StickRoundStarted"
    return running


def when_speaking(who: int, cmd: ClientCommand) -> Make:
    """Send `cmd` only if `who` holds the floor right now."""

    def make(room: RoomView) -> ClientCommand | None:
        me = room.member_id(who)
        return cmd if me is not None and floor_holder(room) == me else None

    return make


def raise_hand(who: int) -> Make:
    """Raise your hand unless it is up already or you are speaking."""

    def make(room: RoomView) -> ClientCommand | None:
        me = room.member_id(who)
        if me is None or me in hands_up(room) or floor_holder(room) == me:
            return None
        return RaiseHand()

    return make


def call_next(room: RoomView) -> ClientCommand | None:
    """The facilitator calls the next hand once the speaker has finished."""
    return CallNext() if hands_up(room) and floor_holder(room) is None else None


def stop_stick_round(room: RoomView) -> ClientCommand | None:
    return StopStickRound() if stick_round_running(room) else None


def vote_for_a_card(rng: random.Random, voted: set[str]) -> Make:
    """One dot on a card seen and not yet dotted by this voter (the cap is one dot per card)."""

    def make(room: RoomView) -> ClientCommand | None:
        cards = [data["card"]["id"] for _, data in room.seen("CardWritten") if "card" in data]
        fresh = [c for c in cards if c not in voted]
        if not fresh:
            return None
        choice = rng.choice(fresh)
        voted.add(choice)
        return CastVote(card_id=choice)

    return make


@scenario
class Session(Scenario):
    name = "session"
    summary = "an agenda: talking-stick check-in, hands called, cards and dot votes, whiteboard with cursors"

    def steps(self, peers: int, duration: float, rng: random.Random) -> list[Step]:
        pace = 1.0 / max(self.rate, 0.01)
        plan: list[Step] = [Step(0.0, 0, do(AddPhase(title=title, seconds=3600.0))) for title in PHASES]
        t = 1.0 * pace
        cycle = 0
        while t < duration:
            plan.append(Step(t, 0, do(StartAgenda() if cycle == 0 else ResetAgenda())))
            if cycle:
                plan.append(Step(t + 0.2 * pace, 0, do(StartAgenda())))
            t += 0.5 * pace
            t = self._check_in(plan, peers, t, pace, cycle)
            plan.append(Step(t, 0, do(SkipPhase())))
            t = self._discussion(plan, peers, t + 0.5 * pace, pace, rng, cycle)
            plan.append(Step(t, 0, do(SkipPhase())))
            t = self._writing(plan, peers, t + 0.5 * pace, pace, rng, cycle)
            plan.append(Step(t, 0, do(SkipPhase())))
            t = self._whiteboard(plan, peers, t + 0.5 * pace, pace, rng, cycle)
            plan.append(Step(t, 0, do(SkipPhase())))
            t += 1.0 * pace
            cycle += 1
        return [s for s in plan if s.at < duration]

    def _check_in(self, plan: list[Step], peers: int, t: float, pace: float, cycle: int) -> float:
        plan.append(Step(t, 0, do(StartStickRound(how="room", turn_seconds=120.0))))
        for who in range(1, peers):
            t += TURN * pace
            plan.append(Step(t, who, when_speaking(who, FinishTurn())))
        # Only if the round is stuck (a finish that did not apply): the facilitator waits half a turn.
        t += 0.5 * TURN * pace
        plan.append(Step(t, 0, stop_stick_round))
        return t + 0.5 * pace

    def _discussion(self, plan: list[Step], peers: int, t: float, pace: float, rng: random.Random, cycle: int) -> float:
        end = t + DISCUSSION * pace
        for who in range(1, peers):
            for at in poisson(1 / (8.0 * pace), t, end, rng):
                plan.append(Step(at, who, raise_hand(who)))
        call = t + CALL_EVERY * pace
        while call < end:
            plan.append(Step(call, 0, call_next))
            for who in range(1, peers):  # whoever was called finishes a few seconds later
                plan.append(Step(call + 0.75 * CALL_EVERY * pace, who, when_speaking(who, FinishTurn())))
            call += CALL_EVERY * pace
        return end

    def _writing(self, plan: list[Step], peers: int, t: float, pace: float, rng: random.Random, cycle: int) -> float:
        end = t + WRITING * pace
        for who in range(1, peers):
            plan.append(Step(t + rng.random() * pace, who, do(SetWriting(writing=True))))
            for n, at in enumerate(poisson(1 / (5.0 * pace), t + pace, end, rng)):
                text = f"cycle {cycle}: what I noticed, note {n} from participant {who}"
                plan.append(Step(at, who, do(WriteCard(prompt="", text=text))))
            plan.append(Step(end - 0.1 * pace, who, do(SetWriting(writing=False))))
        plan.append(Step(end, 0, do(OpenVoting(budget=3, per_card=1))))
        vote_end = end + VOTING * pace
        for who in range(1, peers):
            voted: set[str] = set()
            for _ in range(3):
                plan.append(Step(end + (0.5 + rng.random() * (VOTING - 1)) * pace, who, vote_for_a_card(rng, voted)))
        plan.append(Step(vote_end, 0, do(CloseVoting())))
        return vote_end + 0.5 * pace

    def _whiteboard(self, plan: list[Step], peers: int, t: float, pace: float, rng: random.Random, cycle: int) -> float:
        end = t + DRAWING * pace
        for who in range(peers):
            # The cursor wanders; positions (to 1/10000 px) practically never repeat, so each relay
            # is matched to its own send.
            x, y = rng.uniform(0, 800), rng.uniform(0, 600)
            at = t + rng.random() / CURSOR_HZ
            while at < end:
                x, y = (x + rng.uniform(-9, 9)) % 800, (y + rng.uniform(-9, 9)) % 600
                plan.append(Step(at, who, do(MoveCursor(x=round(x, 4), y=round(y, 4)))))
                at += 1 / CURSOR_HZ
            stroke_at = t + rng.uniform(0.5, STROKE_EVERY) * pace
            k = 0
            while stroke_at + STROKE_SECONDS * pace < end:
                sid = f"s{who}-{cycle}-{k}"
                points: list[list[float]] = []
                for i in range(int(STROKE_SECONDS * CURSOR_HZ)):
                    new = [[float(i * 3), float(rng.randint(0, 40))], [float(i * 3 + 1), float(rng.randint(0, 40))]]
                    points += new
                    plan.append(Step(stroke_at + i / CURSOR_HZ * pace, who, do(PreviewStroke(id=sid, points=new))))
                element = Element(id=sid, kind="stroke", x=rng.uniform(0, 700), y=rng.uniform(0, 500), points=points)
                plan.append(Step(stroke_at + STROKE_SECONDS * pace, who, do(AddElement(element=element))))
                stroke_at += STROKE_EVERY * pace
                k += 1
        return end
