#!/usr/bin/env bash
# Times `yanchu make` on each phrase given: the median wall time and peak
# resident memory of RUNS runs (default 5), whole process, with the triangles
# written. Usage: tools/bench-make.sh [-n RUNS] "<words>" ...
set -euo pipefail
runs=5
if [[ "${1:-}" == "-n" ]]; then runs=$2; shift 2; fi
bin=${YANCHU:-$(mktemp -d)/yanchu}
[[ -x "$bin" ]] || go build -o "$bin" ./cmd/yanchu
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf '%-40s %10s %10s %12s  %s\n' words median_s peak_MiB triangles "all runs (s)"
for words in "$@"; do
	times=() mems=()
	for _ in $(seq "$runs"); do
		rm -rf "$out/m"
		/usr/bin/time -f '%e %M' -o "$out/time" "$bin" make "$words" -o "$out/m" --json > "$out/json"
		read -r s kb < "$out/time"
		times+=("$s") mems+=("$kb")
	done
	tris=$(grep -o '"triangles": *[0-9]*' "$out/json" | head -1 | grep -o '[0-9]*$')
	t=$(printf '%s\n' "${times[@]}" | median)
	m=$(printf '%s\n' "${mems[@]}" | median)
	printf '%-40s %10s %10d %12s  %s\n' "$words" "$t" $((m / 1024)) "$tris" "${times[*]}"
done
