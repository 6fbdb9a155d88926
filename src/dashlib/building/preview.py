"""What adding articles would change: a build with the new files, and its parts about them.

Used by the dashboard's "Add articles" page, but plain pandas (no Streamlit),
so it is tested like the rest of the library. :func:`preview_sources` builds
the tables from the article folder plus the new files (the folder is left out
when it is too big to rebuild interactively, and the preview says so);
:class:`Preview` picks out what concerns the new files. :func:`tables_zip`
packs a build as formula-safe CSVs for download.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashlib import paths
from dashlib.building.ingest import INGEST_SUFFIXES, IngestReport, ingest_texts, stored_suffix
from dashlib.building.load import MAX_ARTICLE_BYTES, SourceFile, article_id_for, read_folder
from dashlib.building.pipeline import build_folder, build_tables, read_curation
from dashlib.csvsafe import to_csv_bytes
from dashlib.tables import Tables

ARTICLES_ENV = "DASHLIB_ARTICLES_DIR"
DATA_ENV = "DASHLIB_DATA_DIR"
# Above these the existing articles are left out of the interactive preview.
MAX_EXISTING_FILES = 300
MAX_EXISTING_BYTES = 8_000_000


def app_dirs() -> tuple[Path, Path]:
    """(articles folder, build folder) as the dashboard uses them (same env vars and defaults as app.py)."""
    articles = os.environ.get(ARTICLES_ENV) or str(paths.SEEDS_DIR)
    data = os.environ.get(DATA_ENV) or str(paths.BUILD_DIR)
    return Path(articles), Path(data)


@dataclass
class Preview:
    """A build with the new files, and which of its rows come from them."""

    tables: Tables
    names: dict[str, str]  # file name in the tables (as ingest will store it) -> name as given
    new_ids: list[str]  # article IDs of the new files that were read
    skipped: list[dict] = field(default_factory=list)  # new files not read: file, reason
    included_existing: bool = True
    existing_note: str = ""
    curation_problem: str = ""

    def articles(self) -> pd.DataFrame:
        """The new articles (without the text column): file, title, date, outlet, figures, warnings."""
        a = self.tables.articles
        a = a[a["article_id"].isin(self.new_ids)]
        a = a.assign(name=a["file"].map(self.names))
        cols = ["name", "file", "title", "published", "outlet", "n_chars", "n_claims", "warnings"]
        return a[cols].reset_index(drop=True)

    def texts(self) -> dict[str, str]:
        """Cleaned text of each new article, by the name it was given."""
        a = self.tables.articles
        a = a[a["article_id"].isin(self.new_ids)]
        return {self.names.get(f, f): t for f, t in zip(a["file"], a["text"], strict=True)}

    def claims(self) -> pd.DataFrame:
        """The figures the new articles state, with claimant and quote."""
        c = self.tables.claims
        c = c[c["article_id"].isin(self.new_ids)]
        files = dict(
            zip(self.tables.articles["article_id"], self.tables.articles["file"], strict=True)
        )
        out = c.assign(name=c["article_id"].map(files).map(self.names))
        cols = [
            "name",
            "incident_id",
            "metric",
            "victim_group",
            "value_low",
            "value_high",
            "qualifier",
            "number_text",
            "claimant_type",
            "claimant",
            "stance",
            "quote",
        ]
        return out[cols].reset_index(drop=True)

    def incident_ids(self) -> list[str]:
        ids: list[str] = []
        for name in ("claims", "mentions", "targets"):
            df = self.tables.frame(name)
            for iid in df.loc[df["article_id"].isin(self.new_ids), "incident_id"]:
                if iid not in ids:
                    ids.append(iid)
        return ids

    def incidents(self) -> pd.DataFrame:
        """Incidents the new articles report; ``new`` is False when older articles report it too."""
        ids = self.incident_ids()
        inc = self.tables.incidents
        inc = inc[inc["incident_id"].isin(ids)]
        new_ids = set(self.new_ids)
        only_new = inc["article_ids"].map(lambda s: set(str(s).split(";")) <= new_ids)
        out = inc.assign(new=only_new)
        cols = [
            "incident_id",
            "new",
            "label",
            "incident_type",
            "date_start",
            "date_end",
            "date_precision",
            "place",
            "district",
            "perpetrator",
            "target_categories",
            "n_articles",
            "n_claims",
        ]
        return out[cols].reset_index(drop=True)

    def mentions(self) -> pd.DataFrame:
        """Sentences of the new articles that introduce or refer to an incident."""
        m = self.tables.mentions
        m = m[m["article_id"].isin(self.new_ids)]
        return m[["incident_id", "role", "date_text", "place_text", "quote"]].reset_index(drop=True)


def _existing_sources(articles_dir: Path | None) -> tuple[list[SourceFile], list, bool, str]:
    if articles_dir is None or not Path(articles_dir).is_dir():
        return [], [], False, "no article folder"
    files, skipped = read_folder(articles_dir)
    total = sum(len(f.data) for f in files)
    if len(files) > MAX_EXISTING_FILES or total > MAX_EXISTING_BYTES:
        note = (
            f"the {len(files):,} articles already in the folder ({total:,} bytes) were left out of "
            "this preview to keep it quick; incidents may still be matched with theirs when the "
            "tables are rebuilt"
        )
        return [], [], False, note
    return files, skipped, True, ""


def preview_sources(
    new: list[SourceFile],
    articles_dir: str | os.PathLike | None,
    *,
    curation_file: str | os.PathLike | None = paths.CURATION_FILE,
    include_existing: bool = True,
) -> Preview:
    """Build the tables from the articles in ``articles_dir`` plus ``new``; nothing is written.

    Each new file takes part under the name ingest would store it as
    (``<article_id><suffix>``), so the preview's tables are the ones the
    rebuild after adding will give. New files that cannot be read, or that
    repeat an article already in the folder, are listed in ``skipped`` (by the
    name they were given) with the reason. A curation file that cannot be read
    is reported in ``curation_problem`` and left out.
    """
    existing, existing_skipped, included, note = (
        _existing_sources(Path(articles_dir) if articles_dir else None)
        if include_existing
        else ([], [], False, "existing articles were not included")
    )
    names: dict[str, str] = {}  # stored name -> name as given
    renamed: list[SourceFile] = []
    skipped_new: list[dict] = []
    for src in new:
        suffix = stored_suffix(src.name)
        if suffix is None:
            skipped_new.append(
                {
                    "file": src.name,
                    "reason": f"not an article type (expected {', '.join(INGEST_SUFFIXES)})",
                }
            )
            continue
        stored = f"{article_id_for(src.data)}{suffix}"
        if stored in names:
            skipped_new.append(
                {"file": src.name, "reason": f"duplicate of {names[stored]} (same bytes)"}
            )
            continue
        names[stored] = src.name
        renamed.append(SourceFile(stored, src.data))
    curation_problem = ""
    entries = None
    try:
        entries = read_curation(curation_file)
    except Exception as err:  # a broken curation file must not block the preview
        curation_problem = f"the curation file was left out: {err}"
    tables = build_tables([*existing, *renamed], curation_entries=entries, skipped=existing_skipped)
    for s in tables.report.get("files_skipped", []):
        if s["file"] in names:
            skipped_new.append({"file": names[s["file"]], "reason": s["reason"]})
    read = tables.articles[tables.articles["file"].isin(list(names))]
    return Preview(
        tables=tables,
        names=names,
        new_ids=read["article_id"].tolist(),
        skipped=skipped_new,
        included_existing=included,
        existing_note=note,
        curation_problem=curation_problem,
    )


def tables_zip(tables: Tables) -> bytes:
    """A zip of every table as formula-safe CSV (the build's bytes) plus build_report.json."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, df in tables.items():
            info = zipfile.ZipInfo(f"{name}.csv", date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, to_csv_bytes(df))
        report = (
            json.dumps(tables.report, indent=2, sort_keys=True, ensure_ascii=False, default=str)
            + "\n"
        )
        info = zipfile.ZipInfo("build_report.json", date_time=(2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, report.encode("utf-8"))
    return buf.getvalue()


def pasted_name(name: str) -> str:
    """A file name for pasted text: the given name (any path part dropped) ending in .txt/.md/.html."""
    base = str(name or "").replace("\\", "/").rsplit("/", 1)[-1].strip() or "pasted article"
    return base if stored_suffix(base) else f"{base}.txt"


def collect_uploads(files) -> tuple[list[tuple[str, bytes]], list[dict]]:
    """(name, bytes) of uploaded files within the size and type limits, and the rejected ones.

    ``files`` are objects with ``name``, ``size`` and ``getvalue()`` (Streamlit's
    UploadedFile). A file over :data:`dashlib.building.load.MAX_ARTICLE_BYTES` or of
    another type is rejected with a reason and its bytes are never read.
    """
    items, rejected = [], []
    for f in files or []:
        name = str(getattr(f, "name", "") or "upload")
        size = int(getattr(f, "size", 0) or 0)
        if stored_suffix(name) is None:
            reason = f"not an article type (expected {', '.join(INGEST_SUFFIXES)})"
            rejected.append({"file": name, "reason": reason})
        elif size > MAX_ARTICLE_BYTES:
            reason = f"too large: {size:,} bytes (limit {MAX_ARTICLE_BYTES:,})"
            rejected.append({"file": name, "reason": reason})
        else:
            items.append((name, bytes(f.getvalue())))
    return items, rejected


def items_to_keep(
    items: list[tuple[str, bytes]], addable: set[str] | list[str], kept: list[tuple[str, bytes]]
) -> list[tuple[str, bytes]]:
    """The ``items`` (name, bytes) to keep for a read-only session: those whose article
    id is in ``addable`` (the preview's new ids) and not already ``kept``, each content
    once, in the order given."""
    wanted = set(addable)
    seen = {article_id_for(d) for _, d in kept}
    out = []
    for name, data in items:
        aid = article_id_for(data)
        if aid in wanted and aid not in seen:
            seen.add(aid)
            out.append((name, data))
    return out


def add_headline(res: AddResult) -> str:
    """One line saying what :func:`add_and_rebuild` did."""
    if res.build_error:
        return "The articles were added, but the rebuild failed; run `dashlib build` to see why."
    if res.tables is not None:
        n = res.tables.report.get("counts", {})
        return (
            f"Added {len(res.ingest.added)} article(s); the tables now hold "
            f"{n.get('incidents', 0):,} incidents and {n.get('claims', 0):,} figures."
        )
    return "Nothing new was added."


@dataclass
class AddResult:
    """What adding files did: the ingest report and, if it ran, the rebuild."""

    ingest: IngestReport
    tables: Tables | None = None
    build_error: str = ""


def add_and_rebuild(
    items: list[tuple[str, bytes]],
    articles_dir: str | os.PathLike,
    data_dir: str | os.PathLike,
    *,
    curation_file: str | os.PathLike | None = paths.CURATION_FILE,
) -> AddResult:
    """Ingest ``items`` into ``articles_dir`` and, if any was added, rebuild into ``data_dir``.

    The files are already safe on disk when the rebuild starts, so a failed
    rebuild loses nothing: its error is returned in ``build_error``.
    """
    report = ingest_texts(items, articles_dir)
    if not report.changed:
        return AddResult(report)
    try:
        tables = build_folder(articles_dir, data_dir, curation_file=curation_file)
    except Exception as err:
        return AddResult(report, None, f"{type(err).__name__}: {err}")
    return AddResult(report, tables)
