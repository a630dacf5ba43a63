package ruletest

import (
	"context"
	"os"
	"testing"

	"github.com/mtaudit/mtaudit/audit"
)

// Bench is the body of a rule family's benchmark: it audits the text files
// with rules under env in each iteration, each document analysed anew as
// in a run, reporting throughput over the files' bytes (b.SetBytes) and
// allocations. A rule error fails the benchmark.
func Bench(b *testing.B, env *audit.Env, files []string, rules ...*audit.Rule) {
	b.Helper()
	texts := make([]string, 0, len(files))
	size := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(data))
		size += len(data)
	}
	e := &audit.Engine{Rules: rules, Env: env, Gate: audit.DefaultGate()}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, t := range texts {
			doc := audit.NewDocument("bench", "bench.txt", t, audit.Span{End: len(t)})
			if res := e.Check(context.Background(), doc); len(res.Errors) > 0 {
				b.Fatal(res.Errors)
			}
		}
	}
}
