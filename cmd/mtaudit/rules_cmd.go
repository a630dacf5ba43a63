package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/mtaudit/mtaudit/rules"
)

func runRules(_ context.Context, c *cli, args []string) int {
	fs := newFlagSet(c, "rules", "[NAME]")
	if err := fs.Parse(args); err != nil {
		return flagExit(err)
	}
	if fs.NArg() == 0 {
		tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tCATEGORY\tSEVERITY\tTITLE")
		for _, r := range rules.All() {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Name, r.Category, r.Severity, r.Doc.Title)
		}
		tw.Flush()
		return exitPass
	}
	status := exitPass
	for i, name := range fs.Args() {
		r := rules.ByName(name)
		if r == nil {
			fmt.Fprintf(c.stderr, "mtaudit rules: unknown rule %q\n", name)
			status = exitUsage
			continue
		}
		if i > 0 {
			fmt.Fprintln(c.stdout)
		}
		fmt.Fprintf(c.stdout, "%s: %s\n\nCategory: %s\nDefault severity: %s\n\n%s\n\nBad:\n    %s\n\nGood:\n    %s\n",
			r.Name, r.Doc.Title, r.Category, r.Severity, r.Doc.Text, r.Doc.Bad, r.Doc.Good)
	}
	return status
}
