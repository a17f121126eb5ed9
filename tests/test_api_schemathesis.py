"""Property-based tests of the API against its own OpenAPI schema (schemathesis, in-process).

Every operation gets generated requests, valid and invalid, with all of schemathesis'
default checks: no server error, status codes, content types and bodies as documented,
invalid data rejected, valid data accepted, auth not ignored. The store holds ANT Corpus
texts with hand-coded events (tests/web_store.py; https://antcorpus.github.io); writes go
to a throw-away copy and run the real extractor.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from web_store import build_store

from marsad.web.app import create_app

TOKEN = "schemathesis-token"
MAX_EXAMPLES = 25

_tmp = Path(tempfile.mkdtemp(prefix="marsad-schemathesis-"))
atexit.register(shutil.rmtree, _tmp, ignore_errors=True)
build_store(_tmp / "web.db")
app = create_app(str(_tmp / "web.db"), token=TOKEN)
schema = schemathesis.openapi.from_asgi("/openapi.json", app)

pytestmark = pytest.mark.timeout(300)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_schema(case):
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"})
