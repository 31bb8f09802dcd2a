"""Imported once by the fork server that batch workers are forked from (workers.py): the pipeline's modules
and the models an English article's rules load (lingua, dateparser, the GeoNames index, lemminflect's
lexicons) are loaded here, before any worker exists, so each worker starts with them at once and shares
their memory with the others (copy-on-write) instead of loading its own copy (~25 s and ~250 MB each on
a busy 2-core machine, measured). spaCy's French pipeline is left to the workers that meet a French
article. Loading only fills the loaders' caches: every answer stays what a fresh process gives.
"""

from __future__ import annotations

from .workers import preload

preload()
