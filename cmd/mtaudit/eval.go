package main

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/eval"
	"github.com/mtaudit/mtaudit/rules"
)

// runEval measures the rules against annotated records: mtaudit eval.
func runEval(ctx context.Context, c *cli, args []string) int {
	fs := newFlagSet(c, "eval", "[flags] FILE.jsonl...\n\n"+
		"Runs the same rules as check on each labelled record's text and reports, per rule, findings,\n"+
		"span- and segment-level precision and false-flag rate on error-free records, and per annotated\n"+
		"error class the recall of each rule and of all rules together. A directory is walked for .jsonl files.")
	var (
		labels, format, output string
		sourceLang, targetLang string
		opts                   eval.Options
		jobs                   int
		rf                     ruleFlags
	)
	fs.StringVar(&labels, "labels", "auto", "label shape: mqm (errors[] with code-point spans), demetr (perturbation, is_error) or auto (from each file's first record)")
	fs.StringVar(&format, "format", "text", "output format: "+fmt.Sprint(eval.Formats()))
	fs.StringVar(&output, "o", "", "write the report to `FILE` instead of standard output")
	fs.StringVar(&opts.IDField, "id-field", "id", "JSONL field holding the record id")
	fs.StringVar(&opts.TextField, "text-field", "target", "JSONL field holding the text to audit (the labels' offsets refer to it)")
	fs.IntVar(&opts.MinRaters, "min-raters", 1, "MQM: count an annotated target span only when at least `N` raters marked an overlapping target span")
	fs.StringVar(&sourceLang, "source-lang", "", "MT source language for the rules that use it (ISO 639-1 code, or auto); unknown by default")
	fs.StringVar(&targetLang, "target-lang", "en", "language the text should be in (ISO 639-1 code)")
	fs.IntVar(&jobs, "jobs", 0, "records checked at once (default: the number of CPUs)")
	rf.registerRuleFlags(fs)
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return flagExit(err)
	}
	fail := func(err error) int {
		fmt.Fprintf(c.stderr, "mtaudit eval: %v\n", err)
		return exitUsage
	}
	if len(paths) == 0 {
		fmt.Fprintln(c.stderr, "mtaudit eval: no FILE given")
		fs.Usage()
		return exitUsage
	}
	if opts.Labels, err = eval.ParseShape(labels); err != nil {
		return fail(fmt.Errorf("--labels: %w", err))
	}
	if !slices.Contains(eval.Formats(), format) {
		return fail(fmt.Errorf("--format: want one of %v, got %q", eval.Formats(), format))
	}
	if opts.MinRaters < 1 {
		return fail(fmt.Errorf("--min-raters: want a number ≥ 1, got %d", opts.MinRaters))
	}
	ruleSet, err := rf.selectedRules()
	if err != nil {
		return fail(err)
	}
	for _, r := range rules.All() {
		opts.Registered = append(opts.Registered, r.Name)
	}
	env := rules.DefaultEnv()
	env.SourceLang, env.TargetLang = sourceLang, targetLang
	engine := &audit.Engine{Rules: ruleSet, Env: env, Gate: audit.DefaultGate(), Workers: jobs}
	rep, err := eval.Run(ctx, engine, paths, opts, func(err error) {
		fmt.Fprintf(c.stderr, "mtaudit eval: %v\n", err)
	})
	if err != nil {
		return fail(err)
	}
	err = writeOutput(c.stdout, output, func(w io.Writer) error { return eval.WriteReport(w, format, rep) })
	if err != nil {
		return fail(err)
	}
	if rep.InputErrors > 0 {
		return exitUsage
	}
	return exitPass
}
