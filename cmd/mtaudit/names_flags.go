package main

import (
	"context"
	"flag"
	"fmt"
	"runtime"
	"sync"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/audit/input"
	"github.com/mtaudit/mtaudit/rules/names"
	"github.com/mtaudit/mtaudit/rules/names/lexicon"
)

// nameFlags are check's name flags: --lexicon and --corpus-names.
type nameFlags struct {
	lexicons []string
	corpus   bool
}

func (o *nameFlags) register(fs *flag.FlagSet) {
	fs.Func("lexicon", "merge the name lexicon `FILE` (YAML, see README) over the embedded default one; repeatable, later files win", func(s string) error {
		o.lexicons = append(o.lexicons, s)
		return nil
	})
	fs.BoolVar(&o.corpus, "corpus-names", false, "count name forms over the whole input first, then report rare variants of frequent names (rule name-corpus-variant); needs files, not stdin")
}

// apply installs the merged lexicon and, with --corpus-names, the corpus
// name statistics of a first pass over paths into env.
func (o *nameFlags) apply(ctx context.Context, env *audit.Env, paths []string, opts input.Options, jobs int) error {
	lex := lexicon.FromEnv(env)
	if lex == nil {
		lex = lexicon.Default()
	}
	if len(o.lexicons) > 0 {
		all := []*lexicon.Lexicon{lex}
		for _, path := range o.lexicons {
			l, err := lexicon.Load(path)
			if err != nil {
				return fmt.Errorf("--lexicon: %w", err)
			}
			all = append(all, l)
		}
		lex = lexicon.Merge(all...)
		lexicon.Install(env, lex)
	}
	if !o.corpus {
		return nil
	}
	for _, p := range paths {
		if p == "-" {
			return fmt.Errorf("--corpus-names reads the input twice and cannot take standard input")
		}
	}
	stats, err := countCorpusNames(ctx, lex, paths, opts, jobs)
	if err != nil {
		return fmt.Errorf("--corpus-names: %w", err)
	}
	names.InstallCorpus(env, stats)
	return nil
}

// countCorpusNames is the first pass of --corpus-names: every document's
// names are counted, on jobs goroutines with one counter each.
func countCorpusNames(ctx context.Context, lex *lexicon.Lexicon, paths []string, opts input.Options, jobs int) (*names.CorpusStats, error) {
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	items, walked := walkInputs(ctx, paths, opts, jobs)
	counters := make([]*names.CorpusCounter, jobs)
	var wg sync.WaitGroup
	for w := range counters {
		c := names.NewCorpusCounter(lex)
		counters[w] = c
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range items {
				if it.Doc != nil {
					c.Add(it.Doc)
				}
			}
		}()
	}
	wg.Wait()
	if _, err := walked(); err != nil {
		return nil, err
	}
	for _, c := range counters[1:] {
		counters[0].Merge(c)
	}
	return counters[0].Freeze(), nil
}
