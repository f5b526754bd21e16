package threemf

import (
	"bytes"
	"compress/flate"
	"io"
	"math/rand/v2"
	"runtime"
	"testing"
)

// parallelDeflate makes one deflate stream that inflates to what was written,
// at every length around the chunk's, written whole or in odd pieces, and the
// same bytes whatever the number of cores.
func TestParallelDeflate(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	text := func(n int) []byte {
		// Compressible, as a model part is: digits and tags.
		var b bytes.Buffer
		for b.Len() < n {
			b.WriteString("<vertex x=\"")
			b.WriteString(string(rune('0' + rng.IntN(10))))
			b.WriteString(".25\"/>\n")
		}
		return b.Bytes()[:n]
	}
	deflate := func(data []byte, piece int) []byte {
		var out bytes.Buffer
		p := newParallelDeflate(&out)
		for b := data; len(b) > 0; {
			k := min(piece, len(b))
			if _, err := p.Write(b[:k]); err != nil {
				t.Fatal(err)
			}
			b = b[k:]
		}
		if err := p.Close(); err != nil {
			t.Fatal(err)
		}
		return out.Bytes()
	}
	for _, n := range []int{0, 1, deflateChunk - 1, deflateChunk, deflateChunk + 1, 7*deflateChunk/2 + 17} {
		data := text(n)
		for _, piece := range []int{1 << 30, 4093} {
			z := deflate(data, piece)
			got, err := io.ReadAll(flate.NewReader(bytes.NewReader(z)))
			if err != nil {
				t.Fatalf("%d bytes: %v", n, err)
			}
			if !bytes.Equal(got, data) {
				t.Fatalf("%d bytes in pieces of %d: inflated to %d other bytes", n, piece, len(got))
			}
			if n > 1000 && len(z) > n/2 {
				t.Errorf("%d bytes deflated to %d: not compressed", n, len(z))
			}
		}
		prev := runtime.GOMAXPROCS(1)
		one := deflate(data, 1<<30)
		runtime.GOMAXPROCS(prev)
		if !bytes.Equal(one, deflate(data, 1<<30)) {
			t.Errorf("%d bytes: other bytes with one core", n)
		}
	}
}

// BenchmarkDeflate deflates 64 MiB of model text one core at a time and in
// parallel.
func BenchmarkDeflate(b *testing.B) {
	var src bytes.Buffer
	for i := 0; src.Len() < 64<<20; i++ {
		src.WriteString("      <vertex x=\"12.3456\" y=\"-7.891\" z=\"")
		src.WriteString(string(rune('0' + i%10)))
		src.WriteString(".5\"/>\n")
	}
	data := src.Bytes()
	b.Run("one", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			fw, _ := flate.NewWriter(io.Discard, flate.BestSpeed)
			fw.Write(data)
			fw.Close()
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			p := newParallelDeflate(io.Discard)
			p.Write(data)
			p.Close()
		}
	})
}
