package audit

import "sort"

// ReportSchema names the version of the JSON report format. Fields are
// only ever added under one schema name, never removed or changed.
const ReportSchema = "mtaudit.report/v1"

// Version is mtaudit's version, reported in every output.
const Version = "0.1.0"

// Tool identifies the program that wrote a report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// DefaultTool is this program.
func DefaultTool() Tool { return Tool{Name: "mtaudit", Version: Version} }

// Report is a whole run: the JSON report's top level.
type Report struct {
	Schema    string            `json:"schema"`
	Tool      Tool              `json:"tool"`
	Documents []*DocumentResult `json:"documents"`
	Summary   *Summary          `json:"summary"`
}

// DocumentResult is the audit of one document.
type DocumentResult struct {
	ID       string            `json:"id"`
	Path     string            `json:"path"`
	Record   int               `json:"record,omitempty"` // line of the JSONL record
	Meta     map[string]string `json:"meta,omitempty"`
	Words    int               `json:"words"`
	Score    float64           `json:"score"`
	Pass     bool              `json:"pass"`
	Findings []Finding         `json:"findings"`
	Errors   []DocError        `json:"errors"`

	doc *Document
}

// Document returns the analysed document, or nil for an input that could
// not be read or a result decoded from JSON.
func (r *DocumentResult) Document() *Document { return r.doc }

// DocError is a problem with one document: an input that could not be read,
// or a rule (or the LLM pass) that failed on it.
type DocError struct {
	Rule    string `json:"rule,omitempty"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

// Summary totals a run.
type Summary struct {
	Documents  int            `json:"documents"`
	Words      int            `json:"words"`
	Passed     int            `json:"passed"`
	Failed     int            `json:"failed"`
	Findings   int            `json:"findings"`
	Suppressed int            `json:"suppressed"`
	BySeverity map[string]int `json:"by_severity"`
	ByRule     map[string]int `json:"by_rule"`
	// InputErrors counts inputs that could not be read; RuleFailures
	// counts rules that broke on a document.
	InputErrors  int  `json:"input_errors"`
	RuleFailures int  `json:"rule_failures"`
	SkippedFiles int  `json:"skipped_files"`
	Gate         Gate `json:"gate"`
	Pass         bool `json:"pass"`
	// LLM reports the optional LLM pass; nil when it was off.
	LLM *LLMSummary `json:"llm,omitempty"`
}

// ErrorSourceLLM is the DocError.Rule of a failed LLM pass. Such errors are
// reported with their document but count neither as rule failures nor as
// input errors: the gate and the exit code are decided by the rules.
const ErrorSourceLLM = "llm"

// LLMSummary totals the optional LLM pass of a run.
type LLMSummary struct {
	Model string `json:"model"`
	// Documents counts documents the pass handled (from the server or the cache).
	Documents int `json:"documents"`
	// Requests counts HTTP requests sent, retries included; Retries the
	// retried ones; CacheHits the replies read from the cache instead.
	Requests  int `json:"requests"`
	Retries   int `json:"retries"`
	CacheHits int `json:"cache_hits"`
	// Fallbacks counts switches from json_schema to json_object output.
	Fallbacks        int `json:"fallbacks,omitempty"`
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	// Failed counts documents whose LLM pass failed; Errors counts the
	// failures by kind (rate-limited, server-error, timeout, invalid-reply, ...).
	Failed int            `json:"failed"`
	Errors map[string]int `json:"errors,omitempty"`
	// SkippedBudget counts documents left out once --llm-max-requests was spent.
	SkippedBudget int `json:"skipped_budget,omitempty"`
	// SuggestionsAccepted counts suggestions added to findings;
	// SuggestionsRejected counts the others by reason.
	SuggestionsAccepted int            `json:"suggestions_accepted"`
	SuggestionsRejected map[string]int `json:"suggestions_rejected,omitempty"`
	// ReviewFindings counts llm-review findings added; ReviewRejected the
	// discarded ones by reason.
	ReviewFindings int            `json:"review_findings,omitempty"`
	ReviewRejected map[string]int `json:"review_rejected,omitempty"`
}

// NewSummary returns an empty summary for a run under gate.
func NewSummary(gate Gate) *Summary {
	return &Summary{BySeverity: map[string]int{}, ByRule: map[string]int{}, Gate: gate, Pass: true}
}

// Add counts res into s.
func (s *Summary) Add(res *DocumentResult) {
	s.Documents++
	s.Words += res.Words
	if res.Pass {
		s.Passed++
	} else {
		s.Failed++
		s.Pass = false
	}
	for i := range res.Findings {
		f := &res.Findings[i]
		if f.Suppressed != "" {
			s.Suppressed++
			continue
		}
		s.Findings++
		s.BySeverity[f.Severity.String()]++
		s.ByRule[f.Rule]++
	}
	for _, e := range res.Errors {
		if e.Rule == ErrorSourceLLM {
			continue // counted in s.LLM by the LLM pass
		}
		if e.Rule != "" {
			s.RuleFailures++
		} else if res.doc == nil {
			s.InputErrors++
		}
	}
}

// RuleNames returns the rules of ByRule, most findings first.
func (s *Summary) RuleNames() []string {
	names := make([]string, 0, len(s.ByRule))
	for n := range s.ByRule {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		a, b := s.ByRule[names[i]], s.ByRule[names[j]]
		if a != b {
			return a > b
		}
		return names[i] < names[j]
	})
	return names
}
