"""Imported by the batch workers' fork server after ``_forkserver`` when the first articles to extract
hold a French one: spaCy's French pipeline (~30 s to load on a busy 2-core machine, ~160 MB) is then
loaded once there and shared by every worker, instead of once per worker. Only the loader's cache is
filled: its answers are the ones a fresh process gives."""

from __future__ import annotations

from .workers import preload_french

preload_french()
