"""Where requests go. Every backend is an OpenAI-compatible endpoint.

Backends differ only in base URL, model name and instructor mode; the rest of
the pipeline never branches on which one it talks to.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from .errors import BackendError

EMBEDDED = "embedded"
OPENAI = "openai"


@dataclass(frozen=True)
class Backend:
    name: str
    model: str
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    mode: str = "JSON_SCHEMA"  # instructor Mode name; llama.cpp needs JSON_SCHEMA (TOOLS fails there)
    timeout_s: float = 600.0

    def start(self) -> str:
        """The base URL, starting the embedded server now if this backend was resolved lazily."""
        if self.base_url:
            return self.base_url
        if self.name == EMBEDDED:
            from . import embedded

            return embedded.ensure_server()
        raise BackendError(f"backend {self.name!r} has no base URL")

    def identity(self) -> dict[str, str]:
        """What of the backend belongs in a request's identity (no URL: ports vary, keys are secret)."""
        return {"backend": self.name, "model": self.model, "mode": self.mode}


def resolve(backend: str | None = None, model: str | None = None, base_url: str | None = None,
            api_key: str | None = None, progress: Any = None, lazy: bool = False) -> Backend:
    """Turn CLI/library options and the OPENAI_* environment into a Backend.

    - ``embedded`` (default): start the packaged llama.cpp server if needed.
    - ``openai``: OPENAI_BASE_URL / OPENAI_API_KEY conventions, or explicit values;
      any OpenAI-compatible server (vLLM, Ollama, llama.cpp) goes through here.
    ``lazy``: do not start the embedded server yet; the first call that misses the cache does.
    """
    name = backend or (OPENAI if base_url else os.environ.get("SUMMARIZE_BACKEND", EMBEDDED))
    if name == EMBEDDED:
        from . import embedded

        url = base_url or (None if lazy else embedded.ensure_server(progress=progress))
        return Backend(name=EMBEDDED, model=model or embedded.MODEL_NAME, base_url=url, api_key="embedded")
    if name == OPENAI:
        url = base_url or os.environ.get("OPENAI_BASE_URL")
        key = api_key or os.environ.get("OPENAI_API_KEY")
        if not key and not url:
            raise BackendError("backend 'openai' needs OPENAI_API_KEY (or --base-url for a local server)")
        mode = os.environ.get("SUMMARIZE_MODE", "JSON_SCHEMA")
        return Backend(name=OPENAI, model=model or os.environ.get("SUMMARIZE_MODEL", "gpt-4o-mini"),
                       base_url=url, api_key=key or "not-needed", mode=mode)
    raise BackendError(f"unknown backend {name!r}: use 'embedded' or 'openai'")
