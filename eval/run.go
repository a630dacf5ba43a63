package eval

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/mtaudit/mtaudit/audit"
)

// Run reads the labelled records in paths, checks each record's text with
// engine and returns the evaluation report. Records are streamed through
// the engine; only counters are kept. An input that cannot be read, or a
// rule that fails on a record, is counted and passed to onError (which may
// be nil); the rest is still evaluated.
func Run(ctx context.Context, engine *audit.Engine, paths []string, opts Options, onError func(error)) (*Report, error) {
	opts = opts.withDefaults()
	names := make([]string, len(engine.Rules))
	for i, r := range engine.Rules {
		names[i] = r.Name
	}
	tally := NewTally(names, opts.MinRaters)
	tally.SetRegistered(opts.Registered)
	report := func(err error) {
		if onError != nil {
			onError(err)
		}
	}

	// labels holds the labels of the records in flight, keyed by their
	// document, until the engine hands back the document's result.
	var mu sync.Mutex
	labels := map[*audit.Document]*Record{}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	items := make(chan audit.Item)
	readErr := make(chan error, 1)
	go func() {
		defer close(items)
		readErr <- Read(ctx, paths, opts, func(it Item) error {
			var ai audit.Item
			if it.Err != nil {
				ai.Err = it.Err
			} else {
				mu.Lock()
				labels[it.Rec.Doc] = it.Rec
				mu.Unlock()
				ai.Doc = it.Rec.Doc
			}
			select {
			case items <- ai:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	err := engine.Run(ctx, items, func(res *audit.DocumentResult) error {
		doc := res.Document()
		if doc == nil {
			tally.AddInputError()
			for _, e := range res.Errors {
				report(&audit.InputError{Path: res.Path, Line: res.Record, Err: errors.New(e.Message)})
			}
			return nil
		}
		mu.Lock()
		rec := labels[doc]
		delete(labels, doc)
		mu.Unlock()
		if rec == nil {
			return fmt.Errorf("eval: no labels for record %s", doc.ID)
		}
		for _, e := range res.Errors {
			tally.AddRuleError()
			report(fmt.Errorf("%s:%d: %s: %s", doc.Path, doc.Record, doc.ID, e.Message))
		}
		tally.Add(rec, res.Findings)
		return nil
	})
	cancel()
	if rerr := <-readErr; err == nil && rerr != nil && !errors.Is(rerr, context.Canceled) {
		err = rerr
	}
	if err != nil {
		return nil, err
	}
	return tally.Report(), nil
}
