#!/usr/bin/env bash
# Times `ssh-for-agents-enforcer audit` on a generated 100,000-line audit file (decisions of every
# kind, end records, a few malformed lines), in the release build `make enforcer` makes.
# Usage: scripts/bench-audit.sh [LINES] [ENFORCER]
set -euo pipefail
lines=${1:-100000}
root=$(cd "$(dirname "$0")/.." && pwd)
enforcer=${2:-$root/.build-release/release/ssh-for-agents-enforcer}
[ -x "$enforcer" ] || { echo "bench-audit: no enforcer at $enforcer; run \`make enforcer\` first" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$lines" "$work/audit.jsonl" <<'PY'
import json, random, sys
from datetime import datetime, timedelta, timezone
total, path = int(sys.argv[1]), sys.argv[2]
random.seed(7)
start = datetime(2026, 12, 1, tzinfo=timezone.utc)
kinds = [("allow", [], "ls -la /var/log"), ("allow", [], "df -h /"),
         ("needs_confirmation", ["rm.any"], "rm -rf /tmp/build"),
         ("block", ["rm.root"], "rm -rf /"), ("block", ["disk.mkfs"], "mkfs.ext4 /dev/sda1")]
written = 0
with open(path, "w") as out:
    while written < total:
        decision, rules, command = random.choice(kinds)
        when = (start + timedelta(seconds=written * 2)).strftime("%Y-%m-%dT%H:%M:%SZ")
        record = {"event": "decision", "time": when, "user": random.choice(["agent", "deploy"]),
                  "source_address": "192.0.2.%d" % random.randint(1, 20), "source_port": 50000 + written % 1000,
                  "key_fingerprint": "SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "exec_id": "%016x" % written,
                  "mode": "guarded", "command": command, "decision": decision, "rules": rules,
                  "reasons": [{"rule": r, "decision": decision, "message": "because " + r} for r in rules],
                  "confirmation": {"kind": "refused" if decision == "needs_confirmation" else "none"}}
        out.write(json.dumps(record, sort_keys=True, separators=(",", ":")) + "\n"); written += 1
        if decision == "allow" and written < total:
            record.update(event="end", exit_status=0, duration_ms=3.5)
            out.write(json.dumps(record, sort_keys=True, separators=(",", ":")) + "\n"); written += 1
        if written % 10000 == 0 and written < total:
            out.write("not a record\n"); written += 1
PY

echo "bench-audit: $(wc -l <"$work/audit.jsonl") lines, $(du -h "$work/audit.jsonl" | cut -f1)"
for query in "--decision block" "--json" "--since 2026-12-02T12:00:00Z --rule rm --limit 0" ; do
  best=""
  for _ in 1 2 3 4 5; do
    started=$(date +%s%N)
    # shellcheck disable=SC2086 # the query is several words on purpose
    "$enforcer" audit --file "$work/audit.jsonl" $query >/dev/null
    elapsed=$(( ($(date +%s%N) - started) / 1000000 ))
    if [ -z "$best" ] || [ "$elapsed" -lt "$best" ]; then best=$elapsed; fi
  done
  echo "bench-audit: audit $query: best of 5: ${best} ms"
done
