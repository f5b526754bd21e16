package query

import (
	"strings"
	"yanchu/catalog"
	_ "yanchu/catalog/all"
	"yanchu/printcheck"
	"yanchu/spec"
)

// puzzleBall is the real puzzle ball schema, read with its real lexicon.
var puzzleBall = mustDomain("puzzleball").Schema

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
	ballOnly = mustReader(mustDomain("puzzleball"))
	// both reads every registered domain and the test box.
	both = mustReader(append(registered(), Domain{Schema: testBox})...)
)

// registered returns every domain linked into the tests.
func registered() []Domain {
	var ds []Domain
	for _, d := range catalog.All() {
		ds = append(ds, Domain{Schema: d.Schema(), Lexicon: d.Lexicon()})
	}
	return ds
}

// mustDomain returns a registered domain's schema and lexicon.
func mustDomain(name string) Domain {
	d, ok := catalog.Get(name)
	if !ok {
		panic("query test: no domain " + name)
	}
	return Domain{Schema: d.Schema(), Lexicon: d.Lexicon()}
}

func mustReader(ds ...Domain) *Reader {
	r, err := NewReader(ds, printers()...)
	if err != nil {
		panic(err)
	}
	return r
}

// printers returns the printers the words may name, as the pipeline gives them.
func printers() []Printer {
	var out []Printer
	for _, p := range printcheck.Printers() {
		if !strings.HasPrefix(p.ID, "generic-") {
			out = append(out, Printer{ID: p.ID, Names: p.Names(), Brands: p.Brands})
		}
	}
	return out
}
