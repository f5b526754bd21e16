package pipeline

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"time"

	"yanchu/catalog/nested"
	"yanchu/gcode"
	"yanchu/geom"
	"yanchu/mesh"
	"yanchu/printcheck"
	"yanchu/slicer"
)

// PrintFacts is what the result document says about printing the model.
type PrintFacts struct {
	// Printer is the id of the printer profile the report and G-code are for.
	Printer string `json:"printer"`
	// Orientation says how the model should stand on the bed and why; Turned is
	// true when the files are already in that orientation.
	Orientation string `json:"orientation,omitempty"`
	Turned      bool   `json:"turned"`
	// Rotation, when the files were turned for the printer, is the turn applied
	// to the model as designed (p -> Rotation·p, rows first): its transpose turns
	// the files back.
	Rotation *geom.Mat3 `json:"rotation,omitempty"`
	// SpiralVase says the model is meant for the slicer's spiral vase mode.
	SpiralVase bool `json:"spiral_vase,omitempty"`
	// Ties is the number of breakaway ties and TiesAreaMM2 their total
	// cross-section (mm²).
	Ties        int     `json:"ties,omitempty"`
	TiesAreaMM2 float64 `json:"ties_area_mm2,omitempty"`
	// GCode is what the slicer made, when G-code was asked for and made.
	GCode *GCodeFacts `json:"gcode,omitempty"`
	// Notes say what was not done and why, such as a slicer that is missing.
	Notes []string `json:"notes,omitempty"`
}

// GCodeFacts are read back from the G-code the slicer wrote.
type GCodeFacts struct {
	Slicer string `json:"slicer"`
	// Config names the configuration: vendor bundle and presets, or the generic
	// printer written from yanchu's profile.
	Config   string `json:"config"`
	Supports bool   `json:"supports"`
	// SpiralVase is true when the slicer printed in spiral vase mode, as the
	// G-code itself says.
	SpiralVase bool    `json:"spiral_vase,omitempty"`
	Layers     int     `json:"layers"`
	TimeS      float64 `json:"time_s"`
	Time       string  `json:"time"`
	FilamentMM float64 `json:"filament_mm"`
	FilamentG  float64 `json:"filament_g"`
	// Fusion is, for every gap between nested bodies, the model's extruded area
	// found inside its clearance, with and without the beads at ties, and the
	// support material there.
	Fusion []FusionFacts `json:"fusion,omitempty"`
	// UnreachedPoles names the inner bodies whose bottom pole nothing holds up.
	UnreachedPoles []string `json:"unreached_poles,omitempty"`
	SliceMS        float64  `json:"slice_ms"`
}

// FusionFacts is the fusion check of one gap.
type FusionFacts struct {
	Gap            string  `json:"gap"`
	AreaMM2        float64 `json:"area_mm2"`
	OutsideTiesMM2 float64 `json:"outside_ties_mm2"`
	// TiesAreaMM2 is the cross-section of the ties across this gap (mm²).
	TiesAreaMM2 float64 `json:"ties_area_mm2"`
	// SupportMM2 is the support material in the gap (mm²), counted apart: it
	// breaks away, where the model's own extrusion in a gap fuses the bodies.
	SupportMM2 float64 `json:"support_mm2"`
}

// sliceJob is what slicing needs to know of the model, in the frame of the mesh
// written.
type sliceJob struct {
	// spheres are the nested bodies' gaps, ties and poles, or nil.
	spheres    *nested.Spheres
	names      []string // the bodies, as the mesh lists them
	spiral     bool     // spiral vase mode
	noSupports bool
}

// sliceGCode hands m to PrusaSlicer for printer p and reads back the G-code. What
// cannot be done (no PrusaSlicer, a printer it does not know) is a note, not an
// error: the other files are still written.
func sliceGCode(ctx context.Context, m *mesh.Mesh, mf *mesh.Facts, p *printcheck.Printer, rep *printcheck.Report, job sliceJob, path string, pf *PrintFacts) (*File, error) {
	if p.Slicer != printcheck.PrusaSlicer {
		pf.Notes = append(pf.Notes, fmt.Sprintf("no G-code: PrusaSlicer 2.5 does not know the %s; %s", p.NameEN, p.Advice))
		return nil, nil
	}
	exe, err := slicer.Find()
	if err != nil {
		if errors.Is(err, slicer.ErrNotInstalled) {
			pf.Notes = append(pf.Notes, "no G-code: "+err.Error())
			return nil, nil
		}
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	var cfg *slicer.Config
	if p.Vendor != "" {
		dir, err := slicer.ProfilesDir()
		if err == nil {
			cfg, err = slicer.VendorConfig(dir, p.Vendor, p.Preset)
		}
		if err != nil {
			pf.Notes = append(pf.Notes, fmt.Sprintf("PrusaSlicer's %s profile could not be read (%v); the configuration is written from yanchu's profile", p.Vendor, err))
			cfg = nil
		}
	}
	if cfg == nil {
		g := slicer.Generic{BedX: p.BuildMM[0], BedY: p.BuildMM[1], MaxZ: p.BuildMM[2], NozzleMM: p.NozzleMM, LayerMM: p.LayerMM}
		if g.NozzleMM == 0 {
			g.NozzleMM = 0.4
		}
		if g.LayerMM == 0 {
			g.LayerMM = 0.2
		}
		if cfg, err = g.Config(); err != nil {
			return nil, fmt.Errorf("pipeline: %w", err)
		}
	}
	supports := len(rep.Find("island")) > 0 && !job.noSupports && !job.spiral
	cfg.SetSupports(supports)
	if job.spiral {
		cfg.SetSpiralVase(true)
	}
	t0 := time.Now()
	sl, err := slicer.Slice(ctx, slicer.SliceInput{Config: cfg, Mesh: m, Facts: mf, Names: job.names, Output: path, Executable: exe})
	if err != nil {
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	f, err := os.Open(sl.GCode)
	if err != nil {
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	st, err := gcode.Parse(f, gcode.Options{Segments: job.spheres != nil && len(job.spheres.Gaps) > 0})
	if cerr := f.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("pipeline: reading the G-code PrusaSlicer wrote: %w", err)
	}
	gf := &GCodeFacts{Slicer: "PrusaSlicer", Supports: supports, SpiralVase: job.spiral && st.SpiralVase, Layers: st.LayerCount,
		TimeS: st.TimeS, Time: clock(st.TimeS), FilamentMM: round(st.FilamentMM, 2), FilamentG: round(st.FilamentG, 2),
		SliceMS: ms(time.Since(t0))}
	gf.Config = cfg.Printer
	if cfg.Vendor != "" {
		gf.Config = cfg.Vendor + ": " + cfg.Printer
	}
	if cfg.Print != "" {
		gf.Config += ", " + cfg.Print
	}
	if cfg.Filament != "" {
		gf.Config += ", " + cfg.Filament
	}
	if sl.OffsetKnown && job.spheres != nil && len(job.spheres.Gaps) > 0 {
		fusion(st, job.spheres, job.names, sl.Offset, gf)
	}
	pf.GCode = gf
	info, err := os.Stat(sl.GCode)
	if err != nil {
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	return &File{Format: "gcode", Path: sl.GCode, Bytes: info.Size()}, nil
}

// fusion checks the G-code's extrusions against the gaps between nested bodies,
// and whether something holds up each inner body's bottom pole.
func fusion(st *gcode.Stats, sp *nested.Spheres, names []string, off geom.Vec3, gf *GCodeFacts) {
	var gaps []gcode.Gap
	for _, g := range sp.Gaps {
		gaps = append(gaps, gcode.Gap{Name: g.Name, Centre: g.Centre.Add(off), Inner: g.Inner, Outer: g.Outer})
	}
	var ties []gcode.Tie
	tieArea := make([]float64, len(sp.Gaps))
	for _, t := range sp.Ties {
		ties = append(ties, gcode.Tie{At: t.Middle.Add(off), RadiusMM: t.Diameter / 2})
		if t.Gap >= 0 && t.Gap < len(tieArea) {
			tieArea[t.Gap] += t.Area
		}
	}
	model, support := *st, *st
	model.Segments, support.Segments = nil, nil
	for _, sg := range st.Segments {
		if strings.HasPrefix(sg.Type, "Support") {
			support.Segments = append(support.Segments, sg)
		} else {
			model.Segments = append(model.Segments, sg)
		}
	}
	sup := gcode.Fusion(&support, gaps, nil)
	for i, r := range gcode.Fusion(&model, gaps, ties) {
		gf.Fusion = append(gf.Fusion, FusionFacts{Gap: r.Gap.Name, AreaMM2: round(r.AreaMM2, 3),
			OutsideTiesMM2: round(r.OutsideTiesMM2, 3), TiesAreaMM2: round(tieArea[i], 3), SupportMM2: round(sup[i].AreaMM2, 3)})
	}
	var poles []geom.Vec3
	for _, p := range sp.Poles {
		poles = append(poles, p.Add(off))
	}
	for i, held := range gcode.PoleReach(st, poles, 1.0) {
		if !held {
			name := fmt.Sprintf("body %d", i+2)
			if i+1 < len(names) {
				name = names[i+1]
			}
			gf.UnreachedPoles = append(gf.UnreachedPoles, name)
		}
	}
}

// clock writes seconds as "1h 02m 03s".
func clock(s float64) string {
	t := int(math.Round(s))
	switch {
	case t >= 3600:
		return fmt.Sprintf("%dh %02dm %02ds", t/3600, t/60%60, t%60)
	case t >= 60:
		return fmt.Sprintf("%dm %02ds", t/60, t%60)
	}
	return fmt.Sprintf("%ds", t)
}
