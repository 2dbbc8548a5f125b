#!/usr/bin/env bash
# The whole stage-0 + stage-1 recipe and the stage-1 epochs experiment, one command after another, on
# whatever machine runs it (the numbers in training/README.md: the 2-core build machine).
#   training/run-recipe.sh            # from the repository root, after ./mvnw package -DskipTests
set -euo pipefail
fm() { java -jar target/quarkus-app/quarkus-run.jar "$@"; }
test -f training/runs/data/train.jsonl || fm data generate --seed 1 --out training/runs/data
sweep() { # model dir, out dir: pass@1 (avg of 8), maj@8 and mean output tokens on the test split
  fm eval sweep --problems training/runs/data/test.jsonl --limit "${TEST_PROBLEMS:-150}" --budgets 1024 --k 8 \
     --full-output --model "$1" --out "$2"
}
# stage 0: the base, from random init (at most 60 min here)
fm train sft --config training/sft-stage0-base.yaml
mkdir -p training/models/fastmath-s0-base
cp training/runs/stage0-base/{config.json,generation_config.json,model.safetensors,tokenizer.json,tokenizer_config.json,checksums.json} \
   training/models/fastmath-s0-base/
# stage 1: long SFT on the hard subset, 10 epochs (the default model), then 1 and 3 epochs for the table
fm train sft --config training/sft-stage1.yaml --epochs 10 --output-dir training/runs/stage1-e10
sweep training/runs/stage1-e10 training/runs/test-stage1-e10
sweep training/runs/stage0-base training/runs/test-stage0
for e in 1 3; do
  fm train sft --config training/sft-stage1.yaml --epochs $e --output-dir training/runs/stage1-e$e
  sweep training/runs/stage1-e$e training/runs/test-stage1-e$e
done
