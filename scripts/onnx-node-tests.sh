#!/usr/bin/env bash
# Generates the ONNX backend node test cases with Debian's python3-onnx (1.12), which needs
# numpy's removed aliases (np.float, np.int, np.bool, np.object) put back before it imports.
#
#   scripts/onnx-node-tests.sh generate OUT_DIR   all ~922 cases: OUT_DIR/node/test_*/{model.onnx,test_data_set_0/*.pb}
#   scripts/onnx-node-tests.sh select             regenerates and refreshes the committed subset in
#                                                 codegen/src/test/resources/onnx-node/ (cases.tsv + case folders)
#
# The subset is every case whose nodes (Constant aside) are all operators tinyprune claims
# (CLAIMED below). A case whose test data exceed 256 KB keeps only its model.onnx: the runner
# counts it as REFUSED when the import refuses it and as FAIL otherwise, so it cannot pass silently.
# CI does not run this script: the subset is committed and OnnxNodeConformanceTest reads it.
set -euo pipefail
cd "$(dirname "$0")/.."
py=/usr/bin/python3
if ! "$py" -c 'import onnx' 2>/dev/null; then
  echo "python3-onnx is missing: apt-get install python3-onnx" >&2
  exit 1
fi
CLAIMED="Conv Gemm MatMul BatchNormalization Relu Clip Sigmoid HardSigmoid HardSwish Add Mul Concat MaxPool AveragePool
GlobalAveragePool ReduceMean Flatten Reshape Transpose Pad Dropout Identity Softmax QuantizeLinear DequantizeLinear
QLinearConv QLinearMatMul ConvInteger MatMulInteger"

generate() {
  "$py" - "$1" <<'PY'
import sys
import numpy as np
for alias, target in (("float", float), ("int", int), ("bool", bool), ("object", object)):
    if alias not in np.__dict__:
        setattr(np, alias, target)
from onnx.backend.test.cmd_tools import main
sys.argv = ["onnx-backend-test", "generate-data", "-o", sys.argv[1]]
main()
PY
}

case "${1:-}" in
  generate)
    generate "${2:?usage: scripts/onnx-node-tests.sh generate OUT_DIR}"
    ;;
  select)
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    generate "$tmp"
    dest=codegen/src/test/resources/onnx-node
    rm -rf "$dest"
    mkdir -p "$dest"
    "$py" - "$tmp/node" "$dest" "$CLAIMED" <<'PY'
import os, shutil, sys
import onnx
src, dest, claimed = sys.argv[1], sys.argv[2], sys.argv[3].split()
rows = []
for case in sorted(os.listdir(src)):
    model = onnx.load(os.path.join(src, case, "model.onnx"))
    ops = sorted({n.op_type for n in model.graph.node} - {"Constant"})
    if not ops or not set(ops) <= set(claimed):
        continue
    if len(ops) == 1:
        op = ops[0]
    else:  # an expanded function test: named after the operator it expands
        op = next(c for c in claimed if case[len("test_"):].replace("_", "").startswith(c.lower()))
    os.makedirs(os.path.join(dest, case))
    shutil.copy(os.path.join(src, case, "model.onnx"), os.path.join(dest, case))
    data = os.path.join(src, case, "test_data_set_0")
    size = sum(os.path.getsize(os.path.join(data, f)) for f in os.listdir(data))
    if size <= 256 * 1024:
        shutil.copytree(data, os.path.join(dest, case, "test_data_set_0"))
    rows.append((case, op, size <= 256 * 1024))
with open(os.path.join(dest, "cases.tsv"), "w") as f:
    f.write("# ONNX backend node tests (python3-onnx %s) for the operators tinyprune claims; written by "
            "scripts/onnx-node-tests.sh select\n# case\top\tdata (no: model only, data over 256 KB)\n" % onnx.__version__)
    for case, op, data in rows:
        f.write("%s\t%s\t%s\n" % (case, op, "yes" if data else "no"))
print("%d cases in %s" % (len(rows), dest))
PY
    du -sh "$dest"
    ;;
  *)
    echo "usage: scripts/onnx-node-tests.sh generate OUT_DIR | select" >&2
    exit 2
    ;;
esac
