#!/usr/bin/env python3
"""A local stand-in for the few GitHub REST routes `relcut action` uses, for benchmarks.

Serves one issue (#1 of owner/repo), its comments, reactions and collaborator permissions on
127.0.0.1, counts requests, and prints its port on the first line. Standard library only.
"""
import json
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STATE = {"comments": [], "next_id": 1000, "requests": 0, "issue_body": ""}
LOCK = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def setup(self):
        super().setup()
        # Headers and body are separate writes: without this, Nagle's algorithm holds the body
        # until the client's delayed ACK (40 ms), and the stand-in would measure itself.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        n = int(self.headers.get("content-length") or 0)
        return json.loads(self.rfile.read(n) or b"{}") if n else {}

    def route(self, method):
        path = self.path.split("?")[0]
        with LOCK:
            # /_stats and /_reset are the harness's, not relcut's: not counted.
            if path == "/_stats":
                return self.reply(200, {"requests": STATE["requests"]})
            if path == "/_reset":
                STATE.update(comments=[], requests=0)
                return self.reply(200, {})
            STATE["requests"] += 1
            if "/collaborators/" in path and path.endswith("/permission"):
                return self.reply(200, {"permission": "admin", "role_name": "admin"})
            if path.endswith("/issues/1/comments") and method == "GET":
                return self.reply(200, STATE["comments"][:100])
            if path.endswith("/issues/1/comments") and method == "POST":
                STATE["next_id"] += 1
                c = {"id": STATE["next_id"], "body": self.body().get("body", ""),
                     "html_url": f"https://github.com/o/r/issues/1#issuecomment-{STATE['next_id']}",
                     "user": {"login": "github-actions[bot]", "type": "Bot"}}
                STATE["comments"].append(c)
                return self.reply(201, c)
            if "/issues/comments/" in path and path.endswith("/reactions"):
                return self.reply(201, {"id": 1, "content": self.body().get("content")})
            if "/issues/comments/" in path and method == "PATCH":
                cid = int(path.rsplit("/", 1)[1])
                for c in STATE["comments"]:
                    if c["id"] == cid:
                        c["body"] = self.body().get("body", "")
                        return self.reply(200, c)
            return self.reply(404, {"message": f"{method} {path} is not faked"})

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def do_PATCH(self):
        self.route("PATCH")

    def do_DELETE(self):
        self.route("DELETE")


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()
