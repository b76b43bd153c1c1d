"""framing.fetch against a local HTTP server on 127.0.0.1 serving the fixture pages."""

from __future__ import annotations

import http.server
import json
import shutil
import threading
import time
from pathlib import Path

import pytest

from framing.cli import main
from framing.corpus import check_corpus, load_corpus
from framing.errors import FetchError
from framing.fetch import fetch_event, read_state
from framing.ingest import download

FIX = Path(__file__).parent / "fixtures" / "corpus"
EVENT = "harbour-deal-2020-03-01"


class Handler(http.server.BaseHTTPRequestHandler):
    hits: dict = {}
    flaky_failures = 1

    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):
        name = self.path.lstrip("/").split("?")[0]
        n = Handler.hits[name] = Handler.hits.get(name, 0) + 1
        if name == "slow.html":
            time.sleep(1.0)
        if name == "flaky.html" and n <= Handler.flaky_failures:
            self.send_error(503, "try later")
            return
        if name == "huge.html":
            body = b"<html><body><p>" + b"word " * 400_000 + b"</p></body></html>"
        else:
            page = FIX / "html" / name
            if not page.is_file() or page.suffix != ".html":
                self.send_error(404, "not found")
                return
            body = page.read_bytes()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture
def server():
    Handler.hits = {}
    Handler.flaky_failures = 1
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def corpus(tmp_path, server):
    root = tmp_path / "corpus"
    shutil.copytree(FIX / "mini", root)
    (root / "coverage").mkdir()
    text = (FIX / "html" / "coverage.csv").read_text(encoding="utf-8").replace("{base}", server)
    (root / "coverage" / f"{EVENT}.csv").write_text(text, encoding="utf-8")
    return root


def statuses(root):
    return {ref: s["status"] for ref, s in read_state(root / ".fetch" / f"{EVENT}.json")["rows"].items()}


def test_fetch_statuses_and_resume(corpus, server):
    counts = fetch_event(corpus, EVENT, timeout=0.3, retries=0, backoff=0.01)
    st = statuses(corpus)
    assert st == {"D-1": "added", "S-1": "added", "D-2": "duplicate", "X-404": "error", "X-JS": "error",
                  "X-FLAKY": "failed", "X-SLOW": "failed", "X-NOURL": "skipped"}
    assert counts == {"added": 2, "duplicate": 1, "error": 2, "failed": 2, "skipped": 1}
    state = read_state(corpus / ".fetch" / f"{EVENT}.json")["rows"]
    assert "HTTP 404" in state["X-404"]["error"]
    assert "timed out" in state["X-SLOW"]["error"]
    assert state["D-2"]["id"] == "daily-2020-06-10-floods-force-thousands-from-valley-towns"
    # the wire copy is flagged, not refused
    assert any("wire copy" in w for w in state["S-1"]["warnings"])
    added = load_corpus(corpus)[state["S-1"]["id"]]
    assert added.provenance["flags"]["wire_credits"] == ["afp"]
    assert added.provenance["flags"]["wire_copy_of"][0]["outlet"] == "afp"
    assert added.provenance["method"] == "fetch" and added.provenance["coverage_ref"] == "S-1"
    d1 = load_corpus(corpus)[state["D-1"]["id"]]
    assert d1.title == "Rebels walk out as harbour deal is signed"
    assert "SCRIPT" not in d1.text and "Subscribe" not in d1.text
    assert d1.url.endswith("/daily-harbour.html") and d1.event == EVENT
    assert check_corpus(corpus) == []

    # second run: finals are skipped, the flaky page now answers, the slow one still times out
    hits_before = dict(Handler.hits)
    counts2 = fetch_event(corpus, EVENT, timeout=0.3, retries=0, backoff=0.01)
    st2 = statuses(corpus)
    assert st2["X-FLAKY"] == "added" and st2["X-SLOW"] == "failed"
    assert counts2["added"] == 3
    assert Handler.hits["daily-harbour.html"] == hits_before["daily-harbour.html"]  # not fetched again
    assert Handler.hits.get("missing.html") == hits_before.get("missing.html")      # permanent error not retried
    assert read_state(corpus / ".fetch" / f"{EVENT}.json")["rows"]["X-SLOW"]["attempts"] == 2
    # --retry-failed retries permanent errors too
    fetch_event(corpus, EVENT, timeout=0.3, retries=0, retry_failed=True, limit=1, backoff=0.01)
    assert Handler.hits["missing.html"] == hits_before["missing.html"] + 1


def test_retries_with_backoff_recover_from_5xx(server):
    Handler.flaky_failures = 2
    body, ctype, final = download(f"{server}/flaky.html", timeout=2, retries=2, backoff=0.01)
    assert b"Talks to resume" in body and "text/html" in ctype
    assert Handler.hits["flaky.html"] == 3


def test_no_retry_on_404(server):
    with pytest.raises(FetchError, match="HTTP 404") as info:
        download(f"{server}/missing.html", timeout=2, retries=3, backoff=0.01)
    assert Handler.hits["missing.html"] == 1
    assert info.value.retryable is False


def test_size_limit(server):
    with pytest.raises(FetchError, match="over the 1000-byte limit"):
        download(f"{server}/huge.html", timeout=5, retries=0, max_bytes=1000)


def test_fetch_limit_and_state_path(corpus, tmp_path):
    state = tmp_path / "elsewhere.json"
    fetch_event(corpus, EVENT, state_path=state, timeout=0.3, retries=0, limit=2, backoff=0.01)
    data = json.loads(state.read_text())
    assert list(data["rows"]) == ["D-1", "S-1"] and data["event"] == EVENT
    assert not (corpus / ".fetch").exists()


def test_corrupt_state_file_is_reported(corpus):
    p = corpus / ".fetch" / f"{EVENT}.json"
    p.parent.mkdir()
    p.write_text("{not json")
    from framing.errors import ValidationError

    with pytest.raises(ValidationError, match="not valid JSON"):
        fetch_event(corpus, EVENT, timeout=0.3, retries=0)


def test_cli_fetch(corpus, capsys):
    rc = main(["fetch", "--event", EVENT, "--sources", str(corpus), "--timeout", "0.3", "--retries", "0",
               "--backoff", "0.01", "--limit", "3", "--delay", "0"])
    out = capsys.readouterr()
    assert rc == 0
    lines = out.out.strip().splitlines()
    assert [ln.split("\t")[:2] for ln in lines] == [["D-1", "added"], ["S-1", "added"], ["D-2", "duplicate"]]
    assert "Done: added 2, duplicate 1, pending 5" in out.err


def test_cli_add_url(corpus, server, capsys):
    rc = main(["add", f"{server}/daily-harbour.html", "--outlet", "daily", "--event", EVENT, "--license", "test",
               "--sources", str(corpus), "--timeout", "2"])
    out = capsys.readouterr()
    assert rc == 0, out.err
    art = load_corpus(corpus, outlets="daily", events=EVENT)
    a = next(iter(art))
    assert a.provenance["method"] == "add:url" and a.url == f"{server}/daily-harbour.html"
    assert a.date.isoformat() == "2020-03-01"       # from the page's metadata
    rc = main(["add", f"{server}/missing.html", "--outlet", "daily", "--event", EVENT, "--sources", str(corpus)])
    err = capsys.readouterr().err
    assert rc == 1 and err.startswith(f"Error: {server}/missing.html: field 'url': download failed after 1 attempt(s): HTTP 404")
