package printer

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"github.com/mtaudit/mtaudit/audit"
)

// jsonPrinter streams the JSON report: the header first, each document as it
// comes, the summary last, so a large corpus is never held in memory.
type jsonPrinter struct {
	w     *bufio.Writer
	tool  audit.Tool
	count int
}

// NewJSON returns the printer of the JSON report (schema mtaudit.report/v1).
func NewJSON(w io.Writer, opts Options) Printer {
	return &jsonPrinter{w: bufio.NewWriter(w), tool: opts.Tool}
}

func (p *jsonPrinter) header() error {
	tool, err := json.Marshal(p.tool)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(p.w, "{\n  \"schema\": %q,\n  \"tool\": %s,\n  \"documents\": [", audit.ReportSchema, tool)
	return err
}

func (p *jsonPrinter) Document(res *audit.DocumentResult) error {
	if p.count == 0 {
		if err := p.header(); err != nil {
			return err
		}
	}
	sep := ","
	if p.count == 0 {
		sep = ""
	}
	p.count++
	b, err := json.MarshalIndent(res, "    ", "  ")
	if err != nil {
		return fmt.Errorf("encode document %s: %w", res.ID, err)
	}
	_, err = fmt.Fprintf(p.w, "%s\n    %s", sep, b)
	return err
}

func (p *jsonPrinter) Finish(sum *audit.Summary) error {
	if p.count == 0 {
		if err := p.header(); err != nil {
			return err
		}
	}
	b, err := json.MarshalIndent(sum, "  ", "  ")
	if err != nil {
		return fmt.Errorf("encode summary: %w", err)
	}
	closing := "\n  ]"
	if p.count == 0 {
		closing = "]"
	}
	if _, err := fmt.Fprintf(p.w, "%s,\n  \"summary\": %s\n}\n", closing, b); err != nil {
		return err
	}
	return p.w.Flush()
}
