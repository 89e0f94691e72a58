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
        "comma-separated origins whose pages may open sockets (cross-site WebSocket hijacking and "
        "DNS-rebinding defence); default: the --public-url, or without it http://127.0.0.1|localhost|[::1]:PORT",
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
    ping_interval: float = option(
        5.0, "seconds between engine.io pings; with the timeout, how soon a silent client is gone"
    )
    ping_timeout: float = option(5.0, "seconds to wait for a pong")
    stun_urls: list[str] = option([], "comma-separated STUN URLs handed to browsers")
    turn_urls: list[str] = option([], "comma-separated TURN URLs handed to browsers")
    turn_secret: str | None = option(
        None, "shared secret of the TURN server (coturn use-auth-secret): browsers get time-limited credentials"
    )
    log_level: str = option("info", "debug, info, warning or error", choices=("debug", "info", "warning", "error"))
    log_format: str = option(
        "text", "text lines, or one JSON object per line for a log collector", choices=("text", "json")
    )
    http_requests_per_second: float = option(
        20.0,
        "sustained /api/ requests per client address before '429 rate_limited', with a burst of three seconds' worth",
    )
    #: joins a minute through one link and from one address (each refills over a minute)
    joins_per_link: int = option(120, "joins a minute through one link before 'rate_limited'")
    joins_per_address: int = option(
        300,
        "joins a minute from one client address; behind a proxy every user shares the proxy's, so raise it there",
    )
    http_burst: int = 60
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
        if path.exists() and (kept := path.read_text().strip()):
            return kept
        self.data_dir.mkdir(parents=True, exist_ok=True)
        value = secrets.token_urlsafe(48)
        # Written whole or not at all: a temporary file, synced, then linked into place (link fails
        # if another node of a shared directory won the race: its secret is the one to use).
        tmp = self.data_dir / f".secret.{os.getpid()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "w") as f:
                f.write(value)
                f.flush()
                os.fsync(f.fileno())
            if path.exists():  # an empty secret left by a start that failed before this fix
                path.unlink()
            try:
                os.link(tmp, path)
            except FileExistsError:
                return path.read_text().strip()
        finally:
            tmp.unlink(missing_ok=True)
        return value

    def socket_origins(self) -> list[str]:
        """Origins whose pages may open sockets: the configured ones, else this server's public URL.

        Never the request's own `Host`: a DNS-rebinding page (Host and Origin both its own name)
        would pass that check. Without --public-url the server answers on loopback names only.
        """
        if self.allowed_origins:
            return [*self.allowed_origins, self.base_url()]
        if self.public_url:
            return [self.base_url()]
        return [f"http://{name}:{self.port}" for name in ("127.0.0.1", "localhost", "[::1]")] + (
            [self.base_url()] if self.host not in ("0.0.0.0", "::", "", "127.0.0.1", "localhost") else []
        )

    def base_url(self) -> str:
        if self.public_url:
            return self.public_url.rstrip("/")
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host
        return f"http://{host}:{self.port}"


class ConfigError(Exception):
    """A setting that cannot be used; its message is the one line the operator sees."""


def env_name(name: str) -> str:
    """The variable of a setting: `data_dir` -> PEERGROUP_DATA_DIR."""
    return f"PEERGROUP_{name.upper()}"


def _list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def _parse(kind: Any, text: str) -> Any:
    """A setting from its flag or variable text, as its field's type (ValueError when it is not one)."""
    optional = typing.get_origin(kind) in (typing.Union, types.UnionType)
    base = next(t for t in typing.get_args(kind) if t is not type(None)) if optional else kind
    if typing.get_origin(base) is list:
        return _list(text)
    if base is Path:
        return Path(text)
    if base in (int, float):
        number = base(text)
        if number != number or number in (float("inf"), float("-inf")) or number < 0:
            raise ValueError(f"{text!r} is not a usable value")
        return number
    return base(text)


def _env_value(name: str, kind: Any) -> Any:
    """A setting's PEERGROUP_* variable as its type, or ConfigError naming the variable and its value."""
    text = os.environ[env_name(name)]
    try:
        return _parse(kind, text)
    except ValueError:
        what = {int: "a whole number", float: "a number"}.get(kind, "a usable value")
        raise ConfigError(f"{env_name(name)}={text!r} is not {what}") from None


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
        value = default if env is None else _env_value(f.name, hints[f.name])
        p.add_argument(
            "--" + f.name.replace("_", "-"),
            dest=f.name,
            type=lambda text, kind=hints[f.name]: _parse(kind, text),
            default=value,
            choices=f.metadata.get("choices"),
            help=f"{f.metadata['help']} ({where})",
        )


def from_args(ns: argparse.Namespace) -> Config:
    """The Config the flags (or their variables) gave; an empty text counts as not set."""
    values = {f.name: getattr(ns, f.name) for f in options()}
    config = Config(**{name: (None if value == "" else value) for name, value in values.items()})
    if not 1 <= config.port <= 65535:
        raise ConfigError(f"port {config.port} is not between 1 and 65535")
    if config.secret and len(config.secret) < 32:
        raise ConfigError("the secret (--secret / PEERGROUP_SECRET) must be at least 32 characters")
    if config.log_level.lower() not in ("debug", "info", "warning", "error"):
        raise ConfigError(f"log level {config.log_level!r} is not debug, info, warning or error")
    if config.log_format not in ("text", "json"):
        raise ConfigError(f"log format {config.log_format!r} is not text or json")
    config.http_burst = max(1, int(config.http_requests_per_second * 3))
    return config
