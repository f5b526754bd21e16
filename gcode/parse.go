// Package gcode reads the G-code a slicer made: how many layers, how long the print
// takes and how much filament it uses (from the summary PrusaSlicer writes at the
// end), and, on request, every extrusion as a segment with its bead's width and
// height. Fusion and PoleReach then answer questions about a nested print from
// those segments: does material bridge the clearance between two shells, and is
// an inner shell's bottom pole held up by anything.
//
// Lengths are in millimetres, times in seconds.
package gcode

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"yanchu/geom"
)

// MaxLineBytes is the longest line Parse accepts (64 KiB); PrusaSlicer's longest
// lines, the configuration dump at the end, are a few KiB.
const MaxLineBytes = 64 << 10

// DefaultMaxSegments is the most segments Parse keeps when Options.MaxSegments is 0.
// A Segment takes 88 bytes, so this many take 1.8 GB; a 20 mm test ball has
// about 30,000 and a day-long print a few million.
const DefaultMaxSegments = 20_000_000

// Options say what Parse keeps. The zero value counts layers, time and filament
// and keeps no segments.
type Options struct {
	// Segments keeps every extrusion move in Stats.Segments.
	Segments bool
	// MaxSegments caps the segments kept; more is an error. 0 means
	// DefaultMaxSegments.
	MaxSegments int
	// ArcStepMM is the longest piece an arc (G2, G3) is cut into for Segments
	// (mm); 0 means 0.2. An arc is cut into at most 4096 pieces.
	ArcStepMM float64
	// FilamentMM is the filament diameter (mm), used to work out a bead's width
	// from the filament it takes when the G-code has no ;WIDTH: comment; 0 means
	// 1.75.
	FilamentMM float64
}

// Segment is one straight extrusion: a bead laid from A to B. A and B are on the
// bead's centre line at the nozzle's height, which is the top of the bead: for
// PrusaSlicer the layer's top. The bead's cross-section is WidthMM wide and
// HeightMM tall, a rectangle with semicircular sides (PrusaSlicer's model of an
// extrusion), hanging below A and B. LayerMM is the height of the layer it was
// planned in: PrusaSlicer plans a layer's paths on the model's cross-section
// LayerMM/2 below its top, and a bead may be taller than its layer (a "thick
// bridge" is as tall as the nozzle is wide). Type is the last ;TYPE: comment,
// such as "External perimeter", "Support material" or "Overhang perimeter";
// empty before the first.
type Segment struct {
	A, B                       geom.Vec3
	WidthMM, HeightMM, LayerMM float64
	Type                       string
}

// Len returns the segment's length (mm).
func (s Segment) Len() float64 { return s.B.Sub(s.A).Len() }

// Stats is what Parse learned from a G-code file.
type Stats struct {
	// Lines is the number of lines read.
	Lines int
	// LayerCount is the number of ;LAYER_CHANGE comments (PrusaSlicer writes one
	// for every height it prints at, support-only heights included), else of
	// ;LAYER: comments (Cura), else of distinct heights at which material was
	// extruded.
	LayerCount int
	// TimeS is the estimated print time (s) from "; estimated printing time
	// (normal mode) = 1h 2m 3s", or the silent mode's when only that is given;
	// HasTime is false, and TimeS 0, when neither is present.
	TimeS   float64
	HasTime bool
	// FilamentMM, FilamentCM3 and FilamentG are the filament used, in mm of
	// filament, cm³ and grams, from PrusaSlicer's "; filament used [mm] = ..."
	// lines (summed over extruders; grams from "total filament used [g]" when the
	// per-extruder line is absent). Each is 0 with its Has flag false when absent.
	FilamentMM, FilamentCM3, FilamentG          float64
	HasFilamentMM, HasFilamentCM3, HasFilamentG bool
	// ExtrudedMM is the filament pushed by extrusion moves (mm of filament), as
	// counted from the moves themselves: a check on FilamentMM.
	ExtrudedMM float64
	// Extrusions is the number of extrusion moves (an arc counts once).
	Extrusions int
	// Bounds holds every extrusion's end points; empty when nothing was extruded.
	Bounds geom.Box
	// Segments holds the extrusions when Options.Segments is set, in file order.
	Segments []Segment
	// SpiralVase is true when the configuration block PrusaSlicer appends says
	// "; spiral_vase = 1": the print is one continuous spiral wall.
	SpiralVase bool
}

// AreaMM2 returns the extruded area of the segments: the sum of length × width
// (mm²), the footprint of the beads seen from above for horizontal moves.
func (s *Stats) AreaMM2() float64 {
	var a float64
	for _, sg := range s.Segments {
		a += sg.Len() * sg.WidthMM
	}
	return a
}

// parser holds the machine state while reading.
type parser struct {
	opt  Options
	st   *Stats
	line int

	pos       [4]float64 // X, Y, Z, E as the G-code states them (after G92)
	off       [3]float64 // machine X, Y, Z minus the stated ones
	relXYZ    bool       // G91
	relE      bool       // M83
	unit      float64    // 1 for G21 mm, 25.4 after G20
	width     float64    // from ;WIDTH:, 0 before one
	height    float64    // from ;HEIGHT:, 0 before one
	layerH    float64    // from the ;HEIGHT: right after ;Z:, 0 before one
	afterZ    bool       // the last line was a ;Z: comment
	typ       string
	types     map[string]string // interned ;TYPE: values
	filArea   float64           // filament cross-section (mm²)
	arcStep   float64
	maxSeg    int
	layerMark int // ;LAYER_CHANGE comments
	layerCura int // ;LAYER: comments
	zs        map[float64]bool
	lastZ     float64 // height of the previous distinct extrusion layer
	curZ      float64 // height of the current extrusion layer

	silentTime    float64
	hasSilentTime bool
	totalG        float64
	hasTotalG     bool
}

// Parse reads G-code from r. It follows absolute and relative positioning (G90,
// G91) and extrusion (M82, M83; G91 makes E relative too, as in Marlin and
// PrusaSlicer), G92 resets, G20/G21 units, G28 homing, straight moves (G0, G1)
// and arcs (G2, G3, with I J or R), and the comments PrusaSlicer writes. A line
// over MaxLineBytes, a malformed number in a move, or more segments than
// Options.MaxSegments is an error naming the line.
func Parse(r io.Reader, opt Options) (*Stats, error) {
	p := &parser{
		opt:     opt,
		st:      &Stats{Bounds: geom.EmptyBox()},
		unit:    1,
		types:   map[string]string{},
		zs:      map[float64]bool{},
		arcStep: opt.ArcStepMM,
		maxSeg:  opt.MaxSegments,
	}
	if !(p.arcStep > 0) || math.IsInf(p.arcStep, 0) {
		p.arcStep = 0.2
	}
	if p.maxSeg <= 0 {
		p.maxSeg = DefaultMaxSegments
	}
	d := opt.FilamentMM
	if !(d > 0) || math.IsInf(d, 0) {
		d = 1.75
	}
	p.filArea = math.Pi * d * d / 4
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), MaxLineBytes)
	for sc.Scan() {
		p.line++
		if err := p.parseLine(sc.Text()); err != nil {
			return nil, fmt.Errorf("gcode: line %d: %w", p.line, err)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("gcode: line %d is longer than %d bytes", p.line+1, MaxLineBytes)
		}
		return nil, fmt.Errorf("gcode: %w", err)
	}
	st := p.st
	st.Lines = p.line
	switch {
	case p.layerMark > 0:
		st.LayerCount = p.layerMark
	case p.layerCura > 0:
		st.LayerCount = p.layerCura
	default:
		st.LayerCount = len(p.zs)
	}
	if !st.HasTime && p.hasSilentTime {
		st.TimeS, st.HasTime = p.silentTime, true
	}
	if !st.HasFilamentG && p.hasTotalG {
		st.FilamentG, st.HasFilamentG = p.totalG, true
	}
	return st, nil
}

func (p *parser) parseLine(line string) error {
	afterZ := p.afterZ
	p.afterZ = false
	code, comment, hasComment := strings.Cut(line, ";")
	code = strings.TrimSpace(code)
	if code == "" {
		if hasComment {
			p.comment(comment, afterZ)
		}
		return nil
	}
	if i := strings.IndexByte(code, '*'); i >= 0 { // checksum
		code = code[:i]
	}
	words := splitWords(code)
	if len(words) > 0 && words[0].letter == 'N' { // line number
		words = words[1:]
	}
	if len(words) == 0 {
		return nil
	}
	cmd := words[0]
	args := words[1:]
	switch cmd.letter {
	case 'G':
		switch cmd.text {
		case "0", "1", "00", "01":
			return p.move(args)
		case "2", "3", "02", "03":
			return p.arc(args, cmd.text == "2" || cmd.text == "02")
		case "20":
			p.unit = 25.4
		case "21":
			p.unit = 1
		case "28":
			return p.home(args)
		case "90":
			p.relXYZ = false
		case "91":
			p.relXYZ = true
		case "92":
			return p.setPosition(args)
		}
	case 'M':
		switch cmd.text {
		case "82":
			p.relE = false
		case "83":
			p.relE = true
		}
	}
	return nil
}

// word is one letter and the text of the number after it.
type word struct {
	letter byte
	text   string
}

// splitWords splits "G1 X10.5Y2 E.3" into its words; letters are upper-cased.
// Anything that is not a letter followed by number characters is skipped.
func splitWords(s string) []word {
	var out []word
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c < 'A' || c > 'Z' {
			i++
			continue
		}
		j := i + 1
		for j < len(s) && s[j] == ' ' {
			j++
		}
		k := j
		for k < len(s) && (s[k] >= '0' && s[k] <= '9' || s[k] == '.' || s[k] == '-' || s[k] == '+') {
			k++
		}
		out = append(out, word{c, s[j:k]})
		i = k // past the letter at least, as j > i
	}
	return out
}

// number parses a word's value; an empty or malformed value is an error.
func (w word) number() (float64, error) {
	x, err := strconv.ParseFloat(w.text, 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
		return 0, fmt.Errorf("bad number %q after %c", w.text, w.letter)
	}
	return x, nil
}

// comment handles a comment that fills its line; afterZ tells whether the line
// before was PrusaSlicer's ;Z: comment, after which ;HEIGHT: gives the layer's
// height.
func (p *parser) comment(c string, afterZ bool) {
	switch {
	case c == "LAYER_CHANGE":
		p.layerMark++
	case strings.HasPrefix(c, "Z:"):
		p.afterZ = true
	case strings.HasPrefix(c, "LAYER:"):
		p.layerCura++
	case strings.HasPrefix(c, "TYPE:"):
		t := c[5:]
		if s, ok := p.types[t]; ok {
			p.typ = s
		} else if len(p.types) < 1000 {
			p.types[t] = t
			p.typ = t
		} else {
			p.typ = t
		}
	case strings.HasPrefix(c, "WIDTH:"):
		if w, err := strconv.ParseFloat(strings.TrimSpace(c[6:]), 64); err == nil && w > 0 && !math.IsInf(w, 0) {
			p.width = w
		}
	case strings.HasPrefix(c, "HEIGHT:"):
		if h, err := strconv.ParseFloat(strings.TrimSpace(c[7:]), 64); err == nil && h > 0 && !math.IsInf(h, 0) {
			p.height = h
			if afterZ {
				p.layerH = h
			}
		}
	case strings.HasPrefix(c, " "):
		p.summary(strings.TrimSpace(c))
	}
}

// summary reads PrusaSlicer's "key = value" lines about time and filament.
func (p *parser) summary(c string) {
	key, val, ok := strings.Cut(c, " = ")
	if !ok {
		return
	}
	st := p.st
	switch key {
	case "estimated printing time (normal mode)":
		if t, err := ParseTime(val); err == nil {
			st.TimeS, st.HasTime = t, true
		}
	case "estimated printing time (silent mode)":
		if t, err := ParseTime(val); err == nil {
			p.silentTime, p.hasSilentTime = t, true
		}
	case "filament used [mm]":
		st.FilamentMM, st.HasFilamentMM = sumList(val)
	case "filament used [cm3]":
		st.FilamentCM3, st.HasFilamentCM3 = sumList(val)
	case "filament used [g]":
		st.FilamentG, st.HasFilamentG = sumList(val)
	case "total filament used [g]":
		p.totalG, p.hasTotalG = sumList(val)
	case "spiral_vase":
		st.SpiralVase = strings.TrimSpace(val) == "1"
	}
}

// sumList adds a comma-separated list of numbers, one per extruder.
func sumList(v string) (float64, bool) {
	var sum float64
	for _, f := range strings.Split(v, ",") {
		x, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
			return 0, false
		}
		sum += x
	}
	return sum, true
}

// ParseTime parses PrusaSlicer's print time, such as "1d 2h 3m 4s", "45m 10s"
// or "12s", into seconds. Each part is a whole or decimal number and a unit (d,
// h, m or s), in any order, each unit at most once.
func ParseTime(s string) (float64, error) {
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return 0, fmt.Errorf("gcode: empty time")
	}
	var total float64
	seen := map[byte]bool{}
	for _, f := range fields {
		unit := f[len(f)-1]
		var scale float64
		switch unit {
		case 'd':
			scale = 86400
		case 'h':
			scale = 3600
		case 'm':
			scale = 60
		case 's':
			scale = 1
		default:
			return 0, fmt.Errorf("gcode: time %q: %q has no unit d, h, m or s", s, f)
		}
		if seen[unit] {
			return 0, fmt.Errorf("gcode: time %q gives %c twice", s, unit)
		}
		seen[unit] = true
		x, err := strconv.ParseFloat(f[:len(f)-1], 64)
		if err != nil || x < 0 || math.IsInf(x, 0) || math.IsNaN(x) {
			return 0, fmt.Errorf("gcode: time %q: bad number in %q", s, f)
		}
		total += x * scale
	}
	return total, nil
}
