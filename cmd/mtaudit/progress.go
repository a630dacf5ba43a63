package main

import (
	"context"
	"io"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"github.com/mtaudit/mtaudit/audit"
)

// progress is the spinner check shows on stderr while it audits a corpus:
// the number of documents done, the rate and the time spent (the total is
// unknown while directories are still being walked).
type progress struct {
	container *mpb.Progress
	bar       *mpb.Bar
}

// showProgress says whether check shows a progress bar: only when asked,
// when stderr is a terminal, and when the report itself is not written to
// that terminal (a bar redrawn between report lines would garble them).
func showProgress(c *cli, enabled bool, report io.Writer) bool {
	return enabled && c.isTerminal(c.stderr) && !c.isTerminal(report)
}

// newProgress starts the progress display on w, which the caller has
// found to be a terminal.
func newProgress(ctx context.Context, w io.Writer) *progress {
	container := mpb.NewWithContext(ctx, mpb.WithOutput(w), mpb.ForceTTY(), mpb.WithAutoRefresh())
	bar := container.AddSpinner(0,
		mpb.PrependDecorators(decor.Name("auditing "), decor.CurrentNoUnit("%d documents")),
		mpb.AppendDecorators(decor.AverageSpeed(0, " %.0f/s"), decor.Name(" "), decor.Elapsed(decor.ET_STYLE_GO)),
		mpb.BarFillerClearOnComplete(),
		mpb.BarWidth(3),
	)
	return &progress{container: container, bar: bar}
}

// tick counts one document; it is a runAudit hook.
func (p *progress) tick(*audit.DocumentResult) { p.bar.Increment() }

// finish completes the bar (or abandons it after an error) and waits for
// the last redraw, so the bar is done before anything else is printed.
func (p *progress) finish(ok bool) {
	if ok {
		p.bar.SetTotal(-1, true)
	} else {
		p.bar.Abort(false)
	}
	p.container.Wait()
}
