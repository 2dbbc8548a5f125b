#!/usr/bin/env bash
# /v1/solve latency as a user meets it: serves MODEL, then sends the level-2 problems of a curriculum
# JSONL one at a time (8 samples, the service's sampling, RULE: beta is the service default, none waits
# for all 8) through `eval --server`, and prints p50 / p90 / max seconds per request.
#
#   training/analysis/solve_latency.sh MODEL_DIR PROBLEMS.jsonl OUT_DIR [RULE [LIMIT]]   (LIMIT: first N level-2 problems)
# Run from the repository root after `./mvnw package -DskipTests`, with the machine to itself.
set -euo pipefail
model=$1; problems=$2; out=$3; rule=${4:-beta}; limit=${5:-0}
jar=target/quarkus-app/quarkus-run.jar
mkdir -p "$out"
python3 - "$problems" "$out/level2.jsonl" "$limit" <<'PY'
import json, sys
rows = [r for r in map(json.loads, open(sys.argv[1])) if r["level"] == 2]
with open(sys.argv[2], "w") as f:
    for r in rows[:int(sys.argv[3]) or len(rows)]:
        f.write(json.dumps({"id": r["id"], "problem": r["problem"], "answer": r["answer"]}) + "\n")
PY
java -jar $jar serve --model "$model" --http-port 8091 --grpc-port 9091 > "$out/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 120); do curl -sf localhost:8091/q/health/ready > /dev/null && break; sleep 1; done
java -jar $jar eval --server http://127.0.0.1:8091 --problems "$out/level2.jsonl" --policy equal --n 8 \
    --rule "$rule" --max-tokens 1024 --time-limit 60m --answer-mode exact --out "$out/eval" > "$out/eval.log" 2>&1
python3 - "$out/eval/results.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
s = sorted(r["seconds"] for r in rows)
print("problems %d  p50 %.2f s  p90 %.2f s  max %.2f s  accuracy %.1f%%  tokens/problem %.0f" % (
    len(s), s[len(s) // 2], s[int(0.9 * len(s))], s[-1],
    100 * sum(r["correct"] for r in rows) / len(rows), statistics.mean(r["tokens"] for r in rows)))
PY
