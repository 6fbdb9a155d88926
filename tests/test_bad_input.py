"""Bad input, through ingest and through the build: a clear message each, nothing else lost.

Every bad file is generated at test time (the 20 MB one too) by
:func:`make_bad_inputs`, which also says what each file must produce.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from dashlib import paths
from dashlib.building import store
from dashlib.building.ingest import ingest_paths, ingest_texts
from dashlib.building.load import MAX_ARTICLE_BYTES, SourceFile, article_id_for
from dashlib.building.pipeline import NothingToBuild, build_folder, build_tables
from dashlib.csvsafe import to_csv_bytes

SEEDS = sorted(paths.SEEDS_DIR.glob("*.txt"))
FIRST_SEED = SEEDS[0]
MARKERS = ("SCRIPTMARKER", "STYLEMARKER", "__xss", "onerror", "<script", "<img")
# How long the combined build may take (it holds a 2 MB file of numbers).
BUILD_TIMEOUT_S = 180


@dataclass(frozen=True)
class Bad:
    """One bad input and what must happen to it."""

    name: str
    data: bytes
    skip_reason: str | None = None  # the reason the build and ingest give, or None if it is read
    warning: str | None = None  # a warning the build report must give for it (when read)
    big: bool = False  # only in the combined build (slow or large)
    folder_only: bool = (
        False  # a rule of reading a folder (suffix, hidden name), not of build_tables
    )


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
SCRIPT_HTML = b"""<!doctype html><html><head><title>Market day in Gwadar</title>
<script>window.__xss=1; document.title='SCRIPTMARKER';</script>
<style>body{color:red} /* STYLEMARKER */</style></head>
<body><script>alert('SCRIPTMARKER2')</script>
<p>Traders in Gwadar said the fish market was busy and prices were steady.</p>
<img src=x onerror="window.__xss=2"><noscript>SCRIPTMARKER3</noscript></body></html>
"""
BIG_BYTES = 20 * 1024 * 1024
MILLION_BYTES = 6_888_895  # " ".join of the numbers 1 to 1,000,000


def bad_inputs() -> list[Bad]:
    dup_of = FIRST_SEED.name
    numbers_at_limit = b"7 " * (MAX_ARTICLE_BYTES // 2)  # exactly the limit: read and built
    assert len(numbers_at_limit) == MAX_ARTICLE_BYTES
    return [
        Bad("empty.txt", b"", "empty file"),
        Bad("whitespace.txt", b"  \n\t\r\n   \n", "no text (only whitespace)"),
        Bad("photo.txt", PNG + bytes(range(256)) * 4, "not text: looks like a PNG image"),
        Bad(
            "nul_bytes.md",
            b"abc\x00\x00\x00def" * 10,
            "not text: looks like binary data (contains NUL bytes)",
        ),
        Bad(
            "only_script.html",
            b"<html><script>SCRIPTMARKER()</script></html>",
            "no text (only whitespace)",
        ),
        Bad("notes.pdf", b"%PDF-1.4 whatever", "not an article type", folder_only=True),
        Bad(
            "cp1252.txt",
            "Café owners in Quetta’s old bazaar said prices rose this spring – a local report.".encode(
                "cp1252"
            ),
            warning="cp1252.txt: not UTF-8: decoded as Windows-1252",
        ),
        Bad(
            "latin1.txt",
            b"Caf\xe9 owners in Quetta said the weather was mild this spring, a local report noted \x81.",
            warning="latin1.txt: not UTF-8: decoded as Latin-1",
        ),
        Bad(
            "mojibake.txt",
            "Quetta’s market reopened on Monday — traders said business was slow.".encode()
            .decode("cp1252")
            .encode("utf-8"),
            warning="mojibake.txt: repaired text encoding",
        ),
        Bad("script.html", SCRIPT_HTML, warning="script.html: HTML converted to text"),
        Bad(
            "no_incident.txt",
            b"The provincial cabinet discussed the school calendar for the new academic year.\n\n"
            b"Ministers approved new textbooks for primary schools and thanked the teachers.",
            warning="no_incident.txt: no incident",
        ),
        Bad(
            "..\\..\\escape attempt.txt",
            b"A quiet day: the weather in Ziarat was pleasant and visitors walked.",
            "hidden file (name starts with '.')",
            folder_only=True,
        ),
        Bad(
            "x\\..\\..\\escape.txt",
            b"Visitors in Ziarat walked among the juniper trees all afternoon.",
        ),
        Bad(
            "a..b.txt", b"Another quiet day in Ziarat, where visitors admired the juniper forests."
        ),
        Bad("zz_duplicate.txt", FIRST_SEED.read_bytes(), f"duplicate of {dup_of}"),
        Bad(
            "huge.txt",
            b"",
            f"too large: {BIG_BYTES:,} bytes (limit {MAX_ARTICLE_BYTES:,})",
            big=True,
        ),
        Bad(
            "numbers_million.txt",
            b"",
            f"too large: {MILLION_BYTES:,} bytes (limit {MAX_ARTICLE_BYTES:,})",
            big=True,
        ),
        Bad("numbers_at_limit.txt", numbers_at_limit, big=True),
    ]


def write_bad(folder: Path, items: list[Bad]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for b in items:
        path = folder / b.name
        if b.name == "huge.txt":
            with open(path, "wb") as fh:  # 20 MB of real text, written in chunks
                line = b"Quetta: officials said 3 people were injured in a blast near the market.\n"
                chunk = line * (1024 * 1024 // len(line) + 1)
                written = 0
                while written < BIG_BYTES:
                    part = chunk[: BIG_BYTES - written]
                    fh.write(part)
                    written += len(part)
        elif b.name == "numbers_million.txt":
            path.write_bytes(" ".join(str(i) for i in range(1, 1_000_001)).encode())
            assert path.stat().st_size == MILLION_BYTES
        else:
            path.write_bytes(b.data)


def small_bad() -> list[Bad]:
    return [b for b in bad_inputs() if not b.big]


def cells(tables) -> list[str]:
    out = []
    for _, df in tables.items():
        for col in df.columns:
            if df[col].dtype == "string":
                out += [v for v in df[col].tolist() if isinstance(v, str)]
    return out


def seed_sources() -> list[SourceFile]:
    return [SourceFile(p.name, p.read_bytes()) for p in SEEDS]


# ----------------------------------------------------------------------------- build, one file at a time


# Inputs that only make sense as files in a folder (hidden names, ...) are covered
# by the ingest and combined-folder tests below.
@pytest.mark.parametrize("bad", [b for b in small_bad() if not b.folder_only], ids=lambda b: b.name)
def test_build_tables_reports_each_bad_input(bad):
    sources = [SourceFile(FIRST_SEED.name, FIRST_SEED.read_bytes()), SourceFile(bad.name, bad.data)]
    tables = build_tables(sources)
    alone = build_tables(sources[:1])
    skipped = {s["file"]: s["reason"] for s in tables.report["files_skipped"]}
    if bad.skip_reason:
        assert skipped == {bad.name: skipped[bad.name]}
        assert skipped[bad.name].startswith(bad.skip_reason), skipped
        assert tables.report["files_read"] == 1
    else:
        assert skipped == {}
        assert tables.report["files_read"] == 2
        assert bad.name in set(tables.articles["file"])
        if bad.warning:
            assert any(w.startswith(bad.warning) for w in tables.report["warnings"]), tables.report[
                "warnings"
            ]
    # the good article is built exactly as on its own
    for name in ("claims", "incidents", "targets", "estimates"):
        assert to_csv_bytes(tables.frame(name)) == to_csv_bytes(alone.frame(name)), name
    for value in cells(tables):
        assert not any(m in value for m in MARKERS), value


def test_script_and_style_text_never_reach_a_table():
    tables = build_tables([SourceFile("script.html", SCRIPT_HTML)])
    assert tables.report["files_read"] == 1
    text = tables.articles.loc[0, "text"]
    assert "Traders in Gwadar" in text
    assert tables.articles.loc[0, "title"] == "Market day in Gwadar"
    for value in cells(tables):
        assert not any(m in value for m in MARKERS), value


def test_non_utf8_text_is_decoded_not_garbled():
    tables = build_tables([SourceFile("cp.txt", "Café – Quetta’s “bazaar”".encode("cp1252"))])
    assert tables.articles.loc[0, "text"] == "Café – Quetta’s “bazaar”"
    tables = build_tables([SourceFile("u16.txt", "Café – Quetta’s bazaar".encode("utf-16"))])
    assert tables.articles.loc[0, "text"] == "Café – Quetta’s bazaar"


def test_mojibake_is_repaired():
    text = "Quetta’s market reopened on Monday — traders said business was slow."
    broken = text.encode("utf-8").decode("cp1252").encode("utf-8")
    tables = build_tables([SourceFile("m.txt", broken)])
    assert tables.articles.loc[0, "text"] == text


def test_article_with_no_incident_is_kept_without_facts():
    tables = build_tables(
        [SourceFile("calm.txt", next(b for b in bad_inputs() if b.name == "no_incident.txt").data)]
    )
    assert tables.report["files_read"] == 1
    assert len(tables.articles) == 1 and tables.articles.loc[0, "n_claims"] == 0
    assert len(tables.claims) == 0 and len(tables.incidents) == 0


def test_article_with_no_incident_gets_a_warning():
    tables = build_tables(
        [SourceFile("calm.txt", next(b for b in bad_inputs() if b.name == "no_incident.txt").data)]
    )
    assert any(w.startswith("calm.txt:") for w in tables.report["warnings"]), tables.report[
        "warnings"
    ]


def test_names_with_separators_are_data_only(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = "../../../tmp/evil/../x.txt"
    tables = build_tables([SourceFile(name, b"A quiet day in Ziarat.")])
    assert tables.articles.loc[0, "file"] == name
    assert list(tmp_path.iterdir()) == []


def test_nothing_readable_raises_nothing_to_build(tmp_path):
    folder = tmp_path / "bad"
    write_bad(folder, [b for b in bad_inputs() if b.skip_reason and b.name != "zz_duplicate.txt"])
    with pytest.raises(NothingToBuild) as err:
        build_folder(folder, tmp_path / "out", curation_file=None)
    msg = str(err.value)
    assert (
        "empty.txt: empty file" in msg
        and "photo.txt: not text" in msg
        and "huge.txt: too large" in msg
    )
    assert not (tmp_path / "out").exists()  # nothing written


def test_empty_folder_raises_nothing_to_build(tmp_path):
    with pytest.raises(NothingToBuild, match="no article could be read"):
        build_folder(tmp_path, curation_file=None)


# ----------------------------------------------------------------------------- ingest


def test_ingest_reports_each_bad_input(tmp_path):
    src = tmp_path / "bad"
    items = bad_inputs()
    write_bad(src, items)
    arts = tmp_path / "articles"
    shutil.copytree(paths.SEEDS_DIR, arts)
    report = ingest_paths([src], arts)
    by_name = {Path(e.name).name: e for e in report.entries}
    assert len(report.entries) == len(items)
    for b in items:
        entry = by_name[b.name]
        if b.skip_reason and b.skip_reason.startswith("duplicate"):
            assert entry.status == "duplicate" and entry.reason == b.skip_reason
        elif b.skip_reason:
            assert entry.status == "skipped", (b.name, entry)
            assert entry.reason.startswith(b.skip_reason), (b.name, entry.reason)
        else:
            assert entry.status == "added", (b.name, entry)
            if b.warning:
                note = b.warning.split(": ", 1)[1]
                assert any(w.startswith(note) for w in entry.warnings), (b.name, entry.warnings)
    text = str(report)
    for b in items:
        assert b.name.replace("\\", "\\\\") in text or b.name in text
    # nothing but content-named files was written
    new = {p.name for p in arts.iterdir() if not p.name.startswith(".")} - {p.name for p in SEEDS}
    assert new == {e.stored_as for e in report.added}
    assert all(n.startswith("a") and Path(n).stem == Path(n).stem.lower() for n in new)


def test_ingest_texts_rejects_big_upload_without_writing(tmp_path):
    report = ingest_texts([("big.txt", b"x" * (MAX_ARTICLE_BYTES + 1))], tmp_path / "a")
    assert report.entries[0].status == "skipped" and report.entries[0].reason.startswith(
        "too large"
    )
    assert [p for p in (tmp_path / "a").iterdir() if not p.name.startswith(".")] == []


# ----------------------------------------------------------------------------- seeds + every bad input

_BUILD_SCRIPT = textwrap.dedent(
    """
    import sys
    from dashlib.building.pipeline import build_folder
    build_folder(sys.argv[1], sys.argv[2], curation_file=None)
    """
)


def _build_in_subprocess(articles: Path, out: Path) -> None:
    """build_folder in a child process, so a pathological input cannot hang the test run."""
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _BUILD_SCRIPT, str(articles), str(out)],
            capture_output=True,
            text=True,
            timeout=BUILD_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(
            f"build of {articles} did not finish within {BUILD_TIMEOUT_S} s (a bad input stalls the build)"
        )
    assert proc.returncode == 0, proc.stderr[-4000:]


@pytest.mark.parametrize(
    "with_numbers",
    [False, pytest.param(True, marks=pytest.mark.slow, id="with-2MB-of-numbers")],
    ids=lambda v: "without-2MB-of-numbers" if v is False else None,
)
def test_seeds_plus_every_bad_input_build_the_seed_tables_unchanged(tmp_path, with_numbers):
    items = [b for b in bad_inputs() if with_numbers or b.name != "numbers_at_limit.txt"]
    seeds_only = tmp_path / "seeds"
    shutil.copytree(paths.SEEDS_DIR, seeds_only)
    mixed = tmp_path / "mixed"
    shutil.copytree(paths.SEEDS_DIR, mixed)
    write_bad(mixed, items)

    out_a, out_b = tmp_path / "out_seeds", tmp_path / "out_mixed"
    store.write_tables(build_folder(seeds_only, curation_file=None), out_a)
    _build_in_subprocess(mixed, out_b)

    for name in ("incidents", "claims", "estimates", "targets", "mentions"):
        assert (out_b / f"{name}.csv").read_bytes() == (out_a / f"{name}.csv").read_bytes(), name
    seed_ids = {article_id_for(p.read_bytes()) for p in SEEDS}
    arts_b = store.read_table(out_b / "articles.csv", "articles")
    arts_b_seeds = arts_b[arts_b["article_id"].isin(seed_ids)].reset_index(drop=True)
    assert to_csv_bytes(arts_b_seeds) == (out_a / "articles.csv").read_bytes()

    # every bad file is listed with its reason, or read with its warning
    report = json.loads((out_b / "build_report.json").read_text("utf-8"))
    skipped = {s["file"]: s["reason"] for s in report["files_skipped"]}
    read = set(arts_b["file"])
    for b in items:
        if b.skip_reason:
            assert b.name in skipped, b.name
            assert skipped[b.name].startswith(b.skip_reason), (b.name, skipped[b.name])
        else:
            assert b.name in read, b.name
            if b.warning:
                assert any(w.startswith(b.warning) for w in report["warnings"]), b.name
    assert set(skipped) == {b.name for b in items if b.skip_reason}
    assert report["files_read"] == len(SEEDS) + sum(1 for b in items if not b.skip_reason)
    extra = arts_b[~arts_b["article_id"].isin(seed_ids)]
    assert (extra["n_claims"] == 0).all()
    tables_b = store.read_tables(out_b)
    for value in cells(tables_b):
        assert not any(m in value for m in MARKERS), value[:200]
