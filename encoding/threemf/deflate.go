package threemf

import (
	"bytes"
	"compress/flate"
	"io"
	"runtime"
	"sync"
)

// deflateChunk is how much of an entry each compressor takes at once. Every
// chunk starts a fresh dictionary, which costs a fraction of a percent of the
// size at this length.
const deflateChunk = 1 << 20

// parallelDeflate deflates what is written to it in chunks of deflateChunk
// bytes, the chunks at once on as many cores, and writes them in order as one
// deflate stream: each chunk ends with a sync flush (an empty stored block, not
// the last), the last one with the final block. The bytes depend only on the
// data, not on the number of cores.
type parallelDeflate struct {
	w       io.Writer
	buf     []byte
	pending []chan result // chunks in flight, oldest first
	most    int
	err     error
}

type result struct {
	out *bytes.Buffer
	err error
}

// chunks and outputs hold the buffers of chunks written out, for the next.
var (
	chunks  = sync.Pool{New: func() any { b := make([]byte, 0, deflateChunk); return &b }}
	outputs = sync.Pool{New: func() any { return new(bytes.Buffer) }}
)

func newParallelDeflate(w io.Writer) *parallelDeflate {
	return &parallelDeflate{w: w, buf: (*chunks.Get().(*[]byte))[:0], most: 2 * runtime.GOMAXPROCS(0)}
}

var compressors = sync.Pool{New: func() any {
	fw, _ := flate.NewWriter(nil, flate.BestSpeed)
	return fw
}}

// compress deflates b as a run of blocks, the last block final when last, and
// gives b back to the pool.
func compress(b []byte, last bool) result {
	out := outputs.Get().(*bytes.Buffer)
	out.Reset()
	fw := compressors.Get().(*flate.Writer)
	defer compressors.Put(fw)
	fw.Reset(out)
	_, err := fw.Write(b)
	if err == nil && last {
		err = fw.Close()
	} else if err == nil {
		err = fw.Flush()
	}
	b = b[:0]
	chunks.Put(&b)
	return result{out, err}
}

func (p *parallelDeflate) Write(b []byte) (int, error) {
	n := len(b)
	for len(b) > 0 && p.err == nil {
		k := min(len(b), deflateChunk-len(p.buf))
		p.buf = append(p.buf, b[:k]...)
		b = b[k:]
		if len(p.buf) == deflateChunk {
			p.send(false)
		}
	}
	if p.err != nil {
		return 0, p.err
	}
	return n, nil
}

// send starts compressing the buffered chunk, first writing out the oldest
// chunk in flight when as many as allowed are.
func (p *parallelDeflate) send(last bool) {
	if len(p.pending) == p.most {
		p.drain(1)
	}
	c := make(chan result, 1)
	chunk := p.buf
	go func() { c <- compress(chunk, last) }()
	p.pending = append(p.pending, c)
	p.buf = (*chunks.Get().(*[]byte))[:0]
}

// drain writes out the n oldest chunks in flight.
func (p *parallelDeflate) drain(n int) {
	for range n {
		r := <-p.pending[0]
		p.pending = p.pending[1:]
		if p.err == nil {
			p.err = r.err
		}
		if p.err == nil {
			_, p.err = p.w.Write(r.out.Bytes())
		}
		outputs.Put(r.out)
	}
}

// Close compresses what is left as the final chunk and writes out every chunk.
func (p *parallelDeflate) Close() error {
	if p.err == nil {
		p.send(true)
	}
	p.drain(len(p.pending))
	if p.buf != nil {
		chunks.Put(&p.buf)
		p.buf = nil
	}
	return p.err
}
