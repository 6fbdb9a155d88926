"""The server's housekeeping: closed sessions go once their reconnect window has passed.

Streamlit keeps a closed session in a TTL cache that removes expired entries only on
its next write (the next visitor); ``_common.reap_closed_sessions`` reaps them on
Streamlit's event loop. These tests run it against Streamlit's own session manager
and storage, so an upgrade that moves them fails here rather than silently keeping
every visitor's session in memory.
"""

from __future__ import annotations

import asyncio
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from streamlit.runtime import Runtime  # noqa: E402
from streamlit.runtime.memory_session_storage import MemorySessionStorage  # noqa: E402
from streamlit.runtime.websocket_session_manager import WebsocketSessionManager  # noqa: E402

from app_pages import _common  # noqa: E402


def _runtime_with_closed_sessions(loop, ttl: float, n: int):
    storage = MemorySessionStorage(ttl_seconds=ttl)
    manager = WebsocketSessionManager(storage, None, None, None)
    for i in range(n):
        storage.save(SimpleNamespace(session=SimpleNamespace(id=f"closed-{i}")))
    runtime = SimpleNamespace(
        _session_mgr=manager, _get_async_objs=lambda: SimpleNamespace(eventloop=loop)
    )
    return runtime, storage


def _run_pending(loop) -> None:
    """Run what is scheduled on ``loop``, in a thread of its own as Streamlit's loop is
    (a browser test's Playwright may hold a running loop in this worker's main thread)."""
    thread = threading.Thread(target=loop.run_until_complete, args=(asyncio.sleep(0),))
    thread.start()
    thread.join(10)


def test_closed_sessions_past_their_window_are_dropped_on_the_event_loop():
    loop = asyncio.new_event_loop()
    try:
        runtime, storage = _runtime_with_closed_sessions(loop, ttl=0.05, n=3)
        assert len(storage._cache._data) == 3  # kept: nothing has written since
        time.sleep(0.1)
        assert storage.list() == []  # expired: no longer offered for reconnecting...
        assert len(storage._cache._data) == 3  # ...but still held, with their state
        assert _common.reap_closed_sessions(runtime)
        assert len(storage._cache._data) == 3  # only on the event loop's thread
        _run_pending(loop)
        assert len(storage._cache._data) == 0
    finally:
        loop.close()


def test_sessions_within_their_window_are_kept():
    loop = asyncio.new_event_loop()
    try:
        runtime, storage = _runtime_with_closed_sessions(loop, ttl=60, n=2)
        assert _common.reap_closed_sessions(runtime)
        _run_pending(loop)
        assert len(storage.list()) == 2
    finally:
        loop.close()


def test_streamlit_still_keeps_them_where_the_reaper_looks():
    assert callable(getattr(Runtime, "_get_async_objs", None))
    assert "self._session_mgr = " in Path(sys.modules[Runtime.__module__].__file__).read_text()
    assert callable(getattr(MemorySessionStorage()._cache, "expire", None))


def test_without_a_runtime_it_does_nothing():
    assert _common.reap_closed_sessions(SimpleNamespace()) is False
