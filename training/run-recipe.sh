#!/usr/bin/env bash
# The whole stage-0 + stage-1 recipe and the stage-1 epochs experiment, one command after another, on
# whatever machine runs it (the numbers in training/README.md: the 2-core build machine).
#   training/run-recipe.sh            # from the repository root, after ./mvnw package -DskipTests
#   DEV=/path/to/fastmath-arith/dev.jsonl training/run-recipe.sh   # also sweep the frozen benchmark
# Every step resumes: run it again after a kill and it continues where it stopped.
set -euo pipefail
# glibc's malloc keeps freed memory instead of returning (and page-faulting) it: 1.8x the training
# tokens/s on this machine (micro-batches of 4, measured on the stage-0 recipe)
export MALLOC_MMAP_THRESHOLD_=17179869184 MALLOC_TRIM_THRESHOLD_=17179869184 MALLOC_TOP_PAD_=1073741824
fm() { java -jar "${FM_JAR:-target/quarkus-app/quarkus-run.jar}" "$@"; }
test -f training/runs/data/train.jsonl || fm data generate --seed 1 --train 160000 --out training/runs/data
sweep() { # model dir, out dir: pass@1 (avg of 8), maj@8 and mean output tokens, served as the model says
  fm eval sweep --problems training/runs/data/test.jsonl --budgets 1024 --k 8 --model "$1" --out "$2/test"
  if [ -n "${DEV:-}" ]; then
    fm eval sweep --problems "$DEV" --budgets 1024 --k 8 --model "$1" --out "$2/dev"
  fi
}
keep() { # run dir, model dir: the files a served checkpoint needs
  mkdir -p "$2"
  cp "$1"/{config.json,generation_config.json,model.safetensors,tokenizer.json,tokenizer_config.json} "$2"/
  fm checksum "$2"
}
# stage 0: the base, from random init (85 min here)
fm train sft --config training/sft-stage0-base.yaml
keep training/runs/stage0-base training/models/fastmath-s0-base
# stage 1: long SFT on 6,000 unseen examples of all three levels, 10 epochs (the default model, 29 min),
# then 1 and 3 epochs for the epochs table
fm train sft --config training/sft-stage1.yaml --epochs 10 --output-dir training/runs/stage1-e10
keep training/runs/stage1-e10 training/models/fastmath-s1
for e in 1 3; do
  fm train sft --config training/sft-stage1.yaml --epochs $e --output-dir training/runs/stage1-e$e
done
for run in stage0-base stage1-e1 stage1-e3 stage1-e10; do
  sweep training/runs/$run training/runs/sweep-$run
done
