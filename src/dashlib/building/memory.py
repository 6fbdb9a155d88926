"""Handing freed memory back to the system between the build's stages.

At 100,000 articles the build's peak depends on whether memory one stage frees
is there for the next: Python frees into its own heap and Arrow into its own
pool, and neither gives pages back by itself.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc

import pyarrow as pa


def _libc_function(name: str):
    path = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(path), name) if path else None
    except (OSError, AttributeError):  # not glibc (macOS, musl): nothing to tune or trim
        return None


_TRIM = _libc_function("malloc_trim")
_MALLOPT = _libc_function("mallopt")
_M_MMAP_THRESHOLD, _M_ARENA_MAX = -3, -8  # glibc's mallopt parameters (malloc.h)


def tune_allocator(arenas: int = 2, mmap_threshold: int = 1 << 20) -> bool:
    """Make a long-running server give memory back after a load (glibc only; False
    elsewhere or if refused).

    A server runs each visitor's script in a thread of its own, and glibc gives busy
    threads heaps of their own (up to eight per core) that keep their pages after the
    load; blocks of a megabyte or more (table buffers) are mapped on their own, so a
    freed one goes back to the system at once, instead of raising a threshold that
    keeps the next ones in the heap. Call it once, early.
    """
    if _MALLOPT is None:
        return False
    ok = _MALLOPT(_M_ARENA_MAX, arenas) == 1
    return _MALLOPT(_M_MMAP_THRESHOLD, mmap_threshold) == 1 and ok


# Below this many articles a build's stages free too little to be worth a full garbage
# collection and a walk of the heap: each costs tens of milliseconds in a process with a
# large heap (a test session, a dashboard), more than a small build takes.
RELEASE_FROM_ARTICLES = 2_000


def release_memory(articles: int, collect: bool = False) -> None:
    """Give freed heap memory back to the system between the reduce's stages (glibc only),
    in a build of ``articles`` articles (nothing below :data:`RELEASE_FROM_ARTICLES`).

    The stages allocate differently (Python objects, then pandas/Arrow buffers),
    so memory one stage frees is often not what the next one needs; returning
    it keeps the build's peak down at 100,000 articles.
    """
    if articles < RELEASE_FROM_ARTICLES:
        return
    if collect:
        gc.collect()
    pa.default_memory_pool().release_unused()  # Arrow's own pool (mimalloc) keeps freed pages
    if _TRIM is not None:
        _TRIM(0)
