"""The reduce's compact layout gives the tables the full objects would.

The map stage leaves each article as an :class:`dashlib.building.map_stage.ArticleRecord`
(text as UTF-8, events stripped to what resolution reads, claims, targets and
mentions as pickled rows); the reduce lays the rows out once incidents are
known. These tests hold that layout equal to
:func:`dashlib.building.resolve.resolve_incidents` run on the full extractions.
"""

import pickle
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from dashlib import paths
from dashlib.bench.corpus import generate_corpus
from dashlib.building.compact_columns import _byte_offsets, _Texts, _TextStore
from dashlib.building.load import SourceFile, read_folder
from dashlib.building.map_stage import ArticleRecord, clean_sources, extract_all, process_source
from dashlib.building.pipeline import build_tables, reduce_results
from dashlib.building.resolve import resolve_incidents
from dashlib.building.validate import ValidationFailed
from dashlib.extraction.clean import CleanArticle
from dashlib.extraction.reference import load_reference

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def reference():
    return load_reference(str(paths.REFERENCE_DIR))


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus") / "articles"
    generate_corpus(300, folder, seed=7)
    return folder


def _full_objects_tables(sources, reference):
    """Incident tables the way the build made them before the compact layout."""
    cleaned, _ = clean_sources(sources, reference)
    extractions, _ = extract_all(cleaned, reference)
    published = {a.article_id: a.published for a in cleaned}
    texts = {a.article_id: a.text for a in cleaned}
    return resolve_incidents(extractions, published, texts, reference)


@pytest.mark.parametrize("folder", ["seeds", "generated"])
def test_compact_layout_equals_resolve_incidents(folder, generated, reference):
    sources, _ = read_folder(SEEDS if folder == "seeds" else generated)
    expected = _full_objects_tables(sources, reference)
    built = build_tables(sources, curation_entries=None)
    assert len(built.incidents) > 5
    for name in ("incidents", "claims", "targets", "mentions"):
        pd.testing.assert_frame_equal(
            built.frame(name), getattr(expected, name), check_dtype=True, check_exact=True
        )
        assert [str(t) for t in built.frame(name).dtypes] == [
            str(t) for t in getattr(expected, name).dtypes
        ]


def test_record_keeps_the_article_and_pickles(reference):
    text = (
        "QUETTA: Militants’ “attack” — a bomb killed 5 soldiers in Quetta on Monday, police said.\n"
    )
    res = process_source(SourceFile("a.txt", text.encode("utf-8")), reference)
    rec = res.record
    assert isinstance(rec, ArticleRecord) and isinstance(rec.text, bytes)
    article = res.article
    assert isinstance(article, CleanArticle)
    assert rec.n_chars == len(article.text)
    assert article.text.encode("utf-8") == rec.text
    assert rec.events and rec.rows is not None
    back = pickle.loads(pickle.dumps(res))
    assert back.record.text == rec.text and back.record.rows == rec.rows
    assert [e.index for e in back.record.events] == list(range(len(rec.events)))
    # without extraction: the cleaned article only
    bare = process_source(SourceFile("a.txt", text.encode("utf-8")), reference, extract=False)
    assert bare.record.events is None and bare.record.rows is None
    assert bare.article.text == article.text


def test_reduce_empties_the_list_it_is_given(reference):
    sources, _ = read_folder(SEEDS)
    results = [process_source(src, reference) for src in sources[:3]]
    tables = reduce_results(results, reference)
    assert results == [None] * 3
    assert len(tables.articles) == 3


def test_text_store_and_mapping():
    texts = ["a’b", "plain", "", "“x” — y"]
    ids = ["i1", "i2", "i3", "i4"]
    store = _TextStore()
    for t in texts:
        store.add(t.encode("utf-8"))
    assert len(store) == 4 and [store[i] for i in range(4)] == texts
    arr = store.arrow()
    assert arr.type == pa.large_string() and arr.to_pylist() == texts
    mapping = _Texts(ids, store)
    assert dict(mapping) == dict(zip(ids, texts, strict=True))
    assert mapping.get("nope") is None
    assert mapping["i1"] == "a’b" and mapping["i1"] == "a’b"  # the second read is the cached one


def test_text_store_rejects_what_is_not_utf8():
    store = _TextStore()
    store.add("\ud800".encode("utf-8", "surrogatepass"))
    with pytest.raises(pa.ArrowInvalid):
        store.arrow()


def test_byte_offsets_match_the_utf8_prefix():
    for text in ("plain ascii text", "a’b “c” — d é", ""):
        positions = list(range(len(text) + 1))
        at = _byte_offsets(text, positions)
        assert at == {p: len(text[:p].encode("utf-8")) for p in positions}


def test_a_quote_that_is_not_the_texts_slice_still_fails_validation(reference):
    """A claim whose sentence text differs from text[start:end] is kept as given, so
    validation names it, as it did when quotes came from the sentence objects."""
    sources, _ = read_folder(SEEDS)
    results = [process_source(src, reference) for src in sources]
    res = next(r for r in results if r.record and pickle.loads(r.record.rows)[0])
    claims, targets, mentions = pickle.loads(res.record.rows)
    first = list(claims[0])
    first[12] = "not the sentence"  # the quote, stored only when it differs from the slice
    claims[0] = tuple(first)
    res.record.rows = pickle.dumps((claims, targets, mentions))
    with pytest.raises(ValidationFailed, match="table 'claims', column 'quote'"):
        reduce_results(results, reference)
