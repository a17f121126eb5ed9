"""The HTTP API and the web page of marsad (FastAPI).

    from marsad.web.app import create_app
    app = create_app("marsad.db", token="s3cret")     # uvicorn.run(app)

Reading is open; writing (``POST /api/articles``) needs ``Authorization: Bearer <token>``,
the token given to :func:`create_app` or else ``$MARSAD_TOKEN``; with neither, writing is
off (403). The page at ``/`` and its files are served from ``marsad/web/static`` and
Leaflet from the installed ``xstatic-leaflet`` package: nothing is loaded from elsewhere.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hmac
import json
import os
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from pydantic import ValidationError

from marsad import __version__
from marsad.store import (
    MAX_PAGE,
    ClusterSummary,
    EventFilter,
    Store,
    open_store,
    resolve_url,
)
from marsad.web.schemas import (
    AddArticleOut,
    ArticleIn,
    ArticleOut,
    ClusterDetailOut,
    ErrorOut,
    EventPage,
    StatsOut,
)

TOKEN_ENV = "MARSAD_TOKEN"
MAX_BODY_BYTES = 1_000_000  # 1 MB
MAX_FILTER_CHARS = 200
MAX_OFFSET = 1_000_000_000
MAX_DB_ID = 2**63 - 1
STATIC_DIR = Path(__file__).resolve().parent / "static"
EXPORT_MEDIA_TYPES = {
    "acled-csv": ("text/csv; charset=utf-8", "csv"),
    "geojson": ("application/geo+json", "geojson"),
    "jsonl": ("application/x-ndjson", "jsonl"),
}
# Everything the page needs comes from this server; the policy also stops any slip.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'"
)

ExportFormat = Literal["acled-csv", "geojson", "jsonl"]
Order = Literal["date_desc", "date_asc", "fatalities_desc", "sources_desc"]  # CLUSTER_ORDERS


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorOut, "description": description}


NOT_FOUND = {404: _error("No such record")}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    401: _error("Missing or wrong bearer token"),
    403: _error("Writing is off: the server has no token configured"),
    413: _error("Body larger than 1 MB"),
    422: {"description": "Body is not JSON, not an article, or its text cannot be coded"},
}

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="MarsadToken",
    description=f"The server's write token (${TOKEN_ENV}).",
)


def leaflet_dir() -> Path:
    """The directory of Leaflet's files inside the installed xstatic-leaflet package."""
    import xstatic.pkg.leaflet as leaflet

    return Path(leaflet.BASE_DIR)


def validation_error(loc: tuple[str | int, ...], msg: str, kind: str = "value_error") -> Exception:
    """A 422 in FastAPI's own error format."""
    return RequestValidationError([{"type": kind, "loc": loc, "msg": msg, "input": None}])


@contextlib.contextmanager
def query_errors() -> Iterator[None]:
    """A ValueError of the store (a full-text query it cannot read) as a 422 on ``q``."""
    try:
        yield
    except ValueError as e:
        raise validation_error(("query", "q"), str(e)) from None


# -- filters ------------------------------------------------------------------------------

NO_CONTROL_CHARS = r"^[^\x00-\x1f\x7f]*$"
DAY_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_NUMBER = r" *-?[0-9]{1,3}(\.[0-9]{1,12})? *"
BBOX_PATTERN = rf"^{_NUMBER}(,{_NUMBER}){{3}}$"
# A filter that no event satisfies: what an empty range or a query without words asks for.
MATCH_NOTHING = EventFilter(date_from=dt.date.min, date_to=dt.date.min)


def _text_param(description: str) -> Any:
    return Query(max_length=MAX_FILTER_CHARS, pattern=NO_CONTROL_CHARS, description=description)


def _date_param(alias: str, description: str) -> Any:
    return Query(alias=alias, pattern=DAY_PATTERN, description=description,
                 json_schema_extra={"format": "date"})


def parse_day_param(name: str, raw: str | None) -> dt.date | None:
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise validation_error(("query", name), f"{name}: not a valid date: {raw!r}") from None


def parse_bbox_param(raw: str) -> tuple[float, float, float, float] | None:
    """(min_lon, min_lat, max_lon, max_lat) clamped to the globe; None for an empty box
    (a minimum above its maximum: there is no wrap-around at the antimeridian)."""
    min_lon, min_lat, max_lon, max_lat = (float(part) for part in raw.split(","))
    min_lon, max_lon = (max(-180.0, min(180.0, v)) for v in (min_lon, max_lon))
    min_lat, max_lat = (max(-90.0, min(90.0, v)) for v in (min_lat, max_lat))
    if min_lon > max_lon or min_lat > max_lat:
        return None
    return (min_lon, min_lat, max_lon, max_lat)


def has_search_words(query: str) -> bool:
    from marsad.store.textsearch import parse_query

    try:
        parse_query(query)
    except ValueError:
        return False
    return True


def event_filter(
    date_from: Annotated[
        str | None, _date_param("from", "first event day (YYYY-MM-DD)")
    ] = None,
    date_to: Annotated[
        str | None,
        _date_param("to", "last event day (YYYY-MM-DD), included; before `from`, nothing "
                    "matches"),
    ] = None,
    country: Annotated[str | None, _text_param("country, exact (any case)")] = None,
    admin1: Annotated[str | None, _text_param("first-level region, exact (any case)")] = None,
    event_type: Annotated[str | None, _text_param("ACLED event type, exact")] = None,
    sub_event_type: Annotated[str | None, _text_param("ACLED sub-event type, exact")] = None,
    actor: Annotated[
        str | None, _text_param("part of an actor name given by any source")
    ] = None,
    outlet: Annotated[str | None, _text_param("an outlet among the sources")] = None,
    q: Annotated[
        str | None,
        _text_param(
            "full-text query over the source articles (Arabic normalised; words ANDed, "
            '"a phrase", prefix*); a query without words matches nothing'
        ),
    ] = None,
    bbox: Annotated[
        str | None,
        Query(
            pattern=BBOX_PATTERN,
            description="min_lon,min_lat,max_lon,max_lat in degrees (WGS 84); values beyond "
            "the globe are clamped; a minimum above its maximum matches nothing",
            examples=["35.5,32.0,42.5,37.5"],
        ),
    ] = None,
) -> EventFilter:
    """The EventFilter of the query string (FastAPI has checked each value's syntax)."""
    first, last = parse_day_param("from", date_from), parse_day_param("to", date_to)
    box = parse_bbox_param(bbox) if bbox else None
    if (
        (bbox and box is None)
        or (first and last and first > last)
        or (q and q.strip() and not has_search_words(q))
    ):
        return MATCH_NOTHING
    return EventFilter.from_params({
        "from": first, "to": last, "bbox": box, "country": country, "admin1": admin1,
        "event_type": event_type, "sub_event_type": sub_event_type, "actor": actor,
        "outlet": outlet, "q": q,
    })


Filters = Annotated[EventFilter, Depends(event_filter)]


# -- app ----------------------------------------------------------------------------------


def create_app(store_url: str | None = None, token: str | None = None) -> FastAPI:
    """The marsad API and page over the store at ``store_url`` (default: $MARSAD_DB or
    marsad.db). ``token`` enables writing (default: $MARSAD_TOKEN; empty = off)."""
    write_token = token if token is not None else os.environ.get(TOKEN_ENV, "")
    stores = StoreHolder(store_url)
    stores.get()  # a bad URL or an unreadable database fails here, not at the first request
    coding_lock = threading.Lock()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        stores.close()

    app = FastAPI(
        title="marsad",
        version=__version__,
        summary="Conflict events coded from Arabic news, de-duplicated across sources.",
        description=(
            "Events are *clusters*: one real-world event with every source report (member) "
            "that tells of it, the evidence sentences, and the claims where sources "
            "disagree. Reading is open; `POST /api/articles` needs the server's bearer "
            "token. Dates are YYYY-MM-DD."
        ),
        docs_url=None,  # Swagger UI and ReDoc load from a CDN: the page must stay offline
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.stores = stores
    app.state.store_url = resolve_url(store_url)
    app.add_middleware(GZipMiddleware, minimum_size=4096)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable) -> Any:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    def require_writer(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> None:
        if not write_token:
            raise HTTPException(
                403, f"writing is off: start the server with ${TOKEN_ENV} set to enable it"
            )
        given = credentials.credentials if credentials else ""
        if not given or not hmac.compare_digest(given.encode(), write_token.encode()):
            raise HTTPException(
                401,
                "a valid 'Authorization: Bearer <token>' header is required",
                headers={"WWW-Authenticate": "Bearer"},
            )

    # -- reading --------------------------------------------------------------------------

    @app.get(
        "/api/events",
        response_model=EventPage,
        tags=["events"],
        summary="List events (clusters) matching the filters",
    )
    def list_events(
        flt: Filters,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="page size")] = 100,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
        order: Order = "date_desc",
    ) -> Any:
        with query_errors():
            page = stores.get().list_clusters(flt, limit=limit, offset=offset, order=order)
        # ClusterSummary.to_dict() deep-copies (dataclasses.asdict): 0.2 ms a cluster.
        return {"items": [cluster_dict(c) for c in page.items], "total": page.total,
                "limit": page.limit, "offset": page.offset}

    @app.get(
        "/api/events/{cluster_id}",
        response_model=ClusterDetailOut,
        responses=NOT_FOUND,
        tags=["events"],
        summary="One event (cluster): its sources, evidence spans and disputed claims",
    )
    def get_event(cluster_id: Annotated[int, PathParam(ge=0, le=MAX_DB_ID)]) -> Any:
        detail = stores.get().get_cluster(cluster_id)
        if detail is None:
            raise HTTPException(404, f"no event {cluster_id}")
        return detail.to_dict()

    @app.get(
        "/api/articles/{article_id:path}",
        response_model=ArticleOut,
        responses=NOT_FOUND,
        tags=["articles"],
        summary="One article: its text and its events with their spans",
    )
    def get_article(article_id: str) -> Any:
        if len(article_id) > 1000 or "\x00" in article_id:
            raise HTTPException(404, "no such article")
        detail = stores.get().get_article(article_id)
        if detail is None:
            raise HTTPException(404, f"no article {article_id[:200]!r}")
        return detail.to_dict()

    @app.get(
        "/api/stats",
        response_model=StatsOut,
        tags=["events"],
        summary="Counts of the matching events by day, type, country, actor and outlet",
    )
    def stats(
        flt: Filters,
        top: Annotated[int, Query(ge=1, le=500, description="keys per breakdown")] = 50,
    ) -> Any:
        with query_errors():
            return stores.get().stats(flt, top=top).to_dict()

    @app.get(
        "/api/export",
        tags=["events"],
        summary="Export the matching events as ACLED CSV, GeoJSON or JSON Lines",
        response_class=StreamingResponse,
        responses={
            200: {
                "description": "The file, streamed",
                "content": {
                    "text/csv": {"schema": {"type": "string"}},
                    "application/geo+json": {"schema": {"type": "object"}},
                    "application/x-ndjson": {"schema": {"type": "string"}},
                },
            }
        },
    )
    def export(flt: Filters, format: ExportFormat = "acled-csv") -> StreamingResponse:
        media_type, suffix = EXPORT_MEDIA_TYPES[format]
        chunks = export_chunks(stores.get(), flt, format)
        first = next(chunks, "")  # errors in the query surface before the headers go out
        return StreamingResponse(
            _prepend(first, chunks),
            media_type=media_type,
            headers={"Content-Disposition": f'attachment; filename="marsad-events.{suffix}"'},
        )

    # -- writing --------------------------------------------------------------------------

    @app.post(
        "/api/articles",
        response_model=AddArticleOut,
        status_code=201,
        tags=["articles"],
        summary="Code and store a new article; returns its events",
        dependencies=[Depends(require_writer)],
        responses={200: {"model": AddArticleOut, "description": "Already stored"},
                   **WRITE_ERRORS},
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": ArticleIn.model_json_schema()}},
            }
        },
    )
    async def post_article(request: Request) -> Any:
        body = await read_limited_body(request, MAX_BODY_BYTES)
        incoming = parse_article(body)
        result = await run_in_threadpool(code_and_store, stores.get(), incoming, coding_lock)
        return JSONResponse(result, status_code=201 if result["status"] == "added" else 200)

    # -- the page -------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.mount("/vendor/leaflet", StaticFiles(directory=leaflet_dir()), name="leaflet")
    return app


CLUSTER_FIELDS = tuple(f.name for f in dataclasses.fields(ClusterSummary))


def cluster_dict(cluster: ClusterSummary) -> dict[str, Any]:
    """``cluster.to_dict()``, without its deep copy."""
    d = {name: getattr(cluster, name) for name in CLUSTER_FIELDS}
    d["outlets"] = list(cluster.outlets)
    d["disputed"] = list(cluster.disputed)
    d["updated_at"] = cluster.updated_at.isoformat() if cluster.updated_at else None
    return d


class StoreHolder:
    """The app's store, opened on first use and again after a shutdown closed it (a test
    client or a server may run the app's lifespan more than once)."""

    def __init__(self, url: str | None) -> None:
        self.url = url
        self._store: Store | None = None
        self._lock = threading.Lock()

    def get(self) -> Store:
        with self._lock:
            if self._store is None:
                self._store = open_store(self.url)
            return self._store

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None


# -- helpers ------------------------------------------------------------------------------


async def read_limited_body(request: Request, limit: int) -> bytes:
    """The request body, or 413 as soon as it is known to exceed ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                raise HTTPException(413, f"body larger than {limit:,} bytes")
        except ValueError:
            raise HTTPException(400, "Content-Length is not a number") from None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"body larger than {limit:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def parse_article(body: bytes) -> dict[str, Any]:
    """The JSON article of a request body, checked; 422 with the reason otherwise."""
    try:
        payload = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise validation_error(("body",), "body is not UTF-8", "json_invalid") from None
    except json.JSONDecodeError as e:
        raise validation_error(
            ("body", e.pos), f"body is not valid JSON: {e.msg}", "json_invalid"
        ) from None
    if not isinstance(payload, dict):
        raise validation_error(("body",), "body must be a JSON object (one article)", "dict_type")
    try:
        article = ArticleIn.model_validate(payload)
    except ValidationError as e:
        errors = [
            {"type": err["type"], "loc": ("body", *err["loc"]), "msg": _message(err),
             "input": None}
            for err in e.errors(include_url=False)
        ]
        raise RequestValidationError(errors) from None
    return article.record()


PATTERN_MESSAGES = {
    "id": "id must not be blank nor contain control characters",
    "text": "text must contain Arabic letters",
}


def _message(error: Any) -> str:
    field = error["loc"][0] if error["loc"] else ""
    if error["type"] == "string_pattern_mismatch":
        return PATTERN_MESSAGES.get(str(field), f"{field} must not contain NUL characters")
    return f"{field}: {error['msg']}" if field else error["msg"]


def code_and_store(store: Store, record: dict[str, Any], lock: threading.Lock) -> dict[str, Any]:
    """Code the article and store it with its events, as ``marsad ingest`` does."""
    from marsad.ingest import pipeline_extract, pipeline_version
    from marsad.io import article_from_record, skip_reason

    published = dt.datetime.now(dt.UTC).date() if not record.get("published") else None
    article = article_from_record(record, published=published)
    if isinstance(article, str):
        raise validation_error(("body",), article)
    reason = skip_reason(article)
    if reason:
        raise validation_error(("body", "text"), f"text cannot be coded: {reason}")
    with lock:
        events = pipeline_extract(article)
    if isinstance(events, str):  # an extractor bug: report it, store nothing
        raise HTTPException(500, f"{events} (article {article.id!r})")
    result = store.add_article(article, events, extractor_version=pipeline_version())
    stored = store.get_article(result.stored_id)
    return {
        "article_id": result.article_id,
        "status": result.status,
        "stored_id": result.stored_id,
        "events": [e.to_dict() for e in stored.events] if stored else [],
        "clusters": list(result.clusters),
    }


def export_chunks(store: Store, flt: EventFilter, fmt: str) -> Iterator[str]:
    """The export of the matching clusters as text chunks (the store's export writers)."""
    from marsad.store.export import write_export

    buffer = _ChunkBuffer()
    yield from buffer.drain(write_export(store, flt, fmt, buffer))


def _prepend(first: str, rest: Iterator[str]) -> Iterator[str]:
    if first:
        yield first
    yield from rest


class _ChunkBuffer:
    """A text sink for a writer that streams: collects writes and hands them on in chunks."""

    def __init__(self, size: int = 64 * 1024) -> None:
        self.parts: list[str] = []
        self.size = size
        self.pending = 0

    def write(self, text: str) -> int:
        self.parts.append(text)
        self.pending += len(text)
        return len(text)

    def flush(self) -> None:
        pass

    def take(self) -> str:
        text = "".join(self.parts)
        self.parts.clear()
        self.pending = 0
        return text

    def drain(self, steps: Any) -> Iterator[str]:
        for _ in steps or ():
            if self.pending >= self.size:
                yield self.take()
        rest = self.take()
        if rest:
            yield rest
