#!/usr/bin/env bash
# Trains the pretrained base that `tinyprune prune-and-flash` starts from by default and installs it
# as models/vgg-small-x0.5-fashion-mnist.onnx (its metadata records this training run's
# configuration, seed and dataset). About 10 minutes on a 2-core machine.
#   scripts/make-pretrained.sh [RUN_DIR]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
run="${1:-$root/runs/pretrained-vgg-small-x0.5}"
"$root/tinyprune" train --dataset fashion-mnist --model vgg-small --width 0.5 --epochs 15 --validation 0 \
  --seed 42 --out "$run"
mkdir -p "$root/models"
tmp="$(mktemp "$root/models/.vgg-small-x0.5-fashion-mnist.XXXXXX")"
cp "$run/model.onnx" "$tmp"
mv "$tmp" "$root/models/vgg-small-x0.5-fashion-mnist.onnx"
cp "$run/metrics.json" "$root/models/vgg-small-x0.5-fashion-mnist.metrics.json"
echo "installed $root/models/vgg-small-x0.5-fashion-mnist.onnx"
