#!/usr/bin/env python3
"""Builds benchmarks/results/summary.md from the harness results: Swoop's methods beside the peers.

Quality: Swoop's runs (benchmarks/results/search-quality*.json) beside the peers' stored runs from the
shared harness (same functions, seeds 0..9, same scoring reference; regret depends on the seeds, not
on timing). Latency: Swoop and the peers measured in the same run (search-latency.json).

    python3 benchmarks/summarize.py
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
RES = os.path.join(HERE, "results")
SHARED = os.path.join(HERE, "..", "..", "shared", "bench", "results")


def load(path):
    with open(path) as fh:
        return json.load(fh)


def fmt(x):
    if x == 0:
        return "0"
    return f"{x:.3g}" if 1e-3 <= abs(x) < 1e4 else f"{x:.1e}"


def quality(out):
    ours = load(os.path.join(RES, "search-quality.json"))
    peers = load(os.path.join(SHARED, "peers-quality.json"))
    rows = {}
    for src in (peers, ours):
        for r in src["summary"]["per_function"]:
            rows.setdefault(r["function"], {})[r["optimizer"]] = r["median"]
    suite = {**peers["summary"]["suite"], **ours["summary"]["suite"]}
    names = list(ours["summary"]["suite"]) + list(peers["summary"]["suite"])
    best_peer_score = max(v["score"]["50"] for k, v in peers["summary"]["suite"].items())
    best_peer = max(peers["summary"]["suite"], key=lambda k: peers["summary"]["suite"][k]["score"]["50"])
    out.append("### Quality: suite score at 50 trials (0 = random search, 1 = solved)\n")
    out.append("| optimizer | @10 | @25 | @50 |")
    out.append("|---|---|---|---|")
    for n in sorted(names, key=lambda k: -suite[k]["score"]["50"]):
        s = suite[n]["score"]
        out.append(f"| {n} | {s['10']:+.3f} | {s['25']:+.3f} | {s['50']:+.3f} |")
    top = ours["summary"]["suite"]["swoop-bayes"]["score"]["50"]
    out.append(f"\nswoop-bayes / best peer ({best_peer}): **{top / best_peer_score:.1f}x** the suite score.\n")
    out.append("### Quality: median final regret after 50 trials (lower is better)\n")
    peer_names = list(peers["summary"]["suite"])
    out.append("| function | swoop-bayes | best peer | its regret | lowest of all |")
    out.append("|---|---|---|---|---|")
    wins = 0
    for f, per in rows.items():
        bp = min(peer_names, key=lambda k: per.get(k, float("inf")))
        lowest = min(per, key=per.get)
        wins += lowest.startswith("swoop")
        out.append(f"| {f} | {fmt(per['swoop-bayes'])} | {bp} | {fmt(per[bp])} | {lowest} |")
    out.append(f"\nA Swoop method has the lowest median regret on {wins} of {len(rows)} functions.\n")
    par = os.path.join(RES, "search-quality-parallel4.json")
    if os.path.exists(par):
        p = load(par)["summary"]["suite"]
        out.append("### Quality with 4 asks pending before each tell (`--parallel 4`)\n")
        out.append("| optimizer | sequential @50 | parallel 4 @50 | change |")
        out.append("|---|---|---|---|")
        for n, v in p.items():
            seq = suite[n]["score"]["50"]
            out.append(f"| {n} | {seq:+.3f} | {v['score']['50']:+.3f} | {100 * (v['score']['50'] - seq) / abs(seq):+.1f}% |")
        stored = os.path.join(SHARED, "peers-quality-parallel4.json")
        if os.path.exists(stored):
            # The stored peer runs cover fewer functions: compare each with its own sequential
            # score on the same functions.
            sp = load(stored)
            fns = set(sp["settings"]["functions"])
            for n, v in sp["summary"]["suite"].items():
                seqs = [r["score"]["50"] for r in peers["summary"]["per_function"]
                        if r["optimizer"] == n and r["function"] in fns]
                seq = sum(seqs) / len(seqs)
                par4 = v["score"]["50"]
                out.append(f"| {n} (stored; {', '.join(sorted(fns))}) | {seq:+.3f} | {par4:+.3f} | "
                           f"{100 * (par4 - seq) / abs(seq):+.1f}% |")
        out.append("")


def latency(out):
    path = os.path.join(RES, "search-latency.json")
    if not os.path.exists(path):
        return
    lat = load(path)
    out.append("### Ask latency, median ms with n told trials (same run, same machine)\n")
    results = lat["results"]
    for sp in sorted({r["space"] for r in results}):
        out.append(f"**{sp}**\n")
        out.append("| optimizer | n=100 | n=300 | n=1000 |")
        out.append("|---|---|---|---|")
        for r in results:
            if r["space"] != sp:
                continue
            pts = r.get("points", {})
            row = [fmt(pts[n]["median_ms"]) if n in pts else "timeout" for n in ("100", "300", "1000")]
            out.append(f"| {r['optimizer']} | " + " | ".join(row) + " |")
        out.append("")


def grid(out):
    path = os.path.join(RES, "grid-latency.json")
    if not os.path.exists(path):
        return
    g = load(path)
    out.append(f"### Grid ask latency, median ms ({g['space']})\n")
    out.append("| optimizer | n=100 | n=1000 | n=10000 |")
    out.append("|---|---|---|---|")
    for name in ("swoop-grid", "wandb-grid"):
        if name in g:
            v = g[name]
            out.append(f"| {name} | " + " | ".join(fmt(v[k]["median_ms"]) if k in v else "not run" for k in ("100", "1000", "10000")) + " |")
    out.append("")


def main():
    out = ["# Search benchmark summary\n", "Generated by `benchmarks/summarize.py` from `benchmarks/results/`; "
           "commands in `benchmarks/search.sh`.\n"]
    quality(out)
    latency(out)
    grid(out)
    text = "\n".join(out) + "\n"
    with open(os.path.join(RES, "summary.md"), "w") as fh:
        fh.write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
