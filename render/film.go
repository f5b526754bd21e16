package render

import (
	"context"
	"image"
	"math"

	"yanchu/geom"
)

// film draws a film of frames frames framed on box, where pose(t) is the
// moment at time t, in frames: frame i shows time i.
//
// With a blur, the film is sampled in space and time together. The frames'
// interval is cut into moments (4 a frame), each drawn on its own interleaved
// lattice of a quarter of the samples, and every frame
// is reconstructed from all the moments near it with a Gaussian in time (of σ
// = Blur frames) times the Gaussian in space. Neighbouring frames share their
// moments, so a frame gathers three or four frames' worth of samples for the
// cost of one: an edge crossing several pixels a frame fades smoothly along
// its path, with neither steps nor ghosts.
func (p *Prepared) film(ctx context.Context, opt Options, frames int, box geom.Box, pose func(t float64) moment) ([]*image.NRGBA, error) {
	out := make([]*image.NRGBA, frames)
	step := blurStep(&opt)
	if step == 1 {
		var cv *canvas
		for i := range frames {
			cv = cv.clean(&opt, 1)
			img, err := p.frame(ctx, &opt, box, pose(float64(i)), cv)
			if err != nil {
				return nil, err
			}
			out[i] = img
		}
		return out, nil
	}
	per := step * step // moments a frame
	order := timeOrder(step)
	size := opt.Size
	span := opt.Blur * reach / sigma // frames: how far a moment reaches
	at := func(m int) float64 { return (float64(m)+0.5)/float64(per) - 0.5 }
	first := int(math.Ceil((-span+0.5)*float64(per) - 0.5))
	last := int(math.Floor((float64(frames-1)+span+0.5)*float64(per) - 0.5))
	// The frames being gathered: their weighted sums and weights.
	type pending struct {
		sum, norm []float32
	}
	open := map[int]*pending{}
	var cv *canvas
	for slot := floorDivInt(first, per); slot*per <= last; slot++ {
		m0, m1 := max(first, slot*per), min(last, slot*per+per-1)
		var ms []moment
		var lats []lattice
		for m := m0; m <= m1; m++ {
			c := order[m-slot*per]
			ms = append(ms, pose(at(m)))
			lats = append(lats, lattice{step: step, ox: c % step, oy: c / step})
		}
		cv = cv.clean(&opt, step)
		if err := p.drawMoments(ctx, &opt, box, pose(float64(slot)), ms, lats, cv); err != nil {
			return nil, err
		}
		for j := range ms {
			t := at(m0 + j)
			f := filterLattice(cv.samples, size, opt.Samples, lats[j], opt.Workers)
			for i := max(0, int(math.Ceil(t-span))); i <= min(frames-1, int(math.Floor(t+span))); i++ {
				d := (t - float64(i)) / opt.Blur
				w := float32(math.Exp(-d * d / 2))
				pd := open[i]
				if pd == nil {
					pd = &pending{sum: make([]float32, 4*size*size), norm: make([]float32, size*size)}
					open[i] = pd
				}
				for k, v := range f.sum {
					pd.sum[k] += w * v
				}
				for y := range size {
					for x := range size {
						pd.norm[y*size+x] += w * f.weight(x, y)
					}
				}
			}
		}
		// Frames no later moment reaches are done.
		for i, pd := range open {
			if float64(i)+span < at((slot+1)*per) {
				img := image.NewNRGBA(image.Rect(0, 0, size, size))
				(&filtered{size: size, sum: pd.sum}).put(img, pd.norm, 0)
				out[i] = img
				delete(open, i)
			}
		}
	}
	for i, pd := range open {
		img := image.NewNRGBA(image.Rect(0, 0, size, size))
		(&filtered{size: size, sum: pd.sum}).put(img, pd.norm, 0)
		out[i] = img
	}
	return out, nil
}

func floorDivInt(a, b int) int {
	return int(floorDiv(int64(a), int64(b)))
}

// blurStep is the side of the block of samples whose places a blurred frame's
// moments take, one each: 1 (no blur) unless opt.Blur is set. Four moments a
// frame, each on 2 × 2 of the 4 × 4 samples, step a frame's motion finely
// enough, with the frames' moments shared, to leave no ghosts; sixteen would
// cost twice the time for an edge a little smoother still.
func blurStep(opt *Options) int {
	if opt.Blur == 0 || opt.Samples%2 != 0 {
		return 1
	}
	return 2
}

// timeOrder returns, for the moments of a frame in time order, the place
// (x + step·y) in the step × step block of samples that each draws: an ordered
// dither, so that moments near in time lie apart in the pixel.
func timeOrder(step int) []int {
	rank := make([]int, step*step) // the dither's rank of each place
	for y := range step {
		for x := range step {
			r := 0
			for bit := step / 2; bit > 0; bit /= 2 {
				// Bayer: each level adds 0, 2, 3, 1 for the quadrant.
				qx, qy := x&bit != 0, y&bit != 0
				q := 0
				switch {
				case qx && !qy:
					q = 2
				case !qx && qy:
					q = 3
				case qx && qy:
					q = 1
				}
				r = 4*r + q
			}
			rank[x+step*y] = r
		}
	}
	out := make([]int, len(rank))
	for place, r := range rank {
		out[r] = place
	}
	return out
}
