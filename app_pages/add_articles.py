"""Add articles: paste or upload, preview what would be extracted, then add them.

Local runs add the files to the article folder (``DASHLIB_ARTICLES_DIR``) and
rebuild the tables into ``DASHLIB_DATA_DIR``. A read-only deployment
(``DASHLIB_READ_ONLY=1``, as on Streamlit Community Cloud, whose disk does not
last; or an article folder that cannot be written) keeps the articles in this
browser session only and offers the updated tables as a zip of CSVs.

Everything that comes from an article or an upload is shown with
``st.dataframe``, ``st.text`` or ``st.code``: never as Markdown or HTML.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from app_pages import _common as ui
from dashlib.building import ingest, preview
from dashlib.building.load import MAX_ARTICLE_BYTES, SourceFile, article_id_for

# Session keys. app.py may show SESSION_TABLES instead of the loaded build when set.
SESSION_ARTICLES = ui.SESSION_ARTICLES  # list of (name, bytes) kept for this session
SESSION_TABLES = ui.SESSION_TABLES  # Tables built with them (read-only mode)
_PREVIEW = "add_articles_preview"  # (signature, Preview)
_RESULT = "add_articles_result"  # message shown after an add + rerun
UPLOAD_TYPES = ["txt", "md", "markdown", "html", "htm"]
MAX_MB = max(1, -(-MAX_ARTICLE_BYTES // 1_000_000))
TEXT_SHOWN = 20_000  # characters of each article shown in the preview


def _signature(items: list[tuple[str, bytes]]) -> str:
    h = hashlib.sha256()
    for name, data in items:
        h.update(name.encode("utf-8", "replace") + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


def _table(df: pd.DataFrame, key: str) -> None:
    st.dataframe(df, hide_index=True, key=key)


def _inputs() -> tuple[list[tuple[str, bytes]], list[dict]]:
    paste_tab, upload_tab = st.tabs(["Paste text", "Upload files"])
    items: list[tuple[str, bytes]] = []
    rejected: list[dict] = []
    with paste_tab:
        name = st.text_input(
            "Name for the pasted article",
            value="pasted article",
            max_chars=120,
            key="add_paste_name",
            help="Only shown in reports; the stored file is named after its content.",
        )
        text = st.text_area(
            "Article text",
            height=260,
            max_chars=MAX_ARTICLE_BYTES,
            key="add_paste_text",
            placeholder="Paste the article here: headline, date line and body. "
            "Lines such as 'Title: …', 'Date: 2026-02-02' or 'Source: …' at the top are read as metadata.",
        )
        if text and text.strip():
            items.append((preview.pasted_name(name), text.encode("utf-8")))
    with upload_tab:
        files = st.file_uploader(
            "Article files (.txt, .md or .html)",
            type=UPLOAD_TYPES,
            accept_multiple_files=True,
            max_upload_size=MAX_MB,
            key="add_upload",
            help=f"Up to {MAX_ARTICLE_BYTES:,} bytes per file. Scripts and styles in HTML are dropped.",
        )
        got, rejected = preview.collect_uploads(files)
        items += got
    return items, rejected


def _show_preview(p: preview.Preview) -> None:
    articles = p.articles()
    claims = p.claims()
    incidents = p.incidents()
    c1, c2, c3 = st.columns(3)
    c1.metric("Articles that can be added", len(articles))
    c2.metric("Figures found", len(claims))
    c3.metric(
        "Incidents",
        len(incidents),
        help="Incidents the new articles report (new or already known).",
    )
    if p.existing_note:
        st.caption("Note: " + p.existing_note.replace("*", "\\*"))
    if p.curation_problem:
        st.warning("The curation file could not be read, so this preview ignores it. Details:")
        st.code(p.curation_problem, language=None)
    if p.skipped:
        st.warning(f"{len(p.skipped)} file(s) cannot be added:", icon=":material/block:")
        _table(pd.DataFrame(p.skipped, columns=["file", "reason"]), "add_prev_skipped")
    if articles.empty:
        return
    st.subheader("Articles", anchor=False)
    _table(articles, "add_prev_articles")
    if (articles["n_claims"] == 0).any():
        st.caption("An article with no figure is still added; it may describe no incident at all.")
    st.subheader("Incidents", anchor=False)
    if incidents.empty:
        st.caption("No incident found in the new articles.")
    else:
        st.caption("'new' is unticked when articles already in the folder report the incident too.")
        _table(incidents, "add_prev_incidents")
    st.subheader("Figures and their sentences", anchor=False)
    if claims.empty:
        st.caption("No figure found in the new articles.")
    else:
        _table(claims, "add_prev_claims")
    mentions = p.mentions()
    if not mentions.empty:
        with st.expander(f"Sentences that introduce or refer to an incident ({len(mentions)})"):
            _table(mentions, "add_prev_mentions")
    with st.expander("Cleaned text of the new articles"):
        for i, (name, text) in enumerate(p.texts().items()):
            st.text(f"— {name} ({len(text):,} characters)")
            st.text(
                text[:TEXT_SHOWN] + ("\n[… cut for display …]" if len(text) > TEXT_SHOWN else "")
            )
            if i > 20:
                st.caption("Further articles are not shown here.")
                break


def _session_tables(articles_dir) -> None:
    kept = st.session_state.get(SESSION_ARTICLES, [])
    sources = [SourceFile(n, d) for n, d in kept]
    st.session_state[SESSION_TABLES] = preview.preview_sources(sources, articles_dir).tables


def _read_only_box(reason: str, articles_dir) -> None:
    kept = st.session_state.get(SESSION_ARTICLES, [])
    st.info(
        "This dashboard is read-only here, so added articles are kept **for this browser "
        "session only** and are lost when it ends. Download the updated tables to keep them.",
        icon=":material/cloud_off:",
    )
    st.caption("Why read-only:")
    st.code(reason, language=None)
    if kept:
        st.write(f"Articles kept in this session: {len(kept)}")
        _table(
            pd.DataFrame({"file": [n for n, _ in kept], "bytes": [len(d) for _, d in kept]}),
            "add_kept",
        )
        tables = st.session_state.get(SESSION_TABLES)
        if tables is None:
            _session_tables(articles_dir)
            tables = st.session_state[SESSION_TABLES]
        st.download_button(
            "Download the updated tables (zip of CSVs)",
            data=preview.tables_zip(tables),
            file_name="balochistan_claims_tables.zip",
            mime="application/zip",
            icon=":material/download:",
            key="add_download_zip",
        )
        if st.button("Forget the session's articles", key="add_forget"):
            st.session_state.pop(SESSION_ARTICLES, None)
            st.session_state.pop(SESSION_TABLES, None)
            st.rerun()


def _show_last_result() -> None:
    """What the last add did, once, after the rerun that followed it."""
    result = st.session_state.pop(_RESULT, None)
    if result:
        (st.error if result.get("error") else st.success)(result["headline"])
        st.code(result["report"], language=None)
        if result.get("error"):
            st.code(result["error"], language=None)


def _current_preview(items, read_only, articles_dir) -> preview.Preview | None:
    """The preview of ``items``, made when Preview is pressed and kept while they stay the
    same; None until then."""
    sig = _signature(items)
    if st.button("Preview", type="primary", key="add_preview_btn", icon=":material/preview:"):
        with st.spinner("Reading the articles and running the extraction…"):
            kept = st.session_state.get(SESSION_ARTICLES, []) if read_only else []
            sources = [SourceFile(n, d) for n, d in kept] + [SourceFile(n, d) for n, d in items]
            p = preview.preview_sources(sources, articles_dir)
            # Articles kept earlier in the session are context, not part of this preview.
            kept_ids = {article_id_for(d) for _, d in kept}
            p.new_ids = [i for i in p.new_ids if i not in kept_ids]
            st.session_state[_PREVIEW] = (sig, p)
    stored = st.session_state.get(_PREVIEW)
    if not stored or stored[0] != sig:
        st.caption("Press Preview to see what would be extracted.")
        return None
    return stored[1]


def _keep_for_session(p: preview.Preview, items, articles_dir) -> None:
    """The read-only mode's button: keep the new articles in this browser session."""
    if not st.button(
        f"Keep {len(p.new_ids)} article(s) for this session",
        type="primary",
        key="add_keep_btn",
        icon=":material/playlist_add:",
    ):
        return
    kept = list(st.session_state.get(SESSION_ARTICLES, []))
    added = preview.items_to_keep(items, p.new_ids, kept)
    st.session_state[SESSION_ARTICLES] = kept + added
    _session_tables(articles_dir)
    st.session_state.pop(_PREVIEW, None)
    st.session_state[_RESULT] = {
        "headline": "Kept for this session. Download the updated tables below to keep them.",
        "report": "\n".join(f"kept  {n}" for n, _ in added) or "nothing new",
    }
    st.rerun()


def _add_to_folder(p: preview.Preview, items, articles_dir, data_dir) -> None:
    """The local mode's button: store the files in the article folder and rebuild."""
    st.caption("Adding stores each file in the article folder under a name made from its content:")
    st.code(str(articles_dir), language=None)
    if not st.button(
        f"Add {len(p.new_ids)} article(s) and rebuild the tables",
        type="primary",
        key="add_commit_btn",
        icon=":material/note_add:",
    ):
        return
    with st.spinner("Adding the articles and rebuilding the tables…"):
        res = preview.add_and_rebuild(items, articles_dir, data_dir)
    # The dashboard's caches are keyed by the build's stamp, which the new articles
    # and the rebuild have just changed; take the stamp again now rather than after
    # ui.STAMP_SECONDS.
    ui.build_stamp_cached.clear()
    st.session_state.pop(_PREVIEW, None)
    st.session_state[_RESULT] = {
        "headline": preview.add_headline(res),
        "report": str(res.ingest),
        "error": res.build_error,
    }
    st.rerun()


def main() -> None:
    st.title("Add articles", anchor=False)
    st.caption(
        "Paste an article or upload files, check what the rules extract from them, then add them. "
        "Nothing is added until you press the add button."
    )
    articles_dir, data_dir = preview.app_dirs()
    read_only = ingest.read_only_reason(articles_dir)
    _show_last_result()
    if read_only:
        _read_only_box(read_only, articles_dir)

    items, rejected = _inputs()
    if rejected:
        st.warning(f"{len(rejected)} upload(s) refused:", icon=":material/block:")
        _table(pd.DataFrame(rejected, columns=["file", "reason"]), "add_rejected")
    if not items:
        st.caption("Paste text or choose files to see a preview.")
        return
    p = _current_preview(items, read_only, articles_dir)
    if p is None:
        return
    _show_preview(p)
    if not p.new_ids:
        st.info("None of these files can be added.", icon=":material/info:")
        return
    st.divider()
    if read_only:
        _keep_for_session(p, items, articles_dir)
    else:
        _add_to_folder(p, items, articles_dir, data_dir)


main()
