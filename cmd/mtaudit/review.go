package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/audit/review"
)

const reviewUsage = `merge [-o FILE] OLD.json NEW.json | stats [--format text|json] FILE.json...

  merge  copy the reviewers' verdicts of OLD into NEW by finding id, write the
         merged report (to standard output or FILE), and list on standard error
         the findings that disappeared and the new ones
  stats  per-rule precision from the verdicts: confirmed / (confirmed + rejected)

Reports are JSON (--format json) or JSONL (--format jsonl) reports of check,
or the annotated JSON the HTML report exports.`

func runReview(_ context.Context, c *cli, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintf(c.stderr, "Usage: mtaudit review %s\n", reviewUsage)
		if len(args) == 0 {
			return exitUsage
		}
		return exitPass
	}
	switch args[0] {
	case "merge":
		return runReviewMerge(c, args[1:])
	case "stats":
		return runReviewStats(c, args[1:])
	}
	fmt.Fprintf(c.stderr, "mtaudit review: unknown subcommand %q (want merge or stats)\n", args[0])
	return exitUsage
}

func runReviewMerge(c *cli, args []string) int {
	fs := newFlagSet(c, "review merge", "[-o FILE] OLD.json NEW.json")
	output := fs.String("o", "", "write the merged report to `FILE` instead of standard output")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(files) != 2 {
		fmt.Fprintln(c.stderr, "mtaudit review merge: want OLD.json and NEW.json")
		fs.Usage()
		return exitUsage
	}
	old, err := review.Load(files[0])
	if err != nil {
		fmt.Fprintf(c.stderr, "mtaudit review merge: %v\n", err)
		return exitUsage
	}
	nw, err := review.Load(files[1])
	if err != nil {
		fmt.Fprintf(c.stderr, "mtaudit review merge: %v\n", err)
		return exitUsage
	}
	res := review.Merge(old, nw)
	if err := writeOutput(c.stdout, *output, func(w io.Writer) error { return review.Write(w, nw) }); err != nil {
		fmt.Fprintf(c.stderr, "mtaudit review merge: %v\n", err)
		return exitUsage
	}
	w := c.stderr
	fmt.Fprintf(w, "carried %d reviews from %s\n", res.Carried, files[0])
	list := func(title string, refs []review.Ref) {
		if len(refs) == 0 {
			return
		}
		fmt.Fprintf(w, "%d %s:\n", len(refs), title)
		for _, r := range refs {
			fmt.Fprintf(w, "  %s\n", describeRef(r))
		}
	}
	list("findings disappeared", res.Disappeared)
	list("new findings", res.New)
	list("findings reviewed again in the new report (its review kept)", res.Conflicts)
	return exitPass
}

// describeRef names a finding in "path:line:col rule "text" [verdict]" form.
func describeRef(r review.Ref) string {
	f := r.Finding
	loc := r.Doc.Path
	if r.Doc.Record > 0 {
		loc = r.Doc.Path + "#" + r.Doc.ID
	}
	s := fmt.Sprintf("%s:%d:%d %s %q", loc, f.Line, f.Column, f.Rule, f.Text)
	if f.Review.Verdict != "" {
		s += " [" + f.Review.Verdict + "]"
	}
	return s
}

func runReviewStats(c *cli, args []string) int {
	fs := newFlagSet(c, "review stats", "[--format text|json] FILE.json...")
	format := fs.String("format", "text", "output format: text or json")
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(files) == 0 || (*format != "text" && *format != "json") {
		fmt.Fprintln(c.stderr, "mtaudit review stats: want FILE.json... and --format text or json")
		fs.Usage()
		return exitUsage
	}
	var reports []*audit.Report
	for _, f := range files {
		rep, err := review.Load(f)
		if err != nil {
			fmt.Fprintf(c.stderr, "mtaudit review stats: %v\n", err)
			return exitUsage
		}
		reports = append(reports, rep)
	}
	stats := review.Stats(reports...)
	if *format == "json" {
		return writeStatsJSON(c.stdout, stats)
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tFINDINGS\tCONFIRMED\tREJECTED\tFIXED\tUNREVIEWED\tPRECISION\t")
	for _, s := range stats {
		prec := "-"
		if p, ok := s.Precision(); ok {
			prec = fmt.Sprintf("%.2f", p)
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%s\t\n", s.Rule, s.Findings, s.Confirmed, s.Rejected, s.Fixed, s.Unreviewed, prec)
	}
	tw.Flush()
	fmt.Fprintln(c.stdout, "precision = confirmed / (confirmed + rejected); - when no finding of the rule was confirmed or rejected")
	return exitPass
}

func writeStatsJSON(w io.Writer, stats []review.RuleStats) int {
	type row struct {
		Rule       string   `json:"rule"`
		Findings   int      `json:"findings"`
		Confirmed  int      `json:"confirmed"`
		Rejected   int      `json:"rejected"`
		Fixed      int      `json:"fixed"`
		Unreviewed int      `json:"unreviewed"`
		Precision  *float64 `json:"precision"`
	}
	rows := make([]row, 0, len(stats))
	for _, s := range stats {
		r := row{s.Rule, s.Findings, s.Confirmed, s.Rejected, s.Fixed, s.Unreviewed, nil}
		if p, ok := s.Precision(); ok {
			r.Precision = &p
		}
		rows = append(rows, r)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rows); err != nil {
		return exitUsage
	}
	return exitPass
}
