package eval

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/mtaudit/mtaudit/audit"
)

// Ratio is a count out of a total; its rate is undefined when the total is 0.
type Ratio struct {
	N, D int
}

// Rate returns N/D, and false when D is 0.
func (r Ratio) Rate() (float64, bool) {
	if r.D == 0 {
		return 0, false
	}
	return float64(r.N) / float64(r.D), true
}

// String formats r as "81.6% (40/49)", or "-" when D is 0.
func (r Ratio) String() string {
	v, ok := r.Rate()
	if !ok {
		return "-"
	}
	return fmt.Sprintf("%.1f%% (%d/%d)", 100*v, r.N, r.D)
}

// MarshalJSON writes {"n":N,"d":D,"rate":N/D} with a null rate when D is 0.
func (r Ratio) MarshalJSON() ([]byte, error) {
	var rate *float64
	if v, ok := r.Rate(); ok {
		rate = &v
	}
	return json.Marshal(struct {
		N    int      `json:"n"`
		D    int      `json:"d"`
		Rate *float64 `json:"rate"`
	}{r.N, r.D, rate})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (r *Ratio) UnmarshalJSON(b []byte) error {
	var v struct {
		N int `json:"n"`
		D int `json:"d"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	r.N, r.D = v.N, v.D
	return nil
}

// ruleCount holds one rule's (or all rules') finding counters.
type ruleCount struct {
	findings     int
	spanFindings int // findings in records with span labels
	spanCorrect  int // of those, findings overlapping a counted annotation
	// spanFindingsBy and onClass split spanFindings by label shape and
	// count those that overlap an annotation of each class.
	spanFindingsBy map[Shape]int
	onClass        map[classKey]int
	segCorrect     int // findings in records that have a counted error
	flagged        map[Shape]int
	falseFlags     map[Shape]int // error-free records flagged
}

func newRuleCount() *ruleCount {
	return &ruleCount{flagged: map[Shape]int{}, falseFlags: map[Shape]int{}, spanFindingsBy: map[Shape]int{}, onClass: map[classKey]int{}}
}

type classKey struct {
	shape     Shape
	class     string
	errorFree bool
}

// classCount counts one error class, or one group of error-free records.
type classCount struct {
	records int
	units   int            // annotated spans (MQM) or records (DEMETR, error-free groups)
	caught  int            // units caught by any rule
	byRule  map[string]int // units caught by each rule
	// flagged and flaggedBy count the class's records with a finding
	// anywhere, by any rule and by each rule.
	flagged   int
	flaggedBy map[string]int
}

type shapeCount struct {
	records, withError, errorFree, spanMismatches int
}

// Tally accumulates the counters of an evaluation, one record at a time.
// It is not safe for concurrent use.
type Tally struct {
	minRaters   int
	ruleNames   []string // in the engine's order, then any others seen
	rules       map[string]*ruleCount
	all         *ruleCount
	classes     map[classKey]*classCount
	shapes      map[Shape]*shapeCount
	inputErrors int
	ruleErrors  int
	registered  map[string]bool // every rule that exists; nil: those run
}

// SetRegistered names every rule that exists, run or not (see
// Options.Registered).
func (t *Tally) SetRegistered(names []string) {
	if len(names) == 0 {
		t.registered = nil
		return
	}
	t.registered = map[string]bool{}
	for _, n := range names {
		t.registered[n] = true
	}
}

func (t *Tally) exists(name string) bool {
	if t.registered != nil {
		return t.registered[name]
	}
	_, ok := t.rules[name]
	return ok
}

// NewTally returns an empty tally for the named rules (those the engine
// runs) and the MQM aggregation threshold used to read the labels.
func NewTally(ruleNames []string, minRaters int) *Tally {
	t := &Tally{
		minRaters: max(minRaters, 1),
		rules:     map[string]*ruleCount{},
		all:       newRuleCount(),
		classes:   map[classKey]*classCount{},
		shapes:    map[Shape]*shapeCount{},
	}
	for _, n := range ruleNames {
		t.rule(n)
	}
	return t
}

func (t *Tally) rule(name string) *ruleCount {
	rc, ok := t.rules[name]
	if !ok {
		rc = newRuleCount()
		t.rules[name] = rc
		t.ruleNames = append(t.ruleNames, name)
	}
	return rc
}

func (t *Tally) class(k classKey) *classCount {
	c, ok := t.classes[k]
	if !ok {
		c = &classCount{byRule: map[string]int{}, flaggedBy: map[string]int{}}
		t.classes[k] = c
	}
	return c
}

// AddInputError counts an input that could not be read.
func (t *Tally) AddInputError() { t.inputErrors++ }

// AddRuleError counts a rule that failed on a record.
func (t *Tally) AddRuleError() { t.ruleErrors++ }

// Add counts one record and the findings the rules reported on it. Only
// findings that count (not advisory, not suppressed) are used.
func (t *Tally) Add(rec *Record, findings []audit.Finding) {
	sc, ok := t.shapes[rec.Shape]
	if !ok {
		sc = &shapeCount{}
		t.shapes[rec.Shape] = sc
	}
	sc.records++
	sc.spanMismatches += rec.SpanMismatches
	if rec.HasError {
		sc.withError++
	}
	if rec.ErrorFree {
		sc.errorFree++
	}
	text := rec.Doc.Text
	var counted []audit.Finding
	for _, f := range findings {
		if f.Counts() {
			f.Span = widen(text, f.Span)
			counted = append(counted, f)
		}
	}

	flaggedBy := map[string]bool{}
	for _, f := range counted {
		rc := t.rule(f.Rule)
		flaggedBy[f.Rule] = true
		for _, c := range []*ruleCount{rc, t.all} {
			c.findings++
			if rec.HasError {
				c.segCorrect++
			}
			if rec.SpanLabels {
				c.spanFindings++
				c.spanFindingsBy[rec.Shape]++
				if overlapsAny(f.Span, rec.Annotations) {
					c.spanCorrect++
				}
				for class := range classesAt(f.Span, rec.Annotations) {
					c.onClass[classKey{shape: rec.Shape, class: class}]++
				}
			}
		}
	}
	flag := func(c *ruleCount) {
		c.flagged[rec.Shape]++
		if rec.ErrorFree {
			c.falseFlags[rec.Shape]++
		}
	}
	for name := range flaggedBy {
		flag(t.rules[name])
	}
	if len(counted) > 0 {
		flag(t.all)
	}

	switch {
	case rec.ErrorFree:
		group := rec.Class
		if rec.Shape == ShapeMQM {
			group = "no target error"
		}
		c := t.class(classKey{rec.Shape, group, true})
		c.records++
		c.units++
		c.countRecord(flaggedBy)
		c.countUnit(flaggedBy)
	case rec.Shape == ShapeDEMETR && rec.HasError:
		c := t.class(classKey{rec.Shape, rec.Class, false})
		c.records++
		c.units++
		c.countRecord(flaggedBy)
		if rec.SpanLabels && len(rec.Annotations) > 0 {
			c.countUnit(caughtBy(counted, rec.Annotations[0].Span))
		} else {
			c.countUnit(flaggedBy) // nothing locates the error: the record is the unit
		}
	case rec.Shape == ShapeMQM:
		seen := map[string]bool{}
		for _, a := range rec.Annotations {
			c := t.class(classKey{rec.Shape, a.Category, false})
			if !seen[a.Category] {
				seen[a.Category] = true
				c.records++
				c.countRecord(flaggedBy)
			}
			c.units++
			c.countUnit(caughtBy(counted, a.Span))
		}
	}
}

// caughtBy returns the rules with a finding overlapping s.
func caughtBy(findings []audit.Finding, s audit.Span) map[string]bool {
	by := map[string]bool{}
	for _, f := range findings {
		if f.Overlaps(s) {
			by[f.Rule] = true
		}
	}
	return by
}

// countUnit counts one unit of the class as caught by the given rules.
func (c *classCount) countUnit(by map[string]bool) {
	if len(by) > 0 {
		c.caught++
	}
	for name := range by {
		c.byRule[name]++
	}
}

// countRecord counts one record of the class as flagged by the given rules.
func (c *classCount) countRecord(by map[string]bool) {
	if len(by) > 0 {
		c.flagged++
	}
	for name := range by {
		c.flaggedBy[name]++
	}
}

// classesAt returns the categories of the annotations s overlaps.
func classesAt(s audit.Span, anns []Annotation) map[string]bool {
	var out map[string]bool
	for _, a := range anns {
		if s.Overlaps(a.Span) {
			if out == nil {
				out = map[string]bool{}
			}
			out[a.Category] = true
		}
	}
	return out
}

func overlapsAny(s audit.Span, anns []Annotation) bool {
	for _, a := range anns {
		if s.Overlaps(a.Span) {
			return true
		}
	}
	return false
}

// Report is the result of an evaluation: the JSON output's top level.
type Report struct {
	Schema string     `json:"schema"`
	Tool   audit.Tool `json:"tool"`
	// MinRaters is the MQM aggregation threshold and Aggregation says in
	// words how annotations were counted.
	MinRaters   int            `json:"min_raters"`
	Aggregation string         `json:"aggregation"`
	Records     int            `json:"records"`
	InputErrors int            `json:"input_errors"`
	RuleErrors  int            `json:"rule_errors"`
	Shapes      []ShapeSummary `json:"shapes"`
	// Rules has one entry per rule run, in the engine's order.
	Rules []RuleResult `json:"rules"`
	// AllRules counts the findings of every rule together.
	AllRules RuleResult `json:"all_rules"`
	// Classes are the annotated error classes (MQM categories, DEMETR
	// perturbations) with the rules' recall on each.
	Classes []ClassResult `json:"classes"`
	// ErrorFree are the groups of records without any error (DEMETR clean
	// rows, MQM segments no rater marked on the target side) with the share
	// of them each rule flags.
	ErrorFree []ClassResult `json:"error_free"`
}

// ReportSchema names the version of the JSON eval report.
const ReportSchema = "mtaudit.eval/v1"

// ShapeSummary counts the records of one label shape.
type ShapeSummary struct {
	Labels    Shape `json:"labels"`
	Records   int   `json:"records"`
	WithError int   `json:"with_error"` // records with a counted error
	ErrorFree int   `json:"error_free"` // records with no error at all
	// SpanTextMismatches counts MQM annotations whose span text differs
	// from the text at their (converted) offsets.
	SpanTextMismatches int `json:"span_text_mismatches,omitempty"`
}

// RuleResult is one rule's (or all rules') figures.
type RuleResult struct {
	Rule     string `json:"rule"`
	Findings int    `json:"findings"`
	// Flagged counts the records with at least one finding, per label shape.
	Flagged map[Shape]int `json:"flagged"`
	// SpanPrecision: findings overlapping a counted annotated span, out of
	// the findings in records whose labels locate their errors.
	SpanPrecision Ratio `json:"span_precision"`
	// SegmentPrecision: findings in records with a counted error, out of
	// all findings.
	SegmentPrecision Ratio `json:"segment_precision"`
	// FalseFlags: error-free records with at least one finding, out of the
	// error-free records, per label shape.
	FalseFlags map[Shape]Ratio `json:"false_flags"`
	// OnClasses says where the findings land: for each class, the findings
	// that overlap an annotated span of it, out of the findings in records
	// of that label shape whose labels locate their errors (a finding over
	// spans of two classes counts for both); most first.
	OnClasses []ClassShare `json:"on_classes"`
}

// ClassShare is the share of a rule's findings on one class's spans.
type ClassShare struct {
	Labels   Shape  `json:"labels"`
	Class    string `json:"class"`
	Findings Ratio  `json:"findings"`
}

// ClassResult is the rules' recall on one error class, or the share of one
// group of error-free records they flag.
type ClassResult struct {
	Labels Shape  `json:"labels"`
	Class  string `json:"class"`
	// Records counts the records with the class; Units what recall counts:
	// annotated spans for MQM ("span"), records for DEMETR ("record").
	Records int    `json:"records"`
	Units   int    `json:"units"`
	Unit    string `json:"unit"`
	// AllRules: units caught by at least one rule. An MQM span is caught
	// by a finding that overlaps it; a DEMETR record by a finding that
	// overlaps the span where it differs from original_mt (by any finding
	// when original_mt is missing). For error-free groups: records flagged.
	AllRules Ratio `json:"all_rules"`
	// RecordsFlagged: the class's records with a finding of any rule
	// anywhere in them, the looser record-level figure.
	RecordsFlagged Ratio `json:"records_flagged"`
	// ByRule: each rule that caught or flagged any of the class, or is
	// expected to; most caught first.
	ByRule []RuleRecall `json:"by_rule"`
	// Expected lists the rules data/category_rules.yaml expects to catch
	// the class; NotBuilt those of them that do not exist.
	Expected []string `json:"expected"`
	NotBuilt []string `json:"not_built"`
}

// RuleRecall is one rule's share of a class: units caught (as in
// ClassResult.AllRules) and records flagged anywhere.
type RuleRecall struct {
	Rule    string `json:"rule"`
	Caught  Ratio  `json:"caught"`
	Flagged Ratio  `json:"flagged"`
}

// Report returns the figures counted so far.
func (t *Tally) Report() *Report {
	r := &Report{
		Schema: ReportSchema, Tool: audit.DefaultTool(),
		MinRaters: t.minRaters, Aggregation: Aggregation(t.minRaters),
		InputErrors: t.inputErrors, RuleErrors: t.ruleErrors,
		Rules: []RuleResult{}, Classes: []ClassResult{}, ErrorFree: []ClassResult{}, Shapes: []ShapeSummary{},
	}
	var shapes []Shape
	for s, c := range t.shapes {
		shapes = append(shapes, s)
		r.Records += c.records
		r.Shapes = append(r.Shapes, ShapeSummary{s, c.records, c.withError, c.errorFree, c.spanMismatches})
	}
	slices.Sort(shapes)
	slices.SortFunc(r.Shapes, func(a, b ShapeSummary) int { return cmp.Compare(a.Labels, b.Labels) })
	result := func(name string, c *ruleCount) RuleResult {
		rr := RuleResult{
			Rule: name, Findings: c.findings, Flagged: map[Shape]int{}, FalseFlags: map[Shape]Ratio{},
			SpanPrecision:    Ratio{c.spanCorrect, c.spanFindings},
			SegmentPrecision: Ratio{c.segCorrect, c.findings},
		}
		for _, s := range shapes {
			rr.Flagged[s] = c.flagged[s]
			rr.FalseFlags[s] = Ratio{c.falseFlags[s], t.shapes[s].errorFree}
		}
		rr.OnClasses = []ClassShare{}
		for k, n := range c.onClass {
			rr.OnClasses = append(rr.OnClasses, ClassShare{k.shape, k.class, Ratio{n, c.spanFindingsBy[k.shape]}})
		}
		slices.SortFunc(rr.OnClasses, func(a, b ClassShare) int {
			return cmp.Or(cmp.Compare(a.Labels, b.Labels), cmp.Compare(b.Findings.N, a.Findings.N), cmp.Compare(a.Class, b.Class))
		})
		return rr
	}
	for _, n := range t.ruleNames {
		r.Rules = append(r.Rules, result(n, t.rules[n]))
	}
	r.AllRules = result("(all rules)", t.all)

	for k, c := range t.classes {
		cr := ClassResult{
			Labels: k.shape, Class: k.class, Records: c.records, Units: c.units, Unit: "record",
			AllRules: Ratio{c.caught, c.units}, RecordsFlagged: Ratio{c.flagged, c.records}, ByRule: []RuleRecall{}, Expected: []string{}, NotBuilt: []string{},
		}
		if k.shape == ShapeMQM && !k.errorFree {
			cr.Unit = "span"
		}
		expected := map[string]bool{}
		if !k.errorFree {
			for _, n := range ExpectedRules(k.shape, k.class) {
				cr.Expected = append(cr.Expected, n)
				expected[n] = true
				if !t.exists(n) {
					cr.NotBuilt = append(cr.NotBuilt, n)
				}
			}
		}
		for _, n := range t.ruleNames {
			if c.byRule[n] > 0 || c.flaggedBy[n] > 0 || expected[n] {
				cr.ByRule = append(cr.ByRule, RuleRecall{n, Ratio{c.byRule[n], c.units}, Ratio{c.flaggedBy[n], c.records}})
			}
		}
		slices.SortStableFunc(cr.ByRule, func(a, b RuleRecall) int {
			return cmp.Or(cmp.Compare(b.Caught.N, a.Caught.N), cmp.Compare(b.Flagged.N, a.Flagged.N))
		})
		if k.errorFree {
			r.ErrorFree = append(r.ErrorFree, cr)
		} else {
			r.Classes = append(r.Classes, cr)
		}
	}
	order := func(a, b ClassResult) int {
		return cmp.Or(cmp.Compare(a.Labels, b.Labels), cmp.Compare(b.Units, a.Units), cmp.Compare(a.Class, b.Class))
	}
	slices.SortFunc(r.Classes, order)
	slices.SortFunc(r.ErrorFree, order)
	return r
}

// Aggregation says in words how MQM annotations from several raters are
// counted with threshold minRaters.
func Aggregation(minRaters int) string {
	if minRaters <= 1 {
		return "MQM: every target-side span any rater marked counts (--min-raters 1); " +
			"a segment is error-free when no rater marked a target-side error"
	}
	return fmt.Sprintf("MQM: a target-side span counts when at least %d raters marked an overlapping target span "+
		"(--min-raters %d); a segment is error-free only when no rater marked a target-side error, "+
		"so segments with unconfirmed marks count as neither", minRaters, minRaters)
}
