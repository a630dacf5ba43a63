package audit

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wordRule reports every occurrence of word, with the given severity.
func wordRule(name, word string, sev Severity) *Rule {
	return &Rule{
		Name: name, Category: "Fluency/Grammar", Severity: sev,
		Doc: Doc{Title: "t", Text: "t", Bad: word, Good: "x"},
		Run: func(p *Pass) error {
			for i, t := range p.Doc.Tokens {
				if p.Doc.TokenText(i) == word {
					p.Reportf(t.Span, nil, "found %s", word)
				}
			}
			return nil
		},
	}
}

func TestCheckFillsPositionsAndIDs(t *testing.T) {
	text := "first line\nthe cat and the dog"
	doc := NewDocument("doc-1", "d.txt", text, Span{0, len(text)})
	e := &Engine{Rules: []*Rule{wordRule("the-rule", "the", Minor)}, Gate: DefaultGate()}
	res := e.Check(context.Background(), doc)
	require.Len(t, res.Findings, 2)
	f := res.Findings[0]
	assert.Equal(t, 2, f.Line)
	assert.Equal(t, 1, f.Column)
	assert.Equal(t, 2, f.EndLine)
	assert.Equal(t, 4, f.EndColumn)
	assert.Equal(t, "the", f.Text)
	assert.Equal(t, "Fluency/Grammar", f.Category)
	assert.NotEqual(t, res.Findings[0].ID, res.Findings[1].ID, "occurrence index tells repeats apart")
	assert.Equal(t, 7, res.Words)
	assert.True(t, res.Pass)
	assert.InDelta(t, 2*1000.0/7, res.Score, 0.01)
}

// TestFindingIDStable: an edit elsewhere in the article keeps the ids.
func TestFindingIDStable(t *testing.T) {
	e := &Engine{Rules: []*Rule{wordRule("r", "bad", Major)}, Gate: DefaultGate()}
	a := "Intro.\nThis is bad. Then bad again."
	b := "A much longer, rewritten intro paragraph.\n\nThis is bad. Then bad again."
	ra := e.Check(context.Background(), NewDocument("id", "p", a, Span{0, len(a)}))
	rb := e.Check(context.Background(), NewDocument("id", "p", b, Span{0, len(b)}))
	require.Len(t, ra.Findings, 2)
	require.Len(t, rb.Findings, 2)
	for i := range ra.Findings {
		assert.Equal(t, ra.Findings[i].ID, rb.Findings[i].ID)
		assert.NotEqual(t, ra.Findings[i].Start, rb.Findings[i].Start)
	}
	other := e.Check(context.Background(), NewDocument("other-id", "p", a, Span{0, len(a)}))
	assert.NotEqual(t, ra.Findings[0].ID, other.Findings[0].ID, "ids differ across documents")
}

func TestRuleFailureAndPanicAreRecorded(t *testing.T) {
	failing := &Rule{Name: "failing", Category: "Other", Run: func(*Pass) error { return errors.New("boom") }}
	panicking := &Rule{Name: "panicking", Category: "Other", Run: func(*Pass) error { panic("oops") }}
	e := &Engine{Rules: []*Rule{failing, panicking, wordRule("ok", "x", Minor)}, Gate: DefaultGate()}
	res := e.Check(context.Background(), NewDocument("d", "p", "x y", Span{0, 3}))
	require.Len(t, res.Errors, 2)
	assert.Equal(t, "failing", res.Errors[0].Rule)
	assert.Contains(t, res.Errors[0].Message, "boom")
	assert.Equal(t, "panicking", res.Errors[1].Rule)
	assert.Contains(t, res.Errors[1].Message, "panicked")
	assert.Len(t, res.Findings, 1, "the other rules still run")
}

func TestOverridesReplaceSeverity(t *testing.T) {
	e := &Engine{Rules: []*Rule{wordRule("r", "x", Minor)}, Overrides: map[string]Severity{"r": Critical}, Gate: DefaultGate()}
	res := e.Check(context.Background(), NewDocument("d", "p", "x", Span{0, 1}))
	require.Len(t, res.Findings, 1)
	assert.Equal(t, Critical, res.Findings[0].Severity)
	assert.False(t, res.Pass)
}

func TestFinalizeClampsAndDedupes(t *testing.T) {
	text := "héllo"
	doc := NewDocument("d", "p", text, Span{0, len(text)})
	fs := Finalize(doc, []Finding{
		{Rule: "r", Span: Span{-3, 2}, Message: "m"},  // 2 is inside "é"
		{Rule: "r", Span: Span{-1, 3}, Message: "m"},  // same after clamping
		{Rule: "r", Span: Span{4, 999}, Message: "m"}, // past the end
	})
	require.Len(t, fs, 2)
	assert.Equal(t, Span{0, 3}, fs[0].Span)
	assert.Equal(t, "hé", fs[0].Text)
	assert.Equal(t, Span{4, len(text)}, fs[1].Span)
	assert.NotNil(t, fs[0].Suggestions)
}

// TestRunKeepsInputOrder: results come out in input order whatever the
// workers' timing, and the output is the same on every run.
func TestRunKeepsInputOrder(t *testing.T) {
	slow := &Rule{Name: "slow", Category: "Other", Run: func(p *Pass) error {
		// documents with more words take longer
		n := 0
		for i := 0; i < len(p.Doc.Tokens)*2000; i++ {
			n += i
		}
		_ = n
		return nil
	}}
	e := &Engine{Rules: []*Rule{slow, wordRule("w", "x", Minor)}, Workers: 4, Gate: DefaultGate()}
	run := func() []string {
		items := make(chan Item)
		go func() {
			defer close(items)
			for i := range 50 {
				text := strings.Repeat("x ", 50-i)
				if i%7 == 3 {
					items <- Item{Err: &InputError{Path: fmt.Sprintf("bad%d", i), Err: errors.New("unreadable")}}
					continue
				}
				items <- Item{Doc: NewDocument(fmt.Sprint(i), "p", text, Span{0, len(text)})}
			}
		}()
		var ids []string
		require.NoError(t, e.Run(context.Background(), items, func(r *DocumentResult) error {
			ids = append(ids, fmt.Sprintf("%s/%d", r.ID, len(r.Findings)))
			return nil
		}))
		return ids
	}
	first := run()
	require.Len(t, first, 50)
	for i, id := range first {
		if i%7 == 3 {
			assert.Equal(t, fmt.Sprintf("bad%d/0", i), id)
		} else {
			assert.Equal(t, fmt.Sprintf("%d/%d", i, 50-i), id)
		}
	}
	assert.Equal(t, first, run())
}

func TestRunStopsOnEmitError(t *testing.T) {
	e := &Engine{Rules: []*Rule{wordRule("w", "x", Minor)}, Workers: 2, Gate: DefaultGate()}
	items := make(chan Item)
	go func() {
		defer close(items)
		for i := range 100 {
			select {
			case items <- Item{Doc: NewDocument(fmt.Sprint(i), "p", "x", Span{0, 1})}:
			case <-time.After(2 * time.Second):
				return
			}
		}
	}()
	stop := errors.New("stop")
	n := 0
	err := e.Run(context.Background(), items, func(*DocumentResult) error {
		n++
		if n == 3 {
			return stop
		}
		return nil
	})
	assert.ErrorIs(t, err, stop)
	assert.Equal(t, 3, n)
}

func TestScoreAndGate(t *testing.T) {
	fs := []Finding{
		{Severity: Minor, Category: "Fluency/Punctuation"}, // 0.1
		{Severity: Minor, Category: "Fluency/Grammar"},     // 1
		{Severity: Major},                            // 5
		{Severity: Critical, Advisory: true},         // not counted
		{Severity: Critical, Suppressed: "rejected"}, // not counted
	}
	assert.InDelta(t, 6.1*1000/500, Score(fs, 500), 0.001)
	assert.Equal(t, 0.0, Score(nil, 0))

	res := &DocumentResult{Findings: fs, Words: 500}
	g := DefaultGate()
	g.Apply(res)
	assert.False(t, res.Pass, "a major finding fails the default gate")

	require.NoError(t, g.ParseFailOn("critical"))
	assert.True(t, g.Passes(res), "advisory and suppressed criticals do not count")
	g.MaxScore, g.HasMaxScore = 10, true
	assert.False(t, g.Passes(res), "score 12.2 > 10")
	require.NoError(t, g.ParseFailOn("none"))
	g.HasMaxScore = false
	assert.True(t, g.Passes(res))
	assert.Error(t, g.ParseFailOn("severe"))

	b, err := (Gate{FailOn: Minor, MaxScore: 2.5, HasMaxScore: true}).MarshalJSON()
	require.NoError(t, err)
	assert.JSONEq(t, `{"fail_on":"minor","max_score":2.5}`, string(b))
	var back Gate
	require.NoError(t, back.UnmarshalJSON(b))
	assert.Equal(t, Gate{FailOn: Minor, MaxScore: 2.5, HasMaxScore: true}, back)
}

func TestSeverityText(t *testing.T) {
	for _, s := range []Severity{Neutral, Minor, Major, Critical} {
		b, err := s.MarshalText()
		require.NoError(t, err)
		var back Severity
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, s, back)
	}
	assert.Equal(t, []float64{0, 1, 5, 25}, []float64{Neutral.Weight(), Minor.Weight(), Major.Weight(), Critical.Weight()})
	_, err := ParseSeverity("blocker")
	assert.Error(t, err)
}

func TestRuleValidate(t *testing.T) {
	good := wordRule("good-name", "x", Minor)
	assert.NoError(t, good.Validate())
	bad := *good
	bad.Name = "Bad_Name"
	assert.Error(t, bad.Validate())
	bad = *good
	bad.Doc.Good = ""
	assert.Error(t, bad.Validate())
}
