package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/audit/input"
	"github.com/mtaudit/mtaudit/server"
)

// serveOptions are the settings of 'mtaudit serve', from flags and the
// configuration file's serve section.
type serveOptions struct {
	addr           string
	configPath     string
	maxBody        int64
	maxDocs        int
	timeout, grace time.Duration
	maxConcurrent  int
	jobs           int
	logFormat      string
	gate           audit.Gate
	ruleFlags      // --enable, --disable (flags.go)
	languageFlags  // --target-lang, --source-lang, --lang-candidates (langid.go)
	lexicons       listFlag
	overrides      map[string]audit.Severity
}

func (o *serveOptions) register(fs *flag.FlagSet) {
	registerGateFlags(fs, &o.gate)
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "listen on `HOST:PORT` (port 0: any free port)")
	fs.StringVar(&o.configPath, "config", "", configFlagUsage)
	fs.Int64Var(&o.maxBody, "max-body", server.DefaultMaxBodyBytes, "largest request body in `BYTES` (larger: 413)")
	fs.IntVar(&o.maxDocs, "max-documents", server.DefaultMaxDocuments, "most articles in one request (more: 413)")
	fs.DurationVar(&o.timeout, "timeout", server.DefaultTimeout, "time limit of one request's audit (past it: 503)")
	fs.DurationVar(&o.grace, "grace", server.DefaultGrace, "on SIGTERM or Ctrl-C, wait this long for requests in flight")
	fs.IntVar(&o.maxConcurrent, "max-concurrent", 0, "audits at once; more requests get 429 (default: 8 × CPUs)")
	fs.IntVar(&o.jobs, "jobs", 0, "documents of one batch audited at once (default: the number of CPUs)")
	fs.StringVar(&o.logFormat, "log-format", "text", "access log format on standard error: text or json")
	o.registerRuleFlags(fs)
	fs.Var(&o.lexicons, "lexicon", "add the name lexicon `FILE` to the embedded one (repeatable)")
	o.registerLanguageFlags(fs)
}

// runServe is 'mtaudit serve': the HTTP service for pre-publish hooks. It
// runs until ctx ends (SIGTERM, Ctrl-C), then finishes the requests in
// flight.
func runServe(ctx context.Context, c *cli, args []string) int {
	fs := newFlagSet(c, "serve", "[flags]\n\nServe POST /v1/check, GET /v1/rules, GET /healthz and GET /metrics (see README).")
	var o serveOptions
	o.register(fs)
	if err := fs.Parse(args); err != nil {
		return flagExit(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(c.stderr, "mtaudit serve: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return exitUsage
	}
	// The LLM pass is not part of the service: a pre-publish hook must
	// answer fast and never depend on a remote model. JSONL input settings
	// and the reviewers' baseline are check's.
	cf, err := applyConfig(c, "serve", fs, o.configPath, &o.overrides, "llm.", "input.", "baseline")
	if err != nil {
		fmt.Fprintf(c.stderr, "mtaudit serve: %v\n", err)
		return exitUsage
	}
	if o.logFormat != "text" && o.logFormat != "json" {
		fmt.Fprintf(c.stderr, "mtaudit serve: --log-format: want text or json, got %q\n", o.logFormat)
		return exitUsage
	}
	if o.maxBody <= 0 || o.maxDocs <= 0 || o.timeout <= 0 || o.maxConcurrent < 0 {
		fmt.Fprintln(c.stderr, "mtaudit serve: --max-body, --max-documents and --timeout must be positive, --max-concurrent not negative")
		return exitUsage
	}
	ruleSet, err := o.selectedRules()
	if err != nil {
		fmt.Fprintf(c.stderr, "mtaudit serve: %v\n", err)
		return exitUsage
	}
	env := cf.env()
	if err := o.applyLanguageFlags(env); err != nil {
		fmt.Fprintf(c.stderr, "mtaudit serve: %v\n", err)
		return exitUsage
	}
	if err := installLexicons(ctx, env, o.lexicons); err != nil {
		fmt.Fprintf(c.stderr, "mtaudit serve: %v\n", err)
		return exitUsage
	}
	var handler slog.Handler = slog.NewTextHandler(c.stderr, nil)
	if o.logFormat == "json" {
		handler = slog.NewJSONHandler(c.stderr, nil)
	}
	logger := slog.New(handler)

	srv := server.New(server.Options{
		Rules: ruleSet, Env: env, Overrides: o.overrides, Gate: o.gate,
		MaxBodyBytes: o.maxBody, MaxDocuments: o.maxDocs, Timeout: o.timeout,
		MaxConcurrent: o.maxConcurrent, Workers: o.jobs, Logger: logger,
	})
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		fmt.Fprintf(c.stderr, "mtaudit serve: %v\n", err)
		return exitUsage
	}
	attrs := []any{"addr", ln.Addr().String(), "rules", len(ruleSet), "fail_on", o.gate.FailOnName(), "version", audit.Version}
	if cf.file != nil {
		attrs = append(attrs, "config", cf.file.Path())
	}
	logger.Info("listening", attrs...)
	if err := srv.Serve(ctx, ln, o.grace); err != nil {
		logger.Error("stopped", "error", err.Error())
		return exitUsage
	}
	logger.Info("stopped")
	return exitPass
}

// installLexicons merges the lexicon files over env's lexicon (the
// embedded default), later files winning, as check --lexicon does.
func installLexicons(ctx context.Context, env *audit.Env, paths []string) error {
	nf := nameFlags{lexicons: paths}
	return nf.apply(ctx, env, nil, input.Options{}, 0)
}
