"""A local OpenAI-compatible server for tests and benchmarks (no network, no model).

``/v1/chat/completions`` answers with a minimal valid JSON instance of the
request's ``response_format`` JSON schema (first enum value, short strings,
minimum list lengths). A ``name`` field gets the first capitalised two-word
name found in the user message, so a meeting draft's participant is grounded
in the article.

Faults are injected by rules: ``server.fault("500", match="Lavrov", times=2)``
answers the next two requests whose body contains "Lavrov" with a 500.
Kinds: ``429`` (with Retry-After), ``500``, ``slow`` (sleeps past the client's
timeout), ``drop`` (closes the connection without answering), ``malformed``
(content that is not JSON), ``truncated`` (finish_reason=length),
``wrong_schema`` (valid JSON, wrong fields). ``closed_port()`` gives a URL
where the connection is refused.

It also implements the parts of the Batch API the pipeline uses:
``POST /v1/files``, ``POST /v1/batches``, ``GET /v1/batches/{id}``,
``GET /v1/files/{id}/content``.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

NAME = re.compile(r"\b([A-Z][a-z]+ [A-Z][a-z]+)\b")
FAULTS = ("429", "500", "slow", "drop", "malformed", "truncated", "wrong_schema")


@dataclass
class Rule:
    kind: str
    match: str | list[str] | None = None  # every substring must occur in the raw request
    times: int | None = None  # None: forever
    used: int = 0


@dataclass
class Batch:
    id: str
    input_file_id: str
    status: str = "validating"
    polls: int = 0
    output_file_id: str | None = None
    error_file_id: str | None = None
    endpoint: str = "/v1/chat/completions"
    errors: list[dict[str, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: {"total": 0, "completed": 0, "failed": 0})
    created_at: int = field(default_factory=lambda: int(time.time()))


def instance(schema: dict[str, Any], root: dict[str, Any] | None = None, key: str = "", hint: str = "") -> Any:
    """A minimal value that validates against ``schema``."""
    root = root if root is not None else schema
    if "$ref" in schema:
        name = schema["$ref"].split("/")[-1]
        return instance(root.get("$defs", root.get("definitions", {}))[name], root, key, hint)
    for combo in ("anyOf", "oneOf"):
        if combo in schema:
            options = [s for s in schema[combo] if s.get("type") != "null"] or schema[combo]
            return instance(options[0], root, key, hint)
    if "allOf" in schema:
        return instance(schema["allOf"][0], root, key, hint)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object":
        props = schema.get("properties", {})
        return {name: instance(sub, root, name, hint) for name, sub in props.items()}
    if kind == "array":
        count = max(schema.get("minItems", 0), 1 if key in ("participants", "items") else 0)
        return [instance(schema.get("items", {}), root, key, hint) for _ in range(count)]
    if kind == "string" and "commitment|position" in schema.get("pattern", ""):
        # a sentence answer line: the first choice of every group, then a short English text
        groups = [g.split("|")[0].replace("\\", "") for g in re.findall(r"\(([^()]*)\)", schema["pattern"])]
        return f"{groups[0]} {groups[1]} {groups[2]}: {groups[3]} will deepen cooperation."
    if kind == "string":
        value = hint if key == "name" and hint else "x"
        limit = schema.get("maxLength")
        value = value[:limit] if limit else value
        return value.ljust(schema.get("minLength", 0), "x")
    if kind in ("integer", "number"):
        return schema.get("minimum", 0)
    if kind == "boolean":
        return False
    return None


def _schema_of(body: dict[str, Any]) -> dict[str, Any] | None:
    fmt = body.get("response_format") or {}
    if isinstance(fmt, dict) and fmt.get("type") == "json_schema":
        return (fmt.get("json_schema") or {}).get("schema")
    tools = body.get("tools") or []
    if tools:
        return tools[0].get("function", {}).get("parameters")
    return None


def _user_text(body: dict[str, Any]) -> str:
    return "\n".join(str(m.get("content", "")) for m in body.get("messages", []) if m.get("role") == "user")


class MockServer:
    def __init__(self, latency: float = 0.0, retry_after: float = 0.0, slow_seconds: float = 2.0,
                 batch_polls: int = 1):
        self.latency = latency
        self.retry_after = retry_after
        self.slow_seconds = slow_seconds
        self.batch_polls = batch_polls  # polls a batch stays in_progress before it completes
        self.batch_outcome = "completed"  # or "failed" / "expired": how the next batches end
        self.batch_creates = 0  # POST /v1/batches received
        self.rules: list[Rule] = []
        self.answers: dict[str, Any] = {}  # match substring -> fixed content object
        self.requests = 0  # chat completions requests received (faults included)
        self.completions = 0  # chat completions answered with 200
        self.prompt_tokens = 0
        self.completion_tokens = 0
        self.log: list[dict[str, Any]] = []  # (kind, user text head) per chat request
        self.files: dict[str, bytes] = {}
        self.batches: dict[str, Batch] = {}
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._httpd.request_queue_size = 128
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    # -- lifecycle --------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def start(self) -> "MockServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> "MockServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @staticmethod
    def closed_port() -> str:
        """A URL on which connections are refused."""
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        return f"http://127.0.0.1:{port}/v1"

    # -- configuration ----------------------------------------------------------------------
    def fault(self, kind: str, match: str | list[str] | None = None, times: int | None = None) -> None:
        assert kind in FAULTS, kind
        with self._lock:
            self.rules.append(Rule(kind, match, times))

    def clear(self) -> None:
        with self._lock:
            self.rules.clear()

    def reset_counts(self) -> None:
        with self._lock:
            self.requests = self.completions = self.prompt_tokens = self.completion_tokens = 0
            self.log.clear()

    def count(self, match: str, meeting_only: bool = False) -> int:
        with self._lock:
            return sum(1 for entry in self.log if match in entry["text"]
                       and (not meeting_only or "TASK meeting" in entry["text"]))

    # -- answers ----------------------------------------------------------------------------
    def _pick_fault(self, raw: str) -> str | None:
        with self._lock:
            for rule in self.rules:
                if rule.times is not None and rule.used >= rule.times:
                    continue
                needles = [rule.match] if isinstance(rule.match, str) else (rule.match or [])
                if all(needle in raw for needle in needles):
                    rule.used += 1
                    return rule.kind
        return None

    def completion(self, body: dict[str, Any], kind: str | None = None) -> dict[str, Any]:
        """The JSON answer to one chat completion request (also used for Batch API output)."""
        text = _user_text(body)
        schema = _schema_of(body)
        fixed = next((value for match, value in self.answers.items() if match in text), None)
        if fixed is not None:
            obj = fixed
        else:
            found = NAME.search(text.split("<<<", 1)[-1])
            obj = instance(schema, hint=found.group(1) if found else "") if schema else {}
        content = json.dumps(obj, ensure_ascii=False)
        finish = "stop"
        if kind == "malformed":
            content = "{this is not json"
        elif kind == "truncated":
            content, finish = content[: max(1, len(content) // 2)], "length"
        elif kind == "wrong_schema":
            content = json.dumps({"unexpected": "shape"})
        prompt_tokens = max(1, len(json.dumps(body.get("messages", []))) // 4)
        completion_tokens = max(1, len(content) // 4)
        with self._lock:
            self.completions += 1
            self.prompt_tokens += prompt_tokens
            self.completion_tokens += completion_tokens
        message: dict[str, Any] = {"role": "assistant", "content": content}
        if body.get("tools"):
            message = {"role": "assistant", "content": None, "tool_calls": [{
                "id": "call_1", "type": "function",
                "function": {"name": body["tools"][0]["function"]["name"], "arguments": content}}]}
        return {"id": f"chatcmpl-{uuid.uuid4().hex[:12]}", "object": "chat.completion",
                "created": int(time.time()), "model": body.get("model", "mock"),
                "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
                "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                          "total_tokens": prompt_tokens + completion_tokens}}

    def batch_lines(self, file_id: str) -> list[dict[str, Any]]:
        """The parsed JSONL lines of an uploaded (or produced) file."""
        return [json.loads(line) for line in self.files[file_id].decode().splitlines() if line.strip()]

    def _validate_batch(self, batch: Batch) -> None:
        """What the real API checks before running: one endpoint, unique custom_ids, well-formed lines."""
        seen: set[str] = set()
        for number, item in enumerate(self.batch_lines(batch.input_file_id), 1):
            problem = None
            if not isinstance(item.get("custom_id"), str) or not isinstance(item.get("body"), dict):
                problem = "line needs a string custom_id and an object body"
            elif item["custom_id"] in seen:
                problem = f"duplicate custom_id {item['custom_id']}"
            elif item.get("method") != "POST" or item.get("url") != batch.endpoint:
                problem = f"line's method/url do not match the batch endpoint {batch.endpoint}"
            if problem:
                batch.errors.append({"code": "invalid_request", "message": problem, "line": number})
            seen.add(item.get("custom_id"))
        if batch.errors:
            batch.status = "failed"

    def _run_batch(self, batch: Batch) -> None:
        if self.batch_outcome in ("failed", "expired"):
            if self.batch_outcome == "failed":
                batch.errors.append({"code": "injected", "message": "injected batch failure"})
            batch.status = self.batch_outcome
            return
        out, failed = [], []
        for item in self.batch_lines(batch.input_file_id):
            fault = self._pick_fault(json.dumps(item["body"], ensure_ascii=False))
            if fault in ("429", "500", "slow", "drop"):
                failed.append({"id": f"batch_req_{uuid.uuid4().hex[:8]}", "custom_id": item["custom_id"],
                               "response": {"status_code": 500, "request_id": "r",
                                            "body": {"error": {"message": "injected server error",
                                                               "type": "server_error"}}},
                               "error": None})
                continue
            answer = self.completion(item["body"], fault)
            out.append({"id": f"batch_req_{uuid.uuid4().hex[:8]}", "custom_id": item["custom_id"],
                        "response": {"status_code": 200, "request_id": "r", "body": answer}, "error": None})
        for lines, attr in ((out, "output_file_id"), (failed, "error_file_id")):
            if lines:
                file_id = f"file-{uuid.uuid4().hex[:12]}"
                self.files[file_id] = ("\n".join(json.dumps(o) for o in lines) + "\n").encode()
                setattr(batch, attr, file_id)
        batch.counts = {"total": len(out) + len(failed), "completed": len(out), "failed": len(failed)}
        batch.status = "completed"

    def _batch_json(self, batch: Batch) -> dict[str, Any]:
        return {"id": batch.id, "object": "batch", "endpoint": batch.endpoint,
                "input_file_id": batch.input_file_id, "completion_window": "24h", "status": batch.status,
                "output_file_id": batch.output_file_id, "error_file_id": batch.error_file_id,
                "created_at": batch.created_at, "request_counts": batch.counts,
                "errors": {"object": "list", "data": batch.errors} if batch.errors else None}

    # -- HTTP -------------------------------------------------------------------------------
    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # headers and body go out in two writes: without TCP_NODELAY the body waits for the client's
            # delayed ACK (~40 ms per request on Linux), which would swamp any latency a test sets
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None,
                      raw: bytes | None = None) -> None:
                data = raw if raw is not None else json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in (headers or {}).items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _body(self) -> bytes:
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length) if length else b""

            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                m = re.fullmatch(r"/v1/batches/([\w-]+)", path)
                if m and m.group(1) in server.batches:
                    batch = server.batches[m.group(1)]
                    with server._lock:
                        batch.polls += 1
                        if batch.status == "validating":
                            server._validate_batch(batch)
                        if batch.status == "validating":
                            batch.status = "in_progress"
                        ready = batch.status == "in_progress" and batch.polls >= server.batch_polls
                        if ready:
                            batch.status = "finalizing"  # a concurrent poll must not run it twice
                    if ready:
                        server._run_batch(batch)
                    return self._send(200, server._batch_json(batch))
                if path == "/v1/stats":  # counters, for benchmarks running the mock in another process
                    return self._send(200, {"requests": server.requests, "completions": server.completions,
                                            "prompt_tokens": server.prompt_tokens,
                                            "completion_tokens": server.completion_tokens})
                m = re.fullmatch(r"/v1/files/([\w-]+)/content", path)
                if m and m.group(1) in server.files:
                    return self._send(200, None, raw=server.files[m.group(1)])
                self._send(404, {"error": {"message": f"no route {path}"}})

            def do_POST(self) -> None:
                path = self.path.split("?")[0]
                raw = self._body()
                if path.endswith("/chat/completions"):
                    return self._chat(raw)
                if path == "/v1/files":
                    return self._upload(raw)
                if path == "/v1/batches":
                    body = json.loads(raw)
                    with server._lock:
                        server.batch_creates += 1
                    if body.get("input_file_id") not in server.files:
                        return self._send(400, {"error": {"message": "no such input file", "type": "invalid_request"}})
                    if body.get("endpoint") != "/v1/chat/completions" or body.get("completion_window") != "24h":
                        return self._send(400, {"error": {"message": "unsupported endpoint or completion_window",
                                                          "type": "invalid_request"}})
                    batch = Batch(id=f"batch_{uuid.uuid4().hex[:12]}", input_file_id=body["input_file_id"],
                                  endpoint=body["endpoint"])
                    server.batches[batch.id] = batch
                    return self._send(200, server._batch_json(batch))
                self._send(404, {"error": {"message": f"no route {path}"}})

            def _upload(self, raw: bytes) -> None:
                ctype = self.headers.get("Content-Type", "")
                boundary = ctype.split("boundary=", 1)[-1].strip('"').encode()
                content = b""
                for part in raw.split(b"--" + boundary):
                    head, _, data = part.partition(b"\r\n\r\n")
                    if b'name="file"' in head:
                        content = data[:-2] if data.endswith(b"\r\n") else data
                file_id = f"file-{uuid.uuid4().hex[:12]}"
                server.files[file_id] = content
                self._send(200, {"id": file_id, "object": "file", "bytes": len(content),
                                 "created_at": int(time.time()), "filename": "batch.jsonl", "purpose": "batch",
                                 "status": "processed"})

            def _chat(self, raw: bytes) -> None:
                text = raw.decode("utf-8", "replace")
                body = json.loads(text)
                kind = server._pick_fault(text)
                with server._lock:
                    server.requests += 1
                    server.log.append({"kind": kind or "ok", "text": _user_text(body)})
                if server.latency:
                    time.sleep(server.latency)
                if kind == "429":
                    return self._send(429, {"error": {"message": "rate limited", "type": "rate_limit"}},
                                      {"Retry-After": str(server.retry_after)})
                if kind == "500":
                    return self._send(500, {"error": {"message": "injected server error"}})
                if kind == "slow":
                    time.sleep(server.slow_seconds)
                    return self._send(200, server.completion(body))
                if kind == "drop":
                    self.close_connection = True
                    try:
                        self.connection.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                    return
                self._send(200, server.completion(body, kind))

        return Handler


if __name__ == "__main__":  # a standalone mock for manual runs: python tests/mock_server.py [latency]
    import sys

    mock = MockServer(latency=float(sys.argv[1]) if len(sys.argv) > 1 else 0.0).start()
    print(mock.url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        mock.stop()


# -- helpers for tests and benchmarks -----------------------------------------------------------
SEEDS_DIR = __import__("pathlib").Path(__file__).parent / "data"


def backend_for(url: str, timeout_s: float = 5.0, model: str = "gpt-4o-mini"):
    from summarize.backend import Backend

    return Backend(name="openai", model=model, base_url=url, api_key="test", timeout_s=timeout_s)


def fast_wait(state: Any) -> float:
    """Transport backoff for tests: honours Retry-After, else a few milliseconds."""
    from summarize.model import transport_wait

    return transport_wait(state, base=0.005, cap=0.2)


def make_articles(folder: Any, count: int) -> list[Any]:
    """``count`` distinct articles made from the seeds; each title starts with a marker ``refNNNqz``."""
    from pathlib import Path

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    seeds = sorted(SEEDS_DIR.glob("0*.txt"))
    paths = []
    for i in range(count):
        text = seeds[i % len(seeds)].read_text(encoding="utf-8")
        path = folder / f"a{i:03d}.txt"
        paragraphs = text.split("\n\n")
        first = next(n for n, para in enumerate(paragraphs) if len(para) > 150 and "|" not in para)
        paragraphs[first] = f"ref{i:03d}qz {paragraphs[first]}"  # in the opening the meeting call sees
        path.write_text("\n\n".join(paragraphs), encoding="utf-8")
        paths.append(path)
    return paths
