package printer

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/mtaudit/mtaudit/audit"
)

// textPrinter writes one block per finding: "path:line:col severity rule
// message", the sentence with the span underlined, and the suggestions;
// then a corpus summary.
type textPrinter struct {
	w     *bufio.Writer
	color bool
}

// NewText returns the human-readable printer.
func NewText(w io.Writer, opts Options) Printer {
	return &textPrinter{w: bufio.NewWriter(w), color: opts.Color}
}

const (
	ansiReset = "\x1b[0m"
	ansiBold  = "\x1b[1m"
	ansiDim   = "\x1b[2m"
)

var severityColor = map[audit.Severity]string{
	audit.Neutral:  "\x1b[36m",
	audit.Minor:    "\x1b[33m",
	audit.Major:    "\x1b[31m",
	audit.Critical: "\x1b[1;35m",
}

func (p *textPrinter) paint(code, s string) string {
	if !p.color {
		return s
	}
	return code + s + ansiReset
}

// location names a document in "location:line:col": the path for a file,
// path#id for a JSONL record.
func location(res *audit.DocumentResult) string {
	if res.Record > 0 {
		return fmt.Sprintf("%s#%s", res.Path, res.ID)
	}
	return res.Path
}

func (p *textPrinter) Document(res *audit.DocumentResult) error {
	for _, e := range res.Errors {
		where := location(res)
		who := "error"
		if e.Rule == audit.ErrorSourceLLM {
			who = "llm error" // reported only: the gate is the rules'
		} else if e.Rule != "" {
			who = "rule failure " + e.Rule
		} else if res.Document() == nil {
			where = res.Path // an input that could not be read
			if e.Line > 0 {
				where = fmt.Sprintf("%s:%d", res.Path, e.Line)
			}
		}
		fmt.Fprintf(p.w, "%s: %s: %s\n", where, p.paint(severityColor[audit.Major], who), e.Message)
	}
	doc := res.Document()
	for i := range res.Findings {
		f := &res.Findings[i]
		sev := p.paint(severityColor[f.Severity], f.Severity.String())
		extra := ""
		if f.Suppressed != "" {
			extra = p.paint(ansiDim, " (suppressed: "+f.Suppressed+")")
		} else if f.Advisory {
			extra = p.paint(ansiDim, " (advisory)")
		}
		fmt.Fprintf(p.w, "%s:%d:%d %s %s %s%s\n", location(res), f.Line, f.Column, sev, p.paint(ansiBold, f.Rule), f.Message, extra)
		if doc != nil {
			p.excerpt(doc, f)
		}
		for _, s := range f.Suggestions {
			label := "suggestion"
			if s.Source == audit.SourceLLM {
				label = "suggestion (" + s.Model + ")"
			}
			if s.Replacement == "" {
				fmt.Fprintf(p.w, "    %s: delete %q\n", label, f.Text)
			} else {
				fmt.Fprintf(p.w, "    %s: %q\n", label, s.Replacement)
			}
		}
	}
	return p.w.Flush()
}

// excerptWidth bounds the context shown around a finding, in characters.
const excerptWidth = 60

// excerpt writes the sentence around f (trimmed to excerptWidth characters
// each side) with the span underlined.
func (p *textPrinter) excerpt(doc *audit.Document, f *audit.Finding) {
	from, to := f.Start, f.End
	if si := doc.SentenceAt(f.Start); si >= 0 {
		from = min(from, doc.Sentences[si].Start)
		to = max(to, doc.Sentences[si].End)
	}
	if sj := doc.SentenceAt(max(f.End-1, f.Start)); sj >= 0 {
		to = max(to, doc.Sentences[sj].End)
	}
	before := clipLeft(doc.Text[from:f.Start], excerptWidth)
	span := doc.Text[f.Start:f.End]
	after := clipRight(doc.Text[f.End:to], excerptWidth)
	// keep the excerpt on one line
	before = before[strings.LastIndexByte(before, '\n')+1:]
	if i := strings.IndexByte(after, '\n'); i >= 0 {
		after = after[:i]
	}
	shownSpan, spanCut := span, false
	if i := strings.IndexByte(span, '\n'); i >= 0 {
		shownSpan, spanCut = span[:i], true
	}
	line := before + p.paint(severityColor[f.Severity], shownSpan)
	if !spanCut {
		line += after
	}
	fmt.Fprintf(p.w, "    %s\n", line)
	width := max(utf8.RuneCountInString(shownSpan), 1)
	fmt.Fprintf(p.w, "    %s%s\n", strings.Repeat(" ", utf8.RuneCountInString(before)), p.paint(severityColor[f.Severity], strings.Repeat("^", width)))
}

func clipLeft(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return "…" + string(r[len(r)-n+1:])
}

func clipRight(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func (p *textPrinter) Finish(sum *audit.Summary) error {
	fmt.Fprintf(p.w, "\n%d documents, %d words: %d passed, %d failed (gate: fail on %s",
		sum.Documents, sum.Words, sum.Passed, sum.Failed, sum.Gate.FailOnName())
	if sum.Gate.HasMaxScore {
		fmt.Fprintf(p.w, ", max score %g", sum.Gate.MaxScore)
	}
	fmt.Fprintln(p.w, ")")
	var sev []string
	for _, s := range []audit.Severity{audit.Critical, audit.Major, audit.Minor, audit.Neutral} {
		if n := sum.BySeverity[s.String()]; n > 0 {
			sev = append(sev, fmt.Sprintf("%d %s", n, s))
		}
	}
	fmt.Fprintf(p.w, "%d findings", sum.Findings)
	if len(sev) > 0 {
		fmt.Fprintf(p.w, " (%s)", strings.Join(sev, ", "))
	}
	if sum.Suppressed > 0 {
		fmt.Fprintf(p.w, ", %d suppressed", sum.Suppressed)
	}
	fmt.Fprintln(p.w)
	if len(sum.ByRule) > 0 {
		var parts []string
		for _, r := range sum.RuleNames() {
			parts = append(parts, fmt.Sprintf("%s %d", r, sum.ByRule[r]))
		}
		fmt.Fprintf(p.w, "by rule: %s\n", strings.Join(parts, ", "))
	}
	if sum.InputErrors > 0 || sum.RuleFailures > 0 || sum.SkippedFiles > 0 {
		fmt.Fprintf(p.w, "%d inputs could not be read, %d rule failures, %d files skipped\n", sum.InputErrors, sum.RuleFailures, sum.SkippedFiles)
	}
	if sum.LLM != nil {
		writeLLMSummary(p.w, sum.LLM)
	}
	verdict := p.paint("\x1b[32m", "PASS")
	if !sum.Pass {
		verdict = p.paint(severityColor[audit.Major], "FAIL")
	}
	fmt.Fprintf(p.w, "gate: %s\n", verdict)
	return p.w.Flush()
}

// writeLLMSummary writes the LLM pass's line(s) of the summary.
func writeLLMSummary(w io.Writer, l *audit.LLMSummary) {
	fmt.Fprintf(w, "llm %s: %d documents, %d requests (%d retries), %d cache hits, %d+%d tokens; %d suggestions accepted",
		l.Model, l.Documents, l.Requests, l.Retries, l.CacheHits, l.PromptTokens, l.CompletionTokens, l.SuggestionsAccepted)
	if len(l.SuggestionsRejected) > 0 {
		fmt.Fprintf(w, ", rejected: %s", countList(l.SuggestionsRejected))
	}
	if l.ReviewFindings > 0 || len(l.ReviewRejected) > 0 {
		fmt.Fprintf(w, "; %d review findings", l.ReviewFindings)
		if len(l.ReviewRejected) > 0 {
			fmt.Fprintf(w, ", discarded: %s", countList(l.ReviewRejected))
		}
	}
	fmt.Fprintln(w)
	if l.Failed > 0 {
		fmt.Fprintf(w, "llm failed on %d documents (%s); their rule findings and verdicts stand\n", l.Failed, countList(l.Errors))
	}
	if l.SkippedBudget > 0 {
		fmt.Fprintf(w, "llm skipped %d documents: request budget spent\n", l.SkippedBudget)
	}
}

// countList writes counts as "a 2, b 1", largest first.
func countList(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}
