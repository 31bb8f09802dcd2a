"""The embedded server reads the shared system prompt once per machine and loads it into every slot.

llama.cpp's slot endpoints are played by a small fake here (CI installs no model): it records what the
client asks and writes or reads the state file the way the server does.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from summarize import embedded


class FakeLlama:
    def __init__(self, slots_dir: Path, slots: int = 2, restore_fails: bool = False):
        self.slots_dir, self.restore_fails = slots_dir, restore_fails
        self.calls: list[tuple[str, int | None]] = []
        self.filled: set[int] = set()  # slots holding the prompt
        self.slots = slots
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if self.path == "/v1/chat/completions":
                    fake.calls.append(("read", None))
                    fake.filled.add(fake.slots - 1)  # the server picks a slot of its own
                    return self._answer({"choices": [{"message": {"content": "{"}}]})
                slot, action = int(self.path.split("/")[2].split("?")[0]), self.path.split("action=")[1]
                fake.calls.append((action, slot))
                path = fake.slots_dir / body["filename"]
                if action == "save":
                    saved = 860 if slot in fake.filled else 0
                    path.write_bytes(b"kv" * saved)
                    return self._answer({"n_saved": saved})
                if fake.restore_fails or not path.exists():
                    return self._answer({"error": "bad file"}, status=400)
                fake.filled.add(slot)
                return self._answer({"n_restored": 860})

            def _answer(self, payload, status=200):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.address = f"http://127.0.0.1:{self.server.server_port}"

    def close(self):
        self.server.shutdown()


@pytest.fixture
def llama(tmp_path):
    servers = []

    def start(**kwargs) -> FakeLlama:
        servers.append(FakeLlama(tmp_path, **kwargs))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def test_first_start_reads_the_prompt_once_and_fills_every_slot(llama, tmp_path):
    (tmp_path / "prefix-0000000000000000.bin").write_bytes(b"old prompt")  # another prompt's state
    server = llama(slots=3)
    embedded._load_prefix(server.address, tmp_path, 3, "v1")
    assert server.calls[0] == ("read", None)
    assert ("save", 2) in server.calls  # saved from the slot that read it, whichever that was
    assert server.filled == {0, 1, 2}
    kept = [p.name for p in tmp_path.iterdir()]
    assert kept == [embedded._prefix_name("v1")]  # renamed whole; the stale state and partials are gone


def test_later_starts_load_the_kept_prompt_without_reading_it(llama, tmp_path):
    embedded._load_prefix(llama().address, tmp_path, 2, "v1")
    server = llama()
    embedded._load_prefix(server.address, tmp_path, 2, "v1")
    assert server.calls == [("restore", 0), ("restore", 1)]
    assert server.filled == {0, 1}


def test_a_state_the_server_refuses_is_read_again(llama, tmp_path):
    (tmp_path / embedded._prefix_name("v1")).write_bytes(b"torn")
    server = llama(restore_fails=True)
    embedded._load_prefix(server.address, tmp_path, 2, "v1")  # no exception: the server still works
    assert ("read", None) in server.calls
    assert (tmp_path / embedded._prefix_name("v1")).read_bytes() != b"torn"


def test_the_kept_state_follows_the_prompt_and_the_server_build():
    assert embedded._prefix_name("v1") != embedded._prefix_name("v2")
    assert embedded._prefix_name("v1").startswith("prefix-")


def test_an_unreachable_server_is_no_error(tmp_path):
    embedded._load_prefix("http://127.0.0.1:9", tmp_path, 2, "v1")
    assert list(tmp_path.iterdir()) == []
