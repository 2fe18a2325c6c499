"""One HTTP POST of a delivery, with the standard library: connect to the checked address
(the host name still names the server for TLS and the Host header), short timeouts, no
redirect followed, and no more of the answer read than the log keeps."""

import http.client
import socket
import ssl
import time
from dataclasses import dataclass

READ_AT_MOST = 64 * 1024
EXCERPT = 200


@dataclass
class Answer:
    status: int | None  # None when no HTTP answer came
    duration_ms: int
    error: str = ""

    @property
    def ok(self):
        return self.status is not None and 200 <= self.status < 300


class _Pinned:
    """Connects to `address` instead of resolving the host again."""

    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, **kwargs)
        self.address = address

    def _socket(self):
        return socket.create_connection((self.address, self.port), self.timeout)


class PinnedHTTPConnection(_Pinned, http.client.HTTPConnection):
    def connect(self):
        self.sock = self._socket()


class PinnedHTTPSConnection(_Pinned, http.client.HTTPSConnection):
    def connect(self):
        self.sock = self._context.wrap_socket(self._socket(), server_hostname=self.host)


def post(scheme, host, port, address, path, body, headers, timeout):
    started = time.monotonic()
    if scheme == "https":
        connection = PinnedHTTPSConnection(host, port, address, timeout=timeout,
                                           context=ssl.create_default_context())
    else:
        connection = PinnedHTTPConnection(host, port, address, timeout=timeout)
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read(READ_AT_MOST)
        status = response.status
    except TimeoutError:
        return Answer(None, _elapsed(started), "timed out")
    except ssl.SSLError as error:
        return Answer(None, _elapsed(started), f"TLS: {error.reason or error}"[:EXCERPT])
    except (OSError, http.client.HTTPException) as error:
        return Answer(None, _elapsed(started), f"{type(error).__name__}: {error}"[:EXCERPT])
    finally:
        connection.close()
    answer = Answer(status, _elapsed(started))
    if 300 <= status < 400:
        answer.error = f"redirect not followed ({response.getheader('Location', '')})"
    elif not answer.ok:
        answer.error = text[:EXCERPT].decode("utf-8", "replace")
    answer.error = answer.error[:EXCERPT]
    return answer


def _elapsed(started):
    return int((time.monotonic() - started) * 1000)
