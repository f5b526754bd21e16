package ballcheck

import (
	"fmt"
	"math"
	"sort"

	"yanchu/geom"
)

// Sphere is a sampling of the directions around the origin: an equal-area
// latitude-longitude grid. Rows are Step apart in polar angle (from +Z); each row
// holds as many cells as keep them at most Step wide at the row's centre. Sample i
// is the centre of cell i.
type Sphere struct {
	// Dirs are the unit directions of the samples.
	Dirs []geom.Vec3
	// Area is the solid angle (sr) of each sample's cell; together they make 4π.
	Area []float64
	// Step is the row spacing (radians).
	Step float64
	// Err is the covering radius (radians): every direction lies within Err of
	// the centre of the cell that holds it. It is computed exactly from the cells.
	Err  float64
	rows []sphereRow
}

type sphereRow struct {
	theta float64 // polar angle of the row's centres
	first int     // index of the row's first sample
	n     int     // samples in the row
	w     float64 // azimuthal width of a cell
}

// maxSamples caps the sampling's size.
const maxSamples = 1 << 26

// NewSphere returns the sampling with rows stepDeg degrees apart. It panics for a
// step outside (0, 10] degrees.
func NewSphere(stepDeg float64) *Sphere {
	if !(stepDeg > 0 && stepDeg <= 10) {
		panic(fmt.Sprintf("ballcheck.NewSphere: step must be in (0, 10] degrees, got %g", stepDeg))
	}
	nr := int(math.Ceil(180 / stepDeg))
	dt := math.Pi / float64(nr)
	s := &Sphere{Step: dt}
	for i := 0; i < nr; i++ {
		t0, t1, tc := float64(i)*dt, float64(i+1)*dt, (float64(i)+0.5)*dt
		n := max(1, int(math.Ceil(2*math.Pi*math.Sin(tc)/dt)))
		w := 2 * math.Pi / float64(n)
		if len(s.Dirs)+n > maxSamples {
			panic(fmt.Sprintf("ballcheck.NewSphere: a %g degree step needs over %d samples", stepDeg, maxSamples))
		}
		s.rows = append(s.rows, sphereRow{theta: tc, first: len(s.Dirs), n: n, w: w})
		area := (math.Cos(t0) - math.Cos(t1)) * w
		st, ct := math.Sincos(tc)
		for j := 0; j < n; j++ {
			sp, cp := math.Sincos((float64(j) + 0.5) * w)
			s.Dirs = append(s.Dirs, geom.V(st*cp, st*sp, ct))
			s.Area = append(s.Area, area)
		}
		// The farthest point of a cell from its centre is a corner: at a fixed
		// azimuth offset the distance has no interior maximum in polar angle, and
		// at a fixed polar angle it grows with the azimuth offset.
		c := geom.V(st, 0, ct)
		for _, t := range []float64{t0, t1} {
			sa, ca := math.Sincos(t)
			sp, cp := math.Sincos(w / 2)
			s.Err = math.Max(s.Err, angle(c, geom.V(sa*cp, sa*sp, ca)))
		}
	}
	return s
}

// angle returns the angle (radians) between unit vectors a and b.
func angle(a, b geom.Vec3) float64 {
	// atan2 of |a×b| and a·b is accurate at every angle, unlike acos near 0.
	return math.Atan2(a.Cross(b).Len(), a.Dot(b))
}

// row returns the row holding sample i.
func (s *Sphere) row(i int) int {
	return sort.Search(len(s.rows), func(r int) bool { return s.rows[r].first > i }) - 1
}

// neighbours appends to buf the samples whose cells touch sample i's cell, an edge
// or a corner, and returns it.
func (s *Sphere) neighbours(i int, buf []int) []int {
	buf = buf[:0]
	r := s.row(i)
	row := s.rows[r]
	j := i - row.first
	last := len(s.rows) - 1
	if r == 0 || r == last {
		// The polar cells all meet at the pole.
		for k := 0; k < row.n; k++ {
			if k != j {
				buf = append(buf, row.first+k)
			}
		}
	} else if row.n > 1 {
		buf = append(buf, row.first+(j+1)%row.n, row.first+(j+row.n-1)%row.n)
	}
	lo, hi := float64(j)*row.w, float64(j+1)*row.w
	for _, q := range []int{r - 1, r + 1} {
		if q < 0 || q > last {
			continue
		}
		o := s.rows[q]
		k0 := int(math.Floor(lo/o.w - 1e-9))
		k1 := int(math.Floor(hi/o.w + 1e-9))
		if k1-k0+1 >= o.n {
			k0, k1 = 0, o.n-1
		}
		for k := k0; k <= k1; k++ {
			buf = append(buf, o.first+((k%o.n)+o.n)%o.n)
		}
	}
	return buf
}

// cap calls fn with every sample within radius (radians) of the unit direction c.
func (s *Sphere) cap(c geom.Vec3, radius float64, fn func(i int)) {
	tc := math.Acos(math.Max(-1, math.Min(1, c.Z)))
	pc := math.Atan2(c.Y, c.X)
	stc, ctc := math.Sincos(tc)
	cr := math.Cos(radius)
	r0 := max(0, int(math.Floor((tc-radius)/s.Step)))
	r1 := min(len(s.rows)-1, int(math.Floor((tc+radius)/s.Step)))
	for r := r0; r <= r1; r++ {
		row := s.rows[r]
		st, ct := math.Sincos(row.theta)
		num, den := cr-ct*ctc, st*stc
		full := false
		var dphi float64
		switch {
		case den < 1e-12:
			if num > 1e-12 {
				continue
			}
			full = true
		default:
			x := num / den
			if x > 1 {
				continue
			}
			if x <= -1 {
				full = true
			} else {
				dphi = math.Acos(x) + 1e-9
			}
		}
		k0 := int(math.Ceil((pc-dphi)/row.w - 0.5))
		k1 := int(math.Floor((pc+dphi)/row.w - 0.5))
		if full || k1-k0+1 >= row.n {
			k0, k1 = 0, row.n-1
		}
		for k := k0; k <= k1; k++ {
			fn(row.first + ((k%row.n)+row.n)%row.n)
		}
	}
}
