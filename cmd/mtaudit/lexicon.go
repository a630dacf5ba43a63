package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/mtaudit/mtaudit/audit/input"
	"github.com/mtaudit/mtaudit/rules/names"
	"github.com/mtaudit/mtaudit/rules/names/lexicon"
)

// runLexicon dispatches `mtaudit lexicon SUBCOMMAND`.
func runLexicon(ctx context.Context, c *cli, args []string) int {
	if len(args) == 0 || args[0] != "learn" {
		fmt.Fprintln(c.stderr, "Usage: mtaudit lexicon learn [flags] PATH...")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return exitPass
		}
		return exitUsage
	}
	return runLexiconLearn(ctx, c, args[1:])
}

// runLexiconLearn builds a lexicon from trusted text.
func runLexiconLearn(ctx context.Context, c *cli, args []string) int {
	fs := newFlagSet(c, "lexicon learn", "[flags] PATH...\n\nLearns names from trusted text (files, directories, JSONL or -): counts, canonical\ncasing, kind, and gender evidence from pronouns, honorifics and kinship nouns.")
	var (
		output   string
		minCount int
		opts     input.Options
	)
	fs.StringVar(&output, "o", "", "write the lexicon to `FILE` instead of standard output")
	fs.IntVar(&minCount, "min-count", 2, "keep names seen at least `N` times")
	fs.StringVar(&opts.IDField, "id-field", "id", "JSONL field holding the document id")
	fs.StringVar(&opts.TextField, "text-field", "text", "JSONL field holding the text")
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(paths) == 0 {
		fmt.Fprintln(c.stderr, "mtaudit lexicon learn: no PATH given")
		fs.Usage()
		return exitUsage
	}
	opts.Stdin = c.stdin
	learner := names.NewLearner(lexicon.Default())
	items, walked := walkInputs(ctx, paths, opts, 0)
	status := exitPass
	for it := range items {
		if it.Err != nil {
			fmt.Fprintf(c.stderr, "mtaudit lexicon learn: %v\n", it.Err)
			status = exitUsage
			continue
		}
		learner.Add(it.Doc)
	}
	if _, err := walked(); err != nil {
		fmt.Fprintf(c.stderr, "mtaudit lexicon learn: %v\n", err)
		return exitUsage
	}
	header := fmt.Sprintf("Learned by `mtaudit lexicon learn` from %d documents: %s\n"+
		"count: mentions (short forms such as a surname included); gender_evidence: pronouns,\n"+
		"honorifics and kinship nouns pointing to the name. Review before use with check --lexicon.",
		learner.Documents(), strings.Join(paths, ", "))
	err = writeOutput(c.stdout, output, func(w io.Writer) error { return lexicon.Write(w, learner.Lexicon(minCount), header) })
	if err != nil {
		fmt.Fprintf(c.stderr, "mtaudit lexicon learn: %v\n", err)
		return exitUsage
	}
	return status
}
