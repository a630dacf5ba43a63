package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/audit/printer"
	"github.com/mtaudit/mtaudit/rules"
)

// loopArticle has a looping phrase (repeated-loop, critical).
const loopArticle = "The talks in Seoul ended on Monday. The minister said Kim said Kim said Kim said Kim said after " +
	"meeting the delegation. Both sides agreed to meet again next year."

const cleanArticle = "The ministers met in Seoul on Monday. They agreed to meet again next year."

func newTestServer(t *testing.T, opts Options) (*Server, *httptest.Server) {
	t.Helper()
	if opts.Rules == nil {
		opts.Rules = rules.All()
		opts.Env = rules.DefaultEnv()
	}
	if opts.Gate == (audit.Gate{}) {
		opts.Gate = audit.DefaultGate()
	}
	s := New(opts)
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return s, ts
}

func post(t *testing.T, url, body string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Post(url+"/v1/check", "application/json", strings.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, b
}

func article(id, text string) string {
	b, _ := json.Marshal(map[string]string{"id": id, "text": text})
	return string(b)
}

func TestCheckOneArticle(t *testing.T) {
	_, ts := newTestServer(t, Options{})
	resp, body := post(t, ts.URL, article("story-1", loopArticle))
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	assert.Equal(t, "fail", resp.Header.Get("Mtaudit-Gate"))
	assert.Contains(t, resp.Header.Get("Content-Type"), "application/json")
	require.NoError(t, printer.ValidateReport(body), "the report of check --format json")

	var rep audit.Report
	require.NoError(t, json.Unmarshal(body, &rep))
	assert.Equal(t, audit.ReportSchema, rep.Schema)
	require.Len(t, rep.Documents, 1)
	d := rep.Documents[0]
	assert.Equal(t, "story-1", d.ID)
	assert.False(t, d.Pass)
	require.NotEmpty(t, d.Findings)
	var loop *audit.Finding
	for i := range d.Findings {
		if d.Findings[i].Rule == "repeated-loop" {
			loop = &d.Findings[i]
		}
	}
	require.NotNil(t, loop, "the loop is found")
	assert.Equal(t, loopArticle[loop.Start:loop.End], loop.Text, "offsets index the posted text")
	assert.False(t, rep.Summary.Pass)
	assert.Equal(t, 1, rep.Summary.Documents)
}

func TestCheckBatchForms(t *testing.T) {
	_, ts := newTestServer(t, Options{})
	for name, body := range map[string]string{
		"documents": `{"documents": [` + article("a", cleanArticle) + `, {"text": ` + mustJSON(loopArticle) + `}]}`,
		"array":     `[` + article("a", cleanArticle) + `, {"text": ` + mustJSON(loopArticle) + `}]`,
	} {
		t.Run(name, func(t *testing.T) {
			resp, b := post(t, ts.URL, body)
			require.Equal(t, http.StatusOK, resp.StatusCode, string(b))
			require.NoError(t, printer.ValidateReport(b))
			var rep audit.Report
			require.NoError(t, json.Unmarshal(b, &rep))
			require.Len(t, rep.Documents, 2)
			assert.Equal(t, "a", rep.Documents[0].ID, "input order")
			assert.True(t, rep.Documents[0].Pass)
			assert.Equal(t, "request:2", rep.Documents[1].ID, "a missing id is named by position")
			assert.False(t, rep.Documents[1].Pass)
			assert.False(t, rep.Summary.Pass)
			assert.Equal(t, 1, rep.Summary.Passed)
			assert.Equal(t, "fail", resp.Header.Get("Mtaudit-Gate"))
		})
	}
}

func TestCleanArticlePasses(t *testing.T) {
	_, ts := newTestServer(t, Options{})
	resp, b := post(t, ts.URL, `{"id": 42, "text": `+mustJSON(cleanArticle)+`, "title": "ignored", "meta": {"section": "World"}}`)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(b))
	assert.Equal(t, "pass", resp.Header.Get("Mtaudit-Gate"))
	var rep audit.Report
	require.NoError(t, json.Unmarshal(b, &rep))
	assert.Equal(t, "42", rep.Documents[0].ID)
	assert.Equal(t, map[string]string{"section": "World"}, rep.Documents[0].Meta)
	assert.True(t, rep.Summary.Pass)
}

func mustJSON(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func TestBadRequestsAre4xxWithJSONError(t *testing.T) {
	_, ts := newTestServer(t, Options{MaxBodyBytes: 2048, MaxDocuments: 3})
	big := article("big", strings.Repeat("All quiet in Seoul today. ", 100))
	cases := []struct {
		name, body string
		status     int
		msg        string
	}{
		{"empty", "", 400, "empty request body"},
		{"whitespace", " \n ", 400, "empty request body"},
		{"malformed", `{"text": "abc"`, 400, "malformed JSON"},
		{"not json", `text=hello`, 400, "want a JSON object or array"},
		{"trailing data", article("a", cleanArticle) + ` {}`, 400, "after the top-level value"},
		{"two values", `[] []`, 400, "after the top-level value"},
		{"text number", `{"id": "a", "text": 12}`, 400, `"text" must be a string`},
		{"text null", `{"id": "a", "text": null}`, 400, `"text" must be a string`},
		{"text missing", `{"id": "a", "body": "x"}`, 400, `no "text" field`},
		{"text empty", `{"text": "  "}`, 400, `"text" is empty`},
		{"text NUL", `{"text": "a\u0000b"}`, 400, "NUL"},
		{"id object", `{"id": {}, "text": "Fine."}`, 400, `"id" must be a string or a number`},
		{"meta wrong", `{"text": "Fine.", "meta": {"a": 1}}`, 400, `"meta" must be an object of strings`},
		{"documents wrong", `{"documents": "x"}`, 400, `"documents" must be an array`},
		{"documents extra", `{"documents": [], "text": "x"}`, 400, "only \"documents\""},
		{"no documents", `{"documents": []}`, 400, "no articles"},
		{"empty array", `[]`, 400, "no articles"},
		{"array of strings", `["text"]`, 400, "[0]: want a JSON object"},
		{"batch item bad", `[{"text": "Fine."}, {"text": 3}]`, 400, `[1]: "text" must be a string`},
		{"too many", `[{"text":"a."},{"text":"b."},{"text":"c."},{"text":"d."}]`, 413, "limit is 3"},
		{"invalid UTF-8", "{\"text\": \"caf\xe9\"}", 400, "not valid UTF-8"},
		{"oversize", big, 413, "larger than 2048 bytes"},
		{"number", `3`, 400, "want a JSON object or array"},
		{"deep nesting", strings.Repeat("[", 2000), 400, "JSON"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			resp, b := post(t, ts.URL, c.body)
			assert.Equal(t, c.status, resp.StatusCode, string(b))
			assert.Contains(t, resp.Header.Get("Content-Type"), "application/json")
			var e errorBody
			require.NoError(t, json.Unmarshal(b, &e), string(b))
			assert.Equal(t, c.status, e.Status)
			assert.Contains(t, e.Error, c.msg)
		})
	}
}

func TestMethodsAndPaths(t *testing.T) {
	_, ts := newTestServer(t, Options{})
	resp, err := http.Get(ts.URL + "/v1/check")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
	assert.Equal(t, "POST", resp.Header.Get("Allow"))

	resp, err = http.Get(ts.URL + "/nope")
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Contains(t, string(b), `"status":404`)

	resp, err = http.Get(ts.URL + "/healthz")
	require.NoError(t, err)
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.JSONEq(t, `{"status":"ok"}`, string(b))
}

func TestRulesEndpoint(t *testing.T) {
	all := rules.All()
	_, ts := newTestServer(t, Options{Rules: all, Env: rules.DefaultEnv(),
		Overrides: map[string]audit.Severity{"repeated-loop": audit.Minor}})
	resp, err := http.Get(ts.URL + "/v1/rules")
	require.NoError(t, err)
	defer resp.Body.Close()
	var out struct {
		Rules []RuleInfo `json:"rules"`
		Gate  audit.Gate `json:"gate"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	require.Len(t, out.Rules, len(all))
	found := false
	for _, r := range out.Rules {
		if r.Name == "repeated-loop" {
			found = true
			assert.Equal(t, audit.Minor, r.Severity)
			assert.Equal(t, audit.Critical, r.DefaultSeverity)
		}
	}
	assert.True(t, found)
	assert.Equal(t, "major", out.Gate.FailOnName())
}

// blockingRule reports nothing but waits, on every document, until release
// is closed, signalling each start on started.
func blockingRule(started chan<- struct{}, release <-chan struct{}) *audit.Rule {
	return &audit.Rule{
		Name: "test-block", Category: "Other", Severity: audit.Minor,
		Doc: audit.Doc{Title: "t", Text: "t", Bad: "b", Good: "g"},
		Run: func(p *audit.Pass) error {
			started <- struct{}{}
			<-release
			return nil
		},
	}
}

func TestTooManyAuditsGet429(t *testing.T) {
	started, release := make(chan struct{}, 10), make(chan struct{})
	_, ts := newTestServer(t, Options{Rules: []*audit.Rule{blockingRule(started, release)}, MaxConcurrent: 1})
	var wg sync.WaitGroup
	wg.Add(1)
	var firstStatus int
	go func() {
		defer wg.Done()
		resp, err := http.Post(ts.URL+"/v1/check", "application/json", strings.NewReader(article("a", cleanArticle)))
		if err == nil {
			firstStatus = resp.StatusCode
			resp.Body.Close()
		}
	}()
	<-started // the only slot is taken
	resp, b := post(t, ts.URL, article("b", cleanArticle))
	assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode, string(b))
	assert.Equal(t, "1", resp.Header.Get("Retry-After"))
	assert.Contains(t, string(b), "too many audits")
	close(release)
	wg.Wait()
	assert.Equal(t, http.StatusOK, firstStatus)

	// the slot is free again
	resp, b = post(t, ts.URL, article("c", cleanArticle))
	assert.Equal(t, http.StatusOK, resp.StatusCode, string(b))

	m := getMetrics(t, ts.URL)
	assert.Contains(t, m, "mtaudit_audits_rejected_total 1\n")
	assert.Contains(t, m, `mtaudit_http_requests_total{handler="/v1/check",code="429"} 1`)
}

func TestAuditTimeoutIs503(t *testing.T) {
	slow := &audit.Rule{
		Name: "test-slow", Category: "Other", Severity: audit.Minor,
		Doc: audit.Doc{Title: "t", Text: "t", Bad: "b", Good: "g"},
		Run: func(p *audit.Pass) error { time.Sleep(300 * time.Millisecond); return nil },
	}
	_, ts := newTestServer(t, Options{Rules: []*audit.Rule{slow, rules.All()[0]}, Timeout: 50 * time.Millisecond})
	resp, b := post(t, ts.URL, article("a", cleanArticle))
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode, string(b))
	assert.Contains(t, string(b), "longer than 50ms")
	resp, b = post(t, ts.URL, `[`+article("a", cleanArticle)+`,`+article("b", cleanArticle)+`]`)
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode, string(b))
}

func getMetrics(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url + "/metrics")
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Contains(t, resp.Header.Get("Content-Type"), "text/plain; version=0.0.4")
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return string(b)
}

func TestMetricsAndAccessLog(t *testing.T) {
	var logs bytes.Buffer
	var mu sync.Mutex
	logger := slog.New(slog.NewJSONHandler(&lockedWriter{w: &logs, mu: &mu}, nil))
	_, ts := newTestServer(t, Options{Logger: logger})
	post(t, ts.URL, article("a", loopArticle))
	post(t, ts.URL, article("b", cleanArticle))
	post(t, ts.URL, `{"text": 1}`)

	m := getMetrics(t, ts.URL)
	for _, want := range []string{
		`mtaudit_http_requests_total{handler="/v1/check",code="200"} 2`,
		`mtaudit_http_requests_total{handler="/v1/check",code="400"} 1`,
		`mtaudit_documents_total{verdict="pass"} 1`,
		`mtaudit_documents_total{verdict="fail"} 1`,
		`mtaudit_findings_total{severity="critical"}`,
		`mtaudit_http_request_duration_seconds_bucket{handler="/v1/check",le="+Inf"} 3`,
		`mtaudit_http_request_duration_seconds_count{handler="/v1/check"} 3`,
		"# TYPE mtaudit_http_request_duration_seconds histogram",
		"mtaudit_audits_in_flight 0",
	} {
		assert.Contains(t, m, want)
	}

	mu.Lock()
	defer mu.Unlock()
	var records []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var rec map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &rec), line)
		records = append(records, rec)
	}
	require.GreaterOrEqual(t, len(records), 3)
	assert.Equal(t, "request", records[0]["msg"])
	assert.Equal(t, "POST", records[0]["method"])
	assert.Equal(t, "/v1/check", records[0]["path"])
	assert.EqualValues(t, 200, records[0]["status"])
	assert.EqualValues(t, 1, records[0]["documents"])
	assert.Equal(t, false, records[0]["pass"])
	assert.EqualValues(t, 400, records[2]["status"])
	assert.Contains(t, records[2]["error"], "must be a string")
	assert.NotContains(t, logs.String(), "said Kim", "article text never reaches the log")
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

func TestGracefulShutdownFinishesInFlight(t *testing.T) {
	started, release := make(chan struct{}, 10), make(chan struct{})
	s := New(Options{Rules: []*audit.Rule{blockingRule(started, release)}, Gate: audit.DefaultGate()})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	url := "http://" + ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln, 10*time.Second) }()

	type reply struct {
		status int
		body   []byte
		err    error
	}
	replies := make(chan reply, 1)
	go func() {
		resp, err := http.Post(url+"/v1/check", "application/json", strings.NewReader(article("a", cleanArticle)))
		if err != nil {
			replies <- reply{err: err}
			return
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		replies <- reply{resp.StatusCode, b, err}
	}()
	<-started
	cancel() // SIGTERM
	time.Sleep(100 * time.Millisecond)
	select {
	case err := <-served:
		t.Fatalf("Serve returned before the request in flight finished: %v", err)
	default:
	}
	// no new connections while shutting down
	_, err = net.DialTimeout("tcp", ln.Addr().String(), time.Second)
	assert.Error(t, err, "the listener is closed")

	close(release)
	r := <-replies
	require.NoError(t, r.err)
	assert.Equal(t, http.StatusOK, r.status, string(r.body))
	assert.NoError(t, printer.ValidateReport(r.body))
	select {
	case err := <-served:
		assert.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after the last request")
	}
}

func TestServeReturnsListenerErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ln.Close()
	err = New(Options{}).Serve(context.Background(), ln, time.Second)
	require.Error(t, err)
	assert.False(t, errors.Is(err, http.ErrServerClosed))
}
