package pipeline

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"yanchu/badinput"
	"yanchu/catalog"
	"yanchu/sdf"
)

// Limits bound what one make may take, decided from its estimate before the
// work starts: the memory it may need, and the time it may run, after which it
// is stopped. The command line and the server share them: a make request is a
// make with the server's limits (README: Limits).
type Limits struct {
	// MemoryMiB is the most memory (MiB) a make's estimate may need; 0 means
	// DefaultMemoryMiB.
	MemoryMiB int
	// Time is the longest a make may run, and its estimate may say; 0 means
	// no limit.
	Time time.Duration
	// Server says the limits are a server's, for each of its jobs: the
	// messages then name no command-line flags.
	Server bool
}

// DefaultMemoryMiB is three quarters of the memory this machine (or the
// control group yanchu runs in) has, or 8 GiB where that cannot be read.
func DefaultMemoryMiB() int {
	if m := machineMiB(); m > 0 {
		return m * 3 / 4
	}
	return 8 << 10
}

func (l Limits) memory() int {
	if l.MemoryMiB > 0 {
		return l.MemoryMiB
	}
	return DefaultMemoryMiB()
}

// fit reports whether an estimate keeps within the limits.
func (l Limits) fit(e Estimate) bool {
	return e.MemoryMiB <= l.memory() && (l.Time <= 0 || e.Seconds <= l.Time.Seconds())
}

// over says how an estimate goes past the limits, as "about 30 GB of memory,
// more than the 18 GB yanchu may use here (--memory)".
func (l Limits) over(e Estimate) string {
	var parts []string
	if e.MemoryMiB > l.memory() {
		if l.Server {
			parts = append(parts, fmt.Sprintf("about %s of memory, more than the %s this server allows a job", mib(e.MemoryMiB), mib(l.memory())))
		} else {
			parts = append(parts, fmt.Sprintf("about %s of memory, more than the %s yanchu may use here (--memory)", mib(e.MemoryMiB), mib(l.memory())))
		}
	}
	if l.Time > 0 && e.Seconds > l.Time.Seconds() {
		if l.Server {
			parts = append(parts, fmt.Sprintf("about %s, longer than this server's limit of %s", seconds(e.Seconds), l.Time))
		} else {
			parts = append(parts, fmt.Sprintf("about %s, longer than the limit of %s (--timeout)", seconds(e.Seconds), l.Time))
		}
	}
	return strings.Join(parts, " and ")
}

// seconds prints a time the short way: 40 s, 3 min.
func seconds(s float64) string {
	if s >= 120 {
		return fmt.Sprintf("%.0f min", math.Ceil(s/60))
	}
	return fmt.Sprintf("%.0f s", math.Ceil(s))
}

// ParseMemory reads a memory size as people write it: 4G, 4GB, 512M, 512MB, a
// bare number being megabytes. It returns MiB.
func ParseMemory(s string) (int, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "IB"), "B")
	scale := 1.0
	switch {
	case strings.HasSuffix(t, "G"):
		scale, t = 1024, strings.TrimSuffix(t, "G")
	case strings.HasSuffix(t, "M"):
		t = strings.TrimSuffix(t, "M")
	}
	x, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
	if err != nil || !(x*scale >= 64) || x*scale > 1<<30 {
		return 0, badinput.New(badinput.OutOfRange, "the memory limit %q is not a size from 64 MB up; write it as 4G or 512M", s)
	}
	return int(x * scale), nil
}

// errOverTime is the cause of a make stopped at its time limit.
var errOverTime = errors.New("pipeline: the time limit")

// withTime returns ctx stopped at the time limit, if any.
func (l Limits) withTime(ctx context.Context) (context.Context, context.CancelFunc) {
	if l.Time <= 0 {
		return ctx, func() {}
	}
	return context.WithTimeoutCause(ctx, l.Time, errOverTime)
}

// overTime turns the error of a make stopped at its time limit into the
// user's: what the limit was and what the estimate said.
func (l Limits) overTime(ctx context.Context, err error, e *Estimate) error {
	if err == nil || !errors.Is(context.Cause(ctx), errOverTime) {
		return err
	}
	msg := fmt.Sprintf("stopped at the time limit of %s, with nothing written", l.Time)
	if e != nil {
		msg += fmt.Sprintf(" (the estimate was %s)", seconds(e.Seconds))
	}
	if l.Server {
		return badinput.New(badinput.OverLimit, "%s; ask for a smaller model or a coarser cell", msg)
	}
	return badinput.New(badinput.OverLimit, "%s; allow more with --timeout, or ask for a smaller model or a coarser cell", msg)
}

// coarsestCell is how many times its own cell a model may be meshed at to
// keep within the limits.
const coarsestCell = 1.5

// planWork estimates the make and decides its grid within the limits, before
// any work. A cell said (opt.Cell or opt.Cells) that is over MaxCells or the
// limits is refused with the finest that fits; the model's own cell is made
// coarser where that fits, up to coarsestCell times, and the model refused
// where nothing does. It leaves in mo.Cell and mo.Cells the grid to mesh on.
func planWork(ctx context.Context, model *catalog.Model, solid sdf.Solid, mo *Options, opt MakeOptions, lim Limits, tol float64) (*Estimate, []string, error) {
	if mo.Surface != nil {
		e, ok := estimateOf(model, tol)
		if !ok {
			return nil, nil, nil
		}
		if !lim.fit(e) {
			return nil, nil, refuseTolerance(model, tol, e, lim)
		}
		return &e, nil, nil
	}
	size := solid.Bounds().Size().MaxComp()
	if len(mo.Bodies) > 0 {
		size = 0
		for _, b := range mo.Bodies {
			size = math.Max(size, b.Bounds().Size().MaxComp())
		}
	}
	said := opt.Cell > 0 || opt.Cells > 0
	cells := mo.Cells
	if mo.Cell > 0 {
		cells = int(math.Ceil(size/mo.Cell - 1e-9))
	}
	if said && (cells > MaxCells || opt.Cells > MaxCells) {
		n, e, err := finest(ctx, solid, *mo, lim, MaxCells)
		if err != nil {
			return nil, nil, err
		}
		return nil, nil, refuseCells(opt, size, fmt.Sprintf("%d cells along the longest side (%.4g mm) is over the limit of %d", cells, size, MaxCells), n, e, lim)
	}
	e, err := gridEstimate(ctx, solid, *mo)
	if err != nil {
		return nil, nil, err
	}
	if cells <= MaxCells && lim.fit(e) {
		return &e, nil, nil
	}
	if said {
		n, ne, err := finest(ctx, solid, *mo, lim, cells)
		if err != nil {
			return nil, nil, err
		}
		return nil, nil, refuseCells(opt, size, fmt.Sprintf("at %d cells along the longest side this model needs %s", cells, lim.over(e)), n, ne, lim)
	}
	// The model's own cell, half its narrowest gap or wall: half as coarse
	// again keeps the gaps open and the walls whole.
	why := lim.over(e)
	if cells > MaxCells {
		why = fmt.Sprintf("%d cells, over the limit of %d", cells, MaxCells)
	}
	coarsest := 4
	if model.Cell > 0 {
		coarsest = max(4, int(math.Ceil(size/(coarsestCell*model.Cell))))
	}
	n, ne, err := finest(ctx, solid, *mo, lim, min(cells, MaxCells))
	if err != nil {
		return nil, nil, err
	}
	if n < coarsest {
		return nil, nil, badinput.New(badinput.OverLimit,
			"this model needs %s, and a grid coarse enough to fit would lose its gaps and walls; ask for a smaller model or fewer parts, or allow more", why)
	}
	mo.Cell, mo.Cells = 0, n
	note := fmt.Sprintf("meshed on %d cells along the longest side (a %.3g mm cell), coarser than the %.3g mm yanchu picks, which would need %s",
		n, size/float64(n), model.Cell, why)
	return &ne, []string{note}, nil
}

// finest returns the most cells along the longest side, at most from, at
// which meshing solid as mo says keeps within the limits, with its estimate;
// 0 when even 4 cells do not. A surface's blocks grow with the square of the
// cells: a first guess from that, down a twentieth at a time until one fits,
// then halving the way back to within a fiftieth of the most.
func finest(ctx context.Context, solid sdf.Solid, mo Options, lim Limits, from int) (int, Estimate, error) {
	try := func(n int) (Estimate, error) {
		o := mo
		o.Cell, o.Cells = 0, n
		return gridEstimate(ctx, solid, o)
	}
	n, over := from, 0
	for range 60 {
		e, err := try(n)
		if err != nil {
			return 0, Estimate{}, err
		}
		if lim.fit(e) {
			// Then halve the way to the last that did not fit, to a fiftieth.
			for over-n > max(1, n/50) {
				m := (n + over) / 2
				me, err := try(m)
				if err != nil {
					return 0, Estimate{}, err
				}
				if lim.fit(me) {
					n, e = m, me
				} else {
					over = m
				}
			}
			return n, e, nil
		}
		if n <= 4 {
			break
		}
		over = n
		ratio := math.Min(float64(lim.memory()-surfaceBaseMiB)/float64(max(1, e.MemoryMiB-surfaceBaseMiB)), 0.95)
		if lim.Time > 0 {
			ratio = math.Min(ratio, (lim.Time.Seconds()-surfaceBaseS)/math.Max(e.Seconds-surfaceBaseS, 1e-9))
		}
		n = max(4, min(int(float64(n)*math.Sqrt(math.Max(ratio, 0.01))), n*19/20))
	}
	return 0, Estimate{}, nil
}

// refuseCells refuses a grid that was asked for, with the finest that fits in
// the way it was asked: cells, or a cell in millimetres (the command line's
// flags as suggestions, for the command line only).
func refuseCells(opt MakeOptions, size float64, why string, n int, e Estimate, lim Limits) error {
	if n == 0 {
		return badinput.New(badinput.OverLimit, "%s; no grid of this model keeps within the limits", why)
	}
	var err *badinput.Error
	if opt.Cell > 0 {
		cell := math.Ceil(1000*size/float64(n)) / 1000
		err = &badinput.Error{Code: badinput.OverLimit,
			Message: fmt.Sprintf("a %g mm cell: %s; the finest that fits is a %g mm cell (%d cells, about %s of memory)",
				opt.Cell, why, cell, n, mib(e.MemoryMiB)),
			Suggestions: []string{fmt.Sprintf("--cell %g", cell)}}
	} else {
		err = &badinput.Error{Code: badinput.OverLimit,
			Message: fmt.Sprintf("%s; the most that fits is %d cells (a %.3g mm cell, about %s of memory)",
				why, n, size/float64(n), mib(e.MemoryMiB)),
			Suggestions: []string{fmt.Sprintf("--cells %d", n)}}
	}
	if lim.Server {
		err.Suggestions = nil
	}
	return err
}

// refuseTolerance refuses a surface over the limits at tolerance tol, with the
// finest tolerance at which it fits, to a thousandth of a millimetre, where
// one up to 1 mm does.
func refuseTolerance(model *catalog.Model, tol float64, e Estimate, lim Limits) error {
	why := "this model needs " + lim.over(e)
	top, _ := estimateOf(model, 1)
	if !lim.fit(top) {
		return badinput.New(badinput.OverLimit, "%s, even within 1 mm of its surface; ask for a smaller model", why)
	}
	lo, hi := tol, 1.0 // lo does not fit, hi does
	for hi-lo > 0.0005 {
		mid := (lo + hi) / 2
		if me, _ := estimateOf(model, mid); lim.fit(me) {
			hi = mid
		} else {
			lo = mid
		}
	}
	fit := math.Ceil(hi*1000) / 1000
	if lim.Server {
		return badinput.New(badinput.OverLimit, "%s; within %g mm of its surface it fits", why, fit)
	}
	return &badinput.Error{Code: badinput.OverLimit,
		Message:     fmt.Sprintf("%s; within %g mm of its surface it fits (--tolerance %g)", why, fit, fit),
		Suggestions: []string{fmt.Sprintf("--tolerance %g", fit)}}
}
