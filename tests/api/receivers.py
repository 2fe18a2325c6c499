"""A real HTTP receiver of webhooks for the tests: http.server in a thread on a loopback
port, answering from a script of statuses and keeping every request it got."""

import http.server
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


@dataclass
class Receiver:
    statuses: list = field(default_factory=list)  # answers in turn; then 200
    delay: float = 0  # seconds before answering
    location: str = ""  # sent with a 3xx answer
    requests: list = field(default_factory=list)

    def __post_init__(self):
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                receiver.requests.append(Received(self.path, dict(self.headers),
                                                  self.rfile.read(length)))
                time.sleep(receiver.delay)
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                if receiver.location:
                    self.send_header("Location", receiver.location)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"answer %d" % status)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/register?x=1"

    def close(self):
        self.server.shutdown()
        self.server.server_close()
