package server

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// loadModels are the small models the load test asks for, in turn.
var loadModels = []string{
	`{"words": "spur gear 12 teeth module 1", "preview": true}`,
	`{"words": "box with lid 40x30x20", "preview": true}`,
	`{"words": "鬼工球 3层 直径30毫米", "preview": true}`,
	`{"words": "spur gear 12 teeth module 1", "formats": ["3mf", "stl"]}`,
	`{"words": "box with lid 40x30x20", "formats": ["stl", "glb"], "printer": "a1mini"}`,
	`{"words": "鬼工球 3层 直径30毫米", "formats": ["3mf"]}`,
}

// Fifty make requests at once on the default workers, with a queue that holds
// them all: every job ends with its result, the files of the same request are
// the same bytes, and the process stays under 2 GiB. Every request and the
// whole test have deadlines.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("the load test runs without -short")
	}
	const jobs = 50
	const maxSys = 2 << 30
	s, ts := start(t, &Server{Queue: jobs})
	ctx, cancel := context.WithTimeout(t.Context(), 4*time.Minute)
	defer cancel()

	var peakSys, peakHeap uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			peakSys, peakHeap = max(peakSys, ms.Sys), max(peakHeap, ms.HeapInuse)
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()

	t0 := time.Now()
	var wg sync.WaitGroup
	sums := make([]string, jobs)
	errs := make([]error, jobs)
	for i := range jobs {
		wg.Go(func() { sums[i], errs[i] = loadOne(ctx, ts.URL, loadModels[i%len(loadModels)]) })
	}
	wg.Wait()
	took := time.Since(t0)
	close(stop)
	<-sampled

	for i, err := range errs {
		if err != nil {
			t.Errorf("job %d (%s): %v", i, loadModels[i%len(loadModels)], err)
		}
	}
	for i := len(loadModels); i < jobs; i++ {
		if errs[i] == nil && sums[i] != sums[i%len(loadModels)] {
			t.Errorf("job %d (%s): other bytes than job %d", i, loadModels[i%len(loadModels)], i%len(loadModels))
		}
	}
	hwm := peakRSS()
	t.Logf("%d jobs on %d workers, %d cores: %v; peak Go Sys %d MiB, HeapInuse %d MiB, process RSS %s",
		jobs, DefaultWorkers, runtime.GOMAXPROCS(0), took.Round(time.Millisecond), peakSys>>20, peakHeap>>20, hwm)
	if peakSys > maxSys {
		t.Errorf("the process took %d MiB from the system, over %d MiB", peakSys>>20, maxSys>>20)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.ended) != jobs {
		t.Errorf("%d jobs kept, want %d", len(s.ended), jobs)
	}
}

// loadOne makes one job, reads its events to the result and downloads its
// files, returning a digest of every file.
func loadOne(ctx context.Context, base, body string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, "POST", base+"/api/v1/make", strings.NewReader(body))
	if err != nil {
		return "", err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	var ans makeAnswer
	err = json.NewDecoder(resp.Body).Decode(&ans)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusAccepted {
		return "", fmt.Errorf("make: status %d: %v", resp.StatusCode, err)
	}

	req, err = http.NewRequestWithContext(ctx, "GET", base+ans.Events, nil)
	if err != nil {
		return "", err
	}
	if resp, err = http.DefaultClient.Do(req); err != nil {
		return "", err
	}
	var name, data string
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 8<<20)
	for sc.Scan() {
		line := sc.Text()
		if v, ok := strings.CutPrefix(line, "event: "); ok {
			name = v
		} else if v, ok := strings.CutPrefix(line, "data: "); ok {
			data = v
			if name == "result" || name == "error" {
				break
			}
		}
	}
	resp.Body.Close()
	if name != "result" {
		return "", fmt.Errorf("the last event is %q: %s (%v)", name, data, sc.Err())
	}
	var res result
	if err := json.Unmarshal([]byte(data), &res); err != nil {
		return "", err
	}
	if len(res.Files) == 0 {
		return "", fmt.Errorf("no files")
	}
	h := sha256.New()
	for _, f := range res.Files {
		req, err := http.NewRequestWithContext(ctx, "GET", base+f.URL, nil)
		if err != nil {
			return "", err
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return "", err
		}
		n, err := io.Copy(h, resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || n != f.Bytes {
			return "", fmt.Errorf("%s: status %d, %d bytes of %d: %v", f.URL, resp.StatusCode, n, f.Bytes, err)
		}
	}
	return fmt.Sprintf("%x", h.Sum(nil)), nil
}

// peakRSS is the process's peak resident memory as Linux reports it, or "?".
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "?"
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}
