from __future__ import annotations

import io
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proxywatch.errors import InputError
from proxywatch.ingest.readers import document_from_bytes, iter_documents, read_manifest
from proxywatch.ingest.report import IngestReport

ARTICLE = ("Militia fighters fired three rockets at the coalition base near the airport on Sunday, "
           "officials said. Nobody was hurt in the attack, which came a day after the group "
           "threatened to strike American forces.\n\n\u201cWe will respond,\u201d a spokesman said.\n")
HTML = (f"<!DOCTYPE html><html><head><title>Rockets hit coalition base</title>"
        f"<link rel='canonical' href='https://news.example.org/2020/01/05/rockets.html'>"
        f"<meta property='article:published_time' content='2020-01-05T08:00:00Z'></head><body>"
        f"<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav><article><h1>Rockets hit coalition base</h1>"
        f"<p>{ARTICLE}</p><p>The group later denied any role in the attack on the base, "
        f"a statement said.</p></article><footer>Copyright 2020</footer></body></html>")


def _read(paths: list[Path | str], **kw: object) -> tuple[list, IngestReport]:
    report = IngestReport()
    return list(iter_documents(paths, report, **kw)), report  # type: ignore[arg-type]


def test_readers_bare_txt_file(tmp_path: Path) -> None:
    f = tmp_path / "story-one.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    (doc,), report = _read([f])
    assert doc.id == "story-one" and doc.text == ARTICLE
    assert doc.meta.published is None and doc.meta.url is None
    assert doc.clean.startswith("Militia") and '"We will respond,"' in doc.clean
    assert doc.zones and doc.zones[-1].end == len(doc.text)
    assert report.exit_code(strict=True) == 0


def test_readers_encodings_bom_and_cp1252(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    (tmp_path / "win.txt").write_bytes(ARTICLE.replace("Sunday", "Sunday \u2013 caf\u00e9").encode("cp1252"))
    (tmp_path / "latin.txt").write_bytes((ARTICLE.replace("\u201c", '"').replace("\u201d", '"')
                                             + "The caf\u00e9 \u00e0 c\u00f4t\u00e9 closed.\n").encode("latin-1"))
    (tmp_path / "u16.txt").write_bytes(ARTICLE.encode("utf-16"))
    docs, report = _read([tmp_path])
    by_id = {d.id: d for d in docs}
    assert set(by_id) == {"bom", "win", "latin", "u16"}, report.lines()
    assert by_id["bom"].text == ARTICLE
    assert "\u201cWe will respond,\u201d" in by_id["win"].text and "Sunday \u2013 caf\u00e9" in by_id["win"].text
    assert "caf\u00e9 \u00e0 c\u00f4t\u00e9" in by_id["latin"].text
    assert by_id["u16"].text == ARTICLE


def test_readers_html_main_text_and_page_metadata(tmp_path: Path) -> None:
    f = tmp_path / "page.html"
    f.write_text(HTML, encoding="utf-8")
    (doc,), _report = _read([f])
    assert doc.id == "page"
    assert "three rockets" in doc.text and "Home" not in doc.text and "Copyright" not in doc.text
    assert doc.text.startswith("Rockets hit coalition base")
    assert doc.meta.title == "Rockets hit coalition base"
    assert doc.meta.url == "https://news.example.org/2020/01/05/rockets.html"
    assert doc.meta.published == "2020-01-05" and doc.meta.date_source == "page"


def test_readers_jsonl_text_path_and_bad_lines(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    lines = [
        json.dumps({"id": "t1", "text": ARTICLE, "published": "2020-04", "outlet": "Example"}),
        "{not json",
        json.dumps({"id": "p1", "path": "sub/a.txt", "url": "https://e.org/x"}),
        json.dumps({"id": "gone", "path": "sub/missing.txt"}),
        json.dumps(["a", "list"]),
        json.dumps({"id": "nothing"}),
        "",
    ]
    mf = tmp_path / "m.jsonl"
    mf.write_text("\n".join(lines), encoding="utf-8")
    report = IngestReport()
    docs = list(read_manifest(mf, report))
    assert [d.id for d in docs] == ["t1", "p1"]
    assert docs[0].meta.published == "2020-04" and docs[0].meta.date_source == "metadata"
    assert docs[0].meta.outlet == "Example" and docs[1].meta.url == "https://e.org/x"
    assert sorted(f.line for f in report.failed) == [2, 4, 5, 6]
    assert all(f.source == str(mf) for f in report.failed)
    assert "malformed JSON" in next(f.reason for f in report.failed if f.line == 2)
    assert "does not exist" in next(f.reason for f in report.failed if f.line == 4)
    assert "6 inputs read, 2 documents ok, 4 failed" == report.summary()
    assert report.exit_code(strict=False) == 0 and report.exit_code(strict=True) == 1


def test_readers_shared_manifest(shared: Path) -> None:
    report = IngestReport()
    docs = list(read_manifest(shared / "gold" / "manifest.jsonl", report))
    assert len(docs) == 5 and not report.failed
    assert {d.meta.published for d in docs} >= {"2018-10-01", "2020-04"}


def test_readers_batch_with_one_bad_file(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"good{i}.txt").write_text(ARTICLE.replace("three", f"{i + 2} more"), encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    docs, report = _read([tmp_path, tmp_path / "missing.txt"])
    assert sorted(d.id for d in docs) == ["good0", "good1", "good2"]
    assert [(Path(f.source).name, f.kind) for f in report.failed] == [("bad.txt", "BinaryInput"),
                                                                      ("missing.txt", "MalformedInput")]
    assert any("bad.txt" in line and "binary" in line for line in report.lines())
    assert report.exit_code(strict=False) == 0 and report.exit_code(strict=True) == 1


def test_readers_empty_oversized_non_english(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"  \n\n ")
    (tmp_path / "big.txt").write_text(ARTICLE * 10, encoding="utf-8")
    (tmp_path / "de.txt").write_text(
        "Milizen feuerten drei Raketen auf den Stützpunkt nahe dem Flughafen, teilten Beamte mit. "
        "Niemand wurde verletzt, hieß es weiter aus Sicherheitskreisen der Regierung in Bagdad, "
        "nachdem die Gruppe gedroht hatte, amerikanische Truppen anzugreifen und Stellungen "
        "zu beschießen, während Verhandlungen über einen Abzug liefen.", encoding="utf-8")
    docs, report = _read([tmp_path], max_bytes=1000)
    assert docs == []
    reasons = {Path(f.source).name: f.kind for f in report.failed}
    assert reasons == {"empty.txt": "EmptyInput", "big.txt": "OversizedInput", "de.txt": "InputError"}
    assert report.exit_code(strict=False) == 1


def test_readers_stdin_text_and_jsonl() -> None:
    report = IngestReport()
    (doc,) = iter_documents(["-"], report, stdin=io.BytesIO(ARTICLE.encode("utf-8")))
    assert doc.id == "stdin" and doc.text == ARTICLE
    stream = io.BytesIO((json.dumps({"id": "s1", "text": ARTICLE}) + "\n{bad\n").encode("utf-8"))
    docs = list(iter_documents(["-"], report, stdin=stream))
    assert [d.id for d in docs] == ["s1"] and report.failed[-1].line == 2


def test_readers_undecodable_reports_reason() -> None:
    try:
        document_from_bytes(b"\x00\x01\x02binary", "x.bin")
    except InputError as err:
        assert "binary" in err.reason and err.source == "x.bin"
    else:
        raise AssertionError("binary input was accepted")


_FILES = (st.binary(max_size=300)
          | st.text(max_size=200).map(lambda s: s.encode("utf-8", "surrogatepass"))
          | st.text(max_size=200).map(lambda s: f"<html><body><p>{s}</p><p>{ARTICLE}</p></body></html>"
                                      .encode("utf-8", "surrogatepass")))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=_FILES, ext=st.sampled_from([".txt", ".html", ".jsonl", ".htm"]))
def test_readers_arbitrary_bytes_never_raise(tmp_path: Path, data: bytes, ext: str) -> None:
    f = tmp_path / f"fuzz{ext}"
    f.write_bytes(data)
    report = IngestReport()
    docs = list(iter_documents([f], report))
    docs += list(read_manifest(f, report))
    docs += list(iter_documents(["-"], report, stdin=io.BytesIO(data)))
    assert len(report.ok) == len(docs)
    for d in docs:
        assert d.zones[0].start == 0 and d.zones[-1].end == len(d.text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.one_of(
    st.text(max_size=40),
    st.fixed_dictionaries({"id": st.text(max_size=5), "text": st.text(max_size=80)}).map(json.dumps),
    st.fixed_dictionaries({"path": st.text(max_size=10)}).map(json.dumps),
    st.fixed_dictionaries({"id": st.integers(), "text": st.just(ARTICLE),
                           "published": st.text(max_size=12)}).map(json.dumps)), max_size=5))
def test_readers_arbitrary_manifest_lines_never_raise(tmp_path: Path, lines: list[str]) -> None:
    f = tmp_path / "m.jsonl"
    f.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))
    report = IngestReport()
    docs = list(read_manifest(f, report))
    assert len(docs) == len(report.ok)
