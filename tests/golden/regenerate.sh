#!/usr/bin/env bash
# regenerate.sh ENTENTE: rewrite the golden transcripts after an intended change of behaviour.
# Run from the project root: bash tests/golden/regenerate.sh build/dev/engine/app/entente
# Then read the diff (git diff tests/golden) before committing: every change must be explained.
set -euo pipefail
entente=${1:?usage: regenerate.sh PATH_TO_ENTENTE}
scenario=scripts/scenarios/ukraine_guarantees.lua
for variant in baseline russia_veto us_ground_troops; do
  "$entente" run "$scenario" --variant "$variant" --json "tests/golden/ukraine_$variant.json" \
    > "tests/golden/ukraine_$variant.txt"
done
echo "golden transcripts rewritten: $(ls tests/golden/*.txt | wc -l) transcripts"
