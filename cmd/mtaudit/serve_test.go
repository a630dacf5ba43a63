package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mtaudit/mtaudit/audit"
)

// syncBuffer is a bytes.Buffer safe for a writer and a reader goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var listeningRE = regexp.MustCompile(`"msg":"listening","addr":"([^"]+)"`)

// startServe runs 'mtaudit serve' in-process on a free loopback port and
// returns its base URL, its log, and a stop function returning the exit code.
func startServe(t *testing.T, args ...string) (string, *syncBuffer, func() int) {
	t.Helper()
	logs := &syncBuffer{}
	c := &cli{stdin: strings.NewReader(""), stdout: io.Discard, stderr: logs,
		getenv: func(string) string { return "" }, isTerminal: func(io.Writer) bool { return false }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- c.main(ctx, append([]string{"serve", "--addr", "127.0.0.1:0", "--log-format", "json"}, args...))
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if m := listeningRE.FindStringSubmatch(logs.String()); m != nil {
			stop := func() int {
				cancel()
				select {
				case code := <-done:
					return code
				case <-time.After(10 * time.Second):
					t.Fatal("serve did not stop")
					return -1
				}
			}
			t.Cleanup(func() { cancel() })
			return "http://" + m[1], logs, stop
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited with %d: %s", code, logs.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start: %s", logs.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestServeUsesConfigAndStops(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, dir, "c.yaml", "rules:\n  enable: [repeated-loop]\n  severity:\n    repeated-loop: minor\ngate:\n  fail_on: minor\n")
	url, logs, stop := startServe(t, "--config", cfg)

	body, _ := json.Marshal(map[string]string{"id": "s1", "text": loopArticle})
	resp, err := http.Post(url+"/v1/check", "application/json", bytes.NewReader(body))
	require.NoError(t, err)
	var rep audit.Report
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&rep))
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	require.Len(t, rep.Documents, 1)
	require.Len(t, rep.Documents[0].Findings, 1, "only the enabled rule runs")
	assert.Equal(t, audit.Minor, rep.Documents[0].Findings[0].Severity, "the file's severity override")
	assert.False(t, rep.Summary.Pass, "the file's gate fails on minor")
	assert.Equal(t, "fail", resp.Header.Get("Mtaudit-Gate"))

	assert.Equal(t, exitPass, stop(), logs.String())
	assert.Contains(t, logs.String(), `"msg":"request"`)
	assert.Contains(t, logs.String(), `"msg":"stopped"`)
}

func TestServeFlagsOverrideConfig(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, dir, "c.yaml", "gate:\n  fail_on: minor\nserve:\n  max_body_bytes: 100\n")
	url, _, stop := startServe(t, "--config", cfg, "--fail-on", "none")
	defer stop()

	resp, err := http.Get(url + "/v1/rules")
	require.NoError(t, err)
	var out struct {
		Gate audit.Gate `json:"gate"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	resp.Body.Close()
	assert.Equal(t, "none", out.Gate.FailOnName(), "--fail-on beats the file")

	body, _ := json.Marshal(map[string]string{"text": loopArticle})
	resp, err = http.Post(url+"/v1/check", "application/json", bytes.NewReader(body))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode, "serve.max_body_bytes from the file")
}

func TestServeUsageErrors(t *testing.T) {
	r := run(t, "", nil, "serve", "--log-format", "xml", "--config", "none")
	assert.Equal(t, exitUsage, r.code)
	r = run(t, "", nil, "serve", "--config", "none", "--enable", "no-such-rule")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "unknown rule")
	r = run(t, "", nil, "serve", "--config", "none", "--addr", "256.0.0.1:99999")
	assert.Equal(t, exitUsage, r.code)
}

func TestServeLexiconFromConfig(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "names.yaml", "entries:\n- {name: Jane Smithson, kind: person, gender: female, exonyms: {fr: [Jeanne Smithson]}}\n")
	cfg := writeFile(t, dir, "c.yaml", "lexicons: [names.yaml]\n")
	text := "The talks in Geneva ended on Monday. Jeanne Smithson said the agreement would hold. " +
		"Both sides agreed to meet again next year."

	find := func(url string) []audit.Finding {
		body, _ := json.Marshal(map[string]string{"id": "n1", "text": text})
		resp, err := http.Post(url+"/v1/check", "application/json", bytes.NewReader(body))
		require.NoError(t, err)
		defer resp.Body.Close()
		var rep audit.Report
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&rep))
		require.Len(t, rep.Documents, 1)
		return rep.Documents[0].Findings
	}
	mentions := func(fs []audit.Finding) bool {
		for _, f := range fs {
			if strings.Contains(f.Message, "Jane Smithson") {
				return true
			}
		}
		return false
	}

	url, logs, stop := startServe(t, "--config", "none")
	assert.False(t, mentions(find(url)), "the embedded lexicon does not know the name")
	stop()

	url, logs, stop = startServe(t, "--config", cfg)
	defer stop()
	assert.True(t, mentions(find(url)), "the configured lexicon names the canonical form")
	assert.NotContains(t, logs.String(), "warning")
}

func TestServeReportMatchesCheck(t *testing.T) {
	dir := t.TempDir()
	text, err := os.ReadFile("../../testdata/corpus/mt-garbled-kim-xi-2025.txt")
	require.NoError(t, err)
	rec, _ := json.Marshal(map[string]string{"id": "kim-xi", "text": string(text)})
	jsonl := writeFile(t, dir, "a.jsonl", string(rec)+"\n")

	r := run(t, "", nil, "check", "--config", "none", "--format", "json", jsonl)
	require.Equal(t, exitFail, r.code, r.stderr)
	var want audit.Report
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &want))

	url, _, stop := startServe(t, "--config", "none")
	defer stop()
	resp, err := http.Post(url+"/v1/check", "application/json", bytes.NewReader(rec))
	require.NoError(t, err)
	defer resp.Body.Close()
	var got audit.Report
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&got))

	require.Len(t, got.Documents, 1)
	require.NotEmpty(t, want.Documents[0].Findings)
	assert.Equal(t, want.Schema, got.Schema)
	assert.Equal(t, want.Tool, got.Tool)
	assert.Equal(t, want.Documents[0].Findings, got.Documents[0].Findings, "same findings, ids and offsets")
	assert.Equal(t, want.Documents[0].Score, got.Documents[0].Score)
	assert.Equal(t, want.Documents[0].Pass, got.Documents[0].Pass)
	assert.Equal(t, "request", got.Documents[0].Path, "only the path differs")
	want.Summary.SkippedFiles = 0
	assert.Equal(t, want.Summary, got.Summary)
}
