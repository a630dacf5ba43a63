package main

import (
	"context"
	"io"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/audit/review"
)

// reviewHooks returns check's per-result hooks for --baseline (suppress
// the findings a reviewer rejected, carry the other reviews) and the
// progress bar, and a func to call when the run is over.
func (o *checkOptions) reviewHooks(ctx context.Context, c *cli, report io.Writer) ([]func(*audit.DocumentResult), func(ok bool), error) {
	var hooks []func(*audit.DocumentResult)
	finish := func(bool) {}
	if o.baseline != "" {
		base, err := review.LoadBaseline(o.baseline)
		if err != nil {
			return nil, nil, err
		}
		gate := o.gate
		hooks = append(hooks, func(res *audit.DocumentResult) { base.Apply(res, gate) })
	}
	if showProgress(c, o.progress, report) {
		p := newProgress(ctx, c.stderr)
		hooks = append(hooks, p.tick)
		finish = p.finish
	}
	return hooks, finish, nil
}
