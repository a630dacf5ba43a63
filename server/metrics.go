package server

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// metrics are the service's counters, written in the Prometheus text
// exposition format (version 0.0.4) at /metrics. The format is small and
// stable; writing it by hand keeps the service free of the client
// library's dependency tree for a dozen series.
type metrics struct {
	mu        sync.Mutex
	requests  map[[2]string]uint64 // {handler, code} → count
	durations map[string]*histogram
	rejected  uint64            // 429: too many audits at once
	timeouts  uint64            // audits past the per-request timeout
	documents map[string]uint64 // verdict → count
	findings  map[string]uint64 // severity → count
	words     uint64
	inFlight  int64
	started   time.Time
}

// durationBuckets are the upper bounds, in seconds, of the request
// duration histogram.
var durationBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}

type histogram struct {
	counts []uint64 // per bucket, not cumulative; last is +Inf
	sum    float64
	count  uint64
}

func newMetrics() *metrics {
	return &metrics{
		requests:  map[[2]string]uint64{},
		durations: map[string]*histogram{},
		documents: map[string]uint64{},
		findings:  map[string]uint64{},
		started:   time.Now(),
	}
}

func (m *metrics) observeRequest(handler string, code int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[[2]string{handler, strconv.Itoa(code)}]++
	h := m.durations[handler]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(durationBuckets)+1)}
		m.durations[handler] = h
	}
	s := d.Seconds()
	i := sort.SearchFloat64s(durationBuckets, s) // first bound ≥ s
	h.counts[i]++
	h.sum += s
	h.count++
}

func (m *metrics) addInFlight(n int64) {
	m.mu.Lock()
	m.inFlight += n
	m.mu.Unlock()
}

func (m *metrics) reject() {
	m.mu.Lock()
	m.rejected++
	m.mu.Unlock()
}

func (m *metrics) timeout() {
	m.mu.Lock()
	m.timeouts++
	m.mu.Unlock()
}

// audited counts one audited document.
func (m *metrics) audited(pass bool, words int, bySeverity map[string]int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if pass {
		m.documents["pass"]++
	} else {
		m.documents["fail"]++
	}
	m.words += uint64(max(words, 0))
	for sev, n := range bySeverity {
		m.findings[sev] += uint64(n)
	}
}

// write writes every series in the text exposition format.
func (m *metrics) write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	m.mu.Lock()
	family := func(name, typ, help string) {
		fmt.Fprintf(bw, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
	}

	family("mtaudit_http_requests_total", "counter", "HTTP requests by handler and status code.")
	keys := make([][2]string, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		return keys[i][1] < keys[j][1]
	})
	for _, k := range keys {
		fmt.Fprintf(bw, "mtaudit_http_requests_total{handler=%s,code=%s} %d\n", label(k[0]), label(k[1]), m.requests[k])
	}

	family("mtaudit_http_request_duration_seconds", "histogram", "HTTP request latency by handler.")
	for _, handler := range sortedKeys(m.durations) {
		h := m.durations[handler]
		var cum uint64
		for i, le := range durationBuckets {
			cum += h.counts[i]
			fmt.Fprintf(bw, "mtaudit_http_request_duration_seconds_bucket{handler=%s,le=%s} %d\n", label(handler), label(formatFloat(le)), cum)
		}
		cum += h.counts[len(durationBuckets)]
		fmt.Fprintf(bw, "mtaudit_http_request_duration_seconds_bucket{handler=%s,le=\"+Inf\"} %d\n", label(handler), cum)
		fmt.Fprintf(bw, "mtaudit_http_request_duration_seconds_sum{handler=%s} %s\n", label(handler), formatFloat(h.sum))
		fmt.Fprintf(bw, "mtaudit_http_request_duration_seconds_count{handler=%s} %d\n", label(handler), h.count)
	}

	family("mtaudit_audits_in_flight", "gauge", "Audits running now.")
	fmt.Fprintf(bw, "mtaudit_audits_in_flight %d\n", m.inFlight)
	family("mtaudit_audits_rejected_total", "counter", "Requests refused with 429 because too many audits were running.")
	fmt.Fprintf(bw, "mtaudit_audits_rejected_total %d\n", m.rejected)
	family("mtaudit_audit_timeouts_total", "counter", "Audits stopped by the per-request timeout (503).")
	fmt.Fprintf(bw, "mtaudit_audit_timeouts_total %d\n", m.timeouts)

	family("mtaudit_documents_total", "counter", "Documents audited, by gate verdict.")
	for _, v := range []string{"pass", "fail"} {
		fmt.Fprintf(bw, "mtaudit_documents_total{verdict=%s} %d\n", label(v), m.documents[v])
	}
	family("mtaudit_findings_total", "counter", "Counting findings reported, by severity.")
	for _, sev := range sortedKeys(m.findings) {
		fmt.Fprintf(bw, "mtaudit_findings_total{severity=%s} %d\n", label(sev), m.findings[sev])
	}
	family("mtaudit_words_total", "counter", "Words audited.")
	fmt.Fprintf(bw, "mtaudit_words_total %d\n", m.words)
	started := m.started
	m.mu.Unlock()

	family("process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch, in seconds.")
	fmt.Fprintf(bw, "process_start_time_seconds %s\n", formatFloat(float64(started.UnixNano())/1e9))
	if rss, ok := residentBytes(); ok {
		family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.")
		fmt.Fprintf(bw, "process_resident_memory_bytes %d\n", rss)
	}
	family("go_goroutines", "gauge", "Number of goroutines that currently exist.")
	fmt.Fprintf(bw, "go_goroutines %d\n", runtime.NumGoroutine())
	return bw.Flush()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// label quotes a label value as the exposition format wants.
func label(v string) string {
	r := strings.NewReplacer(`\`, `\\`, "\n", `\n`, `"`, `\"`)
	return `"` + r.Replace(v) + `"`
}

func formatFloat(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "+Inf"
	case math.IsInf(f, -1):
		return "-Inf"
	case math.IsNaN(f):
		return "NaN"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// residentBytes reads the process's resident set size from /proc (Linux).
func residentBytes() (int64, bool) {
	data, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0, false
	}
	fields := strings.Fields(string(data))
	if len(fields) < 2 {
		return 0, false
	}
	pages, err := strconv.ParseInt(fields[1], 10, 64)
	if err != nil {
		return 0, false
	}
	return pages * int64(os.Getpagesize()), true
}
