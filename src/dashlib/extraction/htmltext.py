"""HTML to plain text with a real parser (BeautifulSoup), never a regular expression."""

from __future__ import annotations

from bs4 import BeautifulSoup

# Elements whose content is never article text.
DROPPED_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "svg",
    "canvas",
    "object",
    "embed",
    "nav",
    "footer",
    "form",
    "button",
)
BLOCK_TAGS = (
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "section",
    "article",
    "header",
    "blockquote",
    "pre",
)
META_KEYS = {
    "article:published_time": "date",
    "og:title": "title",
    "og:site_name": "outlet",
    "og:url": "url",
    "author": "byline",
    "date": "date",
}


def html_to_text(markup: str) -> str:
    """The visible text of an HTML page, one block per line, with metadata header lines.

    Scripts, styles and other non-text elements are dropped. Metadata found in
    ``<title>`` and ``<meta>`` becomes ``key: value`` lines at the top, which
    :mod:`dashlib.extraction.clean` reads like any other article header.
    """
    soup = BeautifulSoup(markup, "html.parser")
    meta: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = (tag.get("property") or tag.get("name") or "").strip().lower()
        value = (tag.get("content") or "").strip()
        if key in META_KEYS and value and META_KEYS[key] not in meta:
            meta[META_KEYS[key]] = value
    if "title" not in meta and soup.title and soup.title.get_text(strip=True):
        meta["title"] = soup.title.get_text(" ", strip=True)
    for tag in soup.find_all(DROPPED_TAGS):
        tag.decompose()
    if soup.head:
        soup.head.decompose()
    for tag in soup.find_all(BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    lines = [" ".join(line.split()) for line in soup.get_text().splitlines()]
    body = "\n".join(line for line in lines if line)
    header = "".join(f"{k}: {' '.join(v.split())}\n" for k, v in sorted(meta.items()))
    return (header + "\n" + body) if header else body
