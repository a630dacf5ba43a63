package ruletest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/mtaudit/mtaudit/audit"
)

func TestBenchRunsEveryFileWithTheRules(t *testing.T) {
	dir := t.TempDir()
	a, c := filepath.Join(dir, "a.txt"), filepath.Join(dir, "c.txt")
	assert.NoError(t, os.WriteFile(a, []byte("One short text."), 0o644))
	assert.NoError(t, os.WriteFile(c, []byte("Another text here."), 0o644))
	seen := map[string]int{}
	rule := &audit.Rule{Name: "count-docs", Severity: audit.Minor, Run: func(p *audit.Pass) error {
		seen[p.Doc.Text]++
		return nil
	}}
	res := testing.Benchmark(func(b *testing.B) { Bench(b, &audit.Env{}, []string{a, c}, rule) })
	assert.Positive(t, res.N)
	assert.Equal(t, int64(len("One short text.")+len("Another text here.")), res.Bytes)
	assert.Equal(t, map[string]int{"One short text.": res.N, "Another text here.": res.N}, seen)
}
