package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mtaudit/mtaudit/eval"
)

// Hand-written records in the two label shapes (not bench sentences).
const (
	evalDEMETR = `{"id": "c1", "target": "The mayor opened the the new bridge on Friday.", "original_mt": "The mayor opened the new bridge on Friday.", "perturbation": "minor_id1_repeat2", "is_error": true}
{"id": "c2", "target": "Rain fell across the region overnight", "original_mt": "Rain fell across the region overnight.", "perturbation": "minor_id28_final_punc_removed", "is_error": true}
{"id": "c3", "target": "Schools reopened after the storm.", "perturbation": null, "is_error": false}
`
	// "Zoë" puts a two-byte character before the annotated span: its code
	// points 9-14 are bytes 10-15.
	evalMQM = `{"id": "q1", "target": "Zoë said it it was late.", "errors": [{"rater": "a", "category": "Fluency/Grammar", "severity": "Minor", "side": "target", "span": "it it", "start": 9, "end": 14}]}
{"id": "q2", "target": "Nobody disputed the figures.", "errors": []}
`
)

func TestEvalText(t *testing.T) {
	dir := t.TempDir()
	d := writeFile(t, dir, "d.jsonl", evalDEMETR)
	r := run(t, "", nil, "eval", "--labels", "demetr", d, "--enable", "doubled-word")
	require.Equal(t, exitPass, r.code, r.stderr)
	assert.Contains(t, r.stdout, "mtaudit eval: 3 records: demetr 3 (2 with an error, 1 error-free); 1 rules")
	assert.Regexp(t, `(?m)^doubled-word +1 +100\.0% \(1/1\) +100\.0% \(1/1\) +1 +0\.0% \(0/1\)`, r.stdout)
	// repeated-phrase exists but is not run (--enable): no "*".
	assert.Regexp(t, `(?m)^minor_id1_repeat2 +1 +1 +100\.0% \(1/1\) +\[100\.0%\] +doubled-word 100\.0% \[100\.0%\] +doubled-word repeated-phrase$`, r.stdout)
	assert.Regexp(t, `(?m)^minor_id28_final_punc_removed +1 +1 +0\.0% \(0/1\) +\[0\.0%\] +- `, r.stdout)
	assert.Regexp(t, `(?m)^clean +1 +0\.0% \(0/1\) +-$`, r.stdout)
}

func TestEvalJSONAutoDetect(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "d.jsonl", evalDEMETR)
	writeFile(t, dir, "q.jsonl", evalMQM)
	writeFile(t, dir, "notes.txt", "not read: directories are walked for .jsonl files only")
	out := filepath.Join(dir, "report.json")
	r := run(t, "", nil, "eval", dir, "--format", "json", "--enable", "doubled-word", "--min-raters", "1", "-o", out)
	require.Equal(t, exitPass, r.code, r.stderr)
	assert.Empty(t, r.stdout)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	var rep eval.Report
	require.NoError(t, json.Unmarshal(data, &rep))
	assert.Equal(t, eval.ReportSchema, rep.Schema)
	assert.Equal(t, 5, rep.Records)
	require.Len(t, rep.Rules, 1)
	dw := rep.Rules[0]
	assert.Equal(t, "doubled-word", dw.Rule)
	assert.Equal(t, 2, dw.Findings)
	assert.Equal(t, eval.Ratio{N: 2, D: 2}, dw.SpanPrecision)
	assert.Equal(t, eval.Ratio{N: 0, D: 1}, dw.FalseFlags[eval.ShapeMQM])
	assert.Equal(t, eval.Ratio{N: 0, D: 1}, dw.FalseFlags[eval.ShapeDEMETR])
}

func TestEvalMinRatersDropsSingleRaterSpans(t *testing.T) {
	q := writeFile(t, t.TempDir(), "q.jsonl", evalMQM)
	r := run(t, "", nil, "eval", q, "--labels", "mqm", "--enable", "doubled-word", "--min-raters", "2", "--format", "json")
	require.Equal(t, exitPass, r.code, r.stderr)
	var rep eval.Report
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &rep))
	assert.Equal(t, 2, rep.MinRaters)
	assert.Equal(t, eval.Ratio{N: 0, D: 1}, rep.Rules[0].SpanPrecision, "one rater is not enough at --min-raters 2")
	assert.Empty(t, rep.Classes)
}

func TestEvalErrors(t *testing.T) {
	dir := t.TempDir()
	d := writeFile(t, dir, "d.jsonl", evalDEMETR+"{broken\n")
	r := run(t, "", nil, "eval", d, "--enable", "doubled-word")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "d.jsonl:4: not a JSON object")
	assert.Contains(t, r.stdout, "1 inputs could not be read", "the tables are still printed")

	for _, args := range [][]string{
		{"eval"},
		{"eval", d, "--labels", "esa"},
		{"eval", d, "--format", "sarif"},
		{"eval", d, "--min-raters", "0"},
		{"eval", d, "--enable", "no-such-rule"},
	} {
		r := run(t, "", nil, args...)
		assert.Equal(t, exitUsage, r.code, "%v", args)
		assert.NotEmpty(t, r.stderr, "%v", args)
	}
	assert.Equal(t, exitPass, run(t, "", nil, "eval", "-h").code)
}
