#!/usr/bin/env python3
"""The lab's webhook receiver: records every POST (headers that matter and the JSON body) as one JSON line.

Usage: receiver.py ADDRESS PORT FILE. Prints "listening ADDRESS:PORT" once it accepts connections. Answers
204 to every POST of at most 1 MiB; anything else gets 405 or 413. Runs until it is stopped by PID.
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

ADDRESS, PORT, FILE = sys.argv[1], int(sys.argv[2]), sys.argv[3]


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length > 1 << 20:
            self.send_response(413)
            self.end_headers()
            return
        body = self.rfile.read(length)
        try:
            parsed = json.loads(body)
        except ValueError:
            parsed = None
        record = {
            "path": self.path,
            "event": self.headers.get("X-XCheck-Event"),
            "event_id": self.headers.get("X-XCheck-Event-Id"),
            "body": parsed,
        }
        with open(FILE, "a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")
        self.send_response(204)
        self.end_headers()

    def do_GET(self):
        self.send_response(405)
        self.end_headers()

    def log_message(self, format, *args):
        sys.stderr.write("%s\n" % (format % args))


server = HTTPServer((ADDRESS, PORT), Handler)
print("listening %s:%d" % (ADDRESS, PORT), flush=True)
server.serve_forever()
