"""Reading article files: the input edge of the pipeline.

:func:`read_folder` does the I/O; :func:`decode_article` is pure and turns one
file's bytes into text or into a :class:`Skipped` with a reason a user can act on.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from dashlib.extraction.htmltext import html_to_text

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
# A long news feature is ~50 KB; 2 MB leaves room for pasted collections while
# keeping one runaway file from stalling a build.
MAX_ARTICLE_BYTES = 2_000_000

_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or .docx/.xlsx)",
    b"\x7fELF": "an executable",
    b"\x1f\x8b": "a gzip archive",
    b"RIFF": "a RIFF media file",
}


@dataclass(frozen=True)
class SourceFile:
    """One file as read from disk (or uploaded): its name and raw bytes."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Decoded:
    """An article's text after decoding, before cleaning."""

    name: str
    article_id: str
    text: str
    warnings: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Skipped:
    """A file that was not built, and why."""

    name: str
    reason: str


def article_id_for(data: bytes) -> str:
    """Stable article ID: ``a`` + the first 16 hex digits of the bytes' sha256."""
    return "a" + hashlib.sha256(data).hexdigest()[:16]


def read_folder(folder: str | Path) -> tuple[list[SourceFile], list[Skipped]]:
    """Read every article file in ``folder`` (not recursive), sorted by name.

    Hidden files and files whose suffix is not an article type are skipped with
    a reason; files over :data:`MAX_ARTICLE_BYTES` are skipped without being read.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"article folder not found: {folder}")
    files, skipped = [], []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        is_article_type = path.suffix.lower() in ARTICLE_SUFFIXES
        if path.name.startswith("."):
            # Locks, temp files and .DS_Store stay quiet; a hidden article is reported.
            if is_article_type and not path.is_dir():
                skipped.append(
                    Skipped(path.name, "hidden file (name starts with '.'): rename it to build it")
                )
            continue
        if path.is_dir():
            continue
        if not is_article_type:
            skipped.append(
                Skipped(path.name, f"not an article type (expected {', '.join(ARTICLE_SUFFIXES)})")
            )
            continue
        try:
            size = path.stat().st_size
            if size > MAX_ARTICLE_BYTES:
                skipped.append(
                    Skipped(path.name, f"too large: {size:,} bytes (limit {MAX_ARTICLE_BYTES:,})")
                )
                continue
            files.append(SourceFile(path.name, path.read_bytes()))
        except OSError as err:
            skipped.append(Skipped(path.name, f"could not be read: {err.strerror or err}"))
    return files, skipped


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            return kind
    if b"\x00" in data[:8192]:
        return "binary data (contains NUL bytes)"
    return None


def _decode_bytes(data: bytes) -> tuple[str, list[str]]:
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), ["not UTF-8: decoded as Windows-1252"]
    except UnicodeDecodeError:
        return data.decode("latin-1"), ["not UTF-8: decoded as Latin-1"]


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(
        1
        for ch in sample
        if unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\n\r\t\f"
    )
    return bad / len(sample)


def decode_article(src: SourceFile) -> Decoded | Skipped:
    """Decode one file's bytes into text, or say why it cannot be an article."""
    data = src.data
    if not data:
        return Skipped(src.name, "empty file")
    if len(data) > MAX_ARTICLE_BYTES:
        return Skipped(src.name, f"too large: {len(data):,} bytes (limit {MAX_ARTICLE_BYTES:,})")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a byte-order mark (Notepad)
        try:
            text, warnings = data.decode("utf-16"), ["not UTF-8: decoded as UTF-16"]
        except UnicodeDecodeError:
            return Skipped(src.name, "not text: starts like UTF-16 but does not decode as UTF-16")
    else:
        kind = _binary_kind(data)
        if kind:
            return Skipped(src.name, f"not text: looks like {kind}")
        text, warnings = _decode_bytes(data)
    if _control_ratio(text) > 0.05:
        return Skipped(src.name, "not text: too many control characters")
    if src.name.lower().endswith((".html", ".htm")) or text.lstrip()[:200].lower().startswith(
        ("<!doctype html", "<html")
    ):
        text = html_to_text(text)
        warnings.append("HTML converted to text")
    if not text.strip():
        return Skipped(src.name, "no text (only whitespace)")
    return Decoded(src.name, article_id_for(data), text, tuple(warnings))
