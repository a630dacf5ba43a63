// Package printer writes audit reports, one file per output format, each
// writing to an io.Writer. Streaming formats write each document as soon as
// it is done; the others collect the run and write it at the end.
package printer

import (
	"fmt"
	"io"
	"sort"

	"github.com/mtaudit/mtaudit/audit"
)

// Printer writes one run's report.
type Printer interface {
	// Document writes (or records) one document's result, in input order.
	Document(res *audit.DocumentResult) error
	// Finish writes the summary and anything still pending.
	Finish(sum *audit.Summary) error
}

// Options configure printers.
type Options struct {
	Color bool          // ANSI colours (text)
	Rules []*audit.Rule // the rules of the run, for formats that describe them
	Tool  audit.Tool
}

// Formats lists the output format names New accepts.
func Formats() []string {
	names := make([]string, 0, len(constructors))
	for n := range constructors {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

var constructors = map[string]func(io.Writer, Options) Printer{
	"text":  NewText,
	"json":  NewJSON,
	"jsonl": NewJSONL,
	"sarif": NewSARIF,
	"html":  NewHTML,
}

// New returns the printer for format.
func New(format string, w io.Writer, opts Options) (Printer, error) {
	if opts.Tool.Name == "" {
		opts.Tool = audit.DefaultTool()
	}
	c, ok := constructors[format]
	if !ok {
		return nil, fmt.Errorf("unknown format %q (want one of %v)", format, Formats())
	}
	return c(w, opts), nil
}
