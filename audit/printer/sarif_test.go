package printer

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/internal/sarifschema"
)

// sarifLog is the part of a SARIF log the tests look at.
type sarifLog struct {
	Version string `json:"version"`
	Runs    []struct {
		ColumnKind string `json:"columnKind"`
		Tool       struct {
			Driver struct {
				Name  string `json:"name"`
				Rules []struct {
					ID               string `json:"id"`
					ShortDescription struct{ Text string }
					FullDescription  struct{ Text string }
					Help             struct{ Text, Markdown string }
					DefaultConfig    struct {
						Level string `json:"level"`
					} `json:"defaultConfiguration"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Invocations []struct {
			Notifications []struct {
				Level   string `json:"level"`
				Message struct{ Text string }
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
		Results []struct {
			RuleID              string `json:"ruleId"`
			RuleIndex           int    `json:"ruleIndex"`
			Level               string `json:"level"`
			Message             struct{ Text string }
			PartialFingerprints map[string]string `json:"partialFingerprints"`
			Locations           []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI string `json:"uri"`
					} `json:"artifactLocation"`
					Region struct {
						StartLine, StartColumn, EndLine, EndColumn int
						CharOffset, CharLength, ByteOffset         int
						ByteLength                                 int
						Snippet                                    struct{ Text string }
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			Fixes []json.RawMessage `json:"fixes"`
		} `json:"results"`
	} `json:"runs"`
}

func TestSARIFGolden(t *testing.T) {
	out := render(t, "sarif", false)
	golden(t, "sarif", out)
	require.NoError(t, sarifschema.Validate(out))

	var log sarifLog
	require.NoError(t, json.Unmarshal(out, &log))
	assert.Equal(t, "2.1.0", log.Version)
	require.Len(t, log.Runs, 1, "one run")
	run := log.Runs[0]
	assert.Equal(t, "unicodeCodePoints", run.ColumnKind)
	assert.Equal(t, "mtaudit", run.Tool.Driver.Name)

	rules := run.Tool.Driver.Rules
	require.Len(t, rules, 2)
	assert.Equal(t, "repeated-loop", rules[0].ID)
	assert.Equal(t, "Word or phrase repeated in a loop", rules[0].ShortDescription.Text)
	assert.Equal(t, "Loops.", rules[0].FullDescription.Text)
	assert.Equal(t, "error", rules[0].DefaultConfig.Level, "critical → error")
	assert.Equal(t, "warning", rules[1].DefaultConfig.Level, "minor → warning")
	assert.Contains(t, rules[1].Help.Text, "high -level")
	assert.Contains(t, rules[1].Help.Markdown, "> high-level")

	results, _, _ := fixtureRun(t)
	doc := results[0].Document()
	require.Len(t, run.Results, len(results[0].Findings))
	for i, r := range run.Results {
		f := results[0].Findings[i]
		assert.Equal(t, f.Rule, r.RuleID)
		assert.Equal(t, rules[r.RuleIndex].ID, r.RuleID)
		assert.Equal(t, f.ID, r.PartialFingerprints["mtauditFindingId/v1"])
		reg := r.Locations[0].PhysicalLocation.Region
		assert.Equal(t, "testdata/article.txt", r.Locations[0].PhysicalLocation.ArtifactLocation.URI)
		assert.Equal(t, [4]int{f.Line, f.Column, f.EndLine, f.EndColumn}, [4]int{reg.StartLine, reg.StartColumn, reg.EndLine, reg.EndColumn})
		// character offsets count code points, as columnKind says
		assert.Equal(t, utf8.RuneCountInString(doc.Text[:f.Start]), reg.CharOffset)
		assert.Equal(t, f.Text, string([]rune(doc.Text)[reg.CharOffset:reg.CharOffset+reg.CharLength]))
		assert.Equal(t, f.Text, doc.Text[reg.ByteOffset:reg.ByteOffset+reg.ByteLength])
		assert.Equal(t, f.Text, reg.Snippet.Text)
		assert.Len(t, r.Fixes, len(f.Suggestions))
	}
	zurich := run.Results[2].Locations[0].PhysicalLocation.Region
	assert.Equal(t, 6, zurich.CharLength, "Zürich is six characters")
	assert.Equal(t, 7, zurich.ByteLength, "and seven bytes")
	assert.Equal(t, "error", run.Results[0].Level)

	require.Len(t, run.Invocations, 1)
	require.Len(t, run.Invocations[0].Notifications, 1, "the unreadable input")
	assert.Contains(t, run.Invocations[0].Notifications[0].Message.Text, "invalid UTF-8")
}

// TestSARIFRecordsAndSuppressions: a JSONL record's finding points at the
// record's line; suppressed findings carry a SARIF suppression.
func TestSARIFRecordsAndSuppressions(t *testing.T) {
	rule := &audit.Rule{Name: "r", Category: "Accuracy", Severity: audit.Major,
		Doc: audit.Doc{Title: "T", Text: "X", Bad: "b", Good: "g"}}
	text := "Ünïcode first, then the flagged words."
	doc := audit.NewDocument("rec-1", "data/recs.jsonl", text, audit.Span{Start: 0, End: len(text)})
	doc.Record = 12
	e := &audit.Engine{Gate: audit.DefaultGate()}
	res := e.Check(t.Context(), doc)
	i := strings.Index(text, "flagged")
	res.Findings = audit.Finalize(doc, []audit.Finding{{Rule: "r", Category: "Accuracy", Severity: audit.Major,
		Span: audit.Span{Start: i, End: i + 7}, Message: "m", Suppressed: "rejected in baseline"}})
	var buf strings.Builder
	p, err := New("sarif", &buf, Options{Rules: []*audit.Rule{rule}})
	require.NoError(t, err)
	require.NoError(t, p.Document(res))
	sum := audit.NewSummary(e.Gate)
	sum.Add(res)
	require.NoError(t, p.Finish(sum))
	out := []byte(buf.String())
	require.NoError(t, sarifschema.Validate(out))

	var v map[string]any
	require.NoError(t, json.Unmarshal(out, &v))
	r := v["runs"].([]any)[0].(map[string]any)["results"].([]any)[0].(map[string]any)
	loc := r["locations"].([]any)[0].(map[string]any)
	region := loc["physicalLocation"].(map[string]any)["region"].(map[string]any)
	assert.EqualValues(t, 12, region["startLine"], "the record's line in the JSONL file")
	assert.NotContains(t, region, "startColumn", "columns in the text field are not columns in the file")
	assert.Equal(t, "rec-1", loc["logicalLocations"].([]any)[0].(map[string]any)["name"])
	textRegion := r["properties"].(map[string]any)["textRegion"].(map[string]any)
	assert.EqualValues(t, i, textRegion["byteOffset"])
	sup := r["suppressions"].([]any)[0].(map[string]any)
	assert.Equal(t, "external", sup["kind"])
	assert.Equal(t, "rejected in baseline", sup["justification"])
}
