#!/usr/bin/env bash
# Cross-check of our ap_int/ap_fixed (templates/hls/ap_types) against Xilinx's headers: xcheck.cpp is compiled once
# per part against each library and both binaries must write identical output. Works from any directory.
#
#   tests/cpp/vendor_xcheck/run.sh <vendor ap_types folder> [part ...]     (default parts: all, 0-5)
#   tests/cpp/vendor_xcheck/run.sh --regen ...                             regenerate xcheck_cases.inc first
#
# Environment: CXX (default g++), PYTHON (default python3), XCHECK_CACHE (folder for compiled outputs; default a
# temporary folder). Outputs are cached by a hash of everything they depend on (sources, the library's headers, the
# compiler and flags), so a rerun compiles only what changed -- normally just our side after a header change.
# Prints "xcheck: <lines> lines, <values> values in <parts> parts: identical" or the first differences (exit 1).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
OURS="$ROOT/templates/hls/ap_types"
CXX="${CXX:-g++}"
PYTHON="${PYTHON:-python3}"
FLAGS=(-std=c++17 -O0)

if [[ "${1:-}" == "--regen" ]]; then
    "$PYTHON" "$HERE/gen_xcheck.py"
    shift
fi
VENDOR="${1:?usage: run.sh [--regen] <vendor ap_types folder> [part ...]}"
shift
PARTS=("$@")
[[ ${#PARTS[@]} -gt 0 ]] || PARTS=(0 1 2 3 4 5)

CACHE="${XCHECK_CACHE:-}"
if [[ -z "$CACHE" ]]; then
    CACHE="$(mktemp -d)"
    trap 'rm -rf "$CACHE"' EXIT
fi
mkdir -p "$CACHE"

tree_hash() { (cd "$1" && find . -type f -name '*.h' | LC_ALL=C sort | xargs sha256sum) | sha256sum | cut -c1-16; }
src_hash="$(cat "$HERE/xcheck.cpp" "$HERE/xcheck_cases.inc" <("$CXX" --version) <(echo "${FLAGS[*]}") | sha256sum | cut -c1-16)"
ours_hash="$(tree_hash "$OURS")"
vendor_hash="$(tree_hash "$VENDOR")"

# output <name> <include dir> <library hash> <part>: the cached output file, compiling and running if needed.
output() {
    local out="$CACHE/$1-$src_hash-$3-p$4.txt"
    if [[ ! -f "$out" ]]; then
        local bin="$CACHE/$1-$$-p$4"
        "$CXX" "${FLAGS[@]}" -DXCHECK_PART="$4" -I "$2" -I "$HERE" "$HERE/xcheck.cpp" -o "$bin"
        # The vendor headers print warnings on stdout/stderr; the cases go to the file.
        "$bin" "$out.tmp" >/dev/null 2>&1
        rm -f "$bin"
        mv "$out.tmp" "$out"
    fi
    echo "$out"
}

fail=0
lines=0
values=0
for part in "${PARTS[@]}"; do
    # Both sides compile concurrently (two cores); each writes its output file path on success.
    output ours "$OURS" "$ours_hash" "$part" >"$CACHE/.ours-$$" &
    p1=$!
    output vendor "$VENDOR" "$vendor_hash" "$part" >"$CACHE/.vendor-$$" &
    p2=$!
    wait $p1 || { echo "part $part: building or running against our headers failed"; exit 2; }
    wait $p2 || { echo "part $part: building or running against the vendor headers failed"; exit 2; }
    a="$(cat "$CACHE/.ours-$$")"
    b="$(cat "$CACHE/.vendor-$$")"
    rm -f "$CACHE/.ours-$$" "$CACHE/.vendor-$$"
    n=$(wc -l <"$a")
    lines=$((lines + n))
    values=$((values + $(wc -w <"$a")))
    if ! cmp -s "$a" "$b"; then
        fail=1
        echo "part $part: outputs differ (first differences; each line: case.value, inputs, then op<W,I,sign>raw ...):"
        diff "$a" "$b" | head -n 12 | cut -c1-400 || true
    else
        echo "part $part: $n lines identical"
    fi
done
if [[ $fail != 0 ]]; then
    echo "xcheck: outputs differ"
    exit 1
fi
echo "xcheck: $lines lines, $values values in ${#PARTS[@]} parts: identical"
