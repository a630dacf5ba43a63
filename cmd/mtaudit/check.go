package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/audit/input"
	"github.com/mtaudit/mtaudit/audit/printer"
	"github.com/mtaudit/mtaudit/llm"
	"github.com/mtaudit/mtaudit/rules"
)

// checkOptions are the settings of one check run, from flags.
type checkOptions struct {
	format, output   string
	color            string
	gate             audit.Gate
	input            input.Options
	jobs             int
	enable, disable  listFlag
	severityOverride map[string]audit.Severity
	configPath       string      // --config
	configured       *configured // what the configuration file set (config.go)
	llm              llmOptions  // --llm* (llm.go)
	targetLang       string      // --target-lang
	langCandidates   listFlag    // --lang-candidates
	sourceLang       string      // --source-lang
	baseline         string      // --baseline: an annotated report (review.go)
	progress         bool        // --progress
	names            nameFlags   // --lexicon, --corpus-names (names_flags.go)
}

func (o *checkOptions) register(fs *flag.FlagSet) {
	o.gate = audit.DefaultGate()
	fs.StringVar(&o.format, "format", "text", "output format: "+fmt.Sprint(printer.Formats()))
	fs.StringVar(&o.targetLang, "target-lang", "en", "language the text should be in (ISO 639-1 code)")
	fs.Var(&o.langCandidates, "lang-candidates", "languages the untranslated rule tells apart (ISO 639-1 `codes`, comma-separated; default: 20 common MT source languages)")
	fs.StringVar(&o.sourceLang, "source-lang", "", "language the text was machine-translated from: an ISO 639-1 code (fr, es, de...) selects that calque pack; auto infers it per article and reports the evidence (default: infer silently)")
	fs.StringVar(&o.output, "o", "", "write the report to `FILE` instead of standard output")
	fs.StringVar(&o.color, "color", "auto", "colour the text report: auto (only on a terminal, never with NO_COLOR), always, never")
	fs.Func("fail-on", "lowest severity that fails the gate: neutral, minor, major, critical or none (default major)", o.gate.ParseFailOn)
	fs.Func("max-score", "fail documents whose MQM score (penalty points per 1,000 words) exceeds `N`", func(s string) error {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || v < 0 {
			return fmt.Errorf("max-score: want a number ≥ 0, got %q", s)
		}
		o.gate.MaxScore, o.gate.HasMaxScore = v, true
		return nil
	})
	fs.StringVar(&o.input.IDField, "id-field", "id", "JSONL field holding the document id")
	fs.StringVar(&o.input.TextField, "text-field", "text", "JSONL field holding the text to audit")
	fs.IntVar(&o.jobs, "jobs", 0, "documents audited at once (default: the number of CPUs)")
	fs.Var(&o.enable, "enable", "run only these `rules` (comma-separated, repeatable)")
	fs.Var(&o.disable, "disable", "do not run these `rules` (comma-separated, repeatable)")
	fs.StringVar(&o.configPath, "config", "", configFlagUsage)
	o.llm.register(fs)
	fs.StringVar(&o.baseline, "baseline", "", "suppress findings a reviewer rejected in the annotated report `FILE` (they stay in the report, marked suppressed)")
	fs.BoolVar(&o.progress, "progress", true, "show a progress bar on stderr when it is a terminal and the report is not")
	o.names.register(fs)
}

// selectRules returns the rules to run after --enable and --disable.
func selectRules(enable, disable []string) ([]*audit.Rule, error) {
	for _, n := range append(append([]string{}, enable...), disable...) {
		if rules.ByName(n) == nil {
			return nil, fmt.Errorf("unknown rule %q (see 'mtaudit rules')", n)
		}
	}
	on := map[string]bool{}
	for _, n := range enable {
		on[n] = true
	}
	off := map[string]bool{}
	for _, n := range disable {
		off[n] = true
	}
	var out []*audit.Rule
	for _, r := range rules.All() {
		if (len(enable) == 0 || on[r.Name]) && !off[r.Name] {
			out = append(out, r)
		}
	}
	return out, nil
}

func (o *checkOptions) useColor(c *cli, w io.Writer) bool {
	switch o.color {
	case "always":
		return true
	case "never":
		return false
	}
	return c.getenv("NO_COLOR") == "" && c.isTerminal(w)
}

func runCheck(ctx context.Context, c *cli, args []string) int {
	fs := newFlagSet(c, "check", "[flags] PATH...\n\nPATH is a file, a directory (walked for .txt, .md and .jsonl files) or - for standard input.")
	var o checkOptions
	o.register(fs)
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitPass
		}
		return exitUsage
	}
	if len(paths) == 0 {
		fmt.Fprintln(c.stderr, "mtaudit check: no PATH given")
		fs.Usage()
		return exitUsage
	}
	if o.configured, err = applyConfig(c, "check", fs, o.configPath, &o.severityOverride, "serve."); err != nil {
		fmt.Fprintf(c.stderr, "mtaudit check: %v\n", err)
		return exitUsage
	}
	ruleSet, err := selectRules(o.enable, o.disable)
	if err != nil {
		fmt.Fprintf(c.stderr, "mtaudit check: %v\n", err)
		return exitUsage
	}
	if o.color != "auto" && o.color != "always" && o.color != "never" {
		fmt.Fprintf(c.stderr, "mtaudit check: --color: want auto, always or never, got %q\n", o.color)
		return exitUsage
	}
	out := c.stdout
	if o.output != "" && o.output != "-" {
		f, err := os.Create(o.output)
		if err != nil {
			fmt.Fprintf(c.stderr, "mtaudit check: %v\n", err)
			return exitUsage
		}
		defer f.Close()
		out = f
	}
	p, err := printer.New(o.format, out, printer.Options{Color: o.useColor(c, out), Rules: ruleSet})
	if err != nil {
		fmt.Fprintf(c.stderr, "mtaudit check: %v\n", err)
		return exitUsage
	}
	engine := &audit.Engine{Rules: ruleSet, Env: o.configured.env(), Gate: o.gate, Workers: o.jobs, Overrides: o.severityOverride}
	if err := applyLanguages(engine.Env, o.targetLang, o.langCandidates); err != nil {
		fmt.Fprintf(c.stderr, "mtaudit check: %v\n", err)
		return exitUsage
	}
	if o.sourceLang != "" {
		if !validSourceLang(o.sourceLang) {
			fmt.Fprintf(c.stderr, "mtaudit check: --source-lang: want an ISO 639-1 code or auto, got %q\n", o.sourceLang)
			return exitUsage
		}
		engine.Env.SourceLang = strings.ToLower(o.sourceLang)
	}
	o.input.Stdin = c.stdin
	if err := o.names.apply(ctx, engine.Env, paths, o.input, o.jobs); err != nil {
		fmt.Fprintf(c.stderr, "mtaudit check: %v\n", err)
		return exitUsage
	}
	llmPass, err := o.llm.newPass(c, o.gate, ruleSet, engine.Env)
	if err != nil {
		fmt.Fprintf(c.stderr, "mtaudit check: %v\n", err)
		return exitUsage
	}
	hooks, finish, err := o.reviewHooks(ctx, c, out)
	if err != nil {
		fmt.Fprintf(c.stderr, "mtaudit check: %v\n", err)
		return exitUsage
	}
	sum, err := runAuditLLM(ctx, engine, paths, o.input, p, llmPass, hooks...)
	finish(err == nil)
	if err != nil {
		fmt.Fprintf(c.stderr, "mtaudit check: %v\n", err)
		return exitUsage
	}
	return exitCode(sum)
}

// runAudit streams the inputs through the engine into the printer and
// returns the run's summary.
func runAudit(ctx context.Context, engine *audit.Engine, paths []string, opts input.Options, p printer.Printer) (*audit.Summary, error) {
	return runAuditLLM(ctx, engine, paths, opts, p, nil)
}

// runAuditLLM is runAudit with the optional LLM pass (nil: off) between the
// engine and the printer, keeping input order.
//
// Each hook sees every result, in input order, before it is counted and
// printed (the baseline and the progress bar; see review_hooks.go).
func runAuditLLM(ctx context.Context, engine *audit.Engine, paths []string, opts input.Options, p printer.Printer, llmPass *llm.Pass, hooks ...func(*audit.DocumentResult)) (*audit.Summary, error) {
	items := make(chan audit.Item)
	var stats input.Stats
	walkErr := make(chan error, 1)
	go func() {
		defer close(items)
		var err error
		stats, err = input.Walk(ctx, paths, opts, items)
		walkErr <- err
	}()
	sum := audit.NewSummary(engine.Gate)
	emit := func(res *audit.DocumentResult) error {
		for _, h := range hooks {
			h(res)
		}
		sum.Add(res)
		return p.Document(res)
	}
	var stage *llm.Stage
	if llmPass != nil {
		stage = llmPass.Start(ctx, emit)
		emit = stage.Submit
	}
	err := engine.Run(ctx, items, emit)
	if stage != nil {
		if serr := stage.Close(); err == nil {
			err = serr
		}
		sum.LLM = llmPass.Summary()
	}
	if werr := <-walkErr; err == nil && werr != nil {
		err = werr
	}
	if err != nil {
		return nil, err
	}
	sum.SkippedFiles = stats.Skipped
	if err := p.Finish(sum); err != nil {
		return nil, fmt.Errorf("write report: %w", err)
	}
	return sum, nil
}

// exitCode is 2 when some input could not be read, else 1 when the gate
// failed, else 0.
func exitCode(sum *audit.Summary) int {
	switch {
	case sum.InputErrors > 0:
		return exitUsage
	case !sum.Pass:
		return exitFail
	}
	return exitPass
}

// validSourceLang reports whether s is "auto" or a two-letter language code.
func validSourceLang(s string) bool {
	s = strings.ToLower(s)
	return s == "auto" || (len(s) == 2 && s[0] >= 'a' && s[0] <= 'z' && s[1] >= 'a' && s[1] <= 'z')
}
