#!/usr/bin/env bash
# Stage 2 of the recipe and every stage-2 table of training/README.md and the top README, after
# training/run-recipe.sh (which trains stage 1 and commits training/models/fastmath-s1):
#   DEV=/path/to/fastmath-arith/dev.jsonl training/run-stage2.sh   # from the repository root, after ./mvnw package -DskipTests
# Every step resumes or is quick to redo: run it again after a kill.
set -euo pipefail
export MALLOC_MMAP_THRESHOLD_=17179869184 MALLOC_TRIM_THRESHOLD_=17179869184 MALLOC_TOP_PAD_=1073741824
fm() { java -jar "${FM_JAR:-target/quarkus-app/quarkus-run.jar}" "$@"; }
: "${DEV:?set DEV to the dev.jsonl of fastmath-arith}"
OUT=${OUT:-training/runs/stage2-results}
test -f training/runs/data/grpo.jsonl || fm data generate --seed 1 --train 160000 --out training/runs/data
# GRPO from the stage-1 model (resumes from its last checkpoint; skipped once the run has written its model),
# kept as training/models/fastmath-s2
test -f training/runs/stage2-grpo/model.safetensors || fm train grpo --config training/grpo-stage2.yaml
mkdir -p training/models/fastmath-s2
cp training/runs/stage2-grpo/{config.json,generation_config.json,model.safetensors,tokenizer.json,tokenizer_config.json} \
   training/models/fastmath-s2/
fm checksum training/models/fastmath-s2
S1=training/models/fastmath-s1 S2=training/models/fastmath-s2
sweep() { fm eval sweep --problems "$1" --k 8 --concurrency 8 --max-num-seqs 64 "${@:3}" --out "$2"; }
# selection split (the curriculum's test split, not the benchmark): full output at the evaluation budget
sweep training/runs/data/test.jsonl "$OUT/test-full" --budgets 1024 --full-output --model $S1 --model $S2
# the paper's budget table on dev: each sample to the end of its turn, cut at the budget
sweep "$DEV" "$OUT/dev-budgets" --budgets 64,128,256,512,1024 --full-output --model $S1 --model $S2
# the serving policy: stage 2 stopped at </think> (its generation_config.json), against its full output above
sweep "$DEV" "$OUT/dev-served" --budgets 1024 --model $S2
# the vote on the service's path: fixed N = 16 against each early-stopping rule, and maj@n against pass@1
fm bench solve --model $S2 --problems "$DEV" --n 16 --concurrency 4 --answer-mode exact \
   --rules none,unbeatable,beta:0.9,beta:0.95,k-of-m:3/4,k-of-m:4/5 --json "$OUT/dev-vote-s2.json" | tee "$OUT/dev-vote-s2.txt"
fm bench solve --model $S1 --problems "$DEV" --n 16 --concurrency 4 --answer-mode exact \
   --rules none --json "$OUT/dev-vote-s1.json" | tee "$OUT/dev-vote-s1.txt"
