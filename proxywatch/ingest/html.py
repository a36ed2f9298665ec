"""Main text and page metadata of an HTML page (trafilatura)."""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

from lxml import etree

from ..errors import EmptyInput, MalformedInput

_HTML_SNIFF = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class HtmlPage:
    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    outlet: str | None = None


def looks_like_html(data: bytes) -> bool:
    return bool(_HTML_SNIFF.match(data[:2048]))


def extract(html: str, source: str) -> HtmlPage:
    """The page's main text (paragraphs separated by blank lines) and metadata.

    Comments are left out: reader comments are never article. Raises
    EmptyInput when the page has no main text, MalformedInput when the
    markup cannot be parsed.
    """
    import trafilatura  # heavy import, only when HTML is actually read

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                              include_tables=False, favor_precision=False)
    except (etree.LxmlError, ValueError, TypeError, AttributeError, IndexError) as exc:
        raise MalformedInput(source, f"HTML could not be parsed ({type(exc).__name__})") from exc
    if doc is None:
        raise EmptyInput(source, "no main text found in HTML page")
    text = (getattr(doc, "text", None) or "").strip()
    if not text:
        raise EmptyInput(source, "no main text found in HTML page")
    # trafilatura separates paragraphs by one newline; a blank line makes the
    # paragraph structure explicit for zones and sentence splitting
    text = re.sub(r"\n+", "\n\n", text)
    title = getattr(doc, "title", None) or None
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return HtmlPage(text=text, title=title, date=getattr(doc, "date", None) or None,
                    url=getattr(doc, "url", None) or None,
                    outlet=getattr(doc, "sitename", None) or None)
