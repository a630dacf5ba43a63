// Package eval measures mtaudit's rules against human-annotated MT output:
// it reads labelled JSONL records (MQM error spans or DEMETR perturbation
// classes), runs the same engine as check on each record's text and tallies,
// per rule, precision against the annotations and, per annotated error
// class, how much of it the rules catch and how often they flag records that
// carry no error. Records are streamed; only counters are kept.
package eval

import (
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/mtaudit/mtaudit/audit"
)

// Shape is the shape of a record's labels.
type Shape string

// Label shapes.
const (
	// ShapeAuto detects the shape from the first record of each file.
	ShapeAuto Shape = ""
	// ShapeMQM: errors[] with category, severity, side, rater and
	// start/end in Unicode code points of the text (WMT MQM).
	ShapeMQM Shape = "mqm"
	// ShapeDEMETR: one constructed error class per record in perturbation,
	// with is_error false on clean rows (DEMETR).
	ShapeDEMETR Shape = "demetr"
)

// ParseShape parses a --labels value: mqm, demetr, or auto (or empty).
func ParseShape(s string) (Shape, error) {
	switch s {
	case "", "auto":
		return ShapeAuto, nil
	case string(ShapeMQM), string(ShapeDEMETR):
		return Shape(s), nil
	}
	return "", fmt.Errorf("want mqm, demetr or auto, got %q", s)
}

// Annotation is one annotated target-side error as a byte span of the
// record's text.
type Annotation struct {
	audit.Span
	Category string
	Severity string
	Rater    string
}

// Record is one labelled record.
type Record struct {
	Doc   *audit.Document
	Shape Shape
	// Annotations are the target-side error spans that count: for MQM the
	// annotations that pass the --min-raters aggregation, for DEMETR the
	// span where the text differs from original_mt (when it is given).
	Annotations []Annotation
	// Class is the DEMETR perturbation ("clean" for a row without one); ""
	// for MQM, whose classes are the annotations' categories.
	Class string
	// HasError: the record has an error that counts (an aggregated MQM
	// target annotation; DEMETR is_error).
	HasError bool
	// ErrorFree: the record carries no error at all (no MQM target
	// annotation by any rater; DEMETR is_error false).
	ErrorFree bool
	// SpanLabels: the annotations locate every counted error, so span-level
	// precision can be measured on this record.
	SpanLabels bool
	// SpanMismatches counts MQM annotations whose span text differs from
	// the text at their offsets.
	SpanMismatches int
}

// CleanClass is the class of a DEMETR row without a perturbation.
const CleanClass = "clean"

// detectShape tells the label shape of a record, or "" when it cannot.
func detectShape(rec map[string]json.RawMessage) Shape {
	if _, ok := rec["perturbation"]; ok {
		return ShapeDEMETR
	}
	if _, ok := rec["is_error"]; ok {
		return ShapeDEMETR
	}
	if _, ok := rec["errors"]; ok {
		return ShapeMQM
	}
	return ShapeAuto
}

// mqmError is one entry of an MQM record's errors[].
type mqmError struct {
	Rater    string  `json:"rater"`
	Category string  `json:"category"`
	Severity string  `json:"severity"`
	Side     string  `json:"side"`
	Span     *string `json:"span"`
	Start    *int    `json:"start"`
	End      *int    `json:"end"`
}

// parseMQM fills r from an MQM record's errors[]; minRaters is the
// aggregation threshold.
func parseMQM(r *Record, rec map[string]json.RawMessage, minRaters int) error {
	raw, ok := rec["errors"]
	if !ok {
		return errors.New(`no "errors" field (is this an MQM record? see --labels)`)
	}
	var errs []mqmError
	if err := json.Unmarshal(raw, &errs); err != nil {
		return fmt.Errorf(`field "errors": %w`, err)
	}
	text := r.Doc.Text
	var offs []int // byte offset of each code point, then len(text)
	var anns []Annotation
	for i, e := range errs {
		if e.Side != "" && e.Side != "target" {
			continue // source-side errors (omissions) cannot be seen in the text
		}
		if e.Start == nil || e.End == nil {
			return fmt.Errorf("errors[%d]: target error without start/end", i)
		}
		if offs == nil {
			offs = codePointOffsets(text)
		}
		n := len(offs) - 1
		if *e.Start < 0 || *e.End < *e.Start || *e.End > n {
			return fmt.Errorf("errors[%d]: span [%d,%d) outside the text's %d code points", i, *e.Start, *e.End, n)
		}
		sp := audit.Span{Start: offs[*e.Start], End: offs[*e.End]}
		if e.Span != nil && *e.Span != text[sp.Start:sp.End] {
			r.SpanMismatches++
		}
		anns = append(anns, Annotation{Span: widen(text, sp), Category: e.Category, Severity: e.Severity, Rater: e.Rater})
	}
	r.Annotations = aggregate(anns, minRaters)
	r.HasError = len(r.Annotations) > 0
	r.ErrorFree = len(anns) == 0
	r.SpanLabels = true
	return nil
}

// aggregate keeps the annotations that at least minRaters distinct raters
// support: the annotation's rater and every rater who marked an overlapping
// target span (of any category).
func aggregate(anns []Annotation, minRaters int) []Annotation {
	if minRaters <= 1 {
		return anns
	}
	var out []Annotation
	for _, a := range anns {
		raters := map[string]bool{a.Rater: true}
		for _, b := range anns {
			if b.Overlaps(a.Span) {
				raters[b.Rater] = true
			}
		}
		if len(raters) >= minRaters {
			out = append(out, a)
		}
	}
	return out
}

// codePointOffsets returns the byte offset of every code point of s,
// followed by len(s).
func codePointOffsets(s string) []int {
	offs := make([]int, 0, utf8.RuneCountInString(s)+1)
	for i := range s {
		offs = append(offs, i)
	}
	return append(offs, len(s))
}

// widen turns an empty span into the character at it (or before it, at the
// end of the text), so that an insertion point or a deletion can still
// overlap a finding. Non-empty spans are returned unchanged.
func widen(text string, s audit.Span) audit.Span {
	if s.Start < s.End || len(text) == 0 {
		return s
	}
	if s.Start < len(text) {
		_, size := utf8.DecodeRuneInString(text[s.Start:])
		return audit.Span{Start: s.Start, End: s.Start + size}
	}
	_, size := utf8.DecodeLastRuneInString(text)
	return audit.Span{Start: len(text) - size, End: len(text)}
}

// parseDEMETR fills r from a DEMETR record's perturbation, is_error and
// original_mt.
func parseDEMETR(r *Record, rec map[string]json.RawMessage) error {
	var pert *string
	if raw, ok := rec["perturbation"]; ok {
		if err := json.Unmarshal(raw, &pert); err != nil {
			return fmt.Errorf(`field "perturbation" is neither a string nor null`)
		}
	}
	var isErr *bool
	if raw, ok := rec["is_error"]; ok {
		if err := json.Unmarshal(raw, &isErr); err != nil {
			return fmt.Errorf(`field "is_error" is neither a boolean nor null`)
		}
	}
	if pert == nil && isErr == nil {
		return errors.New(`no "perturbation" or "is_error" field (is this a DEMETR record? see --labels)`)
	}
	r.Class = CleanClass
	if pert != nil && *pert != "" {
		r.Class = *pert
	}
	r.HasError = r.Class != CleanClass
	if isErr != nil {
		r.HasError = *isErr
	}
	r.ErrorFree = !r.HasError
	if !r.HasError {
		r.SpanLabels = true
		return nil
	}
	var orig string
	if raw, ok := rec["original_mt"]; ok && json.Unmarshal(raw, &orig) == nil && orig != "" && utf8.ValidString(orig) {
		if orig == r.Doc.Text {
			return nil // the perturbation changed nothing visible: no span
		}
		sp := widen(r.Doc.Text, diffSpan(orig, r.Doc.Text))
		r.Annotations = []Annotation{{Span: sp, Category: r.Class}}
		r.SpanLabels = true
	}
	return nil
}

// diffSpan returns the span of b that differs from a: what is left of b
// after removing the longest common prefix and then the longest common
// suffix, both cut at character boundaries. It is empty where a lost text
// that b does not replace.
func diffSpan(a, b string) audit.Span {
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	for p > 0 && (p < len(b) && !utf8.RuneStart(b[p]) || p < len(a) && !utf8.RuneStart(a[p])) {
		p--
	}
	s := 0
	for s < len(a)-p && s < len(b)-p && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	for s > 0 && !utf8.RuneStart(b[len(b)-s]) {
		s--
	}
	return audit.Span{Start: p, End: len(b) - s}
}
