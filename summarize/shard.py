"""Shards of a batch's input by request hash, for running one archive on several machines.

``summarize batch INPUT --shard i/N --db part-i.db`` on machine i (0 ≤ i < N)
reads the whole input, keeps the articles whose request hash falls in shard i
and extracts only those; ``summarize merge OUT.db part-*.db`` then joins the
stores. Every article falls in exactly one shard (an unreadable one, which has
no request hash, by its id), so N machines together extract each article once.
The request hash, not the position in the input, decides: two copies of one
article land in the same shard, and a shard's work is the same whatever order
the input is read in.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from .errors import InputError

_SPEC = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


@dataclass(frozen=True)
class Shard:
    index: int
    count: int

    @classmethod
    def parse(cls, spec: str) -> "Shard":
        """``"i/N"`` with 0 ≤ i < N."""
        match = _SPEC.match(spec or "")
        if not match:
            raise InputError(f"--shard {spec!r}: expected i/N, e.g. 0/4 for the first of four shards")
        index, count = int(match.group(1)), int(match.group(2))
        if count < 1 or not 0 <= index < count:
            raise InputError(f"--shard {spec!r}: the shard index must be 0 to {max(count - 1, 0)} of {count}")
        return cls(index, count)

    def owns(self, request_hash: str | None, article_id: str) -> bool:
        """Whether this shard extracts the article (request hash; an unreadable article's id)."""
        if self.count == 1:
            return True
        key = request_hash or hashlib.sha256(article_id.encode("utf-8", "surrogatepass")).hexdigest()
        return int(key[:16], 16) % self.count == self.index

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"
