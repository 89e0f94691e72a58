"""Settings of one node: every option is a flag of `peergroup serve` and a PEERGROUP_* variable."""

from __future__ import annotations

import argparse
import dataclasses
import os
import secrets
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def option(default: Any, help: str, **kw: Any) -> Any:
    """A setting that is also a flag of `peergroup serve` and a PEERGROUP_* variable, with `help`."""
    if isinstance(default, list):
        return field(default_factory=list, metadata={"help": help, **kw})
    return field(default=default, metadata={"help": help, **kw})


@dataclass
class Config:
    """Every setting once: its flag, its variable, its default and its help are made from here."""

    host: str = option("127.0.0.1", "interface to listen on")
    port: int = option(8080, "TCP port")
    data_dir: Path = option(Path("data"), "where the embedded log, snapshots and the generated secret live")
    redis_url: str | None = option(
        None,
        "join a cluster through this Redis, e.g. redis://10.0.0.5:6379/0; without it the node runs alone "
        "with no other service",
    )
    secret: str | None = option(
        None,
        "secret that signs join links and member tokens, at least 32 characters; all nodes of a cluster "
        "need the same one. Default: generated once into the data directory",
    )
    allowed_origins: list[str] = option(
        [],
        "comma-separated origins whose pages may open sockets (cross-site WebSocket hijacking defence); "
        "default: only this server's own origin",
    )
    api_key: str | None = option(
        None,
        "require 'Authorization: Bearer KEY' to create rooms; without it anyone who reaches the server "
        "may create rooms, which suits a private or development setup",
    )
    public_url: str | None = option(
        None, "the URL users reach this service at, used in join links (default http://HOST:PORT)"
    )
    node_id: str | None = option(None, "this node's name in a cluster (default host:port:pid)")
    max_message_bytes: int = option(64 * 1024, "largest command payload accepted")
    commands_per_second: float = option(20.0, "sustained commands per connection before 'rate_limited'")
    command_burst: int = 40
    relays_per_second: float = 60.0
    ping_interval: float = 5.0
    ping_timeout: float = 5.0
    stun_urls: list[str] = option([], "comma-separated STUN URLs handed to browsers")
    turn_urls: list[str] = option([], "comma-separated TURN URLs handed to browsers")
    turn_secret: str | None = option(
        None, "shared secret of the TURN server (coturn use-auth-secret): browsers get time-limited credentials"
    )
    log_level: str = option("info", "debug, info, warning or error")
    lease_seconds: float = option(
        5.0,
        "cluster: how long a room's owner lease lasts unrenewed; a dead owner's rooms move to another "
        "node after about this long",
    )
    heartbeat_seconds: float = option(
        2.0,
        "cluster: node heartbeat interval; a dead node's participants show as disconnected within two of these",
    )
    #: recorded audio tracks are deleted this many days after they were written (0: kept)
    recording_retention_days: float = option(
        30.0,
        "recorded audio (only ever made when a facilitator announced it) is deleted this many days after "
        "it was written; 0 keeps it",
    )

    def token_secret(self) -> str:
        """The signing secret: given, or made once and kept in the data directory."""
        if self.secret:
            return self.secret
        path = self.data_dir / "secret"
        if path.exists():
            return path.read_text().strip()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        value = secrets.token_urlsafe(48)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(value)
        return value

    def base_url(self) -> str:
        if self.public_url:
            return self.public_url.rstrip("/")
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host
        return f"http://{host}:{self.port}"


def env_name(name: str) -> str:
    """The variable of a setting: `data_dir` -> PEERGROUP_DATA_DIR."""
    return f"PEERGROUP_{name.upper()}"


def _list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _parse(kind: Any, text: str) -> Any:
    """A setting from its flag or variable text, as its field's type."""
    optional = typing.get_origin(kind) in (typing.Union, types.UnionType)
    base = next(t for t in typing.get_args(kind) if t is not type(None)) if optional else kind
    if typing.get_origin(base) is list:
        return _list(text)
    if base is Path:
        return Path(text)
    return base(text)


def options() -> list[dataclasses.Field[Any]]:
    """The settings that are flags (those with a help text), in Config's order."""
    return [f for f in dataclasses.fields(Config) if "help" in f.metadata]


def add_serve_arguments(p: argparse.ArgumentParser) -> None:
    """Flags of `peergroup serve`, one per option of Config; each default comes from its variable."""
    hints = typing.get_type_hints(Config)
    for f in options():
        default = [] if f.default is dataclasses.MISSING else f.default
        shown = ",".join(default) if isinstance(default, list) else default
        where = f"{env_name(f.name)}" + ("" if shown in (None, "", []) else f"; default {shown}")
        env = os.environ.get(env_name(f.name))
        value = default if env is None else _parse(hints[f.name], env)
        p.add_argument(
            "--" + f.name.replace("_", "-"),
            dest=f.name,
            type=lambda text, kind=hints[f.name]: _parse(kind, text),
            default=value,
            help=f"{f.metadata['help']} ({where})",
        )


def from_args(ns: argparse.Namespace) -> Config:
    """The Config the flags (or their variables) gave; an empty text counts as not set."""
    values = {f.name: getattr(ns, f.name) for f in options()}
    return Config(**{name: (None if value == "" else value) for name, value in values.items()})
