package carve

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// parallel calls fn(i) for i from 0 to n-1 on up to workers goroutines (0
// means GOMAXPROCS), each call writing only its own results, so nothing
// depends on the number of workers. It stops handing out work once ctx is
// cancelled and then returns ctx's error.
func parallel(ctx context.Context, n, workers int, fn func(i int)) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}
