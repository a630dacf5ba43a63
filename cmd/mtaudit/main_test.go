package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/audit/printer"
)

const corpus = "../../testdata/corpus"

type result struct {
	code           int
	stdout, stderr string
}

// run runs the CLI in-process with the given standard input and environment.
func run(t *testing.T, stdin string, env map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	c := &cli{
		stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb,
		getenv:     func(k string) string { return env[k] },
		isTerminal: func(io.Writer) bool { return env["TERM_TEST"] == "1" },
	}
	code := c.main(context.Background(), args)
	return result{code, out.String(), errb.String()}
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	return p
}

func TestCheckSampleCorpusFailsGate(t *testing.T) {
	r := run(t, "", nil, "check", corpus)
	assert.Equal(t, exitFail, r.code, r.stderr)
	assert.Contains(t, r.stdout, "mt-garbled-kim-xi-2025.txt:6:")
	assert.Contains(t, r.stdout, "critical repeated-loop")
	assert.Contains(t, r.stdout, "gate: FAIL")
	assert.NotContains(t, r.stdout, "\x1b[", "no colour off a terminal")
}

func TestCheckCleanArticlePasses(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "clean.txt", "The ministers met in Seoul on Monday. They agreed to meet again next year.\n")
	r := run(t, "", nil, "check", p)
	assert.Equal(t, exitPass, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stdout, "gate: PASS")
}

func TestCheckUnreadablePathStillReportsOthers(t *testing.T) {
	dir := t.TempDir()
	bad := writeFile(t, dir, "bad.txt", "broken \xff text")
	r := run(t, "", nil, "check", "--format", "json", filepath.Join(dir, "missing.txt"), bad, corpus)
	assert.Equal(t, exitUsage, r.code)
	require.NoError(t, printer.ValidateReport([]byte(r.stdout)))
	var rep audit.Report
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rep))
	require.Len(t, rep.Documents, 5)
	assert.Contains(t, rep.Documents[0].Errors[0].Message, "no such file")
	assert.Contains(t, rep.Documents[1].Errors[0].Message, "invalid UTF-8")
	assert.Equal(t, 2, rep.Summary.InputErrors)
	assert.NotEmpty(t, rep.Documents[2].Findings, "the readable corpus is still audited")
}

func TestCheckGateFlags(t *testing.T) {
	assert.Equal(t, exitPass, run(t, "", nil, "check", "--fail-on", "none", corpus).code)
	r := run(t, "", nil, "check", corpus, "--enable", "doubled-word", "--fail-on", "minor")
	assert.Equal(t, exitPass, r.code, "flags after the path; no doubled word in the corpus")
	assert.Equal(t, exitFail, run(t, "", nil, "check", "--fail-on", "none", "--max-score", "1", corpus).code)
	assert.Equal(t, exitPass, run(t, "", nil, "check", "--enable", "repeated-loop,repeated-phrase,doubled-word", "--disable", "repeated-loop,repeated-phrase", corpus).code)
	assert.Equal(t, exitFail, run(t, "", nil, "check", "--enable", "repeated-loop", "--fail-on", "critical", corpus).code)
}

func TestCheckUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"check"},
		{"check", "--format", "yaml", corpus},
		{"check", "--fail-on", "severe", corpus},
		{"check", "--max-score", "-1", corpus},
		{"check", "--enable", "no-such-rule", corpus},
		{"check", "--no-such-flag", corpus},
		{"frobnicate"},
	} {
		r := run(t, "", nil, args...)
		assert.Equal(t, exitUsage, r.code, "%v", args)
		assert.NotEmpty(t, r.stderr, "%v", args)
	}
}

func TestCheckStdinAndOutputFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report.jsonl")
	r := run(t, "{\"id\":\"a\",\"body\":\"He said the the talks ended.\"}\n", nil, "check", "--text-field", "body", "--format", "jsonl", "-o", out, "-")
	assert.Equal(t, exitPass, r.code, r.stderr)
	assert.Empty(t, r.stdout)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	require.NoError(t, printer.ValidateJSONL(data))
	assert.Contains(t, string(data), `"rule":"doubled-word"`)
}

func TestCheckColor(t *testing.T) {
	r := run(t, "", map[string]string{"TERM_TEST": "1"}, "check", corpus)
	assert.Contains(t, r.stdout, "\x1b[")
	r = run(t, "", map[string]string{"TERM_TEST": "1", "NO_COLOR": "1"}, "check", corpus)
	assert.NotContains(t, r.stdout, "\x1b[")
	r = run(t, "", nil, "check", "--color", "always", corpus)
	assert.Contains(t, r.stdout, "\x1b[")
}

func TestCheckDeterministic(t *testing.T) {
	a := run(t, "", nil, "check", "--format", "json", "--jobs", "4", corpus)
	b := run(t, "", nil, "check", "--format", "json", "--jobs", "1", corpus)
	assert.Equal(t, a.stdout, b.stdout)
}

func TestRulesCommand(t *testing.T) {
	r := run(t, "", nil, "rules")
	assert.Equal(t, exitPass, r.code)
	assert.Contains(t, r.stdout, "repeated-loop")
	assert.Contains(t, r.stdout, "Non-translation")
	r = run(t, "", nil, "rules", "doubled-word")
	assert.Equal(t, exitPass, r.code)
	assert.Contains(t, r.stdout, "Bad:")
	assert.Contains(t, r.stdout, "Good:")
	assert.Equal(t, exitUsage, run(t, "", nil, "rules", "nope").code)
}
