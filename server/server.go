// Package server is mtaudit's HTTP service for pre-publish hooks (mtaudit
// serve): POST /v1/check audits one article or a batch and returns the same
// JSON report as 'mtaudit check --format json' (schema mtaudit.report/v1,
// written by audit/printer), with the gate's verdict; GET /v1/rules lists
// the rules; GET /healthz and GET /metrics serve probes and Prometheus.
//
// Bad requests (malformed JSON, wrong types, invalid UTF-8, oversize
// bodies) get a 4xx status and a JSON error body {"error", "status"}; a
// bound on concurrent audits turns excess load into 429s, and a per-request
// timeout into 503s, rather than into a queue that grows without limit.
package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"strconv"
	"time"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/audit/printer"
)

// statusClientClosed is logged when the client hung up before the audit
// ended (nginx's convention).
const statusClientClosed = 499

// Defaults of Options.
const (
	DefaultMaxBodyBytes = 4 << 20
	DefaultTimeout      = 30 * time.Second
	DefaultMaxDocuments = 1000
	DefaultGrace        = 30 * time.Second
)

// Options configure a Server. Zero values take the defaults.
type Options struct {
	Rules     []*audit.Rule             // the rules to run
	Env       *audit.Env                // their environment
	Overrides map[string]audit.Severity // per-rule severities
	Gate      audit.Gate
	// MaxBodyBytes bounds a request body (413 beyond); default 4 MiB.
	MaxBodyBytes int64
	// MaxDocuments bounds the articles of one batch (413 beyond); default 1000.
	MaxDocuments int
	// Timeout bounds one audit (503 beyond); default 30 s.
	Timeout time.Duration
	// MaxConcurrent bounds the audits running at once (429 beyond);
	// default 8 × GOMAXPROCS: audits are CPU-bound, so more would only
	// queue, but bursts of small requests should not be refused.
	MaxConcurrent int
	// Workers audit one batch's documents in parallel; default GOMAXPROCS.
	Workers int
	// Logger receives one access-log record per request; default discards.
	Logger *slog.Logger
}

// Server is the HTTP service. It is safe for concurrent use.
type Server struct {
	opts    Options
	engine  *audit.Engine
	slots   chan struct{} // one per running audit
	metrics *metrics
	mux     *http.ServeMux
	log     *slog.Logger
}

// New returns a server for opts.
func New(opts Options) *Server {
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opts.MaxDocuments <= 0 {
		opts.MaxDocuments = DefaultMaxDocuments
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxConcurrent <= 0 {
		opts.MaxConcurrent = 8 * runtime.GOMAXPROCS(0)
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.Env == nil {
		opts.Env = &audit.Env{TargetLang: "en"}
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		opts: opts,
		engine: &audit.Engine{Rules: opts.Rules, Env: opts.Env, Overrides: opts.Overrides,
			Gate: opts.Gate, Workers: opts.Workers},
		slots:   make(chan struct{}, opts.MaxConcurrent),
		metrics: newMetrics(),
		mux:     http.NewServeMux(),
		log:     log,
	}
	s.route("/v1/check", http.MethodPost, s.handleCheck)
	s.route("/v1/rules", http.MethodGet, s.handleRules)
	s.route("/healthz", http.MethodGet, s.handleHealth)
	s.route("/metrics", http.MethodGet, s.handleMetrics)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no such endpoint %s (see /v1/check, /v1/rules, /healthz, /metrics)", r.URL.Path))
	})
	return s
}

// route registers a handler that answers only method (and HEAD for GET),
// with a JSON 405 for the others.
func (s *Server) route(path, method string, h http.HandlerFunc) {
	s.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		if r.Method != method && !(method == http.MethodGet && r.Method == http.MethodHead) {
			w.Header().Set("Allow", method)
			writeError(w, http.StatusMethodNotAllowed, fmt.Sprintf("%s wants %s, got %s", path, method, r.Method))
			return
		}
		h(w, r)
	})
}

// ServeHTTP serves a request with access logging, metrics and panic
// recovery.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	info := &requestInfo{}
	r = r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, info))
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			s.log.Error("panic serving request", "path", r.URL.Path, "panic", fmt.Sprint(p))
			if !rec.wrote {
				writeError(rec, http.StatusInternalServerError, "internal error")
			}
		}
		d := time.Since(start)
		handler := r.URL.Path
		switch handler {
		case "/v1/check", "/v1/rules", "/healthz", "/metrics":
		default:
			handler = "other" // bound the label's values
		}
		s.metrics.observeRequest(handler, rec.status, d)
		attrs := []slog.Attr{
			slog.String("method", r.Method),
			slog.String("path", handler),
			slog.Int("status", rec.status),
			slog.Int64("bytes", rec.bytes),
			slog.Float64("duration_ms", float64(d.Microseconds())/1000),
			slog.String("remote", r.RemoteAddr),
		}
		if info.documents > 0 {
			attrs = append(attrs, slog.Int("documents", info.documents), slog.Bool("pass", info.pass))
		}
		if info.err != "" {
			attrs = append(attrs, slog.String("error", info.err))
		}
		level := slog.LevelInfo
		if rec.status >= 500 {
			level = slog.LevelError
		}
		s.log.LogAttrs(r.Context(), level, "request", attrs...)
	}()
	s.mux.ServeHTTP(rec, r)
}

// requestInfo carries what a handler learned to the access log.
type requestInfo struct {
	documents int
	pass      bool
	err       string
}

type requestInfoKey struct{}

func infoOf(r *http.Request) *requestInfo {
	if i, ok := r.Context().Value(requestInfoKey{}).(*requestInfo); ok {
		return i
	}
	return &requestInfo{}
}

// recorder captures the status and size of a response.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
	wrote  bool
}

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// errorBody is the JSON body of every error response.
type errorBody struct {
	Error  string `json:"error"`
	Status int    `json:"status"`
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, errorBody{Error: msg, Status: status})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"error":"internal error: encode response","status":500}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

func (s *Server) handleCheck(w http.ResponseWriter, r *http.Request) {
	info := infoOf(r)
	fail := func(status int, msg string) {
		info.err = msg
		writeError(w, status, msg)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.opts.MaxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			fail(http.StatusRequestEntityTooLarge, fmt.Sprintf("request body larger than %d bytes", tooBig.Limit))
			return
		}
		fail(http.StatusBadRequest, "could not read the request body")
		return
	}
	articles, err := DecodeRequest(body, s.opts.MaxDocuments)
	if err != nil {
		var re *RequestError
		if errors.As(err, &re) {
			fail(re.Status, re.Message)
			return
		}
		fail(http.StatusBadRequest, err.Error())
		return
	}
	body = nil

	select {
	case s.slots <- struct{}{}:
	default:
		s.metrics.reject()
		w.Header().Set("Retry-After", "1")
		fail(http.StatusTooManyRequests, fmt.Sprintf("too many audits at once (limit %d); retry later", cap(s.slots)))
		return
	}
	s.metrics.addInFlight(1)
	defer func() { <-s.slots; s.metrics.addInFlight(-1) }()

	ctx, cancel := context.WithTimeout(r.Context(), s.opts.Timeout)
	defer cancel()
	var buf bytes.Buffer
	sum, err := s.audit(ctx, articles, &buf)
	if err != nil {
		if ctx.Err() != nil && r.Context().Err() == nil {
			s.metrics.timeout()
			fail(http.StatusServiceUnavailable, fmt.Sprintf("audit took longer than %s; send fewer or shorter articles", s.opts.Timeout))
			return
		}
		if r.Context().Err() != nil {
			info.err = "client went away"
			w.WriteHeader(statusClientClosed) // for the log and metrics; nobody reads it
			return
		}
		fail(http.StatusInternalServerError, "internal error: "+err.Error())
		return
	}
	info.documents, info.pass = sum.Documents, sum.Pass
	verdict := "pass"
	if !sum.Pass {
		verdict = "fail"
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Mtaudit-Gate", verdict)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	w.Write(buf.Bytes())
}

// audit runs the engine over the articles and writes the JSON report to
// out. It fails only when ctx ends or the report cannot be encoded: a
// partial report is never written.
func (s *Server) audit(ctx context.Context, articles []Article, out io.Writer) (*audit.Summary, error) {
	p, err := printer.New("json", out, printer.Options{Rules: s.opts.Rules})
	if err != nil {
		return nil, err
	}
	sum := audit.NewSummary(s.engine.Gate)
	add := func(res *audit.DocumentResult) error {
		sum.Add(res)
		bySev := map[string]int{}
		for i := range res.Findings {
			if f := &res.Findings[i]; f.Counts() {
				bySev[f.Severity.String()]++
			}
		}
		s.metrics.audited(res.Pass, res.Words, bySev)
		return p.Document(res)
	}
	docs := make([]*audit.Document, len(articles))
	for i, a := range articles {
		d := audit.NewDocument(a.ID, "request", a.Text, audit.Span{Start: 0, End: len(a.Text)})
		d.Record = i + 1
		d.Meta = a.Meta
		docs[i] = d
	}
	if len(docs) == 1 {
		res := s.engine.Check(ctx, docs[0])
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := add(res); err != nil {
			return nil, err
		}
	} else {
		items := make(chan audit.Item)
		go func() {
			defer close(items)
			for _, d := range docs {
				select {
				case items <- audit.Item{Doc: d}:
				case <-ctx.Done():
					return
				}
			}
		}()
		if err := s.engine.Run(ctx, items, add); err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	if err := p.Finish(sum); err != nil {
		return nil, err
	}
	return sum, nil
}

// RuleInfo describes one rule of GET /v1/rules.
type RuleInfo struct {
	Name            string         `json:"name"`
	Title           string         `json:"title"`
	Category        string         `json:"category"`
	Severity        audit.Severity `json:"severity"`         // effective, after overrides
	DefaultSeverity audit.Severity `json:"default_severity"` // the rule's own
}

func (s *Server) handleRules(w http.ResponseWriter, r *http.Request) {
	out := struct {
		Tool  audit.Tool `json:"tool"`
		Gate  audit.Gate `json:"gate"`
		Rules []RuleInfo `json:"rules"`
	}{audit.DefaultTool(), s.engine.Gate, make([]RuleInfo, 0, len(s.opts.Rules))}
	for _, rule := range s.opts.Rules {
		sev := rule.Severity
		if o, ok := s.opts.Overrides[rule.Name]; ok {
			sev = o
		}
		out.Rules = append(out.Rules, RuleInfo{rule.Name, rule.Doc.Title, rule.Category, sev, rule.Severity})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	s.metrics.write(w)
}

// Serve serves on ln until ctx is done, then shuts down gracefully: it stops
// accepting connections and waits up to grace (default 30 s) for the
// requests in flight to finish. It returns nil after a clean shutdown.
func (s *Server) Serve(ctx context.Context, ln net.Listener, grace time.Duration) error {
	if grace <= 0 {
		grace = DefaultGrace
	}
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       s.opts.Timeout + 10*time.Second,
		WriteTimeout:      2*s.opts.Timeout + 10*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down: finishing requests in flight", "grace", grace.String())
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
