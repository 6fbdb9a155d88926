"""Compact columns for the reduce: values gathered in flat buffers, read out as Arrow.

At 100,000 articles a Python object per text or per row value would dominate
the build's memory. The texts (:class:`_TextStore`) and the row tables' string
and integer columns (:class:`_StrColumn`, :class:`_IntColumn`) are gathered
as UTF-8 bytes and int64 arrays instead, and become Arrow and pandas arrays
over those same buffers, with the values :func:`dashlib.schemas.conform` gives.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# Text travels between the stages as UTF-8 bytes: a str that holds a single curly
# quote or dash (most articles do) takes 2 bytes per character, its UTF-8 about 1.
# "surrogatepass" gives back exactly the str that was encoded, whatever it holds.
_TEXT_CODEC = ("utf-8", "surrogatepass")


def _utf8_array(data: bytearray, ends: array) -> pa.Array:
    """A large_string Arrow array over ``data`` (no copy); ``ends`` are the values' end offsets.

    Checked to be UTF-8 (raises ``pyarrow.ArrowInvalid`` otherwise), as
    converting the strs would have been.
    """
    offsets = np.zeros(len(ends) + 1, dtype=np.int64)
    offsets[1:] = np.frombuffer(ends, dtype=np.int64)
    arr = pa.Array.from_buffers(
        pa.large_string(), len(ends), [None, pa.py_buffer(offsets), pa.py_buffer(data)]
    )
    arr.validate(full=True)
    return arr


class _TextStore:
    """Every kept article's UTF-8 text in one growing buffer, with the end offsets.

    The articles table's text column is an Arrow array over this same buffer
    (no copy), and quotes are cut from it by byte offsets, so the texts exist
    once, at about 1 byte per character, from the map stage to the written
    files. (Each as a str would take 2 bytes per character for most articles;
    strs plus an Arrow column held them twice.)
    """

    def __init__(self):
        self.data = bytearray()  # grows in place (realloc), no copy of what is there
        self._ends = array("q")

    def add(self, utf8: bytes) -> None:
        self.data += utf8
        self._ends.append(len(self.data))

    def __len__(self) -> int:
        return len(self._ends)

    def start(self, i: int) -> int:
        """Byte offset of text ``i`` in :attr:`data`."""
        return self._ends[i - 1] if i else 0

    def __getitem__(self, i: int) -> str:
        return str(memoryview(self.data)[self.start(i) : self._ends[i]], *_TEXT_CODEC)

    def arrow(self) -> pa.Array:
        """The texts as an Arrow large_string array over the buffer (checked to be UTF-8)."""
        return _utf8_array(self.data, self._ends)


class _Texts(Mapping):
    """Article ID -> cleaned text, decoded on each access from the :class:`_TextStore`.

    The last text read is kept (rows of one article usually come together).
    """

    def __init__(self, ids: list[str], store: _TextStore):
        self._index = {aid: i for i, aid in enumerate(ids)}
        self._store = store
        self._last: tuple[str, str] | None = None

    def __getitem__(self, aid: str) -> str:
        if self._last is not None and self._last[0] == aid:
            return self._last[1]
        text = self._store[self._index[aid]]
        self._last = (aid, text)
        return text

    def __len__(self) -> int:
        return len(self._index)

    def __iter__(self):
        return iter(self._index)


class _StrColumn:
    """A string column gathered as UTF-8 in one buffer: no Python object per value."""

    __slots__ = ("data", "ends")

    def __init__(self):
        self.data = bytearray()
        self.ends = array("q")

    def append(self, value: str) -> None:
        self.data += value.encode(*_TEXT_CODEC)
        self.ends.append(len(self.data))

    def append_utf8(self, value) -> None:
        self.data += value
        self.ends.append(len(self.data))

    def arrow(self) -> pa.Array:
        return _utf8_array(self.data, self.ends)


class _IntColumn:
    """A nullable integer column gathered as int64 values and a null mask."""

    __slots__ = ("nulls", "values")

    def __init__(self):
        self.values = array("q")
        self.nulls = bytearray()

    def append(self, value: int | None) -> None:
        self.values.append(0 if value is None else value)
        self.nulls.append(value is None)

    def take(self, rows: np.ndarray) -> pd.arrays.IntegerArray:
        values = np.frombuffer(self.values, dtype=np.int64)[rows]
        nulls = np.frombuffer(self.nulls, dtype=np.bool_)[rows]
        return pd.arrays.IntegerArray(values, nulls)


def _string_array(arr: pa.Array) -> pd.arrays.ArrowStringArray:
    """A large_string Arrow array as the pandas array :func:`dashlib.schemas.conform` gives."""
    return pd.arrays.ArrowStringArray(pa.chunked_array([arr], type=pa.large_string()))


def _dense_rank(values) -> np.ndarray:
    """0-based dense rank of each value (equal values, equal ranks; string order)."""
    arr = values if isinstance(values, pa.Array) else pa.array(values, type=pa.large_string())
    ranks = pc.rank(arr, sort_keys="ascending", tiebreaker="dense")
    return ranks.to_numpy().astype(np.int64) - 1


def _byte_offsets(text: str, positions: Iterable[int]) -> dict[int, int]:
    """Character offset -> UTF-8 byte offset in ``text`` for each position (one pass)."""
    if text.isascii():
        return {p: p for p in positions}
    out, prev, acc = {}, 0, 0
    for p in sorted(set(positions)):
        acc += len(text[prev:p].encode(*_TEXT_CODEC))
        out[p] = acc
        prev = p
    return out
