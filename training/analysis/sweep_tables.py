"""Summarises `eval sweep` runs (their problems.jsonl) on a curriculum JSONL (family, level keys):
pass@1, maj@k and mean output tokens per model on all problems, on levels 1-2, and on the problems
whose text never occurs in a training file (the dev split was made by the same generator, so small
forms repeat: "What is 3 + 4?" can be both a dev and a training problem).

    python3 training/analysis/sweep_tables.py DEV.jsonl TRAIN.jsonl SWEEP_DIR [SWEEP_DIR ...]
"""
import collections, json, sys

problems, train, sweeps = sys.argv[1], sys.argv[2], sys.argv[3:]
rows = {r["id"]: r for r in map(json.loads, open(problems))}
seen = {json.loads(l)["problem"] for l in open(train)}
overlap = {i for i, r in rows.items() if r["problem"] in seen}

results = collections.defaultdict(dict)
for d in sweeps:
    for line in open(d + "/problems.jsonl"):
        p = json.loads(line)
        results[(d, p["model"], p["budget"])][p["id"]] = p

def summary(points, ids):
    ids = [i for i in ids if i in points]
    if not ids:
        return "-"
    samples = sum(points[i]["k"] for i in ids)
    pass1 = sum(points[i]["right"] for i in ids) / samples
    maj = sum(points[i]["majority"] for i in ids) / len(ids)
    tokens = sum(points[i]["tokens"] for i in ids) / samples
    return f"{100 * pass1:.1f}% / {100 * maj:.1f}% / {tokens:.0f}"

subsets = [
    ("all", list(rows)),
    ("levels 1-2", [i for i, r in rows.items() if r["level"] <= 2]),
    ("not in training texts", [i for i in rows if i not in overlap]),
    ("levels 1-2, not in training texts", [i for i, r in rows.items() if r["level"] <= 2 and i not in overlap]),
]
print(f"{len(overlap)} of {len(rows)} problems occur verbatim in {train}")
print()
print("| model | budget | " + " | ".join(f"{name} ({len(ids)})" for name, ids in subsets) + " |")
print("|---|---:|" + "---:|" * len(subsets))
for (d, model, budget), points in results.items():
    print(f"| {model} | {budget} | " + " | ".join(summary(points, ids) for _, ids in subsets) + " |")
print()
print("cells: pass@1 (average of k) / maj@k / mean output tokens per sample")
