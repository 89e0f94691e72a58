"""Settings of one node: every option is a flag of `peergroup serve` and a PEERGROUP_* variable."""

from __future__ import annotations

import argparse
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Config:
    host: str = "127.0.0.1"
    port: int = 8080
    data_dir: Path = Path("data")
    redis_url: str | None = None
    secret: str | None = None
    allowed_origins: list[str] = field(default_factory=list)
    api_key: str | None = None
    public_url: str | None = None
    node_id: str | None = None
    max_message_bytes: int = 64 * 1024
    commands_per_second: float = 20.0
    command_burst: int = 40
    relays_per_second: float = 60.0
    ping_interval: float = 5.0
    ping_timeout: float = 5.0
    stun_urls: list[str] = field(default_factory=list)
    turn_urls: list[str] = field(default_factory=list)
    turn_secret: str | None = None
    log_level: str = "info"
    log_format: str = "text"
    http_requests_per_second: float = 20.0
    #: joins a minute through one link and from one address (each refills over a minute)
    joins_per_link: int = 120
    joins_per_address: int = 300
    http_burst: int = 60
    lease_seconds: float = 5.0
    heartbeat_seconds: float = 2.0

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


def _env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(f"PEERGROUP_{name.upper()}", default)


def _env_number(name: str, kind: type[int] | type[float], default: str) -> int | float:
    """A numeric PEERGROUP_* variable, or ConfigError naming it and its value."""
    value = _env(name, default) or default
    try:
        number = kind(value)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise ConfigError(f"PEERGROUP_{name.upper()}={value!r} is not {what}") from None
    if number != number or number in (float("inf"), float("-inf")) or number < 0:
        raise ConfigError(f"PEERGROUP_{name.upper()}={value!r} is not a usable value")
    return number


def _list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def add_serve_arguments(p: argparse.ArgumentParser) -> None:
    """Flags of `peergroup serve`; each default comes from its PEERGROUP_* variable."""
    p.add_argument(
        "--host", default=_env("host", "127.0.0.1"), help="interface to listen on (PEERGROUP_HOST; default 127.0.0.1)"
    )
    p.add_argument(
        "--port", type=int, default=_env_number("port", int, "8080"), help="TCP port (PEERGROUP_PORT; default 8080)"
    )
    p.add_argument(
        "--data-dir",
        default=_env("data_dir", "data"),
        help="where the embedded log, snapshots and the generated secret live (PEERGROUP_DATA_DIR; default ./data)",
    )
    p.add_argument(
        "--redis-url",
        default=_env("redis_url"),
        help="join a cluster through this Redis, e.g. redis://10.0.0.5:6379/0; without it the "
        "node runs alone with no other service (PEERGROUP_REDIS_URL)",
    )
    p.add_argument(
        "--secret",
        default=_env("secret"),
        help="secret that signs join links and member tokens, at least 32 characters; all nodes "
        "of a cluster need the same one. Default: generated once into the data directory "
        "(PEERGROUP_SECRET)",
    )
    p.add_argument(
        "--allowed-origins",
        default=_env("allowed_origins", ""),
        help="comma-separated origins whose pages may open sockets (cross-site WebSocket "
        "hijacking and DNS-rebinding defence); default: the --public-url, or without it "
        "http://127.0.0.1|localhost|[::1]:PORT and http://HOST:PORT (PEERGROUP_ALLOWED_ORIGINS)",
    )
    p.add_argument(
        "--api-key",
        default=_env("api_key"),
        help="require 'Authorization: Bearer KEY' to create rooms; without it anyone who reaches "
        "the server may create rooms, which suits a private or development setup (PEERGROUP_API_KEY)",
    )
    p.add_argument(
        "--public-url",
        default=_env("public_url"),
        help="the URL users reach this service at, used in join links (PEERGROUP_PUBLIC_URL; default http://HOST:PORT)",
    )
    p.add_argument(
        "--node-id",
        default=_env("node_id"),
        help="this node's name in a cluster (PEERGROUP_NODE_ID; default host:port:pid)",
    )
    p.add_argument(
        "--max-message-bytes",
        type=int,
        default=_env_number("max_message_bytes", int, "65536"),
        help="largest command payload accepted (PEERGROUP_MAX_MESSAGE_BYTES; default 65536)",
    )
    p.add_argument(
        "--commands-per-second",
        type=float,
        default=_env_number("commands_per_second", float, "20"),
        help="sustained commands per connection before 'rate_limited' (PEERGROUP_COMMANDS_PER_SECOND)",
    )
    p.add_argument(
        "--stun-urls",
        default=_env("stun_urls", ""),
        help="comma-separated STUN URLs handed to browsers (PEERGROUP_STUN_URLS)",
    )
    p.add_argument(
        "--turn-urls",
        default=_env("turn_urls", ""),
        help="comma-separated TURN URLs handed to browsers (PEERGROUP_TURN_URLS)",
    )
    p.add_argument(
        "--turn-secret",
        default=_env("turn_secret"),
        help="shared secret of the TURN server (coturn use-auth-secret): browsers get "
        "time-limited credentials (PEERGROUP_TURN_SECRET)",
    )
    p.add_argument(
        "--lease-seconds",
        type=float,
        default=_env_number("lease_seconds", float, "5"),
        help="cluster: how long a room's owner lease lasts unrenewed; a dead owner's rooms move to "
        "another node after about this long (PEERGROUP_LEASE_SECONDS; default 5)",
    )
    p.add_argument(
        "--heartbeat-seconds",
        type=float,
        default=_env_number("heartbeat_seconds", float, "2"),
        help="cluster: node heartbeat interval; a dead node's participants show as disconnected "
        "within two of these (PEERGROUP_HEARTBEAT_SECONDS; default 2)",
    )
    p.add_argument(
        "--http-requests-per-second",
        type=float,
        default=_env_number("http_requests_per_second", float, "20"),
        help="sustained /api/ requests per client address before '429 rate_limited', with a burst of "
        "three seconds' worth (PEERGROUP_HTTP_REQUESTS_PER_SECOND; default 20)",
    )
    p.add_argument(
        "--joins-per-link",
        type=int,
        default=_env_number("joins_per_link", int, "120"),
        help="joins a minute through one link before 'rate_limited' (PEERGROUP_JOINS_PER_LINK; default 120)",
    )
    p.add_argument(
        "--joins-per-address",
        type=int,
        default=_env_number("joins_per_address", int, "300"),
        help="joins a minute from one client address; behind a proxy every user shares the proxy's, "
        "so raise it there (PEERGROUP_JOINS_PER_ADDRESS; default 300)",
    )
    p.add_argument(
        "--log-level", default=_env("log_level", "info"), help="debug, info, warning or error (PEERGROUP_LOG_LEVEL)"
    )
    p.add_argument(
        "--log-format",
        choices=["text", "json"],
        default=_env("log_format", "text"),
        help="text lines, or one JSON object per line for a log collector (PEERGROUP_LOG_FORMAT; default text)",
    )


def from_args(ns: argparse.Namespace) -> Config:
    """The node's settings from `peergroup serve`'s flags; ConfigError for any it cannot use."""
    if not 1 <= ns.port <= 65535:
        raise ConfigError(f"port {ns.port} is not between 1 and 65535")
    if ns.secret and len(ns.secret) < 32:
        raise ConfigError("the secret (--secret / PEERGROUP_SECRET) must be at least 32 characters")
    if str(ns.log_level).upper() not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise ConfigError(f"log level {ns.log_level!r} is not debug, info, warning or error")
    return Config(
        host=ns.host,
        port=ns.port,
        data_dir=Path(ns.data_dir),
        redis_url=ns.redis_url or None,
        secret=ns.secret or None,
        allowed_origins=_list(ns.allowed_origins),
        api_key=ns.api_key or None,
        public_url=ns.public_url or None,
        node_id=ns.node_id or None,
        max_message_bytes=ns.max_message_bytes,
        commands_per_second=ns.commands_per_second,
        stun_urls=_list(ns.stun_urls),
        turn_urls=_list(ns.turn_urls),
        turn_secret=ns.turn_secret or None,
        log_level=ns.log_level,
        log_format=ns.log_format,
        joins_per_link=ns.joins_per_link,
        joins_per_address=ns.joins_per_address,
        http_requests_per_second=ns.http_requests_per_second,
        http_burst=max(1, int(ns.http_requests_per_second * 3)),
        lease_seconds=ns.lease_seconds,
        heartbeat_seconds=ns.heartbeat_seconds,
    )
