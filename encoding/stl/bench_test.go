package stl

import (
	"bytes"
	"fmt"
	"io"
	"sync"
	"testing"

	"yanchu/mesh"
)

// bigTorus is a closed torus of 2000×1750 quads: 7,000,000 triangles, 3,500,000 vertices.
var bigTorus = sync.OnceValue(func() *mesh.Mesh { return torus(2000, 1750) })

func BenchmarkEncodeBinary(b *testing.B) {
	m := bigTorus()
	b.ReportAllocs()
	b.SetBytes(int64(84 + 50*len(m.Triangles)))
	for b.Loop() {
		if err := encodeBinary(io.Discard, m); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(m.Triangles)), "tris/op")
}

func BenchmarkEncodeValidated(b *testing.B) {
	m := bigTorus()
	b.ReportAllocs()
	for b.Loop() {
		if err := Encode(io.Discard, m); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(m.Triangles)), "tris/op")
}

func BenchmarkEncodeASCII(b *testing.B) {
	m := torus(500, 500)
	b.ReportAllocs()
	for b.Loop() {
		if err := encodeASCII(io.Discard, m, "bench"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(m.Triangles)), "tris/op")
}

func BenchmarkDecode(b *testing.B) {
	m := torus(1000, 500)
	for _, form := range []string{"binary", "ascii"} {
		var buf bytes.Buffer
		if form == "binary" {
			encodeBinary(&buf, m)
		} else {
			encodeASCII(&buf, m, "bench")
		}
		data := buf.Bytes()
		b.Run(fmt.Sprint(form), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			var tris int
			for b.Loop() {
				got, err := Decode(bytes.NewReader(data), DecodeOptions{})
				if err != nil {
					b.Fatal(err)
				}
				tris = len(got.Triangles)
			}
			b.ReportMetric(float64(tris), "tris/op")
		})
	}
}
