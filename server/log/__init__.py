"""The durable room log: events by `seq`, and snapshots, behind one interface."""

from server.log.base import EventLog, Fenced, LogUnavailable, Stamped

__all__ = ["EventLog", "Fenced", "LogUnavailable", "Stamped"]
