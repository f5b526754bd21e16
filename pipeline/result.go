package pipeline

import (
	"math"
	"strconv"

	"yanchu/catalog"
	"yanchu/geom"
	"yanchu/mesh"
	"yanchu/printcheck"
	"yanchu/spec"
)

// Result is the result document that `--json` prints and the server streams last.
type Result struct {
	Query     string `json:"query"`
	Canonical string `json:"canonical"`
	Spec      *Spec  `json:"spec,omitempty"`
	// Heard is what the words said besides the parameters: the printer they
	// named, the words set aside (chatter, approximations) and the corrections.
	Heard *spec.Heard `json:"heard,omitempty"`
	Mesh  MeshFacts   `json:"mesh"`
	// Report is the printability report, and Print what else was learned about
	// printing; both absent from `mesh`.
	Report *printcheck.Report `json:"report,omitempty"`
	Print  *PrintFacts        `json:"print,omitempty"`
	Files  []File             `json:"files"`
	// Facts are figures of the design, derived from the parameters or measured
	// on the mesh (a gear's pitch diameter, a vase's capacity); Clearances the
	// least gaps the design keeps between parts; Notes and Warnings what the
	// domain tells the person.
	Facts      []catalog.Fact      `json:"facts,omitempty"`
	Clearances []catalog.Clearance `json:"clearances,omitempty"`
	Notes      []string            `json:"notes,omitempty"`
	Warnings   []string            `json:"warnings,omitempty"`
	// Estimate is what the make was expected to need before it started, where
	// it could be worked out (see Estimate).
	Estimate *Estimate `json:"estimate,omitempty"`
	Timings  Timings   `json:"timings_ms"`
	// mesh is the mesh written, and facts its facts.
	mesh  *mesh.Mesh
	facts *mesh.Facts
}

// Spec is what yanchu understood: a domain and its parameters.
type Spec struct {
	Domain string           `json:"domain"`
	Params map[string]Param `json:"params"`
}

// Param is one parameter's value, unit and where it came from: "said",
// "default" or "derived"; Word is what the person wrote for it, and Note how the
// words gave it when that is not plain (a radius doubled, the thing a size was
// compared with).
type Param struct {
	Value  any    `json:"value"`
	Unit   string `json:"unit"`
	Source string `json:"source"`
	Word   string `json:"word,omitempty"`
	Note   string `json:"note,omitempty"`
}

// Box is a bounding box in millimetres.
type Box struct {
	Min [3]float64 `json:"min"`
	Max [3]float64 `json:"max"`
}

// MeshFacts are the facts of the mesh written.
type MeshFacts struct {
	Triangles  int     `json:"triangles"`
	Vertices   int     `json:"vertices"`
	Components int     `json:"components"`
	Watertight bool    `json:"watertight"`
	Manifold   bool    `json:"manifold"`
	Outward    bool    `json:"outward"`
	VolumeMM3  float64 `json:"volume_mm3"`
	AreaMM2    float64 `json:"area_mm2"`
	BBox       Box     `json:"bbox_mm"`
	CellMM     float64 `json:"cell_mm"`
	// ToleranceMM is the tolerance asked of a lean mesh, DeviationMM the largest
	// distance from the surface measured on it (at every vertex, edge midpoint and
	// centroid), OverTolerance the share of those points farther than the
	// tolerance, and FineTriangles the size of the uniform mesh it was made from;
	// all absent for a uniform mesh.
	ToleranceMM   float64  `json:"tolerance_mm,omitempty"`
	DeviationMM   float64  `json:"deviation_mm,omitempty"`
	OverTolerance float64  `json:"over_tolerance_share,omitempty"`
	FineTriangles int      `json:"fine_triangles,omitempty"`
	Grid          [3]int   `json:"grid"`
	Parts         []Part   `json:"parts"`
	Warnings      []string `json:"warnings,omitempty"`
}

// Part is one separate closed body of the mesh.
type Part struct {
	Name      string  `json:"name"`
	Triangles int     `json:"triangles"`
	VolumeMM3 float64 `json:"volume_mm3"`
	AreaMM2   float64 `json:"area_mm2"`
	Shells    int     `json:"shells"`
	Genus     int     `json:"genus"`
	BBox      Box     `json:"bbox_mm"`
}

// File is one file written.
type File struct {
	Format    string  `json:"format"`
	Path      string  `json:"path"`
	Bytes     int64   `json:"bytes"`
	Triangles int     `json:"triangles"`
	CellMM    float64 `json:"cell_mm"`
	// ToleranceMM is the tolerance the file's mesh was simplified to, when it was
	// (a GLB is simplified until it fits its triangle limit).
	ToleranceMM float64 `json:"tolerance_mm,omitempty"`
}

// Timings are where the time went, in milliseconds.
type Timings struct {
	Understand float64 `json:"understand"`
	// Inputs is what settling the inputs took: a picture's header read, a
	// film carved.
	Inputs  float64 `json:"inputs,omitempty"`
	Build   float64 `json:"build"`
	Mesh    float64 `json:"mesh"`
	Analyze float64 `json:"analyze"`
	Write   float64 `json:"write"`
	Check   float64 `json:"check,omitempty"`
	Slice   float64 `json:"slice,omitempty"`
	Render  float64 `json:"render,omitempty"`
}

func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}

func box(b geom.Box) Box {
	return Box{
		Min: [3]float64{round(b.Min.X, 4), round(b.Min.Y, 4), round(b.Min.Z, 4)},
		Max: [3]float64{round(b.Max.X, 4), round(b.Max.Y, 4), round(b.Max.Z, 4)},
	}
}

// facts turns the mesh's facts into the document's form, naming the bodies.
func facts(f *mesh.Facts, names []string) MeshFacts {
	mf := MeshFacts{
		Triangles: f.Triangles, Vertices: f.Vertices, Components: len(f.Bodies),
		Watertight: f.Watertight, Manifold: f.Manifold, Outward: f.Outward,
		VolumeMM3: round(f.Volume, 3), AreaMM2: round(f.Area, 3), BBox: box(f.Bounds),
		Parts: make([]Part, len(f.Bodies)),
	}
	for i, b := range f.Bodies {
		mf.Parts[i] = Part{
			Name: partName(names, i), Triangles: b.Triangles, VolumeMM3: round(b.Volume, 3),
			AreaMM2: round(b.Area, 3), Shells: b.Shells, Genus: b.Genus, BBox: box(b.Bounds),
		}
	}
	return mf
}

func partName(names []string, i int) string {
	if i < len(names) && names[i] != "" {
		return names[i]
	}
	return "body " + strconv.Itoa(i+1)
}

// SpecDoc returns the spec in the result document's form.
func SpecDoc(u *Understanding) *Spec {
	doc := &Spec{Domain: u.Spec.Domain, Params: map[string]Param{}}
	for _, p := range u.Schema.Params {
		v, ok := u.Spec.Params[p.Name]
		if !ok {
			continue
		}
		var val any = v.Num
		switch p.Kind {
		case spec.Choice:
			val = v.Text
		case spec.Size:
			val = v.Vec
		case spec.Count:
			val = int(v.Num)
		}
		doc.Params[p.Name] = Param{Value: val, Unit: p.Kind.Unit(), Source: string(v.Source), Word: v.Word, Note: v.Note}
	}
	return doc
}

// HeardDoc returns what the words said besides the parameters, for the result
// and explain documents, or nil when they said nothing more.
func HeardDoc(u *Understanding) *spec.Heard {
	h := u.Heard
	if h.Printer == "" && len(h.Aside) == 0 && len(h.Corrections) == 0 {
		return nil
	}
	return &h
}
