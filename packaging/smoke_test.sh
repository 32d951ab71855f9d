#!/usr/bin/env bash
# Run the standalone bundle as a person without Python would: from an empty environment
# (no virtual environment, no PYTHONPATH, a PATH of /usr/bin:/bin and a fresh HOME), ask its
# version, take a screenshot of the real window offscreen, and simulate a short history.
# Usage: bash packaging/smoke_test.sh [dist/tastetrail/tastetrail]
set -euo pipefail

bundle=${1:-dist/tastetrail/tastetrail}
if [[ ! -x "$bundle" ]]; then
    echo "smoke_test: no bundle at $bundle; run 'make dist' first" >&2
    exit 2
fi
bundle=$(cd "$(dirname "$bundle")" && pwd)/$(basename "$bundle")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home"
clean=(env -i "HOME=$work/home" PATH=/usr/bin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen)

fail() {
    echo "smoke_test: FAILED: $*" >&2
    exit 1
}

version=$(cd "$work" && "${clean[@]}" "$bundle" --version) || fail "--version exited $?"
[[ "$version" =~ ^tastetrail\ [0-9]+\.[0-9]+ ]] || fail "--version printed '$version'"
echo "smoke_test: $version"

(cd "$work" && "${clean[@]}" "$bundle" screenshot --out "$work/window.png" --swipes 120 --days 2) \
    || fail "screenshot exited $?"
[[ "$(head -c 8 "$work/window.png" | od -An -tx1 | tr -d ' \n')" == 89504e470d0a1a0a ]] \
    || fail "screenshot did not write a PNG"
echo "smoke_test: screenshot $(stat -c %s "$work/window.png") bytes"

(cd "$work" && "${clean[@]}" "$bundle" simulate --db "$work/s.sqlite3" --swipes 500 --days 2 \
    --tz UTC --progress never) > "$work/simulate.out" || fail "simulate exited $?"
grep -q "invariants            ok" "$work/simulate.out" || fail "simulate: $(cat "$work/simulate.out")"
echo "smoke_test: simulate:$(grep 'rows written' "$work/simulate.out" | tr -s ' ')"
echo "smoke_test: ok"
