package audit

import (
	"encoding/json"
	"fmt"
	"math"
)

// Penalty is the MQM penalty of one finding: the WMT weight of its
// severity, except that a minor punctuation error costs 0.1 (as in WMT MQM).
func Penalty(f *Finding) float64 {
	if f.Severity == Minor && f.Category == "Fluency/Punctuation" {
		return 0.1
	}
	return f.Severity.Weight()
}

// Score is the MQM score of findings over a text of words words: penalty
// points per 1,000 words, rounded to two decimals. Findings that do not
// count (advisory, suppressed) are left out.
func Score(findings []Finding, words int) float64 {
	total := 0.0
	for i := range findings {
		if findings[i].Counts() {
			total += Penalty(&findings[i])
		}
	}
	if total == 0 {
		return 0
	}
	return math.Round(total*1000/float64(max(words, 1))*100) / 100
}

// Gate is the pre-publish policy: a document fails when a counting finding
// reaches FailOn, or its score exceeds MaxScore. A rule's severity says how
// bad an error is; the gate says what blocks publication.
type Gate struct {
	// FailOn is the lowest severity that fails a document; ignored when Never.
	FailOn Severity
	// Never disables the severity test (--fail-on none).
	Never bool
	// MaxScore, when HasMaxScore, is the highest MQM score that passes.
	MaxScore    float64
	HasMaxScore bool
}

// DefaultGate fails documents with a major or critical finding.
func DefaultGate() Gate { return Gate{FailOn: Major} }

// ParseFailOn sets the severity test from a --fail-on value.
func (g *Gate) ParseFailOn(s string) error {
	if s == "none" {
		g.Never = true
		return nil
	}
	sev, err := ParseSeverity(s)
	if err != nil {
		return fmt.Errorf("fail-on: %w (or none)", err)
	}
	g.FailOn, g.Never = sev, false
	return nil
}

// FailOnName is the --fail-on value of g.
func (g Gate) FailOnName() string {
	if g.Never {
		return "none"
	}
	return g.FailOn.String()
}

// Apply scores res and sets whether it passes the gate. A document that
// could not be read does not pass.
func (g Gate) Apply(res *DocumentResult) {
	res.Score = Score(res.Findings, res.Words)
	res.Pass = g.Passes(res)
}

// Passes reports whether res passes the gate.
func (g Gate) Passes(res *DocumentResult) bool {
	if res.doc == nil && len(res.Errors) > 0 && res.Words == 0 {
		return false // unreadable input
	}
	if g.HasMaxScore && res.Score > g.MaxScore {
		return false
	}
	if g.Never {
		return true
	}
	for i := range res.Findings {
		if res.Findings[i].Counts() && res.Findings[i].Severity >= g.FailOn {
			return false
		}
	}
	return true
}

// MarshalJSON writes the gate as {"fail_on": ..., "max_score": ...}.
func (g Gate) MarshalJSON() ([]byte, error) {
	var maxScore *float64
	if g.HasMaxScore {
		maxScore = &g.MaxScore
	}
	return json.Marshal(struct {
		FailOn   string   `json:"fail_on"`
		MaxScore *float64 `json:"max_score"`
	}{g.FailOnName(), maxScore})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (g *Gate) UnmarshalJSON(b []byte) error {
	var v struct {
		FailOn   string   `json:"fail_on"`
		MaxScore *float64 `json:"max_score"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*g = Gate{}
	if v.FailOn != "" {
		if err := g.ParseFailOn(v.FailOn); err != nil {
			return err
		}
	}
	if v.MaxScore != nil {
		g.MaxScore, g.HasMaxScore = *v.MaxScore, true
	}
	return nil
}
