"""Exports (STIX, CSV, GraphML) and ``POST /api/extract`` (text or file in, events out)."""
from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from ..store.ingest import ingest_documents
from .deps import require_token, service, write_allowed
from .errors import ApiError
from .routes_data import document_json
from .service import Service

router = APIRouter(prefix="/api")

EXPORTS = {
    "stix": ("application/stix+json", "proxywatch.stix.json"),
    "csv": ("text/csv; charset=utf-8", "proxywatch.acled.csv"),
    "graphml": ("application/graphml+xml", "proxywatch.graphml"),
}
KINDS = ("txt", "html")


@router.get("/export/{fmt}", tags=["exports"])
def export(fmt: str, svc: Service = Depends(service)) -> Response:
    """The whole store as a STIX 2.1 bundle, an ACLED-style CSV or the actor graph as GraphML."""
    if fmt not in EXPORTS:
        raise ApiError(404, f"export {fmt!r}: expected one of {', '.join(EXPORTS)}")
    from ..export import export_acled, export_graphml, export_stix

    media, name = EXPORTS[fmt]
    with tempfile.TemporaryDirectory(prefix="pw-export-") as tmp:
        out = Path(tmp) / name
        if fmt == "stix":
            incs = list(svc.fusion().incidents) or None
            export_stix(svc.store, out, actors=svc.pack().actors, incidents=incs)
        elif fmt == "csv":
            export_acled(svc.store, out)
        else:
            export_graphml(svc.store, out)
        data = out.read_bytes()
    return Response(data, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


class ExtractRequest(BaseModel):
    text: str = Field(..., min_length=1, description="article text (or HTML with kind=html)")
    doc_id: str = Field("pasted", min_length=1, max_length=200, pattern=r"^[A-Za-z0-9_.:\-]+$")
    published: str | None = Field(None, max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD")
    kind: str = Field("txt", pattern="^(txt|html)$")
    url: str | None = Field(None, max_length=2000)
    outlet: str | None = Field(None, max_length=200)
    title: str | None = Field(None, max_length=500)
    store: bool = Field(False, description="also store the document and re-fuse (needs the write token)")


def _invalid(e: ValueError) -> ApiError:
    errors: list[dict[str, Any]] = getattr(e, "errors", list)()
    return ApiError(422, "invalid extraction request", "invalid_parameters",
                    [{"field": ".".join(str(p) for p in x.get("loc", ())), "in": "body",
                      "message": str(x.get("msg", ""))} for x in errors])


async def _extract_request(request: Request) -> ExtractRequest:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/json":
        try:
            return ExtractRequest.model_validate_json(await request.body())
        except ValueError as e:
            raise _invalid(e) from e
    if ctype == "multipart/form-data":
        form = await request.form()
        upload = form.get("file")
        fields: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
        if upload is not None and not isinstance(upload, str):
            raw = await upload.read()
            name = upload.filename or "upload.txt"
            try:
                fields["text"] = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                raise ApiError(400, f"{name}: not UTF-8 text", "bad_input") from e
            if "kind" not in fields and name.lower().endswith((".html", ".htm")):
                fields["kind"] = "html"
        fields["store"] = str(fields.get("store", "")).lower() in ("1", "true", "yes", "on")
        try:
            return ExtractRequest.model_validate(fields)
        except ValueError as e:
            raise _invalid(e) from e
    raise ApiError(415, "send application/json {text, ...} or multipart/form-data with a file")


@router.post("/extract", tags=["extraction"], openapi_extra={
    "requestBody": {"content": {
        "application/json": {"schema": ExtractRequest.model_json_schema()},
        "multipart/form-data": {"schema": {"type": "object", "properties": {
            "file": {"type": "string", "format": "binary"}, "doc_id": {"type": "string"},
            "published": {"type": "string"}, "kind": {"type": "string"}, "store": {"type": "boolean"}}}}},
        "required": True}})
async def extract(request: Request, svc: Service = Depends(service)) -> dict[str, Any]:
    """Extract mentions, events and relations from one text. Stored only with ``store: true`` and the token."""
    body = await _extract_request(request)
    if body.store:
        require_token(request)
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(_run_extract, svc, body, write_allowed(request))


def _run_extract(svc: Service, body: ExtractRequest, allowed: bool) -> dict[str, Any]:
    from dataclasses import replace

    from .service import check_date

    check_date("published", body.published)
    doc = svc.extractor().extract_text(body.text, doc_id=body.doc_id, published=body.published, kind=body.kind)
    if body.url or body.outlet or body.title:
        doc = doc.with_(meta=replace(doc.meta, url=body.url or doc.meta.url,
                                     outlet=body.outlet or doc.meta.outlet, title=body.title or doc.meta.title))
    out = document_json(doc, None)
    out["stored"] = None
    if body.store and allowed:
        summary = ingest_documents(svc.store, [doc])
        result = svc.refuse()
        out["stored"] = {"summary": str(summary), "incidents": len(result.incidents)}
        out["events"] = [dict(e, incident_id=result.incident_of(f"{e['doc_id']}#{e['event_id']}"))
                         for e in out["events"]]
    return out
