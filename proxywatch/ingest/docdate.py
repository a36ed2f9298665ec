"""The publication date of a document, from the best evidence available.

Order of trust (first hit wins, nothing is ever guessed):

1. metadata ``published`` (manifest, JSONL, HTML meta)      -> date_source "metadata"
2. a publication stamp in the page: a label ("Published", "Posted",
   "Updated", "date") followed by a date, or a line that is only a date
   or an ISO timestamp (``2024-02-19 06:37:12``)             -> "page"
3. a dateline with a year ("BAGHDAD, Jan. 5, 2020 (Reuters) -") -> "dateline"
4. a date in ``meta.url`` (``/2018/10/``, ``/2018-10-01``)    -> "url"
5. otherwise ``inferred_year`` (see :func:`infer_year`), published stays None.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from ..model import DocMeta
from .zones import find_zones

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MON_ALT = (r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
            r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_MON = rf"(?:{_MON_ALT})\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
# "March 3, 2020" | "3 March 2020" | "2020-03-03", each with its own group names
_DATE = (rf"(?:(?P<m1>{_MON_ALT})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>{_YEAR})"
         rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MON_ALT})\.?,?\s+(?P<y2>{_YEAR})"
         rf"|(?P<y3>{_YEAR})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}}))")
_DATE_RE = re.compile(rf"\b{_DATE}\b")

_LABELLED = re.compile(
    rf"(?:^|\n)[ \t]*(?:(?:first |originally )?published|posted|date|dated|last updated|updated)"
    rf"(?: on| at)?\s*:?\s*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?{_DATE}", re.IGNORECASE)
_STAMP_LINE = re.compile(
    rf"(?:^|\n)[ \t]*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?{_DATE}"
    rf"(?:,?\s+(?:at\s+)?\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{{2,4}})?)?[ \t]*(?=\r?\n|$)",
    re.IGNORECASE)
# CITY[, Country], <date> [(Agency)] - / — / –
_DATELINE = re.compile(
    rf"(?:^|\n)[ \t]*[A-Z][A-Z .'\-]{{1,40}}(?:,\s*[A-Z][A-Za-z .]{{1,30}})?,\s*{_DATE}"
    rf"\s*(?:\([A-Za-z .]{{1,30}}\)\s*)?[-–—]", re.MULTILINE)
_URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d{2})[/-](?P<m>0[1-9]|1[0-2])(?:[/-](?P<d>[0-3]\d))?(?=[/-]|$|\D)")
_VALID_PUBLISHED = re.compile(r"^(?:19|20)\d{2}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$")



def valid_published(value: str | None) -> str | None:
    """``value`` if it is a real YYYY, YYYY-MM or YYYY-MM-DD date, else None."""
    if not value or not _VALID_PUBLISHED.match(value):
        return None
    if len(value) == 10:
        try:
            date.fromisoformat(value)
        except ValueError:
            return None
    return value


def _iso(m: re.Match[str]) -> str | None:
    g = m.groupdict()
    try:
        if g.get("y3"):
            d = date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
        elif g.get("y1"):
            d = date(int(g["y1"]), _MONTHS[g["m1"][:3].lower()], int(g["d1"]))
        else:
            d = date(int(g["y2"]), _MONTHS[g["m2"][:3].lower()], int(g["d2"]))
    except (ValueError, KeyError, TypeError):
        return None
    return d.isoformat()


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    for m in pattern.finditer(text):
        iso = _iso(m)
        if iso:
            return iso
    return None


def page_date(text: str) -> str | None:
    """A publication stamp in the page, published-labels first."""
    labelled = [(m.start(), m) for m in _LABELLED.finditer(text)]
    # "Published" beats "Updated" when both are given
    for _, m in sorted(labelled, key=lambda p: ("updated" in p[1].group(0).lower(), p[0])):
        iso = _iso(m)
        if iso:
            return iso
    return _first(_STAMP_LINE, text)


def dateline_date(text: str) -> str | None:
    return _first(_DATELINE, text[:3000])


def url_date(url: str | None) -> str | None:
    if not url:
        return None
    m = _URL_DATE.search(url)
    if not m:
        return None
    y, mo, d = m.group("y"), m.group("m"), m.group("d")
    if d:
        try:
            return date(int(y), int(mo), int(d)).isoformat()
        except ValueError:
            pass
    return f"{y}-{mo}"


def infer_year(text: str) -> int | None:
    """The year the reporting is most plausibly about, from explicit full dates.

    Rule: the latest year among full dates written out in the text ("March 11,
    2020", "3 March 2020", "2020-03-11"). A full date almost always marks an
    event being reported. Bare years and month-years are not used: in news
    they mostly give background ("renounced violence in 2001", "the 2003
    invasion", "since January 2020"), and a wrong year is worse than none,
    because year-less event dates (``--MM-DD``) are still matched on month
    and day. None when the text has no full date.
    """
    years = []
    for m in _DATE_RE.finditer(text):
        iso = _iso(m)
        if iso:
            years.append(int(iso[:4]))
    return max(years) if years else None


def resolve_document_date(text: str, meta: DocMeta) -> DocMeta:
    """``meta`` completed with ``published``/``date_source`` or ``inferred_year``."""
    published = valid_published(meta.published)
    if published:
        return replace(meta, published=published, date_source=meta.date_source or "metadata")
    for source, value in (("page", page_date(text)), ("dateline", dateline_date(text)),
                          ("url", url_date(meta.url))):
        if value:
            return replace(meta, published=value, date_source=source)
    year = infer_year(_article_text(text))
    if year is not None:
        return replace(meta, published=None, date_source="inferred-year", inferred_year=year)
    return replace(meta, published=None, date_source=None)


# furniture whose dates say nothing about the article (captions are kept:
# they describe the reported event)
_FOREIGN_ZONES = frozenset({"comments", "tweets", "related", "subscribe", "donate", "topics", "tags",
                            "nav", "share", "policy", "copyright", "bio"})


def _article_text(text: str) -> str:
    return "\n".join(text[z.start:z.end] for z in find_zones(text) if z.label not in _FOREIGN_ZONES)
