package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// Formats lists the output formats of WriteReport.
func Formats() []string { return []string{"text", "json"} }

// WriteReport writes r to w as a text table ("text") or JSON ("json").
func WriteReport(w io.Writer, format string, r *Report) error {
	switch format {
	case "text":
		return WriteText(w, r)
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
		return nil
	}
	return fmt.Errorf("unknown format %q (want one of %v)", format, Formats())
}

// pct formats a ratio's rate alone: "81.6%", or "-".
func pct(r Ratio) string {
	v, ok := r.Rate()
	if !ok {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*v)
}

// WriteText writes r as plain-text tables: one row per rule, one per error
// class, one per group of error-free records.
func WriteText(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	var shapes []Shape
	var parts []string
	for _, s := range r.Shapes {
		shapes = append(shapes, s.Labels)
		parts = append(parts, fmt.Sprintf("%s %d (%d with an error, %d error-free)", s.Labels, s.Records, s.WithError, s.ErrorFree))
	}
	fmt.Fprintf(bw, "mtaudit eval: %d records: %s; %d rules\n", r.Records, strings.Join(parts, "; "), len(r.Rules))
	if r.InputErrors > 0 || r.RuleErrors > 0 {
		fmt.Fprintf(bw, "%d inputs could not be read, %d rule failures (listed on standard error)\n", r.InputErrors, r.RuleErrors)
	}
	if slices.Contains(shapes, ShapeMQM) {
		fmt.Fprintf(bw, "%s\n", r.Aggregation)
		for _, s := range r.Shapes {
			if s.SpanTextMismatches > 0 {
				fmt.Fprintf(bw, "warning: %d MQM spans differ from the text at their offsets\n", s.SpanTextMismatches)
			}
		}
	}

	fmt.Fprintln(bw, "\nRules")
	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
	head := "rule\tfindings\tspan precision\tsegment precision"
	for _, s := range shapes {
		head += fmt.Sprintf("\tflagged %s\tfalse-flag %s (error-free records)", s, s)
	}
	fmt.Fprintln(tw, head+"\t")
	row := func(rr RuleResult) {
		line := fmt.Sprintf("%s\t%d\t%s\t%s", rr.Rule, rr.Findings, rr.SpanPrecision, rr.SegmentPrecision)
		for _, s := range shapes {
			line += fmt.Sprintf("\t%d\t%s", rr.Flagged[s], rr.FalseFlags[s])
		}
		fmt.Fprintln(tw, line+"\t")
	}
	for _, rr := range r.Rules {
		row(rr)
	}
	row(r.AllRules)
	if err := tw.Flush(); err != nil {
		return err
	}

	notBuilt := false
	for _, s := range shapes {
		var classes, clean []ClassResult
		for _, c := range r.Classes {
			if c.Labels == s {
				classes = append(classes, c)
			}
		}
		for _, c := range r.ErrorFree {
			if c.Labels == s {
				clean = append(clean, c)
			}
		}
		if len(classes) > 0 {
			if s == ShapeMQM {
				fmt.Fprintf(bw, "\nError classes (%s): recall = share of the class's annotated spans (units) a finding overlaps;\n", s)
			} else {
				fmt.Fprintf(bw, "\nError classes (%s): recall = share of the class's records whose perturbed span (where target\n"+
					"differs from original_mt) a finding overlaps;\n", s)
			}
			fmt.Fprintln(bw, "[flagged] = share of the class's records with a finding anywhere")
			tw = tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "class\trecords\tunits\trecall, all rules\t[flagged]\tby rule: recall [flagged]\texpected rules")
			for _, c := range classes {
				var exp []string
				for _, n := range c.Expected {
					if slices.Contains(c.NotBuilt, n) {
						n += "*"
						notBuilt = true
					}
					exp = append(exp, n)
				}
				var shown []RuleRecall // rules that caught some, and expected rules
				for _, rr := range c.ByRule {
					if rr.Caught.N > 0 || slices.Contains(c.Expected, rr.Rule) {
						shown = append(shown, rr)
					}
				}
				fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t[%s]\t%s\t%s\n", c.Class, c.Records, c.Units, c.AllRules, pct(c.RecordsFlagged),
					byRule(shown, true), strings.Join(exp, " "))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
		}
		if len(clean) > 0 {
			fmt.Fprintf(bw, "\nError-free records (%s): share flagged by any rule, and by each rule\n", s)
			tw = tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "group\trecords\tall rules\tby rule")
			for _, c := range clean {
				fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", c.Class, c.Records, c.AllRules, byRule(c.ByRule, false))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
		}
	}
	if err := writeLanding(bw, r, shapes); err != nil {
		return err
	}
	if notBuilt {
		fmt.Fprintln(bw, "\n* expected rule not built yet (eval/data/category_rules.yaml)")
	}
	return bw.Flush()
}

// landingTop is how many classes the text table lists per rule.
const landingTop = 4

// writeLanding writes, per rule and label shape, the classes whose
// annotated spans the rule's findings overlap.
func writeLanding(bw *bufio.Writer, r *Report, shapes []Shape) error {
	fmt.Fprintf(bw, "\nWhere findings land: share of a rule's findings (in records whose labels locate errors) on each class's spans; top %d\n", landingTop)
	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "rule\tlabels\tlocated findings\ton annotated spans of")
	for _, rr := range append(slices.Clone(r.Rules), r.AllRules) {
		for _, s := range shapes {
			var parts []string
			d := 0
			for _, cs := range rr.OnClasses {
				if cs.Labels != s {
					continue
				}
				d = cs.Findings.D
				if len(parts) < landingTop {
					parts = append(parts, fmt.Sprintf("%s %s", cs.Class, cs.Findings))
				}
			}
			if len(parts) == 0 {
				continue
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", rr.Rule, s, d, strings.Join(parts, ", "))
		}
	}
	return tw.Flush()
}

// byRule lists each rule's share: "name 50.0%", with the share of records
// flagged appended as "[60.0%]" when flagged is set.
func byRule(rs []RuleRecall, flagged bool) string {
	if len(rs) == 0 {
		return "-"
	}
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = fmt.Sprintf("%s %s", r.Rule, pct(r.Caught))
		if flagged {
			parts[i] += fmt.Sprintf(" [%s]", pct(r.Flagged))
		}
	}
	return strings.Join(parts, ", ")
}
