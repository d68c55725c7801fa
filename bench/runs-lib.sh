# Shared by bench/ablations and bench/precision-runs (sourced, not run): training runs started
# side by side, then each run's last checkpoint scored on the val split.

# wait_runs OUT RUN=PID...: waits for every run, then exits 1 naming the logs of those that
# failed (every run finishes before any failure is reported).
wait_runs() {
  local out="$1" failed=0 entry
  shift
  for entry in "$@"; do
    if ! wait "${entry#*=}"; then
      echo "run ${entry%%=*} failed: see $out/${entry%%=*}.log" >&2
      failed=1
    fi
  done
  (( failed == 0 )) || exit 1
}

# score_last MEDCL DATA OUT RUN: predicts the val images with RUN's last checkpoint, raw and
# with the largest component, and evaluates both into OUT/RUN/val-last-{raw,lcc}.txt (written
# under a temporary name, then renamed); predict logs beside them.
score_last() {
  local medcl="$1" data="$2" out="$3" run="$4" variant
  local -a extra
  for variant in raw lcc; do
    extra=()
    [[ $variant == lcc ]] && extra=(--largest-component)
    "$medcl" predict --model "$out/$run" --checkpoint last --input "$data/val/images" \
      --output "$out/$run/val-last-$variant" "${extra[@]}" > "$out/$run/val-last-$variant.log" 2>&1
    "$medcl" evaluate --pred "$out/$run/val-last-$variant" --gt "$data/val/labels" \
      --name "$run-$variant" > "$out/$run/val-last-$variant.txt.tmp"
    mv "$out/$run/val-last-$variant.txt.tmp" "$out/$run/val-last-$variant.txt"
  done
}
