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
# `rooms` lists every room the log holds, written with a room's first events (`last_seq` is the seq
# it was written at, kept for the logs of earlier versions, which updated it on every append: a
# second table, so a second page in every commit, for a number the events table already holds).

log = logging.getLogger(__name__)

#: events kept below the latest snapshot, so a briefly disconnected client gets events, not a snapshot
KEEP_BELOW_SNAPSHOT = 2000


#: rows per INSERT statement (4 parameters each, well under SQLite's 32,766)
ROWS_PER_STATEMENT = 2000
#: seconds between checkpoints of the write-ahead log into the database, off the writer's thread
CHECKPOINT_EVERY = 0.5


def _chunks(rows: list[Any], n: int) -> list[list[Any]]:
    return [rows[i : i + n] for i in range(0, len(rows), n)]


def _flat(rows: list[tuple[Any, ...]]) -> list[Any]:
    return [x for row in rows for x in row]


class SqliteLog:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._path = path
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="log-writer")
        # SQLite checkpoints the WAL into the database inside the commit that crosses 1,000 pages:
        # that commit (and every event waiting on it) then waits for megabytes of copying and two
        # more fsyncs. Here the writer never checkpoints; this thread does, on its own connection,
        # beside the commits (PASSIVE: it never blocks a writer).
        self._checkpointer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="log-checkpoint")
        self._checkpointing: asyncio.Future[None] | None = None
        self._checkpointed_at = 0.0
        self.checkpoint_failures = 0
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
            conn.execute("PRAGMA wal_autocheckpoint=0")  # the checkpoint thread does it (see __init__)
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
            rows = [x for rid, stamped, _ in batch for s in stamped for x in (rid, s.seq, *encode_event(s.event))]
            new = [x for room_id, stamped, _ in batch if stamped[0].seq == 1 for x in (room_id, 1)]
            started = loop.time()
            try:
                await loop.run_in_executor(self._writer, self._write, rows, new)
            except (sqlite3.Error, OSError) as exc:
                self._failed(exc)
                for _, _, fut in batch:
                    if not fut.done():
                        fut.set_exception(LogUnavailable(f"log write failed: {exc}"))
                continue
            self._wrote()
            if self.on_append is not None:
                self.on_append(loop.time() - started)
            self._checkpoint_soon(loop)
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

    def _write(self, rows: list[Any], new_rooms: list[Any]) -> None:
        """One commit: `rows` are the events' columns flattened, `new_rooms` (room id, 1) pairs.

        Multi-row statements, not executemany: the sqlite3 module releases the GIL around every
        step, and each time this thread takes it back it may wait a whole switch interval behind a
        busy event loop (the convoy effect: 100 rows per commit took 0.9 s at p99 that way, 10 ms
        like this; docs/benchmarks.md). Usually that is one statement, committed on its own.
        """
        conn = self._conn()
        per = ROWS_PER_STATEMENT * 4
        statements = [
            ("INSERT INTO events VALUES " + ",".join(("(?,?,?,?)",) * (len(rows[i : i + per]) // 4)), rows[i : i + per])
            for i in range(0, len(rows), per)
        ]
        if new_rooms:
            marks = ",".join(("(?,?)",) * (len(new_rooms) // 2))
            statements.append((f"INSERT OR IGNORE INTO rooms VALUES {marks}", new_rooms))
        if len(statements) == 1:
            conn.execute(*statements[0])  # one statement is one transaction: atomic, durable
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            for sql, params in statements:
                conn.execute(sql, params)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _checkpoint_soon(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._checkpointing is not None and not self._checkpointing.done():
            return
        if loop.time() - self._checkpointed_at < CHECKPOINT_EVERY:
            return
        self._checkpointed_at = loop.time()
        self._checkpointing = loop.run_in_executor(self._checkpointer, self._checkpoint)

    def _checkpoint(self) -> None:
        try:
            self._conn().execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error as exc:  # the next one tries again; the WAL keeps every commit meanwhile
            self.checkpoint_failures += 1
            log.warning("checkpointing the log at %s failed: %s", self._path, exc)

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
        self._checkpointer.shutdown(wait=True)
        self._readers.shutdown(wait=True)
