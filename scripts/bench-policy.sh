#!/usr/bin/env bash
# Policy engine speed in a release build: per-check median and p99 over the policy corpus, and 1 MB commands.
# Usage: scripts/bench-policy.sh [CORPUS.tsv] [ROUNDS]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${1:-$root/../shared/policy-corpus/corpus.tsv}"
cd "$root/Benchmarks/PolicyBench"
swift build -c release --product PolicyBench >&2
"$(swift build -c release --show-bin-path)/PolicyBench" "$corpus" "${2:-200}"
