package audit

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Engine runs rules over documents.
type Engine struct {
	Rules []*Rule
	Env   *Env
	// Overrides replaces the default severity of the named rules.
	Overrides map[string]Severity
	Gate      Gate
	// Workers is the number of documents checked at once; 0 means GOMAXPROCS.
	Workers int
}

// Item is one input of a run: a document, or an input that could not be read.
type Item struct {
	Doc *Document
	Err *InputError
}

// InputError is an input that could not be read: a file, or one line of a
// JSONL file.
type InputError struct {
	Path string
	Line int // 1-based line of a JSONL record or of the faulty byte; 0 if none
	Err  error
}

// Error is "path:line: problem", or "path: problem" without a line.
func (e *InputError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.Path, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Path, e.Err)
}

// Unwrap returns the underlying problem.
func (e *InputError) Unwrap() error { return e.Err }

// Check runs every rule on doc and returns its result, scored and gated.
// A rule that fails or panics is recorded in the result's errors; the
// other rules still run.
func (e *Engine) Check(ctx context.Context, doc *Document) *DocumentResult {
	res := &DocumentResult{ID: doc.ID, Path: doc.Path, Record: doc.Record, Meta: doc.Meta, Words: doc.Words(), Errors: []DocError{}, doc: doc}
	var findings []Finding
	for _, r := range e.Rules {
		if ctx.Err() != nil {
			res.Errors = append(res.Errors, DocError{Message: fmt.Sprintf("audit cancelled: %v", ctx.Err())})
			break
		}
		sev := r.Severity
		if o, ok := e.Overrides[r.Name]; ok {
			sev = o
		}
		pass := &Pass{Doc: doc, Rule: r, Env: e.Env, Severity: sev}
		pass.report = func(f Finding) {
			if _, ok := e.Overrides[r.Name]; ok {
				f.Severity = sev
			}
			findings = append(findings, f)
		}
		if err := runRule(r, pass); err != nil {
			res.Errors = append(res.Errors, DocError{Rule: r.Name, Message: err.Error()})
		}
	}
	res.Findings = Finalize(doc, findings)
	e.Gate.Apply(res)
	return res
}

func runRule(r *Rule, pass *Pass) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("rule %s panicked: %v", r.Name, p)
		}
	}()
	if err := r.Run(pass); err != nil {
		return fmt.Errorf("rule %s: %w", r.Name, err)
	}
	return nil
}

// Finalize clamps the findings' spans to the document, fills in their
// positions and text from the offsets, sorts them, drops exact duplicates
// and assigns stable ids. Tools that add findings after the engine (the LLM
// review) call it again on the whole list.
func Finalize(doc *Document, findings []Finding) []Finding {
	if findings == nil {
		findings = []Finding{}
	}
	n := len(doc.Text)
	for i := range findings {
		f := &findings[i]
		f.Start = min(max(f.Start, 0), n)
		f.End = min(max(f.End, f.Start), n)
		// never split a UTF-8 sequence
		for f.Start > 0 && f.Start < n && !utf8.RuneStart(doc.Text[f.Start]) {
			f.Start--
		}
		for f.End < n && !utf8.RuneStart(doc.Text[f.End]) {
			f.End++
		}
		f.Line, f.Column = doc.Position(f.Start)
		f.EndLine, f.EndColumn = doc.Position(f.End)
		f.Text = doc.Text[f.Start:f.End]
		if f.Suggestions == nil {
			f.Suggestions = []Suggestion{}
		}
	}
	slices.SortStableFunc(findings, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.End, b.End),
			strings.Compare(a.Rule, b.Rule), strings.Compare(a.Message, b.Message))
	})
	findings = slices.CompactFunc(findings, func(a, b Finding) bool {
		return a.Span == b.Span && a.Rule == b.Rule && a.Message == b.Message
	})
	occurrences := make(map[string]int)
	for i := range findings {
		f := &findings[i]
		key := f.Rule + "\x00" + normalizeForID(f.Text)
		occ := occurrences[key]
		occurrences[key] = occ + 1
		f.ID = FindingID(doc.ID, f.Rule, f.Text, occ)
	}
	return findings
}

// FindingID derives a finding's stable id from the document id, the rule,
// the flagged text (case and white space folded) and the occurrence index
// of that text among the rule's findings in the document, so it survives
// edits elsewhere in the article.
func FindingID(docID, rule, text string, occurrence int) string {
	h := sha256.New()
	h.Write([]byte(docID))
	h.Write([]byte{0})
	h.Write([]byte(rule))
	h.Write([]byte{0})
	h.Write([]byte(normalizeForID(text)))
	h.Write([]byte{0})
	h.Write([]byte(strconv.Itoa(occurrence)))
	return hex.EncodeToString(h.Sum(nil)[:8])
}

func normalizeForID(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// Run checks the documents read from items on a pool of workers and calls
// emit with each result in input order, one at a time. At most a few
// documents per worker are held in memory at once. It stops at the first
// error emit returns, or when ctx is cancelled.
func (e *Engine) Run(ctx context.Context, items <-chan Item, emit func(*DocumentResult) error) error {
	workers := e.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type job struct {
		seq  int
		item Item
	}
	type done struct {
		seq int
		res *DocumentResult
	}
	window := make(chan struct{}, workers*4) // bounds documents in flight
	jobs := make(chan job)
	results := make(chan done, workers)

	go func() { // feeder
		defer close(jobs)
		seq := 0
		for it := range items {
			select {
			case window <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- job{seq, it}:
				seq++
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				var res *DocumentResult
				if j.item.Err != nil {
					res = InputErrorResult(j.item.Err)
				} else {
					res = e.Check(ctx, j.item.Doc)
				}
				select {
				case results <- done{j.seq, res}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	pending := make(map[int]*DocumentResult)
	next := 0
	var emitErr error
	for d := range results {
		pending[d.seq] = d.res
		for {
			res, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-window
			if emitErr == nil {
				if emitErr = emit(res); emitErr != nil {
					cancel()
				}
			}
		}
	}
	if emitErr != nil {
		return emitErr
	}
	return ctx.Err()
}

// InputErrorResult is the result reported for an input that could not be read.
func InputErrorResult(e *InputError) *DocumentResult {
	id := e.Path
	if e.Line > 0 {
		id = fmt.Sprintf("%s:%d", e.Path, e.Line)
	}
	return &DocumentResult{
		ID: id, Path: e.Path, Record: e.Line, Findings: []Finding{},
		Errors: []DocError{{Line: e.Line, Message: e.Err.Error()}},
	}
}
