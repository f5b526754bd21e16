package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"yanchu/pipeline"
)

// bar draws progress on a terminal: one line, redrawn at most ten times a second.
type bar struct {
	w     io.Writer
	last  time.Time
	stage string
	drawn bool
}

func (b *bar) event(e pipeline.Event) {
	if e.Estimate != nil {
		return // said on its own line
	}
	now := time.Now()
	if e.Stage == b.stage && e.Done < e.Total && now.Sub(b.last) < 100*time.Millisecond {
		return
	}
	b.last, b.stage, b.drawn = now, e.Stage, true
	const width = 30
	n := 0
	if e.Total > 0 {
		n = width * e.Done / e.Total
	}
	fmt.Fprintf(b.w, "\r%-8s [%s%s] %3d%%", e.Stage, strings.Repeat("#", n), strings.Repeat(".", width-n), pct(e))
}

func pct(e pipeline.Event) int {
	if e.Total == 0 {
		return 0
	}
	return 100 * e.Done / e.Total
}

// done ends the bar's line.
func (b *bar) done() {
	if b.drawn {
		fmt.Fprint(b.w, "\r\033[K")
	}
}
