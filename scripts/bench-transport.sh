#!/usr/bin/env bash
# Warm pooled `run` of `true` vs ssh+ControlMaster vs a fresh ssh, side by side in one run (release build).
# Usage: scripts/bench-transport.sh [ITERATIONS]
set -euo pipefail
cd "$(dirname "$0")/../Benchmarks/TransportBench"
swift build -c release --product TransportBench >&2
"$(swift build -c release --show-bin-path)/TransportBench" "${1:-200}"
