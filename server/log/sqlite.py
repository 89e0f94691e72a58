"""The embedded log: one SQLite database in the data directory, WAL mode, synchronous=FULL.

SQLite gives us atomic, checksummed, crash-safe appends that we would otherwise hand-write over a
raw file (torn writes, partial records, recovery scans). Writes go through one thread and are
grouped: every append queued while a commit is on disk joins the next commit, so one fsync
acknowledges many events (group commit) and the event loop never blocks on the disk.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from rooms import RoomState
from server.log.base import LogUnavailable, Stamped, replay
from server.log.codec import decode_event, decode_state, encode_event, encode_state

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    room_id TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL, body BLOB NOT NULL,
    PRIMARY KEY (room_id, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS snapshots (
    room_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, body BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS rooms (
    room_id TEXT PRIMARY KEY, last_seq INTEGER NOT NULL);
"""

log = logging.getLogger(__name__)

#: events kept below the latest snapshot, so a briefly disconnected client gets events, not a snapshot
KEEP_BELOW_SNAPSHOT = 2000


#: rows per INSERT statement (4 parameters each, well under SQLite's 32,766)
ROWS_PER_STATEMENT = 2000


def _chunks(rows: list[Any], n: int) -> list[list[Any]]:
    return [rows[i : i + n] for i in range(0, len(rows), n)]


def _flat(rows: list[tuple[Any, ...]]) -> list[Any]:
    return [x for row in rows for x in row]


class SqliteLog:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._path = path
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="log-writer")
        self._readers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="log-reader")
        self._local = threading.local()
        self._pending: list[tuple[str, list[Stamped], asyncio.Future[None]]] = []
        self._flushing: asyncio.Task[None] | None = None
        self._conn().executescript(SCHEMA)
        #: False from a failed append until a write succeeds again (/readyz follows it)
        self.writable = True
        self.append_failures = 0
        #: called with the seconds of each successful group commit (a metrics histogram)
        self.on_append: Callable[[float], None] | None = None

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self._path, isolation_level=None, check_same_thread=True)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA busy_timeout=5000")
            self._local.conn = conn
        return conn

    # -- writing ------------------------------------------------------------------------------

    async def append(self, room_id: str, events: list[Stamped], fence: int = 0) -> None:
        if not events:
            return
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((room_id, events, fut))
        if self._flushing is None or self._flushing.done():
            self._flushing = asyncio.create_task(self._flush())
        await fut

    async def _flush(self) -> None:
        loop = asyncio.get_running_loop()
        while self._pending:
            batch, self._pending = self._pending, []
            rows = [(room_id, s.seq, *encode_event(s.event)) for room_id, stamped, _ in batch for s in stamped]
            last = {room_id: stamped[-1].seq for room_id, stamped, _ in batch}
            started = loop.time()
            try:
                await loop.run_in_executor(self._writer, self._write, rows, last)
            except (sqlite3.Error, OSError) as exc:
                self._failed(exc)
                for _, _, fut in batch:
                    if not fut.done():
                        fut.set_exception(LogUnavailable(f"log write failed: {exc}"))
                continue
            self._wrote()
            if self.on_append is not None:
                self.on_append(loop.time() - started)
            for _, _, fut in batch:
                if not fut.done():
                    fut.set_result(None)

    def _failed(self, exc: BaseException) -> None:
        self.append_failures += 1
        if self.writable:
            log.error("the log at %s cannot write (%s): refusing commands, not ready", self._path, exc)
        self.writable = False

    def _wrote(self) -> None:
        if not self.writable:
            log.info("the log at %s writes again: ready", self._path)
        self.writable = True

    async def probe(self) -> bool:
        """Try a small durable write (the disk may have room again); updates `writable`."""
        try:
            await asyncio.get_running_loop().run_in_executor(self._writer, self._probe)
        except (sqlite3.Error, OSError) as exc:
            self._failed(exc)
            return False
        self._wrote()
        return True

    def _probe(self) -> None:
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("CREATE TABLE IF NOT EXISTS probe (at INTEGER)")
            conn.execute("DELETE FROM probe")
            conn.execute("INSERT INTO probe VALUES (?)", (os.getpid(),))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _write(self, rows: list[tuple[str, int, str, bytes]], last: dict[str, int]) -> None:
        # Multi-row statements, not executemany: the sqlite3 module releases the GIL around every
        # step, and each time this thread takes it back it may wait a whole switch interval behind a
        # busy event loop (the convoy effect: 100 rows per commit took 0.9 s at p99 that way, 10 ms
        # like this; docs/benchmarks.md).
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            for chunk in _chunks(rows, ROWS_PER_STATEMENT):
                conn.execute("INSERT INTO events VALUES " + ",".join(("(?,?,?,?)",) * len(chunk)), _flat(chunk))
            for chunk in _chunks(list(last.items()), ROWS_PER_STATEMENT):
                conn.execute(
                    "INSERT INTO rooms VALUES "
                    + ",".join(("(?,?)",) * len(chunk))
                    + " ON CONFLICT(room_id) DO UPDATE SET last_seq=excluded.last_seq",
                    _flat(chunk),
                )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    async def save_snapshot(self, room_id: str, state: RoomState) -> None:
        body, seq = encode_state(state), state.seq
        await asyncio.get_running_loop().run_in_executor(self._writer, self._snapshot, room_id, seq, body)

    def _snapshot(self, room_id: str, seq: int, body: bytes) -> None:
        conn = self._conn()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO snapshots VALUES (?, ?, ?) "
            "ON CONFLICT(room_id) DO UPDATE SET seq=excluded.seq, body=excluded.body",
            (room_id, seq, body),
        )
        # Compaction: the snapshot stands for everything below it; keep a tail for reconnects.
        conn.execute("DELETE FROM events WHERE room_id = ? AND seq <= ?", (room_id, seq - KEEP_BELOW_SNAPSHOT))
        conn.execute("COMMIT")

    # -- reading ------------------------------------------------------------------------------

    async def read(self, room_id: str, after: int, limit: int = 10_000) -> list[Stamped]:
        rows = await asyncio.get_running_loop().run_in_executor(self._readers, self._read, room_id, after, limit)
        return [Stamped(seq, decode_event(t, body)) for seq, t, body in rows]

    def _read(self, room_id: str, after: int, limit: int) -> list[tuple[int, str, bytes]]:
        cur = self._conn().execute(
            "SELECT seq, type, body FROM events WHERE room_id = ? AND seq > ? ORDER BY seq LIMIT ?",
            (room_id, after, limit),
        )
        return list(cur.fetchall())

    async def load(self, room_id: str) -> RoomState:
        loop = asyncio.get_running_loop()
        snap = await loop.run_in_executor(self._readers, self._read_snapshot, room_id)
        state = decode_state(snap) if snap is not None else RoomState(room_id=room_id)
        while True:
            batch = await self.read(room_id, state.seq)
            if not batch:
                return state
            for s in batch:
                if s.seq != state.seq + 1:
                    raise LogUnavailable(f"room {room_id}: log has a hole at seq {state.seq + 1}")
                replay(state, s.event)

    def _read_snapshot(self, room_id: str) -> bytes | None:
        row = self._conn().execute("SELECT body FROM snapshots WHERE room_id = ?", (room_id,)).fetchone()
        return None if row is None else bytes(row[0])

    async def room_ids(self) -> list[str]:
        def q() -> list[str]:
            return [r[0] for r in self._conn().execute("SELECT room_id FROM rooms")]

        return await asyncio.get_running_loop().run_in_executor(self._readers, q)

    async def close(self) -> None:
        if self._flushing is not None:
            await self._flushing
        self._writer.shutdown(wait=True)
        self._readers.shutdown(wait=True)
