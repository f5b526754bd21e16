package isosurface

import (
	"context"
	"errors"
	"math"
	"testing"

	"yanchu/sdf"
)

// TestPlanCountsTheLeaves: the descent without sampling keeps the leaf blocks
// the mesher samples, within a few, for every solid of the corpus, whole and
// by octants; stopped early, it still comes within a factor of two.
func TestPlanCountsTheLeaves(t *testing.T) {
	ctx := context.Background()
	type solid = struct {
		name string
		s    sdf.Solid
	}
	var cases []struct {
		solid
		m Mesher
	}
	for _, c := range corpus() {
		cases = append(cases, struct {
			solid
			m Mesher
		}{c, Mesher{Cells: 60}})
	}
	for _, c := range symmetric() {
		cases = append(cases, struct {
			solid
			m Mesher
		}{c, Mesher{Cells: 100, Mirror: true}})
	}
	for _, cs := range cases {
		c, m := cs.solid, cs.m
		{
			res, err := m.Mesh(ctx, c.s)
			if err != nil {
				t.Fatal(err)
			}
			p, err := m.Plan(ctx, c.s, 0)
			if err != nil {
				t.Fatal(err)
			}
			if !p.Exact || p.Grid != res.Grid || p.Cell != res.Cell {
				t.Errorf("%s: plan %+v, mesh grid %v cell %g", c.name, p, res.Grid, res.Cell)
			}
			if d := math.Abs(float64(p.Leaves - res.Leaves)); d > 0.02*float64(res.Leaves)+2 {
				t.Errorf("%s (mirror %v): the plan keeps %d leaves, the mesher %d", c.name, m.Mirror, p.Leaves, res.Leaves)
			}
			if res.Leaves < 200 {
				continue
			}
			early, err := m.Plan(ctx, c.s, res.Leaves/20)
			if err != nil {
				t.Fatal(err)
			}
			if early.Exact || early.Leaves < res.Leaves/2 || early.Leaves > 2*res.Leaves {
				t.Errorf("%s: stopped early the plan says %d leaves (exact %v), the mesher %d", c.name, early.Leaves, early.Exact, res.Leaves)
			}
		}
	}
}

func TestPlanStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Mesher{Cells: 400}.Plan(ctx, sdf.Sphere(10), 0)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("a stopped plan says %v", err)
	}
}
