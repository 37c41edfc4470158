"""A real HTTP server on 127.0.0.1 serving a folder, with `Range: bytes=N-` support (which
SimpleHTTPRequestHandler lacks) and injectable failures: 503s, or connections cut half way."""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class RangeHandler(SimpleHTTPRequestHandler):
    """Serves files with `Range: bytes=N-` support and injectable failures (SimpleHTTPRequestHandler has
    no Range support)."""

    server: MirrorServer

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        srv = self.server
        rng = self.headers.get("Range")
        srv.requests.append((self.path, rng))
        path = Path(self.translate_path(self.path))
        if not path.is_file():
            self.send_error(404)
            return
        fail = srv.failures.get(self.path, 0)
        if fail:
            srv.failures[self.path] = fail - 1
            if srv.fail_mode == "503":
                self.send_error(503)
                return
        data = path.read_bytes()
        start = 0
        if rng and srv.ranges:
            start = int(re.fullmatch(r"bytes=(\d+)-", rng).group(1))  # type: ignore[union-attr]
            if start >= len(data):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(data)}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        else:
            self.send_response(200)
        body = data[start:]
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if fail and srv.fail_mode == "cut":  # drop the connection half way through the body
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body)


class MirrorServer(ThreadingHTTPServer):
    requests: list[tuple[str, str | None]]
    failures: dict[str, int]
    fail_mode: str
    ranges: bool


@contextmanager
def serve(root: Path) -> Iterator[MirrorServer]:
    """Serve `root` on 127.0.0.1 (a free port) until the block ends."""
    srv = MirrorServer(("127.0.0.1", 0), functools.partial(RangeHandler, directory=str(root)))
    srv.requests, srv.failures, srv.fail_mode, srv.ranges = [], {}, "cut", True
    t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    t.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()


def base(srv: MirrorServer) -> str:
    return f"http://127.0.0.1:{srv.server_address[1]}"
