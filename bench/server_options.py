"""llama.cpp server options side by side on one article's recorded requests (embedded model, 2 cores).

Replays a cassette's request bodies against a fresh in-process server started with the given options: the
meeting call first, then the sentence calls on ``--workers`` threads, as the pipeline sends them. Prints wall
time, generated tokens, prompt tokens read and, for speculative decoding, drafted and accepted tokens. Run
one option set per process, on a quiet machine, and compare the lines (PyYAML: the test extra).

    python bench/server_options.py cassettes/extract_001_b635a0b6bb457146.yaml
    python bench/server_options.py cassettes/extract_001_b635a0b6bb457146.yaml --spec ngram_simple
    python bench/server_options.py cassettes/extract_001_b635a0b6bb457146.yaml --slots 1 --workers 1
"""

from __future__ import annotations

import argparse
import json
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import yaml

from summarize.embedded import CONTEXT_TOKENS, model_path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("cassette")
    parser.add_argument("--slots", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--spec", default="none", help="none, ngram_simple, ngram_mod, ngram_map_k, ngram_cache")
    parser.add_argument("--unified", action="store_true", help="one KV cache shared by the slots")
    args = parser.parse_args()

    import xllamacpp
    import xllamacpp.xllamacpp as native

    params = xllamacpp.CommonParams()
    params.model.path = str(model_path())
    params.n_ctx = CONTEXT_TOKENS * args.slots
    params.n_parallel = args.slots
    params.cpuparams.n_threads = params.cpuparams_batch.n_threads = 2
    params.offline, params.port, params.verbosity = True, 0, -1
    params.kv_unified = args.unified
    if args.spec != "none":
        params.speculative.types = [getattr(native.common_speculative_type,
                                            "COMMON_SPECULATIVE_TYPE_" + args.spec.upper())]
    server = xllamacpp.Server(params)
    url = "http://" + server.listening_address.replace("http://", "") + "/v1/chat/completions"

    def post(body: dict) -> dict:
        request = urllib.request.Request(url, data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=900) as response:
            return json.loads(response.read())

    with open(args.cassette, encoding="utf-8") as handle:
        bodies = [json.loads(i["request"]["body"]) for i in yaml.safe_load(handle)["interactions"]]
    post({**bodies[0], "max_tokens": 1})  # the shared system prompt read once, as a warm server has it
    started = time.perf_counter()
    answers = [post(bodies[0])]
    with ThreadPoolExecutor(args.workers) as pool:
        answers += list(pool.map(post, bodies[1:]))
    wall = time.perf_counter() - started
    timings = [a.get("timings", {}) for a in answers]
    print(json.dumps({"options": vars(args), "wall_s": round(wall, 1), "calls": len(answers),
                      "generated": sum(a["usage"]["completion_tokens"] for a in answers),
                      "prompt_read": sum(t.get("prompt_n", 0) for t in timings),
                      "drafted": sum(t.get("draft_n", 0) for t in timings),
                      "accepted": sum(t.get("draft_n_accepted", 0) for t in timings)}))


if __name__ == "__main__":
    main()
