"""Is a finished build still the build of its inputs?

A build folder records a fingerprint of what it was built from: the article
files (names, sizes, modification times), the reference data and curation file
(their bytes) and the library's own code. The dashboard rebuilds when the
fingerprint no longer matches, so new articles, corrected reference data, a
curation entry or a ``git pull`` with new rules never leave stale tables on screen.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from dashlib.fsutil import atomic_write_bytes

FINGERPRINT_FILE = ".inputs.json"
_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _table_code() -> list[Path]:
    """The modules whose code decides what a build's tables hold (not how they are read or shown)."""
    found = [_PACKAGE_DIR / "schemas.py", _PACKAGE_DIR / "tables.py"]
    for stage in ("extraction", "building"):
        found += (_PACKAGE_DIR / stage).rglob("*.py")
    return sorted(found)


def _hash_files(h, files) -> None:
    for p in files:
        name = p.relative_to(_PACKAGE_DIR).as_posix() if p.is_relative_to(_PACKAGE_DIR) else p.name
        h.update(name.encode())
        try:
            h.update(p.read_bytes())
        except OSError:
            h.update(b"<unreadable>")


def inputs_fingerprint(articles_dir, reference_dir, curation_file) -> dict[str, str]:
    """Fingerprints of the four kinds of input, each a short hex digest."""
    arts = hashlib.sha256()
    folder = Path(articles_dir)
    if folder.is_dir():
        for p in sorted(folder.iterdir(), key=lambda p: p.name):
            try:
                st = p.stat()
            except OSError:
                continue
            arts.update(f"{p.name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    ref = hashlib.sha256()
    ref_dir = Path(reference_dir)
    _hash_files(ref, sorted(ref_dir.glob("*")) if ref_dir.is_dir() else [])
    cur = hashlib.sha256()
    if curation_file and Path(curation_file).is_file():
        _hash_files(cur, [Path(curation_file)])
    code = hashlib.sha256()
    _hash_files(code, _table_code())
    return {
        "articles": arts.hexdigest()[:16],
        "reference": ref.hexdigest()[:16],
        "curation": cur.hexdigest()[:16],
        "code": code.hexdigest()[:16],
    }


def write_fingerprint(out_dir, fingerprint: dict[str, str]) -> None:
    """Record what the build in ``out_dir`` was made from."""
    data = json.dumps(fingerprint, indent=2, sort_keys=True) + "\n"
    atomic_write_bytes(Path(out_dir) / FINGERPRINT_FILE, data.encode())


def stale_inputs(data_dir, fingerprint: dict[str, str]) -> list[str]:
    """Which inputs changed since the build in ``data_dir`` (all of them if it has no record)."""
    path = Path(data_dir) / FINGERPRINT_FILE
    try:
        recorded = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return sorted(fingerprint)
    return sorted(k for k, v in fingerprint.items() if recorded.get(k) != v)
