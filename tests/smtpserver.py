"""A minimal real SMTP server on 127.0.0.1 (a thread speaking the protocol), for reminder tests."""
from __future__ import annotations

import email
import email.policy
import socket
import socketserver
import threading


class _Handler(socketserver.StreamRequestHandler):
    def handle(self):
        w = lambda s: self.wfile.write((s + "\r\n").encode())  # noqa: E731
        w("220 localhost ESMTP test")
        data_mode, lines = False, []
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if data_mode:
                if line == ".":
                    data_mode = False
                    msg = email.message_from_string("\n".join(lines), policy=email.policy.default)
                    self.server.messages.append(msg)
                    lines = []
                    w("250 OK")
                else:
                    lines.append(line[1:] if line.startswith("..") else line)
                continue
            cmd = line.split(" ", 1)[0].upper()
            if cmd in ("EHLO", "HELO"):
                w("250-localhost")
                w("250 8BITMIME")
            elif cmd in ("MAIL", "RCPT", "RSET", "NOOP"):
                w("250 OK")
            elif cmd == "DATA":
                data_mode = True
                w("354 End data with <CR><LF>.<CR><LF>")
            elif cmd == "QUIT":
                w("221 Bye")
                return
            else:
                w("502 Not implemented")


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class LocalSMTP:
    def __init__(self):
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.messages = []
        self.port = self.server.server_address[1]
        self.url = f"smtp://127.0.0.1:{self.port}"

    @property
    def messages(self):
        return self.server.messages

    def start(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        with socket.create_connection(("127.0.0.1", self.port), timeout=2):
            pass
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
