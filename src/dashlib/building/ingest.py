"""Adding article files to the article folder, safely.

:func:`ingest_paths` (files or folders on disk, used by ``dashlib ingest``) and
:func:`ingest_texts` (name + bytes pairs, used by the dashboard's upload page)
check every file as the build will (:func:`dashlib.building.load.decode_article`, then
cleaning and extraction through :func:`dashlib.building.map_stage.process_source`, so the
report carries the same notes) and store each one that can be read under a name
derived from its bytes::

    <article_id><suffix>      e.g. a4dc129637dddae34.txt

so the article ID and the file name agree, adding the same article twice is a
no-op ("duplicate of <file>"), and a file name given by a user (which may hold
``/``, ``\\`` or ``..``) is only ever shown in the report, never used as a path.
Every write is atomic (:func:`dashlib.fsutil.atomic_write_bytes`) and made
under :func:`dashlib.fsutil.folder_lock` on the article folder.

Nothing here rebuilds the tables; the caller does that afterwards.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from dashlib import paths
from dashlib.building.load import (
    MAX_ARTICLE_BYTES,
    Decoded,
    SourceFile,
    article_id_for,
    decode_article,
)
from dashlib.extraction.reference import Reference, load_reference
from dashlib.fsutil import atomic_write_bytes, folder_lock

# Suffixes accepted for ingest, mapped to the suffix the stored file gets.
INGEST_SUFFIXES = {
    ".txt": ".txt",
    ".md": ".md",
    ".markdown": ".md",
    ".html": ".html",
    ".htm": ".html",
}
READ_ONLY_ENV = "DASHLIB_READ_ONLY"

ADDED, DUPLICATE, SKIPPED = "added", "duplicate", "skipped"


def _reference() -> Reference:
    return load_reference(str(paths.REFERENCE_DIR))


def display_name(name: str, limit: int = 120) -> str:
    """``name`` made safe to print: control characters escaped, length capped."""
    out = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in str(name))
    return out if len(out) <= limit else out[: limit - 1] + "…"


@dataclass(frozen=True)
class IngestEntry:
    """What happened to one input file.

    ``status`` is ``"added"``, ``"duplicate"`` or ``"skipped"``. ``stored_as`` is
    the file name inside the article folder (for added files and for
    duplicates, the file that already holds the same article). ``reason`` says
    why a file was skipped, or what a duplicate duplicates. ``warnings`` are the
    decoding notes (e.g. "not UTF-8: decoded as Windows-1252").
    """

    name: str
    status: str
    article_id: str = ""
    stored_as: str = ""
    reason: str = ""
    warnings: tuple[str, ...] = ()

    def line(self) -> str:
        name = display_name(self.name)
        if self.status == ADDED:
            note = f" ({'; '.join(self.warnings)})" if self.warnings else ""
            return f"  added      {name} -> {self.stored_as}{note}"
        if self.status == DUPLICATE:
            return f"  duplicate  {name}: {self.reason}"
        return f"  skipped    {name}: {self.reason}"

    def to_dict(self) -> dict:
        return {
            "file": self.name,
            "status": self.status,
            "article_id": self.article_id,
            "stored_as": self.stored_as,
            "reason": self.reason,
            "warnings": list(self.warnings),
        }


@dataclass
class IngestReport:
    """Every input file's outcome, in input order. ``str()`` gives a printable report."""

    articles_dir: Path
    entries: list[IngestEntry] = field(default_factory=list)

    @property
    def added(self) -> list[IngestEntry]:
        return [e for e in self.entries if e.status == ADDED]

    @property
    def duplicates(self) -> list[IngestEntry]:
        return [e for e in self.entries if e.status == DUPLICATE]

    @property
    def skipped(self) -> list[IngestEntry]:
        return [e for e in self.entries if e.status == SKIPPED]

    @property
    def changed(self) -> bool:
        """True when at least one file was added (so the tables need a rebuild)."""
        return bool(self.added)

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.duplicates)} duplicate, "
            f"{len(self.skipped)} skipped"
        )

    def __str__(self) -> str:
        head = f"Ingest into {self.articles_dir}: {self.summary()}"
        return "\n".join([head, *(e.line() for e in self.entries)])

    def to_dict(self) -> dict:
        return {
            "articles_dir": str(self.articles_dir),
            "added": len(self.added),
            "duplicates": len(self.duplicates),
            "skipped": len(self.skipped),
            "files": [e.to_dict() for e in self.entries],
        }


def stored_suffix(name: str) -> str | None:
    """The suffix an ingested file named ``name`` is stored with, or None if not an article type.

    Only the last component of ``name`` counts, whichever separator it uses.
    """
    last = PurePosixPath(str(name).replace("\\", "/")).name
    return INGEST_SUFFIXES.get(PurePosixPath(last).suffix.lower())


def _not_article_type(name: str) -> str:
    return f"not an article type (expected {', '.join(INGEST_SUFFIXES)})"


def existing_articles(articles_dir: Path) -> dict[str, str]:
    """Article ID -> file name for every article file already in ``articles_dir``."""
    out: dict[str, str] = {}
    if not articles_dir.is_dir():
        return out
    for path in sorted(articles_dir.iterdir(), key=lambda p: p.name):
        if path.name.startswith(".") or not path.is_file():
            continue
        if path.suffix.lower() not in INGEST_SUFFIXES:
            continue
        try:
            if path.stat().st_size > MAX_ARTICLE_BYTES:
                continue
            out.setdefault(article_id_for(path.read_bytes()), path.name)
        except OSError:
            continue
    return out


def _ingest_one(src: SourceFile, articles_dir: Path, known: dict[str, str]) -> IngestEntry:
    suffix = stored_suffix(src.name)
    if suffix is None:
        return IngestEntry(src.name, SKIPPED, reason=_not_article_type(src.name))
    try:
        decoded = decode_article(src)
    except Exception as err:  # a broken file must never stop the others
        return IngestEntry(
            src.name, SKIPPED, reason=f"could not be processed: {type(err).__name__}: {err}"
        )
    if not isinstance(decoded, Decoded):
        return IngestEntry(src.name, SKIPPED, reason=decoded.reason)
    aid = decoded.article_id
    if aid in known:
        return IngestEntry(
            src.name,
            DUPLICATE,
            article_id=aid,
            stored_as=known[aid],
            reason=f"duplicate of {known[aid]}",
        )
    # Clean and extract as the build will, so the report gives the same notes
    # (encoding repairs, no incident found, ...) and the same rejections.
    from dashlib.building.map_stage import (
        process_source,  # the build imports much; only load it when needed
    )

    result = process_source(src, _reference())
    if result.skipped is not None or result.article is None:
        reason = result.skipped.reason if result.skipped else "could not be processed"
        return IngestEntry(src.name, SKIPPED, aid, reason=reason)
    warnings = list(dict.fromkeys(result.article.warnings))
    if result.extract_warning:
        warnings.append(result.extract_warning)
    target = f"{aid}{suffix}"
    try:
        atomic_write_bytes(articles_dir / target, src.data)
    except OSError as err:
        return IngestEntry(
            src.name,
            SKIPPED,
            article_id=aid,
            reason=f"could not be written to {articles_dir}: {err.strerror or err}",
        )
    known[aid] = target
    return IngestEntry(src.name, ADDED, aid, target, warnings=tuple(warnings))


def _ingest(
    sources: Iterable[SourceFile | IngestEntry], articles_dir: str | os.PathLike
) -> IngestReport:
    articles_dir = Path(articles_dir)
    report = IngestReport(articles_dir)
    with folder_lock(articles_dir):
        known = existing_articles(articles_dir)
        for src in sources:
            if isinstance(src, IngestEntry):  # rejected before reading
                report.entries.append(src)
            else:
                report.entries.append(_ingest_one(src, articles_dir, known))
    return report


def ingest_texts(
    items: Iterable[tuple[str, bytes]], articles_dir: str | os.PathLike
) -> IngestReport:
    """Add articles given as ``(name, bytes)`` pairs (e.g. uploads) to ``articles_dir``.

    ``name`` only decides the stored suffix (.txt, .md or .html) and is shown
    in the report; it is never used as a path.
    """
    items = list(items)
    return _ingest((SourceFile(str(name), bytes(data)) for name, data in items), articles_dir)


def _expand(paths: Iterable[str | os.PathLike]) -> list[SourceFile | IngestEntry]:
    """Files named in ``paths`` (folders searched recursively), read or rejected."""
    out: list[SourceFile | IngestEntry] = []

    def visit(path: Path, shown: str) -> None:
        if path.is_dir():
            children = sorted(path.iterdir(), key=lambda p: p.name)
            for child in children:
                if child.name.startswith("."):
                    # Hidden folders, locks and .DS_Store stay quiet; a hidden article is reported.
                    if stored_suffix(child.name) and child.is_file():
                        out.append(
                            IngestEntry(
                                f"{shown.rstrip('/')}/{child.name}",
                                SKIPPED,
                                reason="hidden file (name starts with '.'): rename it to add it",
                            )
                        )
                    continue
                visit(child, f"{shown.rstrip('/')}/{child.name}")
            return
        if not path.exists():
            out.append(IngestEntry(shown, SKIPPED, reason="not found"))
            return
        if not path.is_file():
            out.append(IngestEntry(shown, SKIPPED, reason="not a regular file"))
            return
        if stored_suffix(path.name) is None:
            out.append(IngestEntry(shown, SKIPPED, reason=_not_article_type(path.name)))
            return
        try:
            size = path.stat().st_size
            if size > MAX_ARTICLE_BYTES:
                out.append(
                    IngestEntry(
                        shown,
                        SKIPPED,
                        reason=f"too large: {size:,} bytes (limit {MAX_ARTICLE_BYTES:,})",
                    )
                )
                return
            data = path.read_bytes()
        except OSError as err:
            out.append(
                IngestEntry(shown, SKIPPED, reason=f"could not be read: {err.strerror or err}")
            )
            return
        out.append(SourceFile(shown, data))

    for p in paths:
        visit(Path(p), str(p))
    return out


def ingest_paths(paths: list[Path], articles_dir: Path) -> IngestReport:
    """Add article files (.txt, .md, .html) or folders of them to ``articles_dir``.

    Folders are searched recursively; hidden folders are ignored and hidden
    article files inside folders are reported, not added.
    Every file gets one entry in the report: added, duplicate or skipped with
    a reason. Files larger than :data:`dashlib.building.load.MAX_ARTICLE_BYTES` are
    rejected without being read.
    """
    return _ingest(_expand(paths), articles_dir)


def read_only_reason(articles_dir: str | os.PathLike) -> str | None:
    """Why articles cannot be added to ``articles_dir`` for good, or None if they can.

    Read-only when the environment variable ``DASHLIB_READ_ONLY`` is set to
    1/true/yes (set it on Streamlit Community Cloud, whose disk does not
    last), or when the folder cannot be created or written.
    """
    flag = os.environ.get(READ_ONLY_ENV, "").strip().lower()
    if flag in ("1", "true", "yes", "on"):
        return f"{READ_ONLY_ENV} is set"
    folder = Path(articles_dir)
    if not folder.is_dir():
        # Not there yet: it can be created if its nearest existing parent is writable.
        parent = folder
        while not parent.exists() and parent != parent.parent:
            parent = parent.parent
        if parent.is_dir() and os.access(parent, os.W_OK | os.X_OK):
            return None
        return f"the article folder {folder} does not exist and cannot be created"
    try:
        fd, tmp = tempfile.mkstemp(prefix=".dashlib-write-test.", dir=folder)
        os.close(fd)
        os.unlink(tmp)
    except OSError as err:
        return f"the article folder {folder} is not writable ({err.strerror or err})"
    return None
