#!/usr/bin/env python3
"""download-server.py PAYLOAD LOG - the HTTP server of test-download.c.

Serves the file PAYLOAD on 127.0.0.1 at a free port, which it prints on
the first line of its output, in the ways a real download can go:

  /model    the file; "Range: bytes=N-" gets 206 and Content-Range, or 416
            when N is past the end
  /cut      announces the whole file but sends half of it, then closes
            the connection (an interrupted transfer)
  /bad      the file with its last byte changed (a damaged download)
  /missing  404
  /norange  the whole file with 200, whatever Range asks (a server or
            proxy without range support)

Each request appends "PATH RANGE" (RANGE "-" when absent) to LOG, so the
test can see that a resume asked for the right bytes.  Runs until killed.
"""
import http.server
import re
import sys
import threading


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass  # the test reads stdout for the port only

    def log_request_line(self):
        with self.server.log_lock, open(self.server.log_path, "a") as log:
            log.write("%s %s\n" % (self.path, self.headers.get("Range", "-")))

    def send_body(self, status, body, headers=(), length=None):
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def range_start(self):
        match = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range", ""))
        return int(match.group(1)) if match else None

    def do_GET(self):
        self.log_request_line()
        payload = self.server.payload
        size = len(payload)
        if self.path == "/model":
            start = self.range_start()
            if start is None:
                self.send_body(200, payload)
            elif start >= size:
                self.send_body(416, b"", [("Content-Range", "bytes */%d" % size)])
            else:
                self.send_body(206, payload[start:],
                               [("Content-Range", "bytes %d-%d/%d" % (start, size - 1, size))])
        elif self.path == "/cut":
            self.send_body(200, payload[: size // 2], [("Connection", "close")], length=size)
            self.wfile.flush()
            self.close_connection = True
        elif self.path == "/bad":
            self.send_body(200, payload[:-1] + bytes([payload[-1] ^ 0xFF]))
        elif self.path == "/norange":
            self.send_body(200, payload)
        else:
            self.send_body(404, b"not found\n")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # a client that stops reading (a cancel, a full disk) is a case
        # under test, not a server error worth a traceback
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def main():
    payload_path, log_path = sys.argv[1], sys.argv[2]
    server = Server(("127.0.0.1", 0), Handler)
    with open(payload_path, "rb") as f:
        server.payload = f.read()
    server.log_path = log_path
    server.log_lock = threading.Lock()
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
