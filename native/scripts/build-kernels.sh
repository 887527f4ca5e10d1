#!/usr/bin/env bash
# Builds the CUDA kernel image: src/main/cuda/flatworld.cu -> one fatbin with sm_80 and sm_90
# cubins plus compute_90 PTX (JIT-compiled by the driver on newer GPUs).
# Usage: build-kernels.sh NVCC OUTPUT.fatbin   (run by the Maven profile "nvcc" in native/pom.xml)
# Does nothing when OUTPUT is newer than every source, so an unchanged build costs nothing.
set -euo pipefail
nvcc="$1"
out="$2"
src="$(cd "$(dirname "$0")/../src/main/cuda" && pwd)"
if [[ -f "$out" ]] && [[ -z "$(find "$src" \( -name '*.cu' -o -name '*.cuh' \) -newer "$out")" ]]; then
  exit 0
fi
mkdir -p "$(dirname "$out")"
echo "nvcc: building $out"
tmp="$out.tmp.$$"
"$nvcc" -O3 -std=c++17 --fatbin \
  -gencode arch=compute_80,code=sm_80 \
  -gencode arch=compute_90,code=sm_90 \
  -gencode arch=compute_90,code=compute_90 \
  -o "$tmp" "$src/flatworld.cu"
mv -f "$tmp" "$out"
