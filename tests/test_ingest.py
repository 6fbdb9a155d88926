"""Ingest: adding article files under content-derived names, safely and idempotently."""

from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path

import pytest

from dashlib import paths
from dashlib.building.ingest import (
    IngestReport,
    existing_articles,
    ingest_paths,
    ingest_texts,
    read_only_reason,
    stored_suffix,
)
from dashlib.building.load import (
    MAX_ARTICLE_BYTES,
    SourceFile,
    article_id_for,
    decode_article,
    read_folder,
)

SEEDS_FIRST = sorted(paths.SEEDS_DIR.glob("*.txt"))[0]
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
    import dashlib.building.ingest as ingest_mod

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
    from dashlib.building.pipeline import build_folder

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
    assert read_only_reason(tmp_path / "new" / "articles") is None
    assert not (tmp_path / "new").exists()  # checking creates nothing


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
            assert "cannot be created" in read_only_reason(blocker / "articles")
        else:
            assert "not writable" in read_only_reason(folder)
    finally:
        folder.chmod(0o755)


def test_source_files_roundtrip_names():
    # SourceFile names from uploads are data: decode_article never touches the disk.
    src = SourceFile("../../x.txt", ARTICLE)
    assert decode_article(src).name == "../../x.txt"


# ----------------------------------------------------------------------------- preview (dashlib.building.preview)

PREVIEW_ARTICLE = (
    b"Title: Checkpoint attack in Turbat\nDate: 2025-03-12\n\n"
    b"Officials said 18 soldiers were killed in an attack on a checkpoint in Turbat on Tuesday. "
    b"The BLA claimed that 40 soldiers died.\n"
)


class _Upload:
    def __init__(self, name, data, size=None):
        self.name, self._data = name, data
        self.size = len(data) if size is None else size
        self.read = 0

    def getvalue(self):
        self.read += 1
        return self._data


def test_collect_uploads_limits_type_and_size():
    from dashlib.building.preview import collect_uploads

    big = _Upload("big.txt", b"", size=MAX_ARTICLE_BYTES + 1)
    items, rejected = collect_uploads([_Upload("a.txt", b"x"), big, _Upload("b.exe", b"MZ")])
    assert items == [("a.txt", b"x")]
    assert [r["file"] for r in rejected] == ["big.txt", "b.exe"]
    assert rejected[0]["reason"].startswith("too large") and big.read == 0
    assert "not an article type" in rejected[1]["reason"]


def test_pasted_name():
    from dashlib.building.preview import pasted_name

    assert pasted_name("") == "pasted article.txt"
    assert pasted_name("../../x") == "x.txt"
    assert pasted_name("notes.md") == "notes.md"


def test_preview_lists_only_the_new_articles_and_names_them_as_stored():
    from dashlib.building.preview import preview_sources

    new = [
        SourceFile("mine.txt", PREVIEW_ARTICLE),
        SourceFile("again.txt", PREVIEW_ARTICLE),
        SourceFile("seed copy.txt", SEEDS_FIRST.read_bytes()),
        SourceFile("empty.txt", b""),
        SourceFile("x.pdf", b"%PDF"),
    ]
    p = preview_sources(new, paths.SEEDS_DIR, curation_file=None)
    assert p.included_existing
    reasons = {s["file"]: s["reason"] for s in p.skipped}
    assert reasons["again.txt"] == "duplicate of mine.txt (same bytes)"
    assert reasons["seed copy.txt"] == f"duplicate of {SEEDS_FIRST.name} (same bytes)"
    assert reasons["empty.txt"] == "empty file"
    assert reasons["x.pdf"].startswith("not an article type")
    aid = article_id_for(PREVIEW_ARTICLE)
    assert p.new_ids == [aid]
    arts = p.articles()
    assert arts["name"].tolist() == ["mine.txt"] and arts["file"].tolist() == [f"{aid}.txt"]
    assert "text" not in arts.columns
    assert set(p.claims()["name"]) <= {"mine.txt"}
    assert p.texts()["mine.txt"].startswith("Officials said 18 soldiers")
    # the rows about the new article are the ones a rebuild after adding gives
    assert len(p.tables.articles) == 6


def test_preview_then_add_gives_the_previewed_tables(tmp_path):
    from dashlib.building import store
    from dashlib.building.preview import add_and_rebuild, preview_sources
    from dashlib.csvsafe import to_csv_bytes

    arts = tmp_path / "articles"
    shutil.copytree(paths.SEEDS_DIR, arts)
    p = preview_sources([SourceFile("mine.txt", PREVIEW_ARTICLE)], arts, curation_file=None)
    res = add_and_rebuild(
        [("mine.txt", PREVIEW_ARTICLE)], arts, tmp_path / "build", curation_file=None
    )
    assert not res.build_error and len(res.ingest.added) == 1
    built = store.read_tables(tmp_path / "build")
    for name in ("articles", "incidents", "claims", "targets", "mentions", "estimates"):
        assert to_csv_bytes(built.frame(name)) == to_csv_bytes(p.tables.frame(name)), name
    again = add_and_rebuild(
        [("mine.txt", PREVIEW_ARTICLE)], arts, tmp_path / "build", curation_file=None
    )
    assert again.tables is None and again.ingest.duplicates


def test_items_to_keep_takes_each_new_content_once():
    from dashlib.building.preview import items_to_keep

    a, b, c = b"article a", b"article b", b"article c"
    items = [("a.txt", a), ("a copy.txt", a), ("b.txt", b), ("c.txt", c)]
    addable = [article_id_for(a), article_id_for(b), article_id_for(c)]
    # b is already kept; c is new but the preview could not read it
    kept = [("b earlier.txt", b)]
    got = items_to_keep(items, addable[:2], kept)
    assert got == [("a.txt", a)]
    assert items_to_keep(items, addable, []) == [("a.txt", a), ("b.txt", b), ("c.txt", c)]


def test_add_headline_says_what_happened(tmp_path):
    from dashlib.building.preview import add_and_rebuild, add_headline

    arts = tmp_path / "articles"
    shutil.copytree(paths.SEEDS_DIR, arts)
    res = add_and_rebuild(
        [("mine.txt", PREVIEW_ARTICLE)], arts, tmp_path / "build", curation_file=None
    )
    n = res.tables.report["counts"]
    assert add_headline(res) == (
        f"Added 1 article(s); the tables now hold {n['incidents']:,} incidents and "
        f"{n['claims']:,} figures."
    )
    again = add_and_rebuild([("x.txt", PREVIEW_ARTICLE)], arts, tmp_path / "build")
    assert add_headline(again) == "Nothing new was added."
    bad_curation = tmp_path / "curation.yaml"
    bad_curation.write_text("entries: [unclosed\n")
    failed = add_and_rebuild(
        [("y.txt", b"A new article about Quetta.")],
        arts,
        tmp_path / "build",
        curation_file=bad_curation,
    )
    assert failed.build_error and add_headline(failed).startswith("The articles were added, but")


def test_add_and_rebuild_keeps_files_when_the_build_fails(tmp_path):
    from dashlib.building.preview import add_and_rebuild

    bad_curation = tmp_path / "curation.yaml"
    bad_curation.write_text("entries: [unclosed\n")
    res = add_and_rebuild(
        [("a.txt", PREVIEW_ARTICLE)], tmp_path / "arts", tmp_path / "b", curation_file=bad_curation
    )
    assert "CurationError" in res.build_error
    assert len(visible_files(tmp_path / "arts")) == 1


def test_tables_zip_holds_formula_safe_csvs():
    import io
    import zipfile

    from dashlib.building.pipeline import build_tables
    from dashlib.building.preview import tables_zip
    from dashlib.csvsafe import to_csv_bytes

    tables = build_tables(
        [SourceFile("a.txt", b"=1+1 Officials said 3 soldiers were killed in Kech.")]
    )
    data = tables_zip(tables)
    assert data == tables_zip(tables)  # deterministic
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        assert names == [*(f"{n}.csv" for n, _ in tables.items()), "build_report.json"]
        assert zf.read("articles.csv") == to_csv_bytes(tables.articles)
        assert b"'=1+1" in zf.read("articles.csv")


# ----------------------------------------------------------------------------- the page, under AppTest

ROOT = Path(__file__).resolve().parents[1]
PAGE = "app_pages/add_articles.py"
XSS_TEXT = (
    "Title: <script>window.__xss=1</script>\n\n"
    'Officials said 12 soldiers were killed in Turbat. <img src=x onerror="window.__xss=2"> '
    "[click](javascript:alert(1)) **bold** ![img](http://example.invalid/x.png)\n"
)


@pytest.fixture
def page_env(tmp_path, monkeypatch):
    arts, build = tmp_path / "articles", tmp_path / "build"
    shutil.copytree(paths.SEEDS_DIR, arts)
    from dashlib.building.pipeline import build_folder

    build_folder(arts, build)  # the same inputs as the app (default curation file)
    monkeypatch.delenv("DASHLIB_SYNTHETIC", raising=False)
    monkeypatch.delenv("DASHLIB_READ_ONLY", raising=False)
    monkeypatch.setenv("DASHLIB_ARTICLES_DIR", str(arts))
    monkeypatch.setenv("DASHLIB_DATA_DIR", str(build))
    return arts, build


def _app():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page(PAGE)
    return at.run()


def _frame(at, column: str, value: str):
    """The first st.dataframe whose ``column`` holds ``value`` (AppTest does not expose keys)."""
    for d in at.dataframe:
        df = d.value
        if column in df.columns and value in set(df[column]):
            return df
    raise AssertionError(f"no dataframe with {value!r} in column {column!r}")


def _problems(at) -> list[str]:
    return [e.value for e in at.exception] + [e.value for e in at.error]


def _markdown_texts(at) -> list[str]:
    out = []
    for kind in (
        "markdown",
        "caption",
        "info",
        "warning",
        "success",
        "error",
        "title",
        "subheader",
    ):
        out += [str(e.value) for e in at.get(kind)]
    return out


def test_page_paste_preview_add(page_env):
    arts, build = page_env
    before = set(visible_files(arts))
    at = _app()
    assert not _problems(at), _problems(at)
    assert at.title[0].value == "Add articles"
    at.text_area(key="add_paste_text").input(XSS_TEXT).run()
    at.button(key="add_preview_btn").click().run()
    assert not _problems(at), _problems(at)
    assert [m.value for m in at.metric][:1] == ["1"]
    # article text only ever appears in dataframes, st.text or st.code: never as Markdown
    for text in _markdown_texts(at):
        assert (
            "__xss" not in text and "javascript:" not in text and "example.invalid" not in text
        ), text
    shown = " ".join(str(t.value) for t in at.text)
    assert "onerror" in shown  # the text is shown, as plain text
    assert not at.get("html")
    at.button(key="add_commit_btn").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success and "Added 1 article" in at.success[0].value
    new = set(visible_files(arts)) - before
    assert new == {f"{article_id_for(XSS_TEXT.encode())}.txt"}
    from dashlib.building import store

    rebuilt = store.read_tables(build)
    assert article_id_for(XSS_TEXT.encode()) in set(rebuilt.articles["article_id"])
    # the dashboard shows the new build at once (its caches are keyed by the build's stamp)
    at.switch_page("app_pages/overview.py").run()
    shown = {m.label: m.value for m in at.metric}
    assert shown["Source articles"] == f"{len(rebuilt.articles):,}"


def test_page_upload_limits(page_env):
    at = _app()
    uploader = at.file_uploader(key="add_upload")
    uploader.set_value(
        [
            ("ok.txt", PREVIEW_ARTICLE, "text/plain"),
            ("big.txt", b"a" * (MAX_ARTICLE_BYTES + 1), "text/plain"),
            ("empty.txt", b"", "text/plain"),
        ]
    ).run()
    assert not at.exception, [e.value for e in at.exception]
    refused = _frame(at, "file", "big.txt")
    assert refused["file"].tolist() == ["big.txt"] and refused["reason"][0].startswith("too large")
    at.button(key="add_preview_btn").click().run()
    skipped = _frame(at, "file", "empty.txt")
    assert skipped["file"].tolist() == ["empty.txt"] and skipped["reason"][0] == "empty file"
    assert _frame(at, "name", "ok.txt")["name"].tolist() == ["ok.txt"]


def test_page_read_only_keeps_articles_in_the_session(page_env, monkeypatch):
    arts, build = page_env
    monkeypatch.setenv("DASHLIB_READ_ONLY", "1")
    before = {p.name: p.stat().st_mtime for p in arts.iterdir()}
    build_before = {p.name: p.read_bytes() for p in build.iterdir() if p.is_file()}
    at = _app()
    assert any("read-only" in i.value for i in at.info)
    at.text_area(key="add_paste_text").input(PREVIEW_ARTICLE.decode()).run()
    at.button(key="add_preview_btn").click().run()
    assert "add_commit_btn" not in [b.key for b in at.button]
    at.button(key="add_keep_btn").click().run()
    assert not _problems(at), _problems(at)
    kept = at.session_state["dashlib_session_articles"]
    assert [d for _, d in kept] == [PREVIEW_ARTICLE]
    tables = at.session_state["dashlib_session_tables"]
    assert article_id_for(PREVIEW_ARTICLE) in set(tables.articles["article_id"])
    assert len(tables.articles) == 6
    assert _frame(at, "file", "pasted article.txt")["file"].tolist() == ["pasted article.txt"]
    # nothing written to disk
    assert {p.name: p.stat().st_mtime for p in arts.iterdir()} == before
    assert {p.name: p.read_bytes() for p in build.iterdir() if p.is_file()} == build_before
    # every other page now shows the session's tables, and says so
    at.switch_page("app_pages/overview.py").run()
    assert not _problems(at), _problems(at)
    assert any("Showing this session's tables" in w.value for w in at.warning)
    assert any(c.value.startswith("6 articles") for c in at.caption)


# ----------------------------------------------------------------------------- CLI


def test_cli_ingest_adds_reports_and_rebuilds(tmp_path, capsys):
    from dashlib import cli
    from dashlib.building import store

    arts, out = tmp_path / "articles", tmp_path / "build"
    shutil.copytree(paths.SEEDS_DIR, arts)
    src = tmp_path / "new"
    src.mkdir()
    (src / "one.txt").write_bytes(PREVIEW_ARTICLE)
    (src / "pic.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert (
        cli.main(["ingest", str(src), "--articles", str(arts), "--out", str(out), "--quiet"]) == 0
    )
    printed = capsys.readouterr().out
    assert f"Ingest into {arts}: 1 added, 0 duplicate, 1 skipped" in printed
    assert "pic.txt: not text: looks like a PNG image" in printed
    assert article_id_for(PREVIEW_ARTICLE) in set(store.read_tables(out).articles["article_id"])
    # again: a no-op that says so, and the build is left alone
    stamp = (out / "claims.csv").stat().st_mtime_ns
    assert (
        cli.main(["ingest", str(src / "one.txt"), "--articles", str(arts), "--out", str(out)]) == 0
    )
    printed = capsys.readouterr().out
    assert "duplicate of" in printed and (out / "claims.csv").stat().st_mtime_ns == stamp
