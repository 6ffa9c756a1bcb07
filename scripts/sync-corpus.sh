#!/bin/sh
# Copies a newer policy corpus into the test fixtures, where CorpusTests reads it.
# Usage: scripts/sync-corpus.sh SRC   (SRC: a corpus.tsv, or a directory holding one)
set -eu
[ $# -eq 1 ] || { echo "usage: $0 SRC (a corpus.tsv or a directory holding one)" >&2; exit 2; }
src=$1
[ -d "$src" ] && src=$src/corpus.tsv
[ -f "$src" ] || { echo "$0: no corpus at $src" >&2; exit 1; }
header=$(head -n 1 "$src")
[ "$header" = "$(printf 'command\texpected\tsource')" ] || { echo "$0: $src does not start with the corpus header" >&2; exit 1; }
root=$(cd "$(dirname "$0")/.." && pwd)
dest=$root/Tests/PolicyTests/Fixtures/corpus.tsv
if cmp -s "$src" "$dest"; then echo "corpus unchanged ($(($(wc -l < "$dest") - 1)) rows)"; exit 0; fi
cp "$src" "$dest"
echo "corpus updated: $(($(wc -l < "$dest") - 1)) rows; labels now:"
tail -n +2 "$dest" | cut -f 2 | sort | uniq -c
echo "run: swift test --filter PolicyTests.CorpusTests"
