package carved

import (
	"context"
	"crypto/sha256"
	"math"
	"sync"

	"yanchu/badinput"
	"yanchu/carve"
	"yanchu/catalog"
	"yanchu/geom"
	"yanchu/spec"
)

// sizes are the parameters of which the words may say one.
var sizes = []string{"height", "width", "depth"}

// Resolve fills what the words alone settle: the defaults, and the height when
// no size is said. The other sizes, the pitch and the field of view follow
// from the film, in ResolveInputs.
func (domain) Resolve(in *spec.Spec) (*spec.Spec, error) {
	s := in.Clone()
	s.Domain = schema.Domain
	if name, msg := spec.Check(schema, s); msg != "" {
		return nil, &badinput.Error{Code: badinput.OutOfRange, Message: "carved: " + msg, Suggestions: []string{name}}
	}
	def := func(name string, v spec.Value) {
		if !s.Has(name) {
			v.Source = spec.Default
			s.Params[name] = v
		}
	}
	if !s.Has("height") && !s.Has("width") && !s.Has("depth") {
		def("height", spec.Value{Num: defHeight, Unit: "mm"})
	}
	def("turn", spec.Value{Num: 360, Unit: "deg"})
	def("direction", spec.Value{Text: clockwise})
	def("resolution", spec.Value{Num: carve.DefaultResolution})
	return s, nil
}

// ResolveInputs carves the film and completes the spec from the hull: the
// sizes not said, in the film's proportions, and the pitch and the field of
// view, when not said, as measured. A film the hull cannot be carved from is
// a bad_video error.
func (domain) ResolveInputs(ctx context.Context, in *spec.Spec, inputs catalog.Inputs) (*spec.Spec, error) {
	res, err := carved(ctx, in, inputs.Film)
	if err != nil {
		return nil, err
	}
	s := in.Clone()
	k := scale(s, res.Size)
	ruler := ""
	for i, name := range sizes {
		v := [3]float64{res.Size.Z, res.Size.X, res.Size.Y}[i] * k
		switch {
		case !s.Has(name):
			s.Params[name] = spec.Value{Num: round2(v), Unit: "mm", Source: spec.Derived, Note: "from the film's proportions"}
		case ruler == "":
			ruler = name // the size the others follow
		case math.Abs(s.Num(name)-v) > 0.01*v+0.01:
			// Two sizes said: the film's proportions must agree (as the
			// canonical words, which carry every size, do).
			return nil, badinput.New(badinput.Conflict,
				"carved: the film fixes the object's proportions: a %s of %s mm makes the %s %s mm, not %s mm; say one size, for example 高15厘米 (height 150 mm)",
				ruler, spec.FormatNumber(s.Num(ruler)), name, spec.FormatNumber(round2(v)), spec.FormatNumber(s.Num(name)))
		}
	}
	if !s.Has("fov") {
		v := spec.Value{Num: carve.DefaultFOVDeg, Unit: "deg", Source: spec.Default, Note: "taken as yanchu's renderer's: the film shows no flat top and base to measure it by, or too few pixels to tell it from 30°"}
		for _, f := range res.Figures {
			if f.Name == "field of view" && f.Source == carve.Estimated {
				v = spec.Value{Num: math.Round(f.Value*10) / 10, Unit: "deg", Source: spec.Derived, Note: "measured from how the film's flat top and base are foreshortened"}
			}
		}
		s.Params["fov"] = v
	}
	if !s.Has("pitch") {
		v := spec.Value{Num: 0, Unit: "deg", Source: spec.Derived, Note: "taken as level: the film shows no flat rim or base to measure it by"}
		for _, f := range res.Figures {
			if f.Name == "pitch" && f.Source == carve.Estimated {
				v.Num, v.Note = math.Round(f.Value*10)/10, "measured from the ellipse a flat rim or base draws in the film"
			}
		}
		s.Params["pitch"] = v
	}
	if name, msg := spec.Check(schema, s); msg != "" {
		return nil, &badinput.Error{Code: badinput.OutOfRange, Message: "carved: " + msg + "; say a size that keeps every side in range", Suggestions: []string{name}}
	}
	return s, nil
}

// Size is the model's box from its resolved spec: its width, depth and
// height, and on each side the tolerance its lean mesh may stray by.
func (domain) Size(s *spec.Spec) geom.Vec3 {
	size := geom.V(s.Num("width"), s.Num("depth"), s.Num("height"))
	tol := tolerance(size, s.Num("resolution"))
	return size.Add(geom.V(2*tol, 2*tol, 2*tol))
}

// tolerance is the lean mesh's tolerance for a hull of the size and
// resolution: a sixth of a voxel. The hull is known to about a pixel of the
// film, and a voxel is about a pixel; a mesh held closer keeps the voxels'
// facets, not the object's. It is at most maxTolerance.
func tolerance(size geom.Vec3, resolution float64) float64 {
	return math.Min(maxTolerance, size.MaxComp()/resolution/6)
}

// maxTolerance bounds the tolerance of a coarse hull (mm): half the pipeline's
// most.
const maxTolerance = 0.5

// scale is the factor from the hull carved at unitHeight, of the size given,
// to the size said: by the height, the width or the depth, the first said (or
// the height by default).
func scale(s *spec.Spec, size geom.Vec3) float64 {
	for i, name := range sizes {
		if v, ok := s.Params[name]; ok && v.Source != spec.Derived {
			return v.Num / [3]float64{size.Z, size.X, size.Y}[i]
		}
	}
	return 1
}

// options are the carving's options for a resolved spec.
func options(s *spec.Spec) carve.Options {
	opt := carve.Options{
		HeightMM:   unitHeight,
		Turn:       s.Num("turn") / 360,
		Clockwise:  s.Text("direction") != counterclockwise,
		Resolution: int(s.Num("resolution")),
	}
	if v, ok := s.Params["pitch"]; ok && v.Source == spec.Said {
		opt.PitchDeg, opt.PitchKnown = v.Num, true
	}
	if v, ok := s.Params["fov"]; ok && v.Source == spec.Said {
		opt.FOVDeg = v.Num
	}
	return opt
}

// cacheSize is how many carved hulls are kept.
const cacheSize = 4

// entry is a carved hull, keyed by its film's digest and the options it was
// carved with.
type entry struct {
	film [sha256.Size]byte
	opt  carve.Options
	res  *carve.Result
}

var (
	cacheMu sync.Mutex
	cache   []entry // the most recent last
)

// carved returns the hull of f carved at unitHeight with the options of s,
// from the cache when it holds it: the same film sent again (another job of
// the page's, the same upload) is carved once. A pitch derived from the film
// earlier is measured again, which gives the same.
func carved(ctx context.Context, s *spec.Spec, f *carve.Film) (*carve.Result, error) {
	if f == nil {
		return nil, badinput.New(carve.MissingVideo, "a carved copy is made from a turntable film, and none was given; give an MP4 or GIF, or a folder of frames (yanchu carve FILM)")
	}
	opt := options(s)
	key := f.Sum()
	cacheMu.Lock()
	for i, e := range cache {
		if e.film == key && e.opt == opt {
			cache = append(append(cache[:i:i], cache[i+1:]...), e)
			cacheMu.Unlock()
			return e.res, nil
		}
	}
	cacheMu.Unlock()
	res, err := carve.Carve(ctx, f, opt)
	if err != nil {
		return nil, err
	}
	cacheMu.Lock()
	defer cacheMu.Unlock()
	cache = append(cache, entry{film: key, opt: opt, res: res})
	if len(cache) > cacheSize {
		cache = append(cache[:0:0], cache[len(cache)-cacheSize:]...)
	}
	return res, nil
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
