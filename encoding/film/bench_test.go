package film

import (
	"io"
	"sync"
	"testing"
	"time"
)

// benchFilm is 72 frames of 512×512, a shaded ball on a transparent
// background: one turn of the light at 5° a frame.
var benchFilm = sync.OnceValue(func() *Film {
	return &Film{Frames: ball(72, 512, true), Delay: time.Second / 24}
})

// counter counts the bytes written to it.
type counter int64

func (c *counter) Write(p []byte) (int, error) {
	*c += counter(len(p))
	return len(p), nil
}

func benchWrite(b *testing.B, write func(io.Writer, *Film) error) {
	f := benchFilm()
	b.ReportAllocs()
	var n counter
	for b.Loop() {
		n = 0
		if err := write(&n, f); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n), "bytes/film") // a smaller film must not pass for a faster one
	b.ReportMetric(float64(len(f.Frames)), "frames/op")
}

func BenchmarkWriteGIF(b *testing.B) { benchWrite(b, WriteGIF) }

func BenchmarkWriteAPNG(b *testing.B) { benchWrite(b, WriteAPNG) }
