"""The servers ``dashlib bench serve`` measures, and what it reads about them from ``/proc``.

The dashboard is started as the README says (``streamlit run app.py`` in the
project folder, so with the project's ``.streamlit/config.toml``), on a free
loopback port, in a process group of its own. The baseline, an empty Streamlit
page, is started the same way from a folder holding a copy of that config, so
the two differ only in the script they run.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from dataclasses import dataclass
from pathlib import Path

EMPTY_PAGE = 'import streamlit as st\n\nst.title("Empty page")\n'
_CLK_TCK = os.sysconf("SC_CLK_TCK")
DEFAULT_RECONNECT_TTL = 120  # Streamlit's server.disconnectedSessionTTL default (seconds)


@dataclass
class Server:
    """A running ``streamlit run``: its base URL and process id."""

    name: str
    url: str
    pid: int
    log: Path

    def cpu_seconds(self) -> float:
        return cpu_seconds(self.pid)

    def rss_mb(self) -> float:
        return rss_bytes(self.pid) / 2**20

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = self.log.read_text("utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
            return resp.read().strip() == b"ok"
    except OSError:
        return False


def _stop(proc: subprocess.Popen) -> None:
    for sig, wait_s in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        if proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(wait_s)


@contextlib.contextmanager
def streamlit_server(name: str, script: str, cwd: Path, env: dict, log: Path, timeout=180.0):
    """``python -m streamlit run SCRIPT`` in ``cwd`` on a free port; yields a :class:`Server`.

    Only the port, the loopback address and headless mode are given on the command
    line; every other setting comes from ``cwd/.streamlit/config.toml``. ``env`` is
    added to this process's environment; a name mapped to None is left out of it.
    """
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", script]
    cmd += ["--server.headless", "true", "--server.port", str(port)]
    cmd += ["--server.address", "127.0.0.1"]
    merged = {**os.environ, **env, "PYTHONUNBUFFERED": "1"}
    child_env = {k: v for k, v in merged.items() if v is not None}
    with open(log, "wb") as fh:
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            env=child_env,
            stdin=subprocess.DEVNULL,
            stdout=fh,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(name, f"http://127.0.0.1:{port}", proc.pid, log)
    try:
        deadline = time.monotonic() + timeout
        while not _healthy(server.url):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not start:\n{server.log_tail()}")
            time.sleep(0.2)
        yield server
    finally:
        _stop(proc)


def empty_page_folder(workdir: Path, config_from: Path | None) -> Path:
    """A folder with the empty page and a copy of the project's Streamlit config
    (``config_from=None``: no config, Streamlit's defaults)."""
    folder = workdir / "empty-page"
    (folder / ".streamlit").mkdir(parents=True, exist_ok=True)
    (folder / "empty_page.py").write_text(EMPTY_PAGE, "utf-8")
    target = folder / ".streamlit" / "config.toml"
    config = config_from / ".streamlit" / "config.toml" if config_from else None
    if config is not None and config.is_file():
        shutil.copyfile(config, target)
    else:
        target.unlink(missing_ok=True)
    return folder


def streamlit_settings(root: Path) -> dict:
    """The project's ``.streamlit/config.toml`` as a dict ({} when there is none)."""
    try:
        return tomllib.loads((root / ".streamlit" / "config.toml").read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def reconnect_ttl(root: Path) -> int:
    """How long Streamlit keeps a closed session for a reconnect (server.disconnectedSessionTTL)."""
    server = streamlit_settings(root).get("server", {})
    return int(server.get("disconnectedSessionTTL", DEFAULT_RECONNECT_TTL))


def _stat_fields(pid: int) -> list[str]:
    with open(f"/proc/{pid}/stat") as fh:
        return fh.read().rsplit(")", 1)[1].split()


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid``, all its threads (from /proc, 10 ms ticks)."""
    fields = _stat_fields(pid)  # fields[0] is field 3 (state): utime 14, stime 15
    return (int(fields[11]) + int(fields[12])) / _CLK_TCK


def rss_bytes(pid: int) -> int:
    """Resident memory (VmRSS) of process ``pid``."""
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


class PeakRss:
    """Samples a process's resident memory every ``interval`` seconds while running."""

    def __init__(self, pid: int, interval: float = 0.2):
        self.pid, self.interval = pid, interval
        self.peak = rss_bytes(pid)
        self._stop = asyncio.Event()
        self._task: asyncio.Task | None = None

    async def _run(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(OSError):
                self.peak = max(self.peak, rss_bytes(self.pid))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self.interval)

    async def __aenter__(self) -> PeakRss:
        self._task = asyncio.create_task(self._run())
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._stop.set()
        if self._task is not None:
            await self._task
        self.peak = max(self.peak, rss_bytes(self.pid))

    @property
    def peak_mb(self) -> float:
        return self.peak / 2**20
