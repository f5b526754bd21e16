package query

import "yanchu/spec"

// puzzleBall mirrors the puzzle ball schema of package catalog: the same
// parameter names, kinds, units and ranges.
var puzzleBall = &spec.Schema{
	Domain: "puzzleball",
	Zh:     "鬼工球",
	En:     "puzzle ball",
	Length: "diameter",
	Params: []spec.Param{
		{Name: "layers", Kind: spec.Count, Min: 2, Max: 60, Default: 8},
		{Name: "diameter", Kind: spec.Length, Unit: "mm", Min: 10, Max: 500, Default: 80},
		{Name: "wall", Kind: spec.Length, Unit: "mm", Min: 0.3, Max: 10, Derived: true},
		{Name: "gap", Kind: spec.Length, Unit: "mm", Min: 0.1, Max: 5, Derived: true},
		{Name: "holes", Kind: spec.Count, Min: 6, Max: 20, Default: 14, Values: []float64{6, 8, 12, 14, 20}},
		{Name: "hole_size", Kind: spec.Length, Unit: "mm", Min: 0.5, Max: 300, Derived: true},
		{Name: "core", Kind: spec.Length, Unit: "mm", Min: 1, Max: 300, Derived: true},
		{Name: "process", Kind: spec.Choice, Choices: []string{"fdm", "resin"}, DefaultText: "fdm"},
		{Name: "decoration", Kind: spec.Choice, Choices: []string{"none", "cloud"}, DefaultText: "none"},
		{Name: "inner_decoration", Kind: spec.Choice, Choices: []string{"none", "coin"}, DefaultText: "none"},
		{Name: "ties", Kind: spec.Choice, Choices: []string{"none", "on"}, DefaultText: "none"},
		{Name: "base", Kind: spec.Choice, Choices: []string{"round", "flat"}, DefaultText: "round"},
	},
}

// testBox is a test-only domain with a size, a volume and an angle, which no
// real domain has yet. It has no lexicon entries: its own name must work.
var testBox = &spec.Schema{
	Domain: "testbox",
	En:     "test box",
	Size:   "size",
	Volume: "capacity",
	Params: []spec.Param{
		{Name: "size", Kind: spec.Size, Unit: "mm", Min: 5, Max: 400},
		{Name: "capacity", Kind: spec.Volume, Unit: "ml", Min: 1, Max: 5000},
		{Name: "twist", Kind: spec.Angle, Unit: "deg", Min: 0, Max: 360},
		{Name: "infill", Kind: spec.Percent, Unit: "%", Min: 0, Max: 100},
		{Name: "module", Kind: spec.Number, Min: 0.5, Max: 10},
	},
}

var (
	ballOnly = []*spec.Schema{puzzleBall}
	both     = []*spec.Schema{puzzleBall, testBox}
)
