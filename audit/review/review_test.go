package review

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mtaudit/mtaudit/audit"
)

func finding(id, rule string, sev audit.Severity, verdict string) audit.Finding {
	return audit.Finding{ID: id, Rule: rule, Category: "Accuracy/Mistranslation", Severity: sev,
		Span: audit.Span{Start: 0, End: 3}, Text: "abc", Suggestions: []audit.Suggestion{},
		Review: audit.Review{Verdict: verdict}}
}

func report(docs ...*audit.DocumentResult) *audit.Report {
	sum := audit.NewSummary(audit.DefaultGate())
	for _, d := range docs {
		sum.Add(d)
	}
	return &audit.Report{Schema: audit.ReportSchema, Tool: audit.DefaultTool(), Documents: docs, Summary: sum}
}

func TestMergeCarriesVerdictsAndListsChanges(t *testing.T) {
	old := report(&audit.DocumentResult{ID: "a", Words: 100, Findings: []audit.Finding{
		finding("f1", "r1", audit.Major, Rejected),
		finding("f2", "r1", audit.Minor, Confirmed),
		finding("gone", "r2", audit.Minor, Fixed),
	}})
	old.Documents[0].Findings[0].Review.Note = "a name, not a garble"
	nw := report(&audit.DocumentResult{ID: "a", Words: 100, Findings: []audit.Finding{
		finding("f1", "r1", audit.Major, ""),
		finding("f2", "r1", audit.Minor, Rejected), // reviewed again in the new run: kept
		finding("fresh", "r2", audit.Minor, ""),
	}})
	res := Merge(old, nw)
	got := nw.Documents[0].Findings
	assert.Equal(t, audit.Review{Verdict: Rejected, Note: "a name, not a garble"}, got[0].Review)
	assert.Equal(t, Rejected, got[1].Review.Verdict)
	assert.Empty(t, got[2].Review.Verdict)
	assert.Equal(t, 1, res.Carried)
	require.Len(t, res.Conflicts, 1)
	assert.Equal(t, "f2", res.Conflicts[0].Finding.ID)
	require.Len(t, res.Disappeared, 1)
	assert.Equal(t, "gone", res.Disappeared[0].Finding.ID)
	require.Len(t, res.New, 1)
	assert.Equal(t, "fresh", res.New[0].Finding.ID)
}

func TestStatsPrecision(t *testing.T) {
	a := report(&audit.DocumentResult{ID: "a", Findings: []audit.Finding{
		finding("1", "r1", audit.Major, Confirmed),
		finding("2", "r1", audit.Major, Confirmed),
		finding("3", "r1", audit.Major, Rejected),
		finding("4", "r2", audit.Minor, ""),
	}})
	b := report(&audit.DocumentResult{ID: "b", Findings: []audit.Finding{
		finding("5", "r1", audit.Major, Fixed),
		finding("6", "r2", audit.Minor, Rejected),
	}})
	st := Stats(a, b)
	require.Len(t, st, 3)
	assert.Equal(t, RuleStats{Rule: "r1", Findings: 4, Confirmed: 2, Rejected: 1, Fixed: 1}, st[0])
	p, ok := st[0].Precision()
	assert.True(t, ok)
	assert.InDelta(t, 2.0/3, p, 1e-9)
	p, ok = st[1].Precision()
	assert.True(t, ok)
	assert.Zero(t, p)
	assert.Equal(t, RuleStats{Rule: "all", Findings: 6, Confirmed: 2, Rejected: 2, Fixed: 1, Unreviewed: 1}, st[2])
	_, ok = RuleStats{Rule: "x", Findings: 3, Unreviewed: 3}.Precision()
	assert.False(t, ok)
}

func TestBaselineSuppressesRejectedAndRegates(t *testing.T) {
	base := NewBaseline(report(&audit.DocumentResult{ID: "a", Findings: []audit.Finding{
		finding("f1", "r1", audit.Major, Rejected),
		finding("f2", "r1", audit.Minor, Confirmed),
	}}))
	assert.Equal(t, 2, base.Len())
	res := &audit.DocumentResult{ID: "a", Words: 200, Findings: []audit.Finding{
		finding("f1", "r1", audit.Major, ""),
		finding("f2", "r1", audit.Minor, ""),
		finding("f3", "r1", audit.Minor, ""),
	}}
	gate := audit.DefaultGate()
	gate.Apply(res)
	require.False(t, res.Pass, "the major finding fails the gate before the baseline")
	assert.Equal(t, 1, base.Apply(res, gate))
	assert.Equal(t, SuppressedByBaseline, res.Findings[0].Suppressed)
	assert.Equal(t, Rejected, res.Findings[0].Review.Verdict)
	assert.Empty(t, res.Findings[1].Suppressed)
	assert.Equal(t, Confirmed, res.Findings[1].Review.Verdict)
	assert.True(t, res.Pass, "a rejected finding no longer fails the gate")
	assert.Equal(t, 10.0, res.Score, "two minor findings over 200 words")
	sum := audit.NewSummary(gate)
	sum.Add(res)
	assert.Equal(t, 1, sum.Suppressed)
	assert.Equal(t, 2, sum.Findings)
}

func TestReadJSONAndJSONL(t *testing.T) {
	rep := report(&audit.DocumentResult{ID: "a", Findings: []audit.Finding{finding("f1", "r1", audit.Major, Confirmed)}})
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, rep))
	got, err := Read(&buf)
	require.NoError(t, err)
	assert.Equal(t, Confirmed, got.Documents[0].Findings[0].Review.Verdict)

	jsonl := `{"id":"a","path":"a.txt","words":3,"score":0,"pass":true,"findings":[{"id":"f1","rule":"r1","severity":"minor","review":{"verdict":"rejected","note":""}}],"errors":[]}
{"schema":"mtaudit.report/v1","summary":{"documents":1,"gate":{"fail_on":"major","max_score":null}}}
`
	got, err = Read(strings.NewReader(jsonl))
	require.NoError(t, err)
	require.Len(t, got.Documents, 1)
	assert.Equal(t, Rejected, got.Documents[0].Findings[0].Review.Verdict)
	assert.Equal(t, 1, got.Summary.Documents)

	_, err = Read(strings.NewReader(strings.Replace(jsonl, "rejected", "maybe", 1)))
	assert.ErrorContains(t, err, `unknown verdict "maybe"`)
	_, err = Read(strings.NewReader(`{"schema":"other/v9","documents":[]}`))
	assert.ErrorContains(t, err, "schema")
	_, err = Read(strings.NewReader(""))
	assert.Error(t, err)
	_, err = Read(strings.NewReader(`{"schema":`))
	assert.Error(t, err)
}
