#!/usr/bin/env bash
# Stage 2 of the recipe and the paper's table, after training/run-recipe.sh (which trains stage 1):
#   training/run-stage2.sh            # from the repository root, after ./mvnw package -DskipTests
set -euo pipefail
fm() { java -jar "${FM_JAR:-target/quarkus-app/quarkus-run.jar}" "$@"; }
# from the stage-1 model that training/run-recipe.sh committed as training/models/fastmath-s1
fm train grpo --config training/grpo-stage2.yaml
# the paper's table: pass@1 (avg of 8) and mean output tokens per token budget, SFT next to GRPO,
# each sample run to the end of its turn and cut at the budget
fm eval sweep --problems training/runs/data/test.jsonl --limit "${TEST_PROBLEMS:-150}" --budgets 64,128,256,512,1024 \
   --k 8 --full-output --model training/models/fastmath-s1 --model training/runs/stage2-grpo --out training/runs/stage2-sweep
# the serving policy: stop at </think>, majority vote of 8
fm eval sweep --problems training/runs/data/test.jsonl --limit "${TEST_PROBLEMS:-150}" --budgets 1024 \
   --k 8 --model training/models/fastmath-s1 --model training/runs/stage2-grpo --out training/runs/stage2-sweep-think
