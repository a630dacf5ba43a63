package main

import (
	"context"
	"flag"
	"fmt"
	"io"

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
	ruleFlags        // --enable, --disable (flags.go)
	languageFlags    // --target-lang, --source-lang, --lang-candidates (langid.go)
	severityOverride map[string]audit.Severity
	configPath       string      // --config
	configured       *configured // what the configuration file set (config.go)
	llm              llmOptions  // --llm* (llm.go)
	baseline         string      // --baseline: an annotated report (review.go)
	progress         bool        // --progress
	names            nameFlags   // --lexicon, --corpus-names (names_flags.go)
}

func (o *checkOptions) register(fs *flag.FlagSet) {
	registerGateFlags(fs, &o.gate)
	fs.StringVar(&o.format, "format", "text", "output format: "+fmt.Sprint(printer.Formats()))
	o.registerLanguageFlags(fs)
	fs.StringVar(&o.output, "o", "", "write the report to `FILE` instead of standard output")
	fs.StringVar(&o.color, "color", "auto", "colour the text report: auto (only on a terminal, never with NO_COLOR), always, never")
	fs.StringVar(&o.input.IDField, "id-field", "id", "JSONL field holding the document id")
	fs.StringVar(&o.input.TextField, "text-field", "text", "JSONL field holding the text to audit")
	fs.IntVar(&o.jobs, "jobs", 0, "documents audited at once (default: the number of CPUs)")
	o.registerRuleFlags(fs)
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
		return flagExit(err)
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
	ruleSet, err := o.selectedRules()
	if err != nil {
		fmt.Fprintf(c.stderr, "mtaudit check: %v\n", err)
		return exitUsage
	}
	if o.color != "auto" && o.color != "always" && o.color != "never" {
		fmt.Fprintf(c.stderr, "mtaudit check: --color: want auto, always or never, got %q\n", o.color)
		return exitUsage
	}
	out, closeOut, err := outputFile(c.stdout, o.output)
	if err != nil {
		fmt.Fprintf(c.stderr, "mtaudit check: %v\n", err)
		return exitUsage
	}
	defer closeOut()
	p, err := printer.New(o.format, out, printer.Options{Color: o.useColor(c, out), Rules: ruleSet})
	if err != nil {
		fmt.Fprintf(c.stderr, "mtaudit check: %v\n", err)
		return exitUsage
	}
	engine := &audit.Engine{Rules: ruleSet, Env: o.configured.env(), Gate: o.gate, Workers: o.jobs, Overrides: o.severityOverride}
	if err := o.applyLanguageFlags(engine.Env); err != nil {
		fmt.Fprintf(c.stderr, "mtaudit check: %v\n", err)
		return exitUsage
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
	if err == nil {
		err = closeOut()
	}
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
	items, walked := walkInputs(ctx, paths, opts, 0)
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
	stats, werr := walked()
	if err == nil && werr != nil {
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

// walkInputs runs input.Walk over paths on its own goroutine. It returns
// the items, a channel with room for buffer items that is closed when the
// walk ends, and a func to call when the consumer is done: it stops a walk
// still going (the consumer gave up early, say on a write error), waits
// for it, and returns its stats and error.
func walkInputs(ctx context.Context, paths []string, opts input.Options, buffer int) (<-chan audit.Item, func() (input.Stats, error)) {
	ctx, cancel := context.WithCancel(ctx)
	items := make(chan audit.Item, buffer)
	type result struct {
		stats input.Stats
		err   error
	}
	done := make(chan result, 1)
	go func() {
		defer close(items)
		st, err := input.Walk(ctx, paths, opts, items)
		done <- result{st, err}
	}()
	return items, func() (input.Stats, error) {
		cancel()
		r := <-done
		return r.stats, r.err
	}
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
