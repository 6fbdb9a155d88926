"""Ingest: adding article files under content-derived names, safely and idempotently."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

from dashlib import paths
from dashlib.ingest import (
    IngestReport,
    existing_articles,
    ingest_paths,
    ingest_texts,
    read_only_reason,
    stored_suffix,
)
from dashlib.load import MAX_ARTICLE_BYTES, SourceFile, article_id_for, decode_article, read_folder

ARTICLE = (
    b"Quetta, March 12: Officials said 18 soldiers were killed in an attack on a checkpoint.\n"
)
STORED = re.compile(r"^a[0-9a-f]{16}\.(txt|md|html)$")


def visible_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def test_added_file_is_named_by_its_article_id(tmp_path):
    src = tmp_path / "in" / "My Article (1).TXT"
    src.parent.mkdir()
    src.write_bytes(ARTICLE)
    arts = tmp_path / "articles"
    report = ingest_paths([src], arts)
    [entry] = report.entries
    assert entry.status == "added"
    assert entry.article_id == article_id_for(ARTICLE)
    assert entry.stored_as == f"{article_id_for(ARTICLE)}.txt"
    assert (arts / entry.stored_as).read_bytes() == ARTICLE
    # read back: the build gives the same article ID as the file name
    files, skipped = read_folder(arts)
    assert not skipped
    decoded = decode_article(files[0])
    assert decoded.article_id == Path(files[0].name).stem


def test_re_adding_is_a_no_op_that_names_the_file(tmp_path):
    arts = tmp_path / "articles"
    first = ingest_texts([("a.txt", ARTICLE)], arts)
    again = ingest_texts([("copy of a.md", ARTICLE)], arts)
    assert again.entries[0].status == "duplicate"
    assert again.entries[0].reason == f"duplicate of {first.entries[0].stored_as}"
    assert visible_files(arts) == [first.entries[0].stored_as]
    assert not again.changed


def test_duplicate_of_existing_file_with_another_name(tmp_path):
    arts = tmp_path / "articles"
    arts.mkdir()
    (arts / "000_seed.txt").write_bytes(ARTICLE)
    report = ingest_texts([("new.txt", ARTICLE)], arts)
    assert report.entries[0].status == "duplicate"
    assert report.entries[0].reason == "duplicate of 000_seed.txt"
    assert visible_files(arts) == ["000_seed.txt"]


def test_duplicates_within_one_batch(tmp_path):
    report = ingest_texts([("a.txt", ARTICLE), ("b.txt", ARTICLE)], tmp_path / "arts")
    assert [e.status for e in report.entries] == ["added", "duplicate"]


def test_seeds_are_recognised_as_duplicates(tmp_path):
    arts = tmp_path / "articles"
    ingest_paths([paths.SEEDS_DIR], arts)
    report = ingest_paths([paths.SEEDS_DIR], arts)
    assert len(report.duplicates) == len(list(paths.SEEDS_DIR.glob("*.txt")))
    assert len(visible_files(arts)) == len(report.duplicates)


@pytest.mark.parametrize(
    "name",
    [
        "../../escape.txt",
        "..\\..\\escape.txt",
        "/etc/passwd.txt",
        "sub/dir/article.txt",
        "C:\\Windows\\system32\\a.txt",
        "..",
        "../.txt",
        "a\x00b.txt",
        "\x1b[31mred.txt",
    ],
)
def test_names_with_separators_or_dots_are_never_paths(tmp_path, name):
    arts = tmp_path / "deep" / "articles"
    report = ingest_texts([(name, ARTICLE)], arts)
    [entry] = report.entries
    written = [p for p in tmp_path.rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert all(p.parent == arts for p in written), written
    if entry.status == "added":
        assert STORED.match(entry.stored_as)
        assert [p.name for p in written] == [entry.stored_as]
    else:
        assert entry.status == "skipped" and "not an article type" in entry.reason
        assert written == []
    # the report never prints raw control characters
    assert all(ch.isprintable() or ch == "\n" for ch in str(report))


def test_path_with_dotdot_is_read_but_stored_by_content(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "a.txt").write_bytes(ARTICLE)
    arts = tmp_path / "arts"
    report = ingest_paths([tmp_path / "x" / ".." / "a.txt"], arts)
    assert report.entries[0].status == "added"
    assert visible_files(arts) == [f"{article_id_for(ARTICLE)}.txt"]


def test_folders_are_searched_and_hidden_files_ignored(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / ".hidden").mkdir()
    (src / "one.txt").write_bytes(b"First article about Turbat.")
    (src / "sub" / "two.md").write_bytes(b"# Second\n\nSecond article about Gwadar.")
    (src / "sub" / "three.html").write_bytes(
        b"<html><body><p>Third article about Panjgur.</p></body></html>"
    )
    (src / "notes.pdf").write_bytes(b"%PDF-1.4")
    (src / ".DS_Store").write_bytes(b"\x00\x00")
    (src / ".hidden" / "four.txt").write_bytes(b"never read")
    report = ingest_paths([src], tmp_path / "arts")
    assert [e.status for e in report.entries] == ["skipped", "added", "added", "added"]
    assert report.entries[0].name.endswith("notes.pdf")
    assert "not an article type" in report.entries[0].reason
    suffixes = sorted(Path(e.stored_as).suffix for e in report.added)
    assert suffixes == [".html", ".md", ".txt"]


def test_htm_and_markdown_suffixes_are_normalised():
    assert stored_suffix("x.HTM") == ".html"
    assert stored_suffix("x.markdown") == ".md"
    assert stored_suffix("dir.txt/x.doc") is None
    assert stored_suffix("x.txt.exe") is None


def test_missing_path_and_unreadable_are_reported(tmp_path):
    report = ingest_paths([tmp_path / "nope.txt"], tmp_path / "arts")
    assert report.entries[0].status == "skipped" and report.entries[0].reason == "not found"


def test_too_large_file_is_not_read(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(MAX_ARTICLE_BYTES + 1)
    read = []
    orig = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or orig(self))
    report = ingest_paths([big], tmp_path / "arts")
    assert report.entries[0].status == "skipped"
    assert report.entries[0].reason.startswith("too large:")
    assert big not in read


def test_report_format(tmp_path):
    report = ingest_texts(
        [
            ("good.txt", ARTICLE),
            ("good copy.txt", ARTICLE),
            ("empty.txt", b""),
            ("pic.png", b"\x89PNG"),
        ],
        tmp_path / "arts",
    )
    text = str(report)
    aid = article_id_for(ARTICLE)
    assert text.splitlines() == [
        f"Ingest into {tmp_path / 'arts'}: 1 added, 1 duplicate, 2 skipped",
        f"  added      good.txt -> {aid}.txt",
        f"  duplicate  good copy.txt: duplicate of {aid}.txt",
        "  skipped    empty.txt: empty file",
        "  skipped    pic.png: not an article type (expected .txt, .md, .markdown, .html, .htm)",
    ]
    d = report.to_dict()
    assert (d["added"], d["duplicates"], d["skipped"]) == (1, 1, 2)
    assert d["files"][0]["stored_as"] == f"{aid}.txt"


def test_decoding_warnings_are_reported(tmp_path):
    report = ingest_texts(
        [("cp.txt", "Café in Quetta – 5 shops closed.".encode("cp1252"))], tmp_path / "a"
    )
    assert report.entries[0].status == "added"
    assert "Windows-1252" in report.entries[0].line()


def test_write_failure_is_reported_per_file(tmp_path, monkeypatch):
    import dashlib.ingest as ingest_mod

    def boom(path, data):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(ingest_mod, "atomic_write_bytes", boom)
    report = ingest_texts([("a.txt", ARTICLE)], tmp_path / "arts")
    assert report.entries[0].status == "skipped"
    assert (
        "could not be written" in report.entries[0].reason
        and "Permission denied" in report.entries[0].reason
    )


def test_concurrent_ingests_write_each_article_once(tmp_path):
    arts = tmp_path / "arts"
    texts = [f"Article {i}: something happened in Kech.".encode() for i in range(12)]
    reports: list[IngestReport] = []

    def worker():
        reports.append(ingest_texts([(f"{i}.txt", t) for i, t in enumerate(texts)], arts))

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(len(r.added) for r in reports) == 12
    assert sum(len(r.duplicates) for r in reports) == 36
    assert len(visible_files(arts)) == 12
    assert set(existing_articles(arts)) == {article_id_for(t) for t in texts}
    assert not [p for p in arts.iterdir() if p.name.endswith(".tmp")]


def test_ingested_folder_builds(tmp_path):
    from dashlib.build import build_folder

    arts = tmp_path / "arts"
    ingest_paths([paths.SEEDS_DIR], arts)
    tables = build_folder(arts, curation_file=None)
    assert tables.report["files_read"] == 5
    assert set(tables.articles["article_id"]) == {Path(f).stem for f in tables.articles["file"]}


def test_read_only_by_env(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHLIB_READ_ONLY", "1")
    assert "DASHLIB_READ_ONLY" in read_only_reason(tmp_path)
    monkeypatch.setenv("DASHLIB_READ_ONLY", "0")
    assert read_only_reason(tmp_path) is None
    assert [p.name for p in tmp_path.iterdir()] == []  # the write test cleans up


def test_read_only_when_folder_not_writable(tmp_path, monkeypatch):
    import os

    monkeypatch.delenv("DASHLIB_READ_ONLY", raising=False)
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):  # running as root: simulate with a file in the way
            blocker = tmp_path / "file"
            blocker.write_text("x")
            assert "not writable" in read_only_reason(blocker / "articles")
        else:
            assert "not writable" in read_only_reason(folder)
    finally:
        folder.chmod(0o755)


def test_source_files_roundtrip_names():
    # SourceFile names from uploads are data: decode_article never touches the disk.
    src = SourceFile("../../x.txt", ARTICLE)
    assert decode_article(src).name == "../../x.txt"
