"""The annotated corpus: the seeds, the development half and the frozen test half (tests/gold).

``run_split`` extracts every article of a split that has no record yet in a records folder, with a
SQLite call cache, so that re-deriving records after a rule change costs no model call when the
requests did not change. Scoring is ``evaluate``'s job.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .evaluate import gold_files

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Split:
    name: str
    gold: Path
    articles: Path


def splits(root: Path = ROOT) -> dict[str, Split]:
    gold, data = root / "tests" / "gold", root / "tests" / "data"
    return {"seed": Split("seed", gold, data), "dev": Split("dev", gold / "dev", data / "dev"),
            "test": Split("test", gold / "test", data / "test")}


def articles_of(split: Split) -> list[tuple[Path, str | None]]:
    """(article path, the date a user would pass with it) for every gold file of the split."""
    out = []
    for path in gold_files(split.gold):
        gold = json.loads(path.read_text(encoding="utf-8"))
        out.append((split.articles / gold["article"], gold.get("input_date")))
    return out


def run_split(split: Split, records: Path, *, backend=None, cache_db: Path | None = None, redo: bool = False,
              progress: Callable[[str], None] | None = None) -> int:
    """Extract the split's articles into ``records/<stem>.json``; returns how many were extracted."""
    from .backend import resolve
    from .extract import Extractor, Settings
    from .load import load_path
    from .model import ModelCaller
    from .store import Store

    records.mkdir(parents=True, exist_ok=True)
    store = Store(cache_db) if cache_db else None
    caller = ModelCaller(backend or resolve("embedded"), cache=store.cache if store else None)
    done = 0
    try:
        for path, given in articles_of(split):
            out = records / f"{path.stem}.json"
            if out.exists() and not redo:
                continue
            if progress:
                progress(f"{split.name}: {path.name}")
            record = Extractor(caller, Settings()).run(load_path(path), given_date=given)
            out.write_text(record.model_dump_json(indent=1), encoding="utf-8")
            done += 1
    finally:
        if store:
            store.close()
    return done
