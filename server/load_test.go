package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules"
)

// Load test settings. By default TestLoad is a one-second smoke run; the
// full run (30 s at 250 req/s) is
//
//	MTAUDIT_LOADTEST=1 go test ./server -run '^TestLoad$' -v -timeout 5m
//
// MTAUDIT_LOADTEST_RATE (requests per second), MTAUDIT_LOADTEST_DURATION
// (such as 30s) change the shape, and MTAUDIT_LOADTEST_URL aims the load at
// a running 'mtaudit serve' on loopback instead of an in-process server
// (scripts/loadtest.sh does that, to measure the server's own peak RSS).
type loadSettings struct {
	rate     int
	duration time.Duration
	url      string
	full     bool
}

func loadSettingsFromEnv(t *testing.T) loadSettings {
	// The smoke run checks the harness and correctness under concurrency,
	// not throughput: the machine running the default suite may be busy.
	s := loadSettings{rate: 20, duration: time.Second}
	if os.Getenv("MTAUDIT_LOADTEST") == "1" {
		s = loadSettings{rate: 250, duration: 30 * time.Second, full: true}
	}
	if v := os.Getenv("MTAUDIT_LOADTEST_RATE"); v != "" {
		n, err := strconv.Atoi(v)
		require.NoError(t, err, "MTAUDIT_LOADTEST_RATE")
		s.rate = n
	}
	if v := os.Getenv("MTAUDIT_LOADTEST_DURATION"); v != "" {
		d, err := time.ParseDuration(v)
		require.NoError(t, err, "MTAUDIT_LOADTEST_DURATION")
		s.duration = d
	}
	s.url = os.Getenv("MTAUDIT_LOADTEST_URL")
	if s.url != "" && !strings.HasPrefix(s.url, "http://127.0.0.1:") && !strings.HasPrefix(s.url, "http://localhost:") && !strings.HasPrefix(s.url, "http://[::1]:") {
		t.Fatalf("MTAUDIT_LOADTEST_URL must be a loopback http URL, got %q", s.url)
	}
	require.True(t, s.rate > 0 && s.rate <= 5000, "rate in 1..5000")
	require.True(t, s.duration > 0 && s.duration <= 10*time.Minute, "duration up to 10m")
	return s
}

// loadBodies returns one /v1/check body per sample article: typical news
// articles of 400 to 700 words, one of them garbled.
func loadBodies(t *testing.T) [][]byte {
	paths, err := filepath.Glob("../testdata/corpus/*.txt")
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	var bodies [][]byte
	for _, p := range paths {
		text, err := os.ReadFile(p)
		require.NoError(t, err)
		b, err := json.Marshal(map[string]string{"id": filepath.Base(p), "text": string(text)})
		require.NoError(t, err)
		bodies = append(bodies, b)
	}
	return bodies
}

// TestLoad sends requests at a constant rate (open loop: a slow server
// does not slow the sender) for the set duration and requires every one to
// succeed with the expected verdict. It reports throughput, latency
// percentiles and peak RSS.
func TestLoad(t *testing.T) {
	set := loadSettingsFromEnv(t)
	bodies := loadBodies(t)
	url := set.url
	if url == "" {
		s := New(Options{Rules: rules.All(), Env: rules.DefaultEnv(), Gate: audit.DefaultGate()})
		ts := httptest.NewServer(s) // listens on 127.0.0.1
		defer ts.Close()
		url = ts.URL
	}

	// Expected verdict per body, from one request each.
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConns: 1024, MaxIdleConnsPerHost: 1024, IdleConnTimeout: time.Minute,
	}}
	want := make([]string, len(bodies))
	for i, b := range bodies {
		resp, err := client.Post(url+"/v1/check", "application/json", bytes.NewReader(b))
		require.NoError(t, err)
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode)
		want[i] = resp.Header.Get("Mtaudit-Gate")
	}

	total := int(float64(set.rate) * set.duration.Seconds())
	const maxOutstanding = 2048 // bounds goroutines if the server stalls
	latencies := make([]time.Duration, total)
	var (
		mu       sync.Mutex
		errs     []string
		errCount int
		okCount  atomic.Int64
		busy     atomic.Int64
		wg       sync.WaitGroup
	)
	sem := make(chan struct{}, maxOutstanding)
	fail := func(msg string) {
		mu.Lock()
		defer mu.Unlock()
		errCount++
		if len(errs) < 10 {
			errs = append(errs, msg)
		}
	}
	interval := time.Second / time.Duration(set.rate)
	start := time.Now()
	for i := range total {
		if d := time.Until(start.Add(time.Duration(i) * interval)); d > 0 {
			time.Sleep(d)
		}
		select {
		case sem <- struct{}{}:
		default:
			fail("more than 2048 requests outstanding")
			continue
		}
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			k := i % len(bodies)
			t0 := time.Now()
			resp, err := client.Post(url+"/v1/check", "application/json", bytes.NewReader(bodies[k]))
			if err != nil {
				fail(err.Error())
				return
			}
			_, err = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			latencies[i] = time.Since(t0)
			switch {
			case err != nil:
				fail("read body: " + err.Error())
			case resp.StatusCode == http.StatusTooManyRequests && !set.full:
				busy.Add(1) // a busy machine, not a fault, in the smoke run
			case resp.StatusCode != http.StatusOK:
				fail(fmt.Sprintf("status %d", resp.StatusCode))
			case resp.Header.Get("Mtaudit-Gate") != want[k]:
				fail("verdict changed under load")
			default:
				okCount.Add(1)
			}
		}(i)
	}
	sendDone := time.Since(start)
	wg.Wait()
	elapsed := time.Since(start)

	var ok []time.Duration // latencies of the requests answered
	for _, l := range latencies {
		if l > 0 {
			ok = append(ok, l)
		}
	}
	slices.Sort(ok)
	pct := func(p float64) time.Duration {
		if len(ok) == 0 {
			return 0
		}
		return ok[min(len(ok)-1, int(p*float64(len(ok))))]
	}
	rss := "n/a (external server: see /usr/bin/time -v)"
	if set.url == "" {
		rss = peakRSS()
	}
	report := fmt.Sprintf("load: %d requests at a target %d req/s over %s (sending took %s, all done in %s): "+
		"%d ok, %d errors; achieved %.1f req/s; latency p50 %s p90 %s p99 %s max %s; GOMAXPROCS %d; peak RSS of the test process %s",
		total, set.rate, set.duration, sendDone.Round(time.Millisecond), elapsed.Round(time.Millisecond),
		okCount.Load(), errCount, float64(okCount.Load())/elapsed.Seconds(),
		pct(0.50).Round(10*time.Microsecond), pct(0.90).Round(10*time.Microsecond), pct(0.99).Round(10*time.Microsecond),
		pct(1).Round(10*time.Microsecond), runtime.GOMAXPROCS(0), rss)
	t.Log(report)
	if out := os.Getenv("MTAUDIT_LOADTEST_REPORT"); out != "" {
		require.NoError(t, os.WriteFile(out, []byte(report+"\n"), 0o644))
	}

	require.Zero(t, errCount, "errors under load, first ones: %v", errs)
	require.Positive(t, okCount.Load())
	if n := busy.Load(); n > 0 {
		t.Logf("smoke run: %d requests refused with 429 (the machine is busy)", n)
	}
	if set.full {
		achieved := float64(okCount.Load()) / elapsed.Seconds()
		require.GreaterOrEqual(t, achieved, 200.0, "sustained rate")
		require.Less(t, sendDone, set.duration+set.duration/20, "the sender kept pace")
	}
}

// peakRSS reads the process's peak resident set size (VmHWM) on Linux.
func peakRSS() string {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "n/a"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "n/a"
}
