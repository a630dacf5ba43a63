package llm

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/prompts"
)

// ReviewRule is the rule name of the findings the review adds.
const ReviewRule = "llm-review"

// Reasons a suggestion or a review error is rejected (keys of
// LLMSummary.SuggestionsRejected and ReviewRejected).
const (
	RejectUnknownID    = "unknown-id"    // names no finding of the document
	RejectSpanMismatch = "span-mismatch" // "original" is not exactly the finding's text
	RejectUnchanged    = "unchanged"     // the replacement equals the text
	RejectDuplicate    = "duplicate"     // already suggested, or already reported
	RejectTooLong      = "too-long"      // much longer than what it replaces, or than a sentence
	RejectMultiLine    = "multi-line"    // adds a line break
	RejectBadText      = "bad-text"      // control characters or invalid UTF-8
	RejectNotFound     = "not-found"     // review span not verbatim in the article
	RejectAlreadyFound = "already-found" // review span overlaps a rule finding
	RejectEmpty        = "empty"         // review span too short to point at anything
)

// RuleDoc is what the prompts say about a rule.
type RuleDoc struct{ Title, Text string }

// Options are what the pass needs from the run besides its Config.
type Options struct {
	// APIKey is the key read from the environment ("" for a local server).
	APIKey string
	// Gate rescores documents the review adds counting findings to.
	Gate audit.Gate
	// RuleDocs documents the run's rules, by name.
	RuleDocs map[string]RuleDoc
	// HTTPClient replaces the default HTTP client.
	HTTPClient *http.Client
}

// Pass is the LLM pass of one run. Process may be called from several
// goroutines at once.
type Pass struct {
	cfg     Config
	client  *Client
	prompts *prompts.Set
	cache   *cache
	gate    audit.Gate
	docs    map[string]RuleDoc
	schemas map[prompts.Task]*jsonschema.Schema
	wire    map[prompts.Task]json.RawMessage // the schemas as sent to the server

	mu  sync.Mutex
	sum audit.LLMSummary
}

// New validates cfg, parses the prompt templates, compiles the reply
// schemas and opens the cache.
func New(cfg Config, opts Options) (*Pass, error) {
	client, err := NewClient(cfg, opts.APIKey, opts.HTTPClient)
	if err != nil {
		return nil, err
	}
	cfg = client.cfg // validated
	set, err := prompts.Load(cfg.PromptDir)
	if err != nil {
		return nil, err
	}
	dir, err := cfg.cacheDir()
	if err != nil {
		return nil, err
	}
	c, err := openCache(dir)
	if err != nil {
		return nil, err
	}
	p := &Pass{cfg: cfg, client: client, prompts: set, cache: c, gate: opts.Gate, docs: opts.RuleDocs,
		schemas: map[prompts.Task]*jsonschema.Schema{}, wire: map[prompts.Task]json.RawMessage{}}
	for _, task := range prompts.Tasks {
		if p.schemas[task], err = compileSchema(task); err != nil {
			return nil, err
		}
		if p.wire[task], err = wireSchema(task); err != nil {
			return nil, err
		}
	}
	p.sum = audit.LLMSummary{Model: cfg.Model, Errors: map[string]int{},
		SuggestionsRejected: map[string]int{}, ReviewRejected: map[string]int{}}
	return p, nil
}

func compileSchema(task prompts.Task) (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(prompts.Schema(task)))
	if err != nil {
		return nil, fmt.Errorf("%s schema: %w", task, err)
	}
	c := jsonschema.NewCompiler()
	name := string(task) + ".schema.json"
	if err := c.AddResource(name, doc); err != nil {
		return nil, fmt.Errorf("%s schema: %w", task, err)
	}
	s, err := c.Compile(name)
	if err != nil {
		return nil, fmt.Errorf("%s schema: %w", task, err)
	}
	return s, nil
}

// wireSchema is the task's schema without the keywords structured-output
// servers do not expect ($schema, title).
func wireSchema(task prompts.Task) (json.RawMessage, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(prompts.Schema(task), &m); err != nil {
		return nil, fmt.Errorf("%s schema: %w", task, err)
	}
	delete(m, "$schema")
	delete(m, "title")
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("%s schema: %w", task, err)
	}
	return b, nil
}

// Config returns the pass's validated configuration.
func (p *Pass) Config() Config { return p.cfg }

// wants reports whether Process would do anything with res.
func (p *Pass) wants(res *audit.DocumentResult) bool {
	if res.Document() == nil {
		return false
	}
	return p.cfg.Review || (p.cfg.Suggest && len(promptFindings(res)) > 0)
}

// promptFindings are the findings shown to the model: those not suppressed.
func promptFindings(res *audit.DocumentResult) []*audit.Finding {
	var out []*audit.Finding
	for i := range res.Findings {
		if res.Findings[i].Suppressed == "" && res.Findings[i].Rule != ReviewRule {
			out = append(out, &res.Findings[i])
		}
	}
	return out
}

// tally is one document's contribution to the summary.
type tally struct {
	documents, cacheHits, failed, skipped int
	errors                                map[string]int
	accepted, reviewAdded                 int
	rejected, reviewRejected              map[string]int
}

func newTally() *tally {
	return &tally{errors: map[string]int{}, rejected: map[string]int{}, reviewRejected: map[string]int{}}
}

// Process runs the LLM pass on res: suggestions for its findings and, in
// review mode, llm-review findings. It never fails: a failure is recorded
// in res.Errors (rule "llm") and the summary, and res keeps its rule
// findings and verdict.
func (p *Pass) Process(ctx context.Context, res *audit.DocumentResult) {
	if !p.wants(res) {
		return
	}
	t := newTally()
	defer p.merge(t)
	defer func() {
		if r := recover(); r != nil { // never crash the audit
			p.record(res, t, "", &Error{Kind: KindInternal, Msg: fmt.Sprintf("internal error: %v", r)})
		}
	}()
	doc := res.Document()
	if doc.Body.Len() > p.cfg.MaxArticleBytes {
		p.record(res, t, "", &Error{Kind: KindTooLong, Msg: fmt.Sprintf("article of %d bytes is longer than the LLM limit of %d", doc.Body.Len(), p.cfg.MaxArticleBytes)})
		return
	}
	failed := false
	if p.cfg.Suggest && len(promptFindings(res)) > 0 {
		if err := p.suggest(ctx, res, t); err != nil {
			failed = true
			if p.record(res, t, prompts.Suggest, err) {
				return // budget spent: skip the review too
			}
		}
	}
	if p.cfg.Review {
		if err := p.review(ctx, res, t); err != nil {
			failed = true
			p.record(res, t, prompts.Review, err)
		}
	}
	t.documents++
	if failed {
		t.failed++
	}
}

// record notes a failure; it reports whether it was the budget running out.
func (p *Pass) record(res *audit.DocumentResult, t *tally, task prompts.Task, err error) (budget bool) {
	var e *Error
	if !errors.As(err, &e) {
		e = &Error{Kind: KindInternal, Msg: p.client.redact(err.Error())}
	}
	if e.Kind == KindBudget {
		t.skipped++
		return true
	}
	t.errors[e.Kind]++
	what := "llm"
	if task != "" {
		what += " " + string(task)
	}
	res.Errors = append(res.Errors, audit.DocError{Rule: audit.ErrorSourceLLM, Message: fmt.Sprintf("%s: %s: %s", what, e.Kind, p.client.redact(e.Msg))})
	return false
}

func (p *Pass) merge(t *tally) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := &p.sum
	s.Documents += t.documents
	s.CacheHits += t.cacheHits
	s.Failed += t.failed
	s.SkippedBudget += t.skipped
	s.SuggestionsAccepted += t.accepted
	s.ReviewFindings += t.reviewAdded
	for k, v := range t.errors {
		s.Errors[k] += v
	}
	for k, v := range t.rejected {
		s.SuggestionsRejected[k] += v
	}
	for k, v := range t.reviewRejected {
		s.ReviewRejected[k] += v
	}
}

// Summary returns the run's LLM totals so far.
func (p *Pass) Summary() *audit.LLMSummary {
	p.mu.Lock()
	s := p.sum
	p.mu.Unlock()
	s.Requests = int(p.client.n.requests.Load())
	s.Retries = int(p.client.n.retries.Load())
	s.Fallbacks = int(p.client.n.fallbacks.Load())
	s.PromptTokens = int(p.client.n.promptTokens.Load())
	s.CompletionTokens = int(p.client.n.completionTok.Load())
	s.Errors = cloneMap(s.Errors)
	s.SuggestionsRejected = cloneMap(s.SuggestionsRejected)
	s.ReviewRejected = cloneMap(s.ReviewRejected)
	return &s
}

func cloneMap(m map[string]int) map[string]int {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]int, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// data builds the template data for res.
func (p *Pass) data(res *audit.DocumentResult) prompts.Data {
	doc := res.Document()
	sum := sha256.Sum256([]byte(doc.Text))
	d := prompts.Data{
		Nonce:      "MTAUDIT-" + hex.EncodeToString(sum[:8]),
		Article:    doc.Text[doc.Body.Start:doc.Body.End],
		SourceLang: p.cfg.SourceLang,
		TargetLang: p.cfg.TargetLang,
		Categories: prompts.Categories(),
	}
	for _, f := range promptFindings(res) {
		if len(d.Findings) == p.cfg.MaxFindings {
			break
		}
		pf := prompts.Finding{ID: f.ID, Rule: f.Rule, Category: f.Category, Severity: f.Severity.String(),
			Text: f.Text, Message: f.Message, RuleDoc: p.docs[f.Rule].Title}
		if si := doc.SentenceAt(f.Start); si >= 0 {
			s := doc.Sentences[si].Span
			pf.Sentence = clipBytes(doc.Text[s.Start:max(s.End, f.End)], 600)
		}
		for _, s := range f.Suggestions {
			pf.Suggestions = append(pf.Suggestions, s.Replacement)
		}
		d.Findings = append(d.Findings, pf)
	}
	return d
}

// ask returns the reply to task for res, from the cache or the server,
// checked against the task's schema and decoded into v.
func (p *Pass) ask(ctx context.Context, task prompts.Task, res *audit.DocumentResult, t *tally, v any) error {
	d := p.data(res)
	findings, err := json.Marshal(d.Findings)
	if err != nil {
		return &Error{Kind: KindInternal, Msg: err.Error()}
	}
	doc := res.Document()
	docHash := sha256.Sum256([]byte(doc.Text))
	key := cacheKey(string(task), p.cfg.API, p.cfg.BaseURL, p.cfg.Model, fmt.Sprint(p.cfg.Temperature),
		prompts.Version, p.prompts.Hash(), p.cfg.SourceLang, p.cfg.TargetLang, hex.EncodeToString(docHash[:]), string(findings))
	content, hit := p.cache.get(key)
	if hit {
		if err := p.decode(task, content, v); err == nil {
			t.cacheHits++
			return nil
		}
	}
	system, user, err := p.prompts.Render(task, d)
	if err != nil {
		return &Error{Kind: KindInternal, Msg: err.Error()}
	}
	content, _, err = p.client.complete(ctx, request{system: system, user: user,
		schemaName: "mtaudit_" + string(task), schema: p.wire[task]})
	if err != nil {
		return err
	}
	if err := p.decode(task, content, v); err != nil {
		return err
	}
	if err := p.cache.put(key, cacheEntry{Model: p.cfg.Model, Task: string(task), Content: content}); err != nil {
		t.errors["cache-write"]++ // the reply is good; the next run asks again
	}
	return nil
}

// decode checks content against the task's schema and decodes it into v.
func (p *Pass) decode(task prompts.Task, content string, v any) error {
	content = stripFence(content)
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(content))
	if err != nil {
		return &Error{Kind: KindInvalidReply, Msg: "reply is not JSON: " + p.client.clip(err.Error())}
	}
	if err := p.schemas[task].Validate(inst); err != nil {
		return &Error{Kind: KindInvalidReply, Msg: "reply does not match the schema: " + p.client.clip(err.Error())}
	}
	if err := json.Unmarshal([]byte(content), v); err != nil {
		return &Error{Kind: KindInvalidReply, Msg: "reply: " + p.client.clip(err.Error())}
	}
	return nil
}

// stripFence removes a Markdown code fence some servers wrap JSON in.
func stripFence(s string) string {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "```") {
		return s
	}
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	} else {
		return s
	}
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "```"))
}

type suggestReply struct {
	Suggestions []struct {
		ID          string `json:"id"`
		Original    string `json:"original"`
		Replacement string `json:"replacement"`
		Note        string `json:"note"`
	} `json:"suggestions"`
}

// suggest asks for fixes and adds the accepted ones to res's findings.
func (p *Pass) suggest(ctx context.Context, res *audit.DocumentResult, t *tally) error {
	var reply suggestReply
	if err := p.ask(ctx, prompts.Suggest, res, t, &reply); err != nil {
		return err
	}
	p.applySuggestions(res, &reply, t)
	return nil
}

// applySuggestions checks each suggestion of reply against res's findings
// and adds the accepted ones.
func (p *Pass) applySuggestions(res *audit.DocumentResult, reply *suggestReply, t *tally) {
	byID := map[string]*audit.Finding{}
	for _, f := range promptFindings(res) {
		byID[f.ID] = f
	}
	answered := map[string]bool{}
	for _, s := range reply.Suggestions {
		f := byID[s.ID]
		reason := ""
		switch {
		case f == nil:
			reason = RejectUnknownID
		case s.Original != f.Text:
			reason = RejectSpanMismatch
		case s.Replacement == f.Text:
			reason = RejectUnchanged
		case !cleanText(s.Replacement):
			reason = RejectBadText
		case strings.ContainsAny(s.Replacement, "\n\r") && !strings.ContainsAny(f.Text, "\n\r"):
			reason = RejectMultiLine
		case len(s.Replacement) > 2*len(f.Text)+80:
			reason = RejectTooLong
		case answered[s.ID] || hasReplacement(f, s.Replacement):
			reason = RejectDuplicate
		}
		if reason != "" {
			t.rejected[reason]++
			continue
		}
		answered[s.ID] = true
		f.Suggestions = append(f.Suggestions, audit.Suggestion{Replacement: s.Replacement, Source: audit.SourceLLM,
			Model: p.cfg.Model, Note: oneLine(s.Note, 200)})
		t.accepted++
	}
}

func hasReplacement(f *audit.Finding, r string) bool {
	for _, s := range f.Suggestions {
		if s.Replacement == r {
			return true
		}
	}
	return false
}

type reviewReply struct {
	Errors []struct {
		Span        string `json:"span"`
		Category    string `json:"category"`
		Severity    string `json:"severity"`
		Explanation string `json:"explanation"`
	} `json:"errors"`
}

// maxReviewSpan bounds a review span: about a long sentence.
const maxReviewSpan = 600

// review asks for the errors the rules missed and adds those found
// verbatim in the article as findings of rule llm-review.
func (p *Pass) review(ctx context.Context, res *audit.DocumentResult, t *tally) error {
	var reply reviewReply
	if err := p.ask(ctx, prompts.Review, res, t, &reply); err != nil {
		return err
	}
	p.applyReview(res, &reply, t)
	return nil
}

// applyReview adds the errors of reply found verbatim in res's article as
// llm-review findings, and rescores res.
func (p *Pass) applyReview(res *audit.DocumentResult, reply *reviewReply, t *tally) {
	doc := res.Document()
	taken := make([]audit.Span, 0, len(res.Findings))
	for _, f := range promptFindings(res) {
		taken = append(taken, f.Span)
	}
	var added []audit.Finding
	for _, e := range reply.Errors {
		span, reason := locate(doc, e.Span, taken, added)
		if reason == "" && !cleanText(e.Span) {
			reason = RejectBadText
		}
		sev, err := audit.ParseSeverity(e.Severity)
		if reason == "" && (err != nil || sev == audit.Neutral) {
			reason = RejectBadText // the schema allows only minor, major, critical
		}
		if reason != "" {
			t.reviewRejected[reason]++
			continue
		}
		msg := "LLM review"
		if ex := oneLine(e.Explanation, 200); ex != "" {
			msg += ": " + ex
		}
		added = append(added, audit.Finding{Rule: ReviewRule, Category: e.Category, Severity: sev, Span: span,
			Message: msg, Advisory: !p.cfg.ReviewCounts})
		t.reviewAdded++
	}
	if len(added) > 0 {
		res.Findings = audit.Finalize(doc, append(res.Findings, added...))
		p.gate.Apply(res)
	}
}

// locate finds text verbatim in doc's body: the first occurrence that
// overlaps no rule finding and no review finding already added. The span
// comes from the match's offsets, never from the model.
func locate(doc *audit.Document, text string, rules []audit.Span, added []audit.Finding) (audit.Span, string) {
	if strings.TrimSpace(text) == "" || utf8.RuneCountInString(strings.TrimSpace(text)) < 2 {
		return audit.Span{}, RejectEmpty
	}
	if len(text) > maxReviewSpan {
		return audit.Span{}, RejectTooLong
	}
	body := doc.Text[doc.Body.Start:doc.Body.End]
	reason := RejectNotFound
	for from := 0; from <= len(body); {
		i := strings.Index(body[from:], text)
		if i < 0 {
			break
		}
		start := doc.Body.Start + from + i
		sp := audit.Span{Start: start, End: start + len(text)}
		_, size := utf8.DecodeRuneInString(body[from+i:])
		from += i + max(size, 1)
		if overlapsAny(sp, rules) {
			reason = RejectAlreadyFound
			continue
		}
		dup := false
		for _, a := range added {
			if a.Span.Overlaps(sp) {
				dup = true
				break
			}
		}
		if dup {
			reason = RejectDuplicate
			continue
		}
		return sp, ""
	}
	return audit.Span{}, reason
}

func overlapsAny(s audit.Span, spans []audit.Span) bool {
	for _, o := range spans {
		if s.Overlaps(o) {
			return true
		}
	}
	return false
}

// cleanText reports whether s is valid UTF-8 without control characters
// other than tab and line breaks.
func cleanText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
			return false
		}
	}
	return true
}

// oneLine folds white space and clips s to n bytes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)), " ")
	return clipBytes(s, n)
}

func clipBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
