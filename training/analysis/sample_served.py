"""Samples a running FastMath service on a stratified slice of a curriculum JSONL (family, level keys):
K problems per (family, level), N samples each, with their texts, for classify_errors.py.

    python3 training/analysis/sample_served.py DEV.jsonl http://127.0.0.1:8080 6 4 samples.jsonl
"""
import json, sys, urllib.request, collections, concurrent.futures as cf
dev, url, per_cell, n, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
rows = [json.loads(l) for l in open(dev)]
cells = collections.defaultdict(list)
for r in rows:
    cells[(r["family"], r["level"])].append(r)
picked = [r for k in sorted(cells) for r in cells[k][:per_cell]]
def solve(r):
    body = json.dumps({"problem": r["problem"], "n": n, "rule": "none", "include_text": True, "seed": 7}).encode()
    req = urllib.request.Request(url + "/v1/solve", body, {"content-type": "application/json"})
    res = json.load(urllib.request.urlopen(req, timeout=600))
    return dict(r, result=res)
with cf.ThreadPoolExecutor(4) as ex, open(out, "w") as f:
    for i, res in enumerate(ex.map(solve, picked)):
        f.write(json.dumps(res) + "\n")
        print(i + 1, len(picked), flush=True, file=sys.stderr)
