#!/usr/bin/env bash
# run_bad_fixtures.sh ENTENTE_BINARY: every tests/fixtures/bad/*.lua must make `entente check`
# fail cleanly: exit status exactly 1, nothing on stdout, and the expected message as the first
# line of stderr. Run from the project root, so that paths in messages match the fixtures.
#
# The expected message is the fixture's first line, `-- expect: <message>`. A file that cannot
# carry a comment (a compiled chunk) has it in a sidecar NAME.expect beside NAME.lua instead.
set -u

if [ $# -ne 1 ]; then
    echo "usage: $0 ENTENTE_BINARY   (run from the project root)" >&2
    exit 2
fi
entente=$1
dir=tests/fixtures/bad
min_fixtures=30

if [ ! -x "$entente" ]; then
    echo "$0: '$entente' is not an executable" >&2
    exit 2
fi
if [ ! -d "$dir" ]; then
    echo "$0: no $dir here: run from the project root" >&2
    exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
fail() {
    echo "FAIL $1: $2"
    failed=$((failed + 1))
}

shopt -s nullglob
fixtures=("$dir"/*.lua)

for f in "${fixtures[@]}"; do
    sidecar=${f%.lua}.expect
    first=""
    # read drops NUL bytes, so a binary chunk simply has no expect comment.
    IFS= read -r first < "$f" 2>/dev/null || true
    first=${first%$'\r'}
    if [[ $first == "-- expect: "* ]]; then
        if [ -e "$sidecar" ]; then
            fail "$f" "has both an expect comment and $sidecar: keep one"
            continue
        fi
        expected=${first#"-- expect: "}
    elif [ -e "$sidecar" ]; then
        expected=""
        IFS= read -r expected < "$sidecar" || true
        expected=${expected%$'\r'}
    else
        fail "$f" "no expectation: start it with '-- expect: <message>' or add $sidecar"
        continue
    fi
    if [ -z "$expected" ]; then
        fail "$f" "the expected message is empty"
        continue
    fi

    timeout 10 "$entente" check "$f" > "$work/out" 2> "$work/err" < /dev/null
    status=$?
    got=""
    IFS= read -r got < "$work/err" || true

    if [ "$status" -eq 124 ]; then
        fail "$f" "timed out after 10 s"
    elif [ "$status" -ne 1 ]; then
        fail "$f" "exit status $status (expected 1); stderr: $got"
    elif [ -s "$work/out" ]; then
        fail "$f" "printed on stdout: $(head -c 200 "$work/out")"
    elif [ "$got" != "$expected" ]; then
        fail "$f" "wrong message
    expected: $expected
    got:      $got"
    else
        passed=$((passed + 1))
    fi
done

# A sidecar whose fixture was renamed or deleted would otherwise go unnoticed.
for e in "$dir"/*.expect; do
    [ -e "${e%.expect}.lua" ] || fail "$e" "no ${e%.expect}.lua for this expectation"
done

if [ "${#fixtures[@]}" -lt "$min_fixtures" ]; then
    fail "$dir" "only ${#fixtures[@]} fixtures (at least $min_fixtures expected)"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
