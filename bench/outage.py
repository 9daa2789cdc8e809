#!/usr/bin/env python3
"""Outages at chosen moments (not a CI test): a ratedeck import on PostgreSQL through a loopback proxy that cuts the
link for a while at a moment picked by what crosses it, compared with the same import on an unbroken link.

Moments (each on an import of its own, once it is a third done):
  before-commit  a chunk's COMMIT is held back from PostgreSQL and the link cut: the chunk is rolled back
  after-commit   a chunk's COMMIT reaches PostgreSQL, which does it; its answer is dropped and the link cut
  mid-chunk      the link is cut while a chunk's rows are being copied (a CopyData message crosses it)
The COMMIT of a chunk is told from the engine's other commits by the step's context written in its transaction.
  bench/outage.sh [--rows N] [--seconds S]
Prints one line per moment: `moment identical|DIFFERENT detail`, and exits 1 if any differs.
"""
import argparse
import os
import socket
import struct
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import Engine, log  # noqa: E402
from torture import Node, import_end, report, sample_deck  # noqa: E402


class Proxy:
    """127.0.0.1:port to PostgreSQL, read as its protocol; `arm(moment)` cuts every connection at that moment."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.down_until = 0.0
        self.armed = None
        self.fired = threading.Event()
        self.conns = set()
        self.lock = threading.Lock()
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def arm(self, moment):
        self.fired.clear()
        self.armed = moment

    def _cut(self):
        with self.lock:
            self.down_until = time.monotonic() + self.seconds
            self.armed = None
            for s in list(self.conns):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()
            self.conns.clear()
        self.fired.set()
        log(f"link cut for {self.seconds} s")

    def _accept(self):
        while True:
            client, _ = self.server.accept()
            if time.monotonic() < self.down_until:
                client.close()
                continue
            upstream = socket.create_connection(("127.0.0.1", 5432))
            with self.lock:
                self.conns.update((client, upstream))
            link = {"drop_answer": False, "chunk": False}
            threading.Thread(target=self._requests, args=(client, upstream, link), daemon=True).start()
            threading.Thread(target=self._answers, args=(upstream, client, link), daemon=True).start()

    def _requests(self, client, upstream, link):
        named, started = {}, False
        try:
            f = client.makefile("rb")
            while True:
                kind = b"" if not started else f.read(1)
                head = f.read(4)
                if len(head) < 4 or (started and not kind):
                    return
                body = f.read(struct.unpack("!I", head)[0] - 4)
                if not started:
                    started = struct.unpack("!I", body[:4])[0] not in (80877103, 80877104)  # not an SSL or GSS request
                sql = None
                if kind in (b"Q", b"P"):
                    parts = body.split(b"\0")
                    sql = (parts[0] if kind == b"Q" else parts[1]).decode(errors="replace")
                    if kind == b"P":
                        named[parts[0]] = sql
                elif kind == b"B":
                    sql = named.get(body.split(b"\0")[1])
                if sql and "BATCH_STEP_EXECUTION_CONTEXT" in sql.upper():
                    link["chunk"] = True
                is_commit = kind in (b"Q", b"B") and sql and sql.strip().upper() == "COMMIT"
                if kind == b"d" and self.armed == "mid-chunk":
                    self._cut()
                    return
                if is_commit and link["chunk"] and self.armed == "before-commit":
                    self._cut()
                    return
                upstream.sendall(kind + head + body)
                if is_commit:
                    if link["chunk"] and self.armed == "after-commit":
                        link["drop_answer"] = True
                    link["chunk"] = False
        except OSError:
            pass

    def _answers(self, upstream, client, link):
        try:
            while True:
                data = upstream.recv(65536)
                if not data:
                    return
                if link["drop_answer"]:
                    self._cut()
                    return
                client.sendall(data)
        except OSError:
            pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--seconds", type=float, default=15)
    a = parser.parse_args()
    deck = sample_deck(a.rows)
    proxy = Proxy(a.seconds)
    node = Node("outage", "bw_outage", ["--rates.import.chunk-size=5000"])
    node.stop()  # made the database; now the engine through the proxy
    node.args = [arg.replace("127.0.0.1:5432/", f"127.0.0.1:{proxy.port}/") for arg in node.args] + [
        "--spring.datasource.hikari.connection-timeout=5000"]
    node.engine = Engine(node.name, node.data, node.args, fresh=False)
    ok = True
    try:
        ends = {}
        for moment in ("clean", "before-commit", "after-commit", "mid-chunk"):
            task_id = node.create(f"category=rates&action=import&ratedeck_id={moment.replace('-', '_')}", csv=deck)
            if moment != "clean":
                node.await_until("a third done", lambda: node.task(task_id)["success_count"] >= a.rows // 3)
                proxy.arm(moment)
                if not proxy.fired.wait(120):
                    raise SystemExit(f"{moment}: the moment never came")
            ends[moment] = import_end(node, task_id, moment.replace("-", "_"))
            if moment != "clean":
                ok &= report(moment, 1, ends[moment] == ends["clean"], f"clean={ends['clean']} cut={ends[moment]}")
    finally:
        node.stop()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
