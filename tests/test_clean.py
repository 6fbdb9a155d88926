"""Cleaning: metadata in its several forms, furniture, encodings."""

from dashlib import paths
from dashlib.extraction.clean import clean_article
from dashlib.extraction.reference import load_reference

REF = load_reference(str(paths.REFERENCE_DIR))


def clean(text):
    return clean_article(text, "a1", "f.txt", REF)


def test_header_lines():
    a = clean(
        "title: Blast in Quetta\ndate: 2025-04-14\nsource: https://example.org/x\noutlet: Dawn\n\nA blast hit Quetta."
    )
    assert (a.title, a.published, a.url, a.outlet) == (
        "Blast in Quetta",
        "2025-04-14",
        "https://example.org/x",
        "Dawn",
    )
    assert a.text == "A blast hit Quetta."


def test_date_line_with_headline():
    a = clean(
        " date 2026-02-02 Pakistan Hit By Separatists\n\nBy Jane Doe and John Roe\n\nBody text here."
    )
    assert (a.published, a.title, a.byline) == (
        "2026-02-02",
        "Pakistan Hit By Separatists",
        "Jane Doe and John Roe",
    )
    assert a.text == "Body text here."


def test_front_matter():
    a = clean(
        '---\ntitle: "Attack"\ndate: 2023-08-13\noutlet: The Express Tribune\n---\n\nGWADAR: Militants attacked a convoy.'
    )
    assert (a.title, a.published, a.outlet) == ("Attack", "2023-08-13", "The Express Tribune")
    assert a.text.startswith("GWADAR:")


def test_month_precision_publication():
    a = clean("date: 2025-03\n\nText.")
    assert (a.published, a.published_precision) == ("2025-03", "month")


def test_unreadable_date_is_reported_not_guessed():
    a = clean("date: next Tuesday-ish\n\nText.")
    assert a.published == "" and a.published_precision == "unknown"
    assert any("could not read the date" in w for w in a.warnings)


def test_mojibake_is_repaired():
    a = clean("The BLAâ€™s claim was denied.")
    assert "BLA’s" in a.text
    assert any("encoding" in w for w in a.warnings)


def test_related_links_and_credits_are_dropped():
    body = "A long first paragraph about an attack in Quetta that killed several people, officials said.\n"
    furniture = "Photo: AFP\nRead more: Another story\nRelated Headline One\nAnother Related Headline\nThird Related Headline\n"
    a = clean(body + furniture)
    assert a.text == body.strip()
    assert "Photo" not in a.text and "Headline" not in a.text
