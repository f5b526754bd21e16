package pipeline_test

import (
	"testing"
	"time"

	_ "yanchu/catalog/all"
	"yanchu/pipeline"
)

// A preview is a GLB only, coarse but with every body apart, made in a fraction
// of the full model's time: the page shows it while the full model is made.
func TestPreview(t *testing.T) {
	for _, tc := range []struct {
		words  string
		bodies int
	}{
		{"鬼工球 6层 直径60毫米", 6},
		{"鬼工球 8层 直径80毫米 云纹", 8},
		{"一对齿轮 20齿 40齿 模数2", 2},
		{"花瓶 高20厘米 六瓣 扭转90度", 1},
		{"box with lid 100x60x40 wall 2", 2},
	} {
		t.Run(tc.words, func(t *testing.T) {
			u, err := pipeline.Understand(tc.words)
			if err != nil {
				t.Fatal(err)
			}
			t0 := time.Now()
			res, err := pipeline.Make(t.Context(), u, pipeline.MakeOptions{Dir: t.TempDir(), Preview: true, Formats: []string{"3mf", "stl"}})
			if err != nil {
				t.Fatal(err)
			}
			took := time.Since(t0)
			if len(res.Files) != 1 || res.Files[0].Format != "glb" {
				t.Errorf("files: got %+v, want one GLB", res.Files)
			}
			m := res.Mesh
			if !m.Watertight || !m.Manifold || m.Components != tc.bodies {
				t.Errorf("preview mesh: watertight %v, manifold %v, %d bodies; want closed, manifold, %d bodies", m.Watertight, m.Manifold, m.Components, tc.bodies)
			}
			if res.Report != nil {
				t.Errorf("a preview has no printability report")
			}
			t.Logf("%s: %d triangles, cell %g mm, %v", tc.words, m.Triangles, m.CellMM, took)
		})
	}
}
