"""``marsad serve``: the HTTP API and the web page (map, timeline, filters, evidence)."""

from __future__ import annotations

import argparse
import os
import sys

from marsad.commands._common import usage_error
from marsad.commands._store import add_db_argument

NAME = "serve"
HELP = "Serve the HTTP API and the web page over a store."
EPILOG = """\
The page is at http://HOST:PORT/ and the OpenAPI schema at /openapi.json. Reading is
open to anyone who can reach the port. Writing (POST /api/articles) needs the bearer token
in $MARSAD_TOKEN; without it writing is off. The default host 127.0.0.1 is reachable only
from this machine; use --host 0.0.0.0 to serve a network (and then set a strong token).
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    add_db_argument(parser)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--log-level", default="info",
                        choices=("critical", "error", "warning", "info", "debug"))


def serve(store_url: str | None, host: str, port: int, log_level: str = "info") -> int:
    """Run the app under uvicorn until interrupted."""
    import uvicorn

    from marsad.store import StoreError
    from marsad.web.app import TOKEN_ENV, create_app

    try:
        app = create_app(store_url, token=os.environ.get(TOKEN_ENV, ""))
    except (StoreError, ValueError) as e:
        return usage_error(NAME, str(e))
    writing = "on" if os.environ.get(TOKEN_ENV) else f"off (set ${TOKEN_ENV} to enable)"
    print(
        f"marsad: serving {app.state.store_url} on http://{host}:{port}/ — writing {writing}",
        file=sys.stderr,
    )
    uvicorn.run(app, host=host, port=port, log_level=log_level)
    return 0


def run(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        return usage_error(NAME, f"--port must be 1..65535, not {args.port}")
    return serve(args.db, args.host, args.port, args.log_level)
