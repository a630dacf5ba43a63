package audit

import (
	"fmt"
	"regexp"
)

// Span is a half-open range [Start, End) of byte offsets into Document.Text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len is the length of s in bytes.
func (s Span) Len() int { return s.End - s.Start }

// Overlaps reports whether s and o share at least one byte.
func (s Span) Overlaps(o Span) bool { return s.Start < o.End && o.Start < s.End }

// Contains reports whether o lies inside s.
func (s Span) Contains(o Span) bool { return s.Start <= o.Start && o.End <= s.End }

// Suggestion sources.
const (
	SourceRule = "rule"
	SourceLLM  = "llm"
)

// Suggestion is a replacement for a finding's span.
type Suggestion struct {
	Replacement string `json:"replacement"`
	Source      string `json:"source"`          // SourceRule or SourceLLM
	Model       string `json:"model,omitempty"` // the LLM that proposed it
	Note        string `json:"note,omitempty"`
}

// Review is a human reviewer's verdict on a finding, left empty by check.
type Review struct {
	Verdict  string `json:"verdict"` // "", "confirmed", "rejected" or "fixed"
	Note     string `json:"note"`
	Reviewer string `json:"reviewer,omitempty"`
}

// Finding is one problem a rule found in a document.
type Finding struct {
	ID          string       `json:"id"`
	Rule        string       `json:"rule"`
	Category    string       `json:"category"`
	Severity    Severity     `json:"severity"`
	Span                     // byte offsets into the document's text
	Line        int          `json:"line"`   // 1-based, of Start
	Column      int          `json:"column"` // 1-based, in characters, of Start
	EndLine     int          `json:"end_line"`
	EndColumn   int          `json:"end_column"` // 1-based, in characters, of the first character after the span
	Text        string       `json:"text"`
	Message     string       `json:"message"`
	Suggestions []Suggestion `json:"suggestions"`
	// Advisory findings are shown but count toward neither score nor gate
	// (for example second opinions from an LLM).
	Advisory bool `json:"advisory,omitempty"`
	// Suppressed names why a finding no longer counts (for example a
	// reviewer rejected it in the baseline); it is still reported.
	Suppressed string `json:"suppressed,omitempty"`
	Review     Review `json:"review"`
}

// Counts reports whether f counts toward the score and the gate.
func (f *Finding) Counts() bool { return !f.Advisory && f.Suppressed == "" }

// Doc documents a rule in the manner of staticcheck: a title, an
// explanation, and a bad and a good example. Bad must produce a finding of
// the rule and Good must not; both are run as tests.
type Doc struct {
	Title string
	Text  string
	Bad   string
	Good  string
}

// Rule is one check, declared as a value. Rules are stateless: everything
// they learn about a document comes from the Pass.
type Rule struct {
	Name     string // kebab-case; used in config, JSON and SARIF
	Doc      Doc
	Category string   // MQM category path, e.g. "Fluency/Punctuation"
	Severity Severity // default severity; configuration may override it
	// Run inspects pass.Doc and reports findings with pass.Report. An error
	// means the rule broke, never that the text is bad.
	Run func(pass *Pass) error
}

var ruleNameRE = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// ValidRuleName reports whether name is a well-formed rule name: lower-case
// kebab-case, starting with a letter.
func ValidRuleName(name string) bool { return ruleNameRE.MatchString(name) }

// Validate checks that r is well declared.
func (r *Rule) Validate() error {
	switch {
	case !ValidRuleName(r.Name):
		return fmt.Errorf("rule name %q is not kebab-case", r.Name)
	case r.Doc.Title == "" || r.Doc.Text == "":
		return fmt.Errorf("rule %s: doc needs a title and a text", r.Name)
	case r.Doc.Bad == "" || r.Doc.Good == "":
		return fmt.Errorf("rule %s: doc needs a bad and a good example", r.Name)
	case r.Category == "":
		return fmt.Errorf("rule %s: no MQM category", r.Name)
	case r.Severity < Neutral || r.Severity > Critical:
		return fmt.Errorf("rule %s: invalid severity", r.Name)
	case r.Run == nil:
		return fmt.Errorf("rule %s: no Run function", r.Name)
	}
	return nil
}

// Pass is what a rule sees while it checks one document.
type Pass struct {
	Doc  *Document
	Rule *Rule
	Env  *Env
	// Severity is the rule's effective severity (default or overridden).
	Severity Severity
	report   func(Finding)
}

// Report records a finding. Rule, category and severity default to the
// rule's; positions, text and id are filled in by the engine.
func (p *Pass) Report(f Finding) {
	f.Rule = p.Rule.Name
	if f.Category == "" {
		f.Category = p.Rule.Category
	}
	p.report(f)
}

// Reportf reports a finding of the rule's category and severity on span.
func (p *Pass) Reportf(span Span, suggestion *string, format string, args ...any) {
	f := Finding{Span: span, Severity: p.Severity, Message: fmt.Sprintf(format, args...)}
	if suggestion != nil {
		f.Suggestions = []Suggestion{{Replacement: *suggestion, Source: SourceRule}}
	}
	p.Report(f)
}

// Env holds the run-wide, read-only settings and resources rules share.
// It is built once per run and must not be modified while rules run.
type Env struct {
	SourceLang string // MT source language: "" (unknown), "auto", or an ISO 639-1 code
	TargetLang string // ISO 639-1 code of the language the text should be in; "en" by default
	// Resources holds shared read-only resources (lexicons, corpus
	// statistics, detectors) keyed by a type the owning package defines.
	Resources map[any]any
}

// Resource returns the resource stored under key, or nil.
func (e *Env) Resource(key any) any {
	if e == nil || e.Resources == nil {
		return nil
	}
	return e.Resources[key]
}
