from __future__ import annotations

from pathlib import Path

import pytest
from golden import check_golden

from proxywatch.ingest.docdate import infer_year, resolve_document_date, url_date, valid_published
from proxywatch.model import DocMeta


def test_docdate_metadata_wins() -> None:
    m = resolve_document_date("Published 3 March 2020\nText.", DocMeta(published="2019-05"))
    assert (m.published, m.date_source) == ("2019-05", "metadata")


@pytest.mark.parametrize("text,expected", [
    ("Rockets hit the base.\n2024-02-19 06:37:12\n\nLeave a Comment", "2024-02-19"),
    ("Updated: October 1, 2018\nThe embassy was closed.", "2018-10-01"),
    ("Published 3 March 2020\nThe militia denied it.", "2020-03-03"),
    ("By Staff\nPublished: Feb. 16, 2021 at 5:10 AM EST|Updated: 3 hours ago\nRockets fell.", "2021-02-16"),
    ("Updated: May 2, 2019\nPublished: April 30, 2019\nThe group said.", "2019-04-30"),
    (" date 2019-12-29 The Pentagon carried out strikes.", "2019-12-29"),
    ("Headline here\n\nSeptember 8, 2018\nAssociated Press\n\nBASRA, Iraq (AP) - Rockets hit.", "2018-09-08"),
])
def test_docdate_page_stamps(text: str, expected: str) -> None:
    m = resolve_document_date(text, DocMeta())
    assert (m.published, m.date_source) == (expected, "page")


def test_docdate_dateline() -> None:
    m = resolve_document_date("BAGHDAD, Jan. 5, 2020 (Reuters) - Two rockets landed.", DocMeta())
    assert (m.published, m.date_source) == ("2020-01-05", "dateline")


def test_docdate_dateline_without_year_is_not_a_date() -> None:
    m = resolve_document_date("ERBIL, December 26 - The United States struck back.", DocMeta())
    assert m.published is None


def test_docdate_url() -> None:
    m = resolve_document_date("No date in here.", DocMeta(url="https://example.org/archives/2018/10/story.php"))
    assert (m.published, m.date_source) == ("2018-10", "url")
    assert url_date("https://example.org/2020/01/03/story") == "2020-01-03"
    assert url_date("https://example.org/2020/13/story") is None


def test_docdate_inferred_year_from_full_dates_only() -> None:
    text = ("The group renounced violence in 2001. On March 11, 2020, rockets hit the camp, "
            "a month after the Feb. 9, 2019 strike.")
    m = resolve_document_date(text, DocMeta())
    assert (m.published, m.inferred_year, m.date_source) == (None, 2020, "inferred-year")
    assert infer_year("Since the 2003 invasion, and in January 2020, nothing changed.") is None


def test_docdate_unknown_is_never_invented() -> None:
    m = resolve_document_date("Militias fired rockets on Tuesday, officials said.", DocMeta())
    assert (m.published, m.inferred_year, m.date_source) == (None, None, None)


def test_docdate_invalid_published_is_ignored() -> None:
    assert valid_published("2020-02-30") is None and valid_published("yesterday") is None
    assert valid_published("2020") == "2020"
    m = resolve_document_date("Nothing here.", DocMeta(published="2020-13-01"))
    assert m.published is None


def test_docdate_golden_bare_seeds(shared: Path, update_golden: bool) -> None:
    out = {}
    for f in sorted((shared / "seeds").glob("*.txt")):
        m = resolve_document_date(f.read_text("utf-8"), DocMeta())
        out[f.stem] = {"published": m.published, "source": m.date_source, "inferred_year": m.inferred_year}
    # seed 004 carries a page timestamp
    assert out["004_45bccc534f8ed574"]["source"] == "page"
    check_golden("ingest/docdate_seeds", out, update_golden)
