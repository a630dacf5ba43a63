// Package review carries reviewers' verdicts between runs: it reads
// annotated reports, merges verdicts into a newer run by finding id,
// measures per-rule precision from the verdicts, and turns the findings a
// reviewer rejected into a baseline that suppresses them in later checks.
package review

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/mtaudit/mtaudit/audit"
)

// Verdicts a reviewer may give a finding.
const (
	Confirmed = "confirmed"
	Rejected  = "rejected"
	Fixed     = "fixed"
)

// SuppressedByBaseline is the Finding.Suppressed reason of a finding a
// reviewer rejected in the baseline.
const SuppressedByBaseline = "rejected in baseline"

// ValidVerdict reports whether v is a verdict ("" meaning not reviewed yet).
func ValidVerdict(v string) bool {
	switch v {
	case "", Confirmed, Rejected, Fixed:
		return true
	}
	return false
}

// Load reads a report written by `check --format json` or `--format jsonl`
// (documents one per line, then a summary line).
func Load(path string) (*audit.Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read report: %w", err)
	}
	defer f.Close()
	rep, err := Read(bufio.NewReader(f))
	if err != nil {
		return nil, fmt.Errorf("read report %s: %w", path, err)
	}
	return rep, nil
}

// Read decodes a JSON or JSONL report from r and checks its schema and
// verdicts.
func Read(r io.Reader) (*audit.Report, error) {
	dec := json.NewDecoder(r)
	var rep *audit.Report
	for n := 1; ; n++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, fmt.Errorf("value %d: %w", n, err)
		}
		var probe struct {
			Schema    string          `json:"schema"`
			Documents json.RawMessage `json:"documents"`
			Summary   json.RawMessage `json:"summary"`
		}
		if err := json.Unmarshal(raw, &probe); err != nil {
			return nil, fmt.Errorf("value %d: %w", n, err)
		}
		switch {
		case probe.Documents != nil: // a whole JSON report
			if rep != nil {
				return nil, fmt.Errorf("value %d: a second report in one file", n)
			}
			rep = &audit.Report{}
			if err := json.Unmarshal(raw, rep); err != nil {
				return nil, fmt.Errorf("report: %w", err)
			}
		case probe.Summary != nil: // the last line of a JSONL report
			if rep == nil {
				rep = &audit.Report{}
			}
			rep.Schema = probe.Schema
			rep.Summary = &audit.Summary{}
			if err := json.Unmarshal(probe.Summary, rep.Summary); err != nil {
				return nil, fmt.Errorf("line %d: summary: %w", n, err)
			}
		default: // a JSONL document line
			if rep == nil {
				rep = &audit.Report{}
			}
			var d audit.DocumentResult
			if err := json.Unmarshal(raw, &d); err != nil {
				return nil, fmt.Errorf("line %d: %w", n, err)
			}
			rep.Documents = append(rep.Documents, &d)
		}
	}
	if rep == nil {
		return nil, errors.New("empty report")
	}
	if rep.Schema != audit.ReportSchema {
		return nil, fmt.Errorf("schema %q, want %q", rep.Schema, audit.ReportSchema)
	}
	for n, d := range rep.Documents {
		if d == nil {
			return nil, fmt.Errorf("document %d is null", n+1)
		}
		for i := range d.Findings {
			if v := d.Findings[i].Review.Verdict; !ValidVerdict(v) {
				return nil, fmt.Errorf("document %s, finding %s: unknown verdict %q (want confirmed, rejected or fixed)", d.ID, d.Findings[i].ID, v)
			}
		}
	}
	return rep, nil
}

// Write writes rep as an indented JSON report.
func Write(w io.Writer, rep *audit.Report) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rep); err != nil {
		return fmt.Errorf("encode report: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// Ref names one finding of a report.
type Ref struct {
	Doc     *audit.DocumentResult
	Finding *audit.Finding
}

// reviews maps finding ids to the reviews of a report that have a verdict
// or a note.
func reviews(rep *audit.Report) map[string]Ref {
	m := make(map[string]Ref)
	for _, d := range rep.Documents {
		for i := range d.Findings {
			f := &d.Findings[i]
			if f.Review.Verdict != "" || f.Review.Note != "" {
				m[f.ID] = Ref{d, f}
			}
		}
	}
	return m
}

// MergeResult says what Merge did.
type MergeResult struct {
	Carried     int   // reviews copied to the new report
	Conflicts   []Ref // findings of new whose own review differed from old's (new's kept)
	Disappeared []Ref // reviewed or not, findings of old that new no longer has
	New         []Ref // findings of new that old did not have
}

// Merge copies the reviews of old into the findings of new with the same
// id, keeping a review new already has, and lists the findings that
// disappeared and the new ones. It modifies new.
func Merge(old, new *audit.Report) MergeResult {
	var res MergeResult
	oldReviews := reviews(old)
	inNew := make(map[string]bool)
	for _, d := range new.Documents {
		for i := range d.Findings {
			inNew[d.Findings[i].ID] = true
		}
	}
	inOld := make(map[string]bool)
	for _, d := range old.Documents {
		for i := range d.Findings {
			f := &d.Findings[i]
			inOld[f.ID] = true
			if !inNew[f.ID] {
				res.Disappeared = append(res.Disappeared, Ref{d, f})
			}
		}
	}
	for _, d := range new.Documents {
		for i := range d.Findings {
			f := &d.Findings[i]
			if !inOld[f.ID] {
				res.New = append(res.New, Ref{d, f})
			}
			o, ok := oldReviews[f.ID]
			if !ok {
				continue
			}
			switch {
			case f.Review == (audit.Review{}):
				f.Review = o.Finding.Review
				res.Carried++
			case f.Review != o.Finding.Review:
				res.Conflicts = append(res.Conflicts, Ref{d, f})
			}
		}
	}
	return res
}

// RuleStats counts one rule's verdicts.
type RuleStats struct {
	Rule       string
	Findings   int
	Confirmed  int
	Rejected   int
	Fixed      int
	Unreviewed int
}

// Precision is confirmed / (confirmed + rejected); ok is false when no
// finding of the rule was confirmed or rejected.
func (s RuleStats) Precision() (p float64, ok bool) {
	n := s.Confirmed + s.Rejected
	if n == 0 {
		return 0, false
	}
	return float64(s.Confirmed) / float64(n), true
}

// Stats counts the verdicts of reports per rule, sorted by rule name; the
// last element totals every rule (Rule "all").
func Stats(reports ...*audit.Report) []RuleStats {
	by := make(map[string]*RuleStats)
	total := RuleStats{Rule: "all"}
	for _, rep := range reports {
		for _, d := range rep.Documents {
			for i := range d.Findings {
				f := &d.Findings[i]
				s := by[f.Rule]
				if s == nil {
					s = &RuleStats{Rule: f.Rule}
					by[f.Rule] = s
				}
				for _, s := range []*RuleStats{s, &total} {
					s.Findings++
					switch f.Review.Verdict {
					case Confirmed:
						s.Confirmed++
					case Rejected:
						s.Rejected++
					case Fixed:
						s.Fixed++
					default:
						s.Unreviewed++
					}
				}
			}
		}
	}
	out := make([]RuleStats, 0, len(by)+1)
	for _, s := range by {
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Rule < out[j].Rule })
	return append(out, total)
}

// Baseline holds the reviews of an annotated report, by finding id.
type Baseline struct {
	reviews map[string]audit.Review
}

// NewBaseline returns the baseline of rep's reviewed findings.
func NewBaseline(rep *audit.Report) *Baseline {
	b := &Baseline{reviews: make(map[string]audit.Review)}
	for id, r := range reviews(rep) {
		b.reviews[id] = r.Finding.Review
	}
	return b
}

// LoadBaseline reads the baseline from an annotated report file.
func LoadBaseline(path string) (*Baseline, error) {
	rep, err := Load(path)
	if err != nil {
		return nil, err
	}
	return NewBaseline(rep), nil
}

// Len is the number of reviewed findings in b.
func (b *Baseline) Len() int { return len(b.reviews) }

// Apply copies the baseline's reviews into res's unreviewed findings, marks
// the findings a reviewer rejected as suppressed (they are still reported,
// but no longer count), and re-scores and re-gates res under gate. It
// returns the number of findings it suppressed.
func (b *Baseline) Apply(res *audit.DocumentResult, gate audit.Gate) int {
	n := 0
	for i := range res.Findings {
		f := &res.Findings[i]
		r, ok := b.reviews[f.ID]
		if !ok {
			continue
		}
		if f.Review == (audit.Review{}) {
			f.Review = r
		}
		if r.Verdict == Rejected && f.Suppressed == "" {
			f.Suppressed = SuppressedByBaseline
			n++
		}
	}
	if n > 0 {
		gate.Apply(res)
	}
	return n
}
