"""The README's two commands, on a fresh clone with only Python 3.11+ and Node.js:

    python3 -m server.bootstrap serve [serve flags]   install what is missing, then run a node
    python3 -m server.bootstrap test  [pytest args]   install what the tests need, then lint,
                                                      type-check and run every test

Standard library only: it runs before anything is installed. Each step is skipped when its inputs
have not changed since it last ran (a stamp holds their hash), so the second run starts at once.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / "bin"
WEB = ROOT / "web"
BENCH = ROOT / "bench"
CHROMIUM = Path("/usr/bin/chromium")


def say(msg: str) -> None:
    print(f"[bootstrap] {msg}", flush=True)


def run(*cmd: str | Path, cwd: Path = ROOT, env: dict[str, str] | None = None) -> None:
    subprocess.run([str(c) for c in cmd], cwd=cwd, check=True, env=env)


def digest(*paths: Path) -> str:
    h = hashlib.sha256()
    for p in paths:
        if p.exists():
            h.update(p.read_bytes())
    return h.hexdigest()


def fresh(stamp: Path, value: str) -> bool:
    return stamp.exists() and stamp.read_text() == value


def python_env(extras: str) -> None:
    if not (BIN / "python").exists():
        say("creating .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed-{extras or 'base'}"
    value = digest(ROOT / "pyproject.toml")
    if fresh(stamp, value):
        return
    say(f"installing Python dependencies ({extras or 'runtime'})")
    target = f".[{extras}]" if extras else "."
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", target)
    stamp.write_text(value)


def web_assets() -> None:
    package = WEB / "package.json"
    if not package.exists():
        return
    if shutil.which("npm") is None:
        sys.exit("[bootstrap] Node.js and npm are needed to build the web client")
    stamp = WEB / "node_modules" / ".installed"
    value = digest(package, WEB / "package-lock.json")
    if not fresh(stamp, value):
        say("installing web packages (npm ci)")
        run("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", cwd=WEB)
        stamp.write_text(value)
    sources = sorted(p for p in (WEB / "src").rglob("*") if p.is_file()) if (WEB / "src").exists() else []
    build_stamp = WEB / "dist" / ".built"
    value = digest(package, WEB / "package-lock.json", WEB / "build.mjs", *sources, *sorted((WEB / "static").glob("*")))
    if not fresh(build_stamp, value):
        say("building the web client")
        run("npm", "run", "--silent", "build", cwd=WEB)
        build_stamp.parent.mkdir(exist_ok=True)
        build_stamp.write_text(value)


def bench_packages() -> None:
    """bench/'s stock Node packages (socket.io relay and client harness), pinned by its lock."""
    stamp = BENCH / "node_modules" / ".installed"
    value = digest(BENCH / "package.json", BENCH / "package-lock.json")
    if (BENCH / "package.json").exists() and not fresh(stamp, value):
        say("installing bench packages (npm ci)")
        run("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", cwd=BENCH)
        stamp.write_text(value)


def system_packages() -> None:
    """redis-server and Debian's chromium, which the multi-node and browser tests drive."""
    missing = []
    if shutil.which("redis-server") is None:
        missing.append("redis-server")
    if not CHROMIUM.exists():
        missing.append("chromium")
    if not missing:
        return
    say(f"installing {' '.join(missing)} with apt-get")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(*sudo, "apt-get", "update", "-qq", env=env)
    run(*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing, env=env)


def serve(args: list[str]) -> None:
    python_env("")
    web_assets()
    os.execv(BIN / "peergroup", [str(BIN / "peergroup"), "serve", *args])


def test(args: list[str]) -> None:
    python_env("test")
    web_assets()
    bench_packages()
    system_packages()
    say("ruff")
    run(BIN / "ruff", "check", ".")
    say("mypy --strict rooms protocol")
    run(BIN / "mypy", "--strict", "rooms", "protocol")
    say("pytest")
    os.execv(BIN / "python", [str(BIN / "python"), "-m", "pytest", *(args or ["-q", "--reruns", "1", "-rs"])])


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in ("serve", "test"):
        sys.exit("usage: python3 -m server.bootstrap serve|test [args]")
    os.chdir(ROOT)
    (serve if sys.argv[1] == "serve" else test)(sys.argv[2:])


if __name__ == "__main__":
    main()
