package printer

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mtaudit/mtaudit/audit"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// fixtureRun is a fixed run: two documents with findings of every kind,
// and an input that could not be read. Every printer is tested against it.
func fixtureRun(t *testing.T) ([]*audit.DocumentResult, *audit.Summary, []*audit.Rule) {
	t.Helper()
	loop := &audit.Rule{Name: "repeated-loop", Category: "Non-translation", Severity: audit.Critical,
		Doc: audit.Doc{Title: "Word or phrase repeated in a loop", Text: "Loops.", Bad: "said Kim said Kim said Kim", Good: "said Kim"}}
	debris := &audit.Rule{Name: "tokenizer-debris", Category: "Fluency/Punctuation", Severity: audit.Minor,
		Doc: audit.Doc{Title: "Space inside a compound", Text: "Debris.", Bad: "high -level", Good: "high-level"}}
	rules := []*audit.Rule{loop, debris}
	text := " date 2025-09-05 Politics\nThe envoy said Lee said Lee said Lee said after a high -level meeting in Zürich.\n<script>alert(1)</script> “Quoted” text.\n"
	find := func(rule *audit.Rule, s string, sug string) audit.Finding {
		i := bytes.Index([]byte(text), []byte(s))
		require.GreaterOrEqual(t, i, 0, s)
		f := audit.Finding{Rule: rule.Name, Category: rule.Category, Severity: rule.Severity, Span: audit.Span{Start: i, End: i + len(s)}, Message: "message about " + s}
		if sug != "" {
			f.Suggestions = []audit.Suggestion{{Replacement: sug, Source: audit.SourceRule}}
		}
		return f
	}
	body := audit.Span{Start: bytes.IndexByte([]byte(text), '\n') + 1, End: len(text)}
	e := &audit.Engine{Gate: audit.DefaultGate()}
	doc := audit.NewDocument("testdata/article.txt", "testdata/article.txt", text, body)
	doc.Meta = map[string]string{"date": "2025-09-05", "section": "Politics"}
	res := e.Check(context.Background(), doc)
	res.Findings = audit.Finalize(doc, []audit.Finding{
		find(loop, "said Lee said Lee said Lee", "said Lee"),
		find(debris, "high -level", "high-level"),
		find(debris, "Zürich", ""),
	})
	e.Gate.Apply(res)

	rec := "Clean record text."
	doc2 := audit.NewDocument("rec-7", "testdata/records.jsonl", rec, audit.Span{Start: 0, End: len(rec)})
	doc2.Record = 3
	res2 := e.Check(context.Background(), doc2)
	res3 := audit.InputErrorResult(&audit.InputError{Path: "testdata/broken.txt", Line: 2, Err: errors.New("invalid UTF-8 at byte 7")})

	results := []*audit.DocumentResult{res, res2, res3}
	sum := audit.NewSummary(e.Gate)
	for _, r := range results {
		sum.Add(r)
	}
	sum.SkippedFiles = 1
	return results, sum, rules
}

func render(t *testing.T, format string, color bool) []byte {
	t.Helper()
	results, sum, rules := fixtureRun(t)
	var buf bytes.Buffer
	p, err := New(format, &buf, Options{Color: color, Rules: rules, Tool: audit.Tool{Name: "mtaudit", Version: "test"}})
	require.NoError(t, err)
	for _, r := range results {
		require.NoError(t, p.Document(r))
	}
	require.NoError(t, p.Finish(sum))
	return buf.Bytes()
}

// golden compares got with testdata/NAME.golden, rewriting it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./audit/printer -update to create it")
	assert.Equal(t, string(want), string(got))
}

func TestTextGolden(t *testing.T) {
	golden(t, "text", render(t, "text", false))
	colored := render(t, "text", true)
	golden(t, "text-color", colored)
	assert.Contains(t, string(colored), "\x1b[")
	assert.NotContains(t, string(render(t, "text", false)), "\x1b[")
}

func TestJSONGolden(t *testing.T) {
	out := render(t, "json", false)
	golden(t, "json", out)
	require.NoError(t, ValidateReport(out))
	var rep audit.Report
	require.NoError(t, json.Unmarshal(out, &rep))
	require.Len(t, rep.Documents, 3)
	f := rep.Documents[0].Findings[0]
	assert.Equal(t, "said Lee said Lee said Lee", f.Text)
	assert.Equal(t, 2, f.Line)
	text := " date 2025-09-05 Politics\nThe envoy said Lee said Lee said Lee said after a high -level meeting in Zürich.\n"
	assert.Equal(t, f.Text, text[f.Start:f.End], "offsets are bytes into the file")
}

func TestJSONLGolden(t *testing.T) {
	out := render(t, "jsonl", false)
	golden(t, "jsonl", out)
	require.NoError(t, ValidateJSONL(out))
	assert.Equal(t, 4, bytes.Count(out, []byte("\n")), "three documents and a summary, one per line")
}

func TestEmptyRunJSON(t *testing.T) {
	var buf bytes.Buffer
	p, err := New("json", &buf, Options{})
	require.NoError(t, err)
	require.NoError(t, p.Finish(audit.NewSummary(audit.DefaultGate())))
	require.NoError(t, ValidateReport(buf.Bytes()))
}

// TestSchemaRejects: the schema is not vacuous.
func TestSchemaRejects(t *testing.T) {
	out := render(t, "json", false)
	var v map[string]any
	require.NoError(t, json.Unmarshal(out, &v))
	v["documents"].([]any)[0].(map[string]any)["findings"].([]any)[0].(map[string]any)["severity"] = "blocker"
	bad, _ := json.Marshal(v)
	assert.Error(t, ValidateReport(bad))
	assert.Error(t, ValidateReport([]byte(`{"schema":"mtaudit.report/v2","tool":{"name":"x","version":"y"},"documents":[],"summary":{}}`)))
}

func TestUnknownFormat(t *testing.T) {
	_, err := New("yaml", &bytes.Buffer{}, Options{})
	assert.ErrorContains(t, err, "unknown format")
}
