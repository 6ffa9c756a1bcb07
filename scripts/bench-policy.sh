#!/bin/sh
# Benchmarks the policy engine in a release build: median and p99 per check over the policy corpus
# in every mode, a 100,000-line history, and a 1 MB command. Target: median under 10 µs.
# Usage: scripts/bench-policy.sh [path/to/corpus.tsv]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-${POLICY_CORPUS:-$root/Tests/PolicyTests/Fixtures/corpus.tsv}}
cd "$root/Benchmarks/PolicyBench"
swift build -c release >/dev/null
.build/release/PolicyBench "$corpus"
