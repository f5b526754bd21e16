#!/usr/bin/env bash
# .ci/tools.sh checks yanchu's real output with tools nobody on the team wrote
# (see ../shared/VERIFY.md): admesh and PrusaSlicer on STL and 3MF, the Khronos
# glTF validator on GLB, and clean failures on bad input. It prints one PASS or
# FAIL line per check and exits non-zero if any failed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$PWD
CELLS="${CELLS:-400}"
EXAMPLES="${EXAMPLES:-r1 r2 r3}"
GLB_LIMIT=200000 # pipeline.DefaultGLBTriangles
SPIRAL_WORDS="花瓶 高15厘米 花瓶模式" # a single-wall vase for spiral vase mode
NEED_GIB=4       # R3 at 400 cells: a 0.9 GB STL and a 0.2 GB 3MF, one example at a time

base="${TMPDIR:-/var/tmp}"
work=$(mktemp -d -p "$base" yanchu-tools.XXXXXX)
trap 'rm -rf "$work"' EXIT

pass=0
fail=0
failed_checks=()
timings=()

ok() { pass=$((pass + 1)); echo "PASS $1"; }
bad() { fail=$((fail + 1)); failed_checks+=("$1"); echo "FAIL $1${2:+: $2}"; }
elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

# check NAME CMD... records PASS when CMD succeeds. CMD prints its own evidence
# and its reason on failure.
check() {
	local name=$1 t0 secs
	shift
	t0=$EPOCHREALTIME
	if "$@"; then
		secs=$(elapsed "$t0")
		ok "$name (${secs}s)"
	else
		secs=$(elapsed "$t0")
		bad "$name (${secs}s)"
	fi
	timings+=("${secs}s  $name")
}

for t in go admesh prusa-slicer node python3 timeout; do
	command -v "$t" >/dev/null || bad "tool $t" "not on PATH"
done
[ -d tools/gltfcheck/node_modules/gltf-validator ] ||
	bad "tool gltf-validator" "missing; run npm ci in tools/gltfcheck"

avail_gib=$(df -Pk "$work" | awk 'NR == 2 { printf "%d", $4 / 1048576 }')
echo "work dir $work: ${avail_gib} GiB free"
if [ "$avail_gib" -lt "$NEED_GIB" ]; then
	bad "disk space" "${avail_gib} GiB free in $base, need ${NEED_GIB}; set TMPDIR to a bigger disk"
fi

bin="$work/yanchu"
check "build yanchu" go build -o "$bin" ./cmd/yanchu

# result FILE.json OUT FORMAT EXAMPLE: the result document says the mesh is
# watertight and describes the file written.
result() {
	python3 - "$@" "$GLB_LIMIT" <<'PY'
import json, os, sys
doc, out, fmt, ex, glb_limit = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
with open(doc) as f:
    d = json.load(f)
m, files = d["mesh"], d["files"]
print(f"  {ex}.{fmt}: {m['triangles']} triangles, {m['components']} bodies, watertight {m['watertight']}, "
      f"manifold {m['manifold']}, volume {m['volume_mm3']} mm3, mesh {d['timings_ms']['mesh']:.0f} ms")
problems = []
if m["watertight"] is not True:
    problems.append("mesh.watertight is not true")
if len(files) != 1:
    problems.append(f"{len(files)} files listed, want 1")
else:
    f = files[0]
    print(f"  file {f['path']}: {f['format']}, {f['bytes']} bytes, {f['triangles']} triangles")
    size = os.path.getsize(out) if os.path.exists(out) else -1
    if size != f["bytes"]:
        problems.append(f"files[0].bytes {f['bytes']}, but the file has {size}")
    if fmt == "glb" and not 0 < f["triangles"] <= glb_limit:
        problems.append(f"GLB has {f['triangles']} triangles, want 1 to {glb_limit}")
    if fmt != "glb" and f["triangles"] != m["triangles"]:
        problems.append(f"file has {f['triangles']} triangles, mesh {m['triangles']}")
for p in problems:
    print("  " + p)
sys.exit(1 if problems else 0)
PY
}

# triangles FILE.json prints mesh.triangles.
triangles() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["mesh"]["triangles"])' "$1"; }

# mesh_one EXAMPLE FORMAT meshes one example to one file and checks the result.
mesh_one() {
	local ex=$1 fmt=$2 rc=0
	local out="$work/$ex.$fmt"
	timeout 900 "$bin" mesh --example "$ex" --cells "$CELLS" -o "$out" --json >"$out.json" 2>"$out.err" || rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "  exit $rc, want 0"
		tail -n 5 "$out.err" "$out.json"
		return 1
	fi
	result "$out.json" "$out" "$fmt" "$ex"
}

# make_json DIR WORDS ARGS... runs yanchu make into a fresh DIR with the result
# document in DIR/result.json, and fails unless it exits 0.
make_json() {
	local dir=$1 words=$2 rc=0
	shift 2
	rm -rf "$dir" && mkdir -p "$dir"
	timeout 1800 "$bin" make "$words" -o "$dir" "$@" --json >"$dir/result.json" 2>"$dir/err" || rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "  exit $rc, want 0"
		tail -n 5 "$dir/err" "$dir/result.json"
		return 1
	fi
}

# make_one WORDS DIR GCODE [ARGS...] runs yanchu make at the default resolution for
# the MK3S, with G-code when GCODE is yes, and checks the result document: the
# mesh, the files, and the print time, filament and layers read back from
# PrusaSlicer's G-code.
make_one() {
	local words=$1 dir=$2 gcode=$3 formats=3mf,stl
	shift 3
	[ "$gcode" = yes ] && formats=3mf,stl,gcode
	make_json "$dir" "$words" --printer mk3s --formats "$formats" "$@" || return 1
	python3 - "$dir/result.json" "$gcode" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
sliced = sys.argv[2] == "yes"
m = d["mesh"]
print("  %s: %d triangles, %d bodies, watertight %s, timings %s" % (d["canonical"], m["triangles"], m["components"], m["watertight"], d["timings_ms"]))
rep = d.get("report") or {}
print("  report for %s: printable %s, findings %s" % (rep.get("printer"), rep.get("printable"), [f["code"] for f in rep.get("findings", [])]))
g = (d.get("print") or {}).get("gcode") or {}
print("  G-code: %s layers, %s (%s s), %s mm of filament, %s g; %s" % (g.get("layers"), g.get("time"), g.get("time_s"), g.get("filament_mm"), g.get("filament_g"), g.get("config")))
for f in g.get("fusion") or []:
    print("    %s: %.2f mm2 in the gap, %.2f away from ties" % (f["gap"], f["area_mm2"], f["outside_ties_mm2"]))
ok = m["watertight"] and m["manifold"] and len(d["files"]) == (3 if sliced else 2) and rep.get("printer") == "mk3s"
if sliced:
    ok = ok and g.get("layers", 0) > 0 and g.get("time_s", 0) > 0 and g.get("filament_mm", 0) > 0
sys.exit(0 if ok else 1)
PY
}

# admesh_check FILE.stl WANT_TRIANGLES: admesh exits 0 whatever it finds, so the
# report is parsed. -e -v never adds or removes facets, so counts must agree.
admesh_check() {
	local f=$1 want=$2 rep rc=0
	rep=$(timeout 300 admesh -e -v "$f" 2>&1) || rc=$?
	printf '%s\n' "$rep" | grep -E 'Number of facets|disconnected facets|Backwards edges|Normals fixed|Volume|Facets reversed|Degenerate|[Ww]arning' | sed 's/^/  /'
	if [ "$rc" -ne 0 ]; then
		echo "  admesh exit $rc (124: timed out)"
		return 1
	fi
	printf '%s\n' "$rep" | awk -v want="$want" '
		function after_colon(line) { sub(/^[^:]*:/, "", line); return line }
		function all_zero(line,   n, i, v) {
			n = split(after_colon(line), v, " ")
			if (n == 0) return 0
			for (i = 1; i <= n; i++) if (v[i] != "0") return 0
			return 1
		}
		/[Ww]arning/ { print "  warning line: " $0; bad = 1 }
		/^Number of facets/ { seen["facets"] = 1; n = split(after_colon($0), v, " ")
			for (i = 1; i <= n; i++) if (v[i] != want) { print "  facets " v[i] ", want " want; bad = 1 } }
		/^Total disconnected facets/ { seen["disconnected"] = 1; if (!all_zero($0)) { print "  disconnected facets"; bad = 1 } }
		/^Backwards edges/ { seen["backwards"] = 1; if (!all_zero($0)) { print "  backwards edges"; bad = 1 } }
		/^Normals fixed/ { seen["normals"] = 1; if (!all_zero($0)) { print "  normals fixed"; bad = 1 } }
		/Volume *:/ { seen["volume"] = 1; line = $0; sub(/.*Volume *: */, "", line); split(line, v, " ")
			if (!(v[1] + 0 > 0)) { print "  volume " v[1] " is not positive"; bad = 1 } }
		END {
			split("facets disconnected backwards normals volume", need, " ")
			for (i in need) if (!(need[i] in seen)) { print "  admesh report has no " need[i] " line"; bad = 1 }
			exit bad
		}'
}

# prusa_check FILE WANT_TRIANGLES [WANT_PARTS]: PrusaSlicer --info prints one
# block, headed "[file name]", per object; each must say manifold = yes.
prusa_check() {
	local f=$1 want=$2 parts=${3:-} rep rc=0
	rep=$(timeout 900 prusa-slicer --info "$f" 2>&1) || rc=$?
	printf '%s\n' "$rep" | grep -E '^\[[^]]*\]$|^(number_of_facets|manifold|number_of_parts|volume|open_edges|facets_reversed|facets_removed|backwards_edges)|[Ff]ail|[Ee]rror' | sed 's/^/  /'
	if [ "$rc" -ne 0 ]; then
		echo "  prusa-slicer exit $rc (124: timed out)"
		return 1
	fi
	printf '%s\n' "$rep" | awk -v want="$want" -v parts="$parts" '
		/^size_x *=/ { objects++ }
		/^manifold *=/ { if ($0 ~ /= *yes *$/) yes++; else { print "  " $0; bad = 1 } }
		/open_edges|facets_reversed/ { print "  " $0; bad = 1 }
		/^number_of_facets *=/ { split($0, v, "="); facets += v[2] }
		/^number_of_parts *=/ { split($0, v, "="); nparts = v[2] + 0 }
		/Loading of a model file failed/ { print "  " $0; bad = 1 }
		END {
			if (objects < 1) { print "  no object in the report"; bad = 1 }
			if (yes != objects) { print "  " yes " of " objects " objects say manifold = yes"; bad = 1 }
			if (facets != want) { print "  " facets " facets, want " want; bad = 1 }
			if (parts != "") {
				if (objects != 1) { print "  " objects " objects, want 1"; bad = 1 }
				if (nparts != parts) { print "  number_of_parts " nparts ", want " parts; bad = 1 }
			}
			exit bad
		}'
}

# gcode_check FILE: PrusaSlicer's G-code has layers and its footer.
gcode_check() {
	local layers
	[ -s "$1" ] || { echo "  no G-code"; return 1; }
	layers=$(grep -c '^;LAYER_CHANGE' "$1" || true)
	echo "  $layers layers; $(grep -m1 'estimated printing time (normal mode)' "$1" || echo 'no time estimate')"
	[ "$layers" -gt 0 ] && grep -q 'estimated printing time' "$1"
}

gltf_check() {
	local rep rc=0
	rep=$(timeout 300 node tools/gltfcheck/validate.mjs "$1" 2>&1) || rc=$?
	printf '%s\n' "$rep" | grep -E '"(numErrors|numWarnings|validatorVersion)"|"message"' | head -n 20 | sed 's/^/  /'
	[ "$rc" -eq 0 ] || { echo "  validator exit $rc"; return 1; }
}

# bad_input NAME ARGS...: exit 2, a JSON error document with a code on stdout,
# and nothing written.
bad_input() {
	local dir="$work/bad" rc=0
	rm -rf "$dir" && mkdir -p "$dir"
	(cd "$dir" && timeout 120 "$bin" mesh "$@" --json >../bad.out 2>../bad.err) || rc=$?
	echo "  yanchu mesh $* --json: exit $rc; stderr: $(head -c 300 "$work/bad.err")"
	local problems=0
	[ "$rc" -eq 2 ] || { echo "  exit $rc, want 2"; problems=1; }
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
e = d.get("error") or {}
print("  error code %r: %s" % (e.get("code"), e.get("message")))
sys.exit(0 if isinstance(e.get("code"), str) and e["code"] and e.get("message") else 1)' "$work/bad.out" ||
		{ echo "  stdout is not a JSON error document with a code and a message"; problems=1; }
	if [ -n "$(ls -A "$dir")" ]; then
		echo "  wrote: $(ls -A "$dir" | tr '\n' ' ')"
		problems=1
	fi
	return $problems
}

# check_file FILE: yanchu check reports on a mesh yanchu wrote.
check_file() {
	local rc=0
	timeout 300 "$bin" check "$1" --printer mk3s --json >"$work/check.out" 2>"$work/check.err" || rc=$?
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
r = d.get("report") or {}
print("  %d triangles, %d bodies; report for %s: printable %s, %s" % (d["mesh"]["triangles"], d["mesh"]["components"], r.get("printer"), r.get("printable"), [f["code"] for f in r.get("findings", [])]))
sys.exit(0 if r.get("printer") == "mk3s" and d["mesh"]["watertight"] else 1)' "$work/check.out" && [ "$rc" -eq 0 ]
}

# a1mini_ball: the 8-layer ball for the A1 mini names its 7 inner shells as
# islands and stands with a column of openings down.
a1mini_ball() {
	local dir="$work/a1mini" rc=0
	make_json "$dir" "鬼工球 8层 直径80毫米" --printer a1mini || return 1
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
isl = [f for f in d["report"]["findings"] if f["code"] == "island"]
for f in isl:
    print("  " + f["place"] + ": " + f["advice"][:100])
o = d["print"]["orientation"]
print("  orientation: " + o[:120])
sys.exit(0 if len(isl) == 7 and "column" in o and d["print"]["turned"] else 1)' "$dir/result.json" || rc=$?
	rm -rf "$dir"
	return $rc
}

# mk3s_ball WORDS ties|none: G-code for the MK3S and the fusion check read back.
# With ties, what lies in the gaps away from the ties is within 10% of the ties'
# cross-section; without, every gap's extrusion is stated.
mk3s_ball() {
	local dir="$work/mk3s" rc=0
	make_json "$dir" "$1" --printer mk3s --formats gcode || return 1
	python3 -c '
import json, sys
d, mode = json.load(open(sys.argv[1])), sys.argv[2]
g = d["print"]["gcode"]
print("  %d bodies, %d ties (%.2f mm2); G-code %d layers, %s, %.1f g" % (d["mesh"]["components"], d["print"].get("ties", 0), d["print"].get("ties_area_mm2", 0), g["layers"], g["time"], g["filament_g"]))
bad = len(g["fusion"]) != 7
for f in g["fusion"]:
    print("    %s: %.2f mm2 of the model in the gap, %.2f away from the ties (ties %.2f mm2), %.2f mm2 of support" % (f["gap"], f["area_mm2"], f["outside_ties_mm2"], f["ties_area_mm2"], f["support_mm2"]))
    if mode == "ties" and (f["area_mm2"] <= 0 or f["outside_ties_mm2"] > 0.1 * f["ties_area_mm2"]):
        bad = True
print("  bottom poles nothing holds up: %s" % (g.get("unreached_poles") or "none"))
if mode == "ties" and (d["mesh"]["components"] != 1 or g.get("unreached_poles")):
    bad = True
if mode == "none" and d["mesh"]["components"] != 8:
    bad = True
sys.exit(1 if bad else 0)' "$dir/result.json" "$2"
	rc=$?
	rm -rf "$dir"
	return $rc
}

# spiral_vase WORDS: a single-wall vase slices in PrusaSlicer's spiral vase mode:
# the result document says so, read back from the G-code's own configuration.
spiral_vase() {
	local dir="$work/spiral" rc=0
	make_json "$dir" "$1" --printer mk3s --formats 3mf,gcode || return 1
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
p = d["print"]
g = p.get("gcode") or {}
print("  print: spiral_vase %s; G-code %s layers, %s, spiral_vase %s, supports %s" % (p.get("spiral_vase"), g.get("layers"), g.get("time"), g.get("spiral_vase"), g.get("supports")))
for f in d.get("facts") or []:
    print("  %s: %s %s (%s) %s" % (f["name"], f["value"], f["unit"], f["source"], f.get("note", "")))
sys.exit(0 if p.get("spiral_vase") and g.get("spiral_vase") and g.get("layers", 0) > 0 else 1)' "$dir/result.json" || rc=$?
	grep -q '^; spiral_vase = 1' "$dir/model.gcode" || { echo "  the G-code does not say spiral_vase = 1"; rc=1; }
	rm -rf "$dir"
	return $rc
}

# carve_film DIR: a rippled vase, drawn by yanchu as a turntable MP4 (through
# ffmpeg, shadow and all) and carved back from it by yanchu carve with the
# height said: the copy is closed, as tall as said to 1%, and as wide as the
# vase to 5% (its hull; the cavity is out of every silhouette's reach).
carve_film() {
	local dir=$1 words="花瓶 高12厘米 波纹3毫米" rc=0
	rm -rf "$dir" && mkdir -p "$dir"
	"$bin" make "$words" -o "$dir/vase" --formats stl --json >"$dir/vase.json" 2>"$dir/err" || { tail -n 5 "$dir/err"; return 1; }
	timeout 600 "$bin" render "$dir/vase/model.stl" -o "$dir/turn.mp4" --size 384 >"$dir/render.out" 2>&1 || { tail -n 5 "$dir/render.out"; return 1; }
	timeout 600 "$bin" carve "$dir/turn.mp4" "高12厘米" -o "$dir/copy" --formats 3mf,stl --json >"$dir/result.json" 2>"$dir/err" || rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "  yanchu carve exit $rc, want 0"
		tail -n 5 "$dir/err" "$dir/result.json"
		return 1
	fi
	python3 - "$dir/vase.json" "$dir/result.json" <<'PY'
import json, sys
vase, copy = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
want_w = vase["spec"]["params"]["diameter"]["value"]
m = copy["mesh"]
lo, hi = m["bbox_mm"]["min"], m["bbox_mm"]["max"]
w, h = hi[0] - lo[0], hi[2] - lo[2]
p = copy["spec"]["params"]
print(f"  {copy['canonical']}")
print(f"  carved {m['triangles']} triangles, watertight {m['watertight']}, {w:.2f} mm wide (the vase {want_w}), {h:.2f} mm tall (said 120); "
      f"pitch {p['pitch']['value']}° ({p['pitch']['source']}); timings {copy['timings_ms']}")
bad = []
if not m["watertight"] or m["components"] != 1:
    bad.append("the copy is not one closed body")
if abs(h - 120) > 1.2:
    bad.append(f"height {h:.2f} mm, want 120 to 1%")
if abs(w - want_w) > 0.05 * want_w:
    bad.append(f"width {w:.2f} mm, want {want_w} to 5%")
for b in bad:
    print("  " + b)
sys.exit(1 if bad else 0)
PY
}

# check_broken: yanchu check refuses a truncated STL with bad_mesh and exit 2.
check_broken() {
	local f="$work/broken.stl" rc=0
	printf 'solid x\nfacet normal 0 0 1\nouter loop\nvertex 1 2\n' >"$f"
	timeout 60 "$bin" check "$f" --json >"$work/check.out" 2>"$work/check.err" || rc=$?
	echo "  exit $rc; $(head -c 300 "$work/check.out")"
	[ "$rc" -eq 2 ] && grep -q '"bad_mesh"' "$work/check.out"
}

if [ -x "$bin" ]; then
	for ex in $EXAMPLES; do
		for fmt in stl 3mf glb; do
			out="$work/$ex.$fmt"
			echo
			echo "== $ex.$fmt at --cells $CELLS"
			check "yanchu mesh $ex.$fmt" mesh_one "$ex" "$fmt" || true
			if [ ! -s "$out" ] || [ ! -s "$out.json" ]; then
				bad "$ex.$fmt checks" "no file to check"
				continue
			fi
			tris=$(triangles "$out.json" 2>/dev/null || echo 0)
			case $fmt in
			stl)
				check "admesh $ex.stl" admesh_check "$out" "$tris"
				check "prusa-slicer --info $ex.stl" prusa_check "$out" "$tris"
				;;
			3mf)
				if [ "$ex" = r1 ]; then
					check "prusa-slicer --info $ex.3mf (one object, 8 parts)" prusa_check "$out" "$tris" 8
				else
					check "prusa-slicer --info $ex.3mf" prusa_check "$out" "$tris"
				fi
				;;
			glb)
				check "glTF validator $ex.glb" gltf_check "$out"
				;;
			esac
			rm -f "$out" # keep the disk small: R3's STL alone is 0.9 GB
		done
	done

	# Every example of a registered domain, at the default resolution: the STL
	# through admesh and PrusaSlicer, the 3MF through PrusaSlicer as one object
	# with a part per body; G-code for the MK3S for a sample, the first example of
	# each domain (slicing is the slow check; the puzzle ball is sliced twice more
	# below). A row of a domain that is not registered fails; a row with a
	# picture needs --image.
	sliced=" "
	examples="../shared/examples/prompts.tsv"
	[ -f "$examples" ] || bad "examples" "no $examples"
	registered=" $("$bin" domains --json | python3 -c 'import json, sys; print(" ".join(d["domain"] for d in json.load(sys.stdin)["domains"]))') "
	echo "registered domains:$registered"
	n=0
	while IFS=$'\t' read -r words image domain parts _; do
		case $words in '#'* | '') continue ;; esac
		case $registered in *" $domain "*) ;; *)
			bad "example \"$words\"" "the $domain domain is not registered"
			continue
			;;
		esac
		n=$((n + 1))
		dir="$work/ex$n"
		extra=()
		[ "$image" = "-" ] || extra=(--image "../shared/examples/images/$image")
		echo
		echo "== example $n ($domain): $words"
		gcode=no
		case $sliced in *" $domain "*) ;; *)
			gcode=yes
			sliced="$sliced$domain "
			;;
		esac
		check "yanchu make \"$words\"" make_one "$words" "$dir" "$gcode" "${extra[@]}" || true
		if [ ! -s "$dir/model.stl" ] || [ ! -s "$dir/model.3mf" ]; then
			bad "example $n checks" "no files to check"
			continue
		fi
		tris=$(triangles "$dir/result.json" 2>/dev/null || echo 0)
		check "admesh example $n" admesh_check "$dir/model.stl" "$tris"
		check "prusa-slicer --info example $n STL" prusa_check "$dir/model.stl" "$tris"
		check "prusa-slicer --info example $n 3MF (one object, $parts parts)" prusa_check "$dir/model.3mf" "$tris" "$parts"
		[ "$gcode" = no ] || check "G-code example $n has layers" gcode_check "$dir/model.gcode"
		check "yanchu check example $n STL" check_file "$dir/model.stl"
		rm -rf "$dir"
	done <"$examples"
	[ "$n" -gt 0 ] || bad "examples" "no example of a registered domain found"

	echo
	echo "== bad input"
	check "bad input: unknown example r9" bad_input --example r9 -o x.stl
	check "bad input: --cells 0" bad_input --example r1 --cells 0 -o x.stl
	check "bad input: .xyz extension" bad_input --example r1 -o x.xyz

	echo
	echo "== the puzzle ball on the A1 mini"
	check "a1mini: the inner shells are islands, the openings stand in a column" a1mini_ball

	echo
	echo "== the puzzle ball on the MK3S, with and without ties"
	check "mk3s with ties: material in the gaps only at the ties" mk3s_ball "鬼工球 8层 直径80毫米 连接点" ties
	check "mk3s without ties: extrusion per gap and unheld poles stated" mk3s_ball "鬼工球 8层 直径80毫米" none

	echo
	echo "== a single-wall vase in spiral vase mode"
	check "spiral vase: G-code from PrusaSlicer's spiral vase mode" spiral_vase "$SPIRAL_WORDS"

	echo
	echo "== a copy carved from a turntable film"
	if check "yanchu carve: a vase's MP4 carved back, closed and to size" carve_film "$work/carve"; then
		tris=$(triangles "$work/carve/result.json" 2>/dev/null || echo 0)
		check "admesh carved copy" admesh_check "$work/carve/copy/model.stl" "$tris"
		check "prusa-slicer --info carved copy 3MF (one object, 1 part)" prusa_check "$work/carve/copy/model.3mf" "$tris" 1
	fi
	rm -rf "$work/carve"

	echo
	echo "== yanchu check"
	check "yanchu check on a broken STL: bad_mesh, exit 2" check_broken
fi

echo
echo "== tools.sh timings"
printf '%s\n' "${timings[@]}"
if [ "$fail" -gt 0 ]; then
	echo "failed: ${failed_checks[*]}"
fi
echo "tools: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
