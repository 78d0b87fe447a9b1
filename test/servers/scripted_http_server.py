#!/usr/bin/env python3
"""A scripted HTTP/1.1 server for HttpClient's integration tests (python3 stdlib only).

Usage: scripted_http_server.py [--exit-on-stdin-eof] [--tls CERT KEY] [PORT]
(PORT 0 or none: any free port.) Binds 127.0.0.1, prints "port N" on the first line of stdout
once it listens, and serves until killed; with --exit-on-stdin-eof also until its stdin closes
(a test that starts it holds the pipe, so that a test that dies does not leave the server
running). With --tls it speaks HTTPS only, with the certificate chain in PEM file CERT and its
private key in PEM file KEY (for the HTTP client's TLS failure tests).

Endpoints (trailing path segments are free, to give each test its own counters):
  /status/<code>[/...]?Name=value   responds <code>; each query pair becomes a response header
  /flaky/<n>/<code>[/...]?Name=v    the first n requests to this path get <code> (with the
                                    query's headers), later ones 200 "ok"
  /retry-after/<value>[/...]        the first request gets 503 with "Retry-After: <value>"
                                    (URL-decoded, so an HTTP date fits), later ones 200 "ok"
  /echo[/...]                       200, JSON {method, path, headers: [[name, value]...],
                                    body (latin-1 text), body_length}
  /bytes/<n>[/...]                  200 with n bytes: byte i is i % 251
  /slow/<seconds>[/...]             200 promising 1 MiB; sends 1 KiB, then nothing for
                                    <seconds>, then closes (for cancel tests)
  /hits/<path>                      200, the number of requests /<path> has had so far
  /last-body/<path>                 200 with the body of the last request to /<path> (404 when
                                    none came)
  /reply/<code>[/...]?body=B&type=T responds <code> with body B (default empty) and
                                    Content-Type T (default application/json)

The REST source's auth:
  /oauth/token/<expires_in>[/...]   an OAuth2 token endpoint (client credentials): a POST with a
                                    form-encoded body grant_type=client_credentials, client_id,
                                    client_secret (valid when it is "secret-" + client_id),
                                    optional scope and audience, gets 200 JSON {access_token:
                                    "issued-<n>", token_type: "Bearer", expires_in} where n counts
                                    the tokens this path issued (expires_in "none": left out);
                                    400 {error: invalid_request | unsupported_grant_type} for a
                                    bad request, 401 {error: invalid_client} for bad credentials
  /auth/echo[/...]                  200, JSON {authorization: the header or null, query:
                                    [[name, value]...], headers: [[name, value]...]}
  /auth/require/<token>[/...]       200 {"ok": true} when Authorization is "Bearer <token>",
                                    else 401 {"error": "invalid_token"}
"""

import http.server
import json
import os
import ssl
import sys
import threading
import time
import urllib.parse

_hits = {}
_hits_lock = threading.Lock()
_last_body = {}  # path -> the body of its last request
_tokens_issued = {}  # token endpoint path -> tokens it issued


def _count(path):
    with _hits_lock:
        _hits[path] = _hits.get(path, 0) + 1
        return _hits[path]


def _remember_body(path, body):
    with _hits_lock:
        _last_body[path] = body


def _issue_token(path):
    with _hits_lock:
        _tokens_issued[path] = _tokens_issued.get(path, 0) + 1
        return "issued-%d" % _tokens_issued[path]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real services speak
    disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms stall

    def log_message(self, fmt, *args):  # quiet: tests read stdout for the port only
        pass

    def _read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(self, code, body=b"", headers=()):
        self.send_response(code)
        for name, value in headers:
            self.send_header(name, value)
        if self.command != "HEAD" or "Content-Length" not in dict(headers):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _handle(self):
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qsl(url.query, keep_blank_values=True)
        parts = [p for p in url.path.split("/") if p]
        body = self._read_body()
        count = _count(url.path)
        _remember_body(url.path, body)
        kind = parts[0] if parts else ""
        if kind == "status" and len(parts) >= 2:
            self._send(int(parts[1]), ("status %s" % parts[1]).encode(), query)
        elif kind == "flaky" and len(parts) >= 3:
            if count <= int(parts[1]):
                self._send(int(parts[2]), b"failing", query)
            else:
                self._send(200, b"ok")
        elif kind == "retry-after" and len(parts) >= 2:
            if count == 1:
                value = urllib.parse.unquote(parts[1])
                self._send(503, b"busy", [("Retry-After", value)])
            else:
                self._send(200, b"ok")
        elif kind == "echo":
            self._echo(url.path, body)
        elif kind == "bytes" and len(parts) >= 2:
            n = int(parts[1])
            self._send(200, bytes(i % 251 for i in range(n)))
        elif kind == "slow" and len(parts) >= 2:
            self._slow(float(parts[1]))
        elif kind == "hits":
            with _hits_lock:
                hits = _hits.get("/" + "/".join(parts[1:]), 0)
            self._send(200, str(hits).encode())
        elif kind == "last-body":
            self._last_body("/" + "/".join(parts[1:]))
        elif kind == "reply" and len(parts) >= 2:
            values = dict(query)
            content_type = values.get("type", "application/json")
            self._send(int(parts[1]), values.get("body", "").encode(),
                       [("Content-Type", content_type)])
        elif kind == "oauth" and len(parts) >= 3 and parts[1] == "token":
            self._oauth_token(url.path, parts[2], body)
        elif kind == "auth" and len(parts) >= 2 and parts[1] == "echo":
            self._auth_echo(query)
        elif kind == "auth" and len(parts) >= 3 and parts[1] == "require":
            self._auth_require(urllib.parse.unquote(parts[2]))
        else:
            self._send(404, b"no such endpoint")

    def _echo(self, path, body):
        reply = {
            "method": self.command,
            "path": path,
            "headers": [[k, v] for k, v in self.headers.items()],
            "body": body.decode("latin-1"),
            "body_length": len(body),
        }
        self._send(200, json.dumps(reply).encode(), [("Content-Type", "application/json")])

    def _send_json(self, code, value):
        self._send(code, json.dumps(value).encode(), [("Content-Type", "application/json")])

    def _last_body(self, path):
        with _hits_lock:
            body = _last_body.get(path)
        if body is None:
            self._send(404, b"no request came to " + path.encode())
        else:
            self._send(200, body)

    def _oauth_token(self, path, expires_in, body):
        form = dict(urllib.parse.parse_qsl(body.decode("latin-1"), keep_blank_values=True))
        content_type = self.headers.get("Content-Type", "")
        if self.command != "POST" or not content_type.startswith(
                "application/x-www-form-urlencoded"):
            self._send_json(400, {"error": "invalid_request",
                                  "error_description": "POST a form-encoded body"})
        elif form.get("grant_type") != "client_credentials":
            self._send_json(400, {"error": "unsupported_grant_type"})
        elif not form.get("client_id") or form.get("client_secret") != (
                "secret-" + form.get("client_id")):
            self._send_json(401, {"error": "invalid_client",
                                  "error_description": "client authentication failed"})
        else:
            reply = {"access_token": _issue_token(path), "token_type": "Bearer"}
            if expires_in != "none":
                reply["expires_in"] = int(expires_in)
            self._send_json(200, reply)

    def _auth_echo(self, query):
        self._send_json(200, {
            "authorization": self.headers.get("Authorization"),
            "query": [[k, v] for k, v in query],
            "headers": [[k, v] for k, v in self.headers.items()],
        })

    def _auth_require(self, token):
        if self.headers.get("Authorization") == "Bearer " + token:
            self._send_json(200, {"ok": True})
        else:
            self._send_json(401, {"error": "invalid_token"})

    def _slow(self, seconds):
        self.send_response(200)
        self.send_header("Content-Length", str(1 << 20))
        self.end_headers()
        self.wfile.write(b"x" * 1024)
        self.wfile.flush()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            time.sleep(0.05)
        self.close_connection = True

    do_GET = do_PUT = do_POST = do_DELETE = do_PATCH = do_HEAD = _handle


def _exit_when_stdin_closes():
    try:
        while sys.stdin.buffer.read(4096):
            pass
    except (OSError, ValueError):
        pass
    # os._exit: serve_forever in the main thread would otherwise keep the process alive.
    os._exit(0)


class TlsServer(http.server.ThreadingHTTPServer):
    """Wraps each accepted connection in TLS. The handshake runs in the request's thread, on
    first use of the socket, so that a client that fails it (an untrusted certificate, plain
    HTTP spoken to this port) neither stops nor delays the accept loop."""

    def __init__(self, address, handler, context):
        super().__init__(address, handler)
        self.context = context

    def get_request(self):
        sock, address = super().get_request()
        return self.context.wrap_socket(sock, server_side=True,
                                        do_handshake_on_connect=False), address

    def handle_error(self, request, client_address):  # quiet: failed handshakes are expected
        pass


def _take_tls_option(args):
    """Removes "--tls CERT KEY" from args; returns an ssl.SSLContext, or None without it."""
    if "--tls" not in args:
        return None
    i = args.index("--tls")
    if len(args) < i + 3:
        sys.exit("--tls needs CERT and KEY")
    cert, key = args[i + 1], args[i + 2]
    del args[i:i + 3]
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


def main():
    args = sys.argv[1:]
    exit_on_eof = "--exit-on-stdin-eof" in args
    args = [a for a in args if a != "--exit-on-stdin-eof"]
    tls = _take_tls_option(args)
    port = int(args[0]) if args else 0
    if tls is None:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    else:
        server = TlsServer(("127.0.0.1", port), Handler, tls)
    server.daemon_threads = True
    print("port %d" % server.server_address[1], flush=True)
    if exit_on_eof:
        threading.Thread(target=_exit_when_stdin_closes, daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
