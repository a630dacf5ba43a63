package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mtaudit/mtaudit/audit"
)

// wordRule is a test rule that flags every occurrence of word.
func wordRule(name, word string) *audit.Rule {
	return &audit.Rule{
		Name: name, Category: "Other", Severity: audit.Minor,
		Doc: audit.Doc{Title: name, Text: name, Bad: word, Good: "-"},
		Run: func(p *audit.Pass) error {
			text := p.Doc.Text
			for off := 0; ; {
				i := strings.Index(text[off:], word)
				if i < 0 {
					return nil
				}
				p.Reportf(audit.Span{Start: off + i, End: off + i + len(word)}, nil, "found %q", word)
				off += i + len(word)
			}
		},
	}
}

func testEngine() *audit.Engine {
	return &audit.Engine{
		Rules:   []*audit.Rule{wordRule("foo", "foo"), wordRule("bar", "bar")},
		Env:     &audit.Env{TargetLang: "en"},
		Gate:    audit.DefaultGate(),
		Workers: 2,
	}
}

func run(t *testing.T, opts Options, paths ...string) (*Report, []error) {
	t.Helper()
	var errs []error
	rep, err := Run(context.Background(), testEngine(), paths, opts, func(err error) { errs = append(errs, err) })
	require.NoError(t, err)
	return rep, errs
}

func ruleResult(t *testing.T, rep *Report, name string) RuleResult {
	t.Helper()
	for _, r := range rep.Rules {
		if r.Rule == name {
			return r
		}
	}
	t.Fatalf("no rule %q in report", name)
	return RuleResult{}
}

func class(t *testing.T, list []ClassResult, name string) ClassResult {
	t.Helper()
	for _, c := range list {
		if c.Class == name {
			return c
		}
	}
	t.Fatalf("no class %q in %v", name, list)
	return ClassResult{}
}

func recall(c ClassResult) map[string]Ratio {
	m := map[string]Ratio{}
	for _, r := range c.ByRule {
		m[r.Rule] = r.Caught
	}
	return m
}

// The expected figures of testdata/mqm.jsonl were worked out by hand; see
// the comments for the reasoning.
func TestMQMAnyRater(t *testing.T) {
	rep, errs := run(t, Options{Labels: ShapeMQM}, "testdata/mqm.jsonl")
	require.Empty(t, errs)
	assert.Equal(t, 5, rep.Records)
	// m1, m2, m5 carry target errors; m3 (source side only) and m4 none.
	assert.Equal(t, []ShapeSummary{{Labels: ShapeMQM, Records: 5, WithError: 3, ErrorFree: 2}}, rep.Shapes)

	foo := ruleResult(t, rep, "foo")
	// foo in m1 overlaps r1's "foo" (code points 23-26 = bytes 25-28,
	// after the two-byte ï and é); foo in m5 overlaps the zero-width
	// punctuation marks at the end of the text.
	assert.Equal(t, 2, foo.Findings)
	assert.Equal(t, Ratio{2, 2}, foo.SpanPrecision)
	assert.Equal(t, Ratio{2, 2}, foo.SegmentPrecision)
	assert.Equal(t, Ratio{0, 2}, foo.FalseFlags[ShapeMQM])
	assert.Equal(t, 2, foo.Flagged[ShapeMQM])
	// m1's foo lies on a Grammar and a Style span, m5's on Punctuation.
	assert.Equal(t, []ClassShare{
		{ShapeMQM, "Fluency/Grammar", Ratio{1, 2}},
		{ShapeMQM, "Fluency/Punctuation", Ratio{1, 2}},
		{ShapeMQM, "Style/Unnatural or awkward", Ratio{1, 2}},
	}, foo.OnClasses)

	bar := ruleResult(t, rep, "bar")
	// two in m2 (annotated "open" elsewhere), one in the error-free m3.
	assert.Equal(t, 3, bar.Findings)
	assert.Equal(t, Ratio{0, 3}, bar.SpanPrecision)
	assert.Equal(t, Ratio{2, 3}, bar.SegmentPrecision)
	assert.Equal(t, Ratio{1, 2}, bar.FalseFlags[ShapeMQM])
	assert.Empty(t, bar.OnClasses)

	assert.Equal(t, 5, rep.AllRules.Findings)
	assert.Equal(t, Ratio{2, 5}, rep.AllRules.SpanPrecision)
	assert.Equal(t, Ratio{4, 5}, rep.AllRules.SegmentPrecision)
	assert.Equal(t, Ratio{1, 2}, rep.AllRules.FalseFlags[ShapeMQM])
	assert.Equal(t, 4, rep.AllRules.Flagged[ShapeMQM])

	grammar := class(t, rep.Classes, "Fluency/Grammar") // m1 "foo", m2 "open"
	assert.Equal(t, 2, grammar.Records)
	assert.Equal(t, 2, grammar.Units)
	assert.Equal(t, "span", grammar.Unit)
	assert.Equal(t, Ratio{1, 2}, grammar.AllRules)
	assert.Equal(t, Ratio{1, 2}, recall(grammar)["foo"])

	style := class(t, rep.Classes, "Style/Unnatural or awkward")
	assert.Equal(t, Ratio{1, 1}, style.AllRules)

	mistr := class(t, rep.Classes, "Accuracy/Mistranslation") // "owners", "Zürich"
	assert.Equal(t, 2, mistr.Records)
	assert.Equal(t, Ratio{0, 2}, mistr.AllRules)
	assert.Equal(t, Ratio{2, 2}, mistr.RecordsFlagged, "foo flags m1 and m5 elsewhere")

	punct := class(t, rep.Classes, "Fluency/Punctuation") // two raters' marks in m5
	assert.Equal(t, 1, punct.Records)
	assert.Equal(t, Ratio{2, 2}, punct.AllRules)
	assert.Equal(t, Ratio{2, 2}, recall(punct)["foo"])
	assert.Len(t, rep.Classes, 4, "source-side Accuracy/Omission is not a class")

	clean := class(t, rep.ErrorFree, "no target error")
	assert.Equal(t, 2, clean.Records)
	assert.Equal(t, Ratio{1, 2}, clean.AllRules)
	assert.Equal(t, Ratio{1, 2}, recall(clean)["bar"])
}

func TestMQMMinRaters2(t *testing.T) {
	rep, errs := run(t, Options{Labels: ShapeMQM, MinRaters: 2}, "testdata/mqm.jsonl")
	require.Empty(t, errs)
	assert.Equal(t, 2, rep.MinRaters)
	assert.Contains(t, rep.Aggregation, "at least 2 raters")
	// m1 keeps r1 "foo" and r2 "foo twice" (they overlap); m5 keeps the
	// two punctuation marks; single-rater spans go, so m2 has no counted
	// error but is not error-free either.
	assert.Equal(t, []ShapeSummary{{Labels: ShapeMQM, Records: 5, WithError: 2, ErrorFree: 2}}, rep.Shapes)

	bar := ruleResult(t, rep, "bar")
	assert.Equal(t, Ratio{0, 3}, bar.SpanPrecision)
	assert.Equal(t, Ratio{0, 3}, bar.SegmentPrecision)
	assert.Equal(t, Ratio{1, 2}, bar.FalseFlags[ShapeMQM])
	assert.Equal(t, Ratio{2, 5}, rep.AllRules.SegmentPrecision)

	assert.Equal(t, Ratio{1, 1}, class(t, rep.Classes, "Fluency/Grammar").AllRules)
	assert.Equal(t, Ratio{2, 2}, class(t, rep.Classes, "Fluency/Punctuation").AllRules)
	for _, c := range rep.Classes {
		assert.NotEqual(t, "Accuracy/Mistranslation", c.Class, "single-rater spans must not count")
	}
}

func TestDEMETR(t *testing.T) {
	rep, errs := run(t, Options{Labels: ShapeDEMETR}, "testdata/demetr.jsonl")
	require.Empty(t, errs)
	assert.Equal(t, []ShapeSummary{{Labels: ShapeDEMETR, Records: 6, WithError: 3, ErrorFree: 3}}, rep.Shapes)

	foo := ruleResult(t, rep, "foo")
	// d1 "We ate foo foo today." differs from original_mt in "foo " (bytes
	// 11-15): the second foo is on it, the first is not. d4 is clean.
	assert.Equal(t, 3, foo.Findings)
	assert.Equal(t, Ratio{1, 3}, foo.SpanPrecision)
	assert.Equal(t, Ratio{2, 3}, foo.SegmentPrecision)
	assert.Equal(t, Ratio{1, 3}, foo.FalseFlags[ShapeDEMETR])

	bar := ruleResult(t, rep, "bar")
	// d2 has no original_mt, so its finding has no span to be judged by;
	// d3's "bar" lies outside its perturbed span "l pleut".
	assert.Equal(t, Ratio{0, 1}, bar.SpanPrecision)
	assert.Equal(t, Ratio{2, 2}, bar.SegmentPrecision)
	assert.Equal(t, Ratio{0, 3}, bar.FalseFlags[ShapeDEMETR])
	assert.Equal(t, 2, bar.Flagged[ShapeDEMETR])

	assert.Equal(t, 5, rep.AllRules.Findings)
	assert.Equal(t, Ratio{1, 4}, rep.AllRules.SpanPrecision)
	assert.Equal(t, Ratio{4, 5}, rep.AllRules.SegmentPrecision)
	assert.Equal(t, 4, rep.AllRules.Flagged[ShapeDEMETR])

	repeat := class(t, rep.Classes, "minor_id1_repeat2")
	assert.Equal(t, 2, repeat.Records)
	assert.Equal(t, "record", repeat.Unit)
	assert.Equal(t, Ratio{2, 2}, repeat.AllRules)
	// d1: the second foo is on the perturbed span; d2 has no original_mt,
	// so flagging the record is enough.
	assert.Equal(t, map[string]Ratio{"foo": {1, 2}, "bar": {1, 2}}, recall(repeat))
	assert.Equal(t, Ratio{2, 2}, repeat.RecordsFlagged)
	assert.Equal(t, []string{"doubled-word", "repeated-phrase"}, repeat.Expected)
	assert.Equal(t, []string{"doubled-word", "repeated-phrase"}, repeat.NotBuilt)

	codemix := class(t, rep.Classes, "critical_id4_codemix")
	assert.Equal(t, Ratio{0, 1}, codemix.AllRules, "bar is flagged outside the perturbed span")
	assert.Equal(t, Ratio{1, 1}, codemix.RecordsFlagged)
	require.Len(t, codemix.ByRule, 1)
	assert.Equal(t, RuleRecall{"bar", Ratio{0, 1}, Ratio{1, 1}}, codemix.ByRule[0])

	clean := class(t, rep.ErrorFree, CleanClass)
	assert.Equal(t, Ratio{1, 2}, clean.AllRules)
	assert.Equal(t, Ratio{0, 1}, class(t, rep.ErrorFree, "base_id35_reference").AllRules)
}

func TestAutoDetectMixed(t *testing.T) {
	rep, errs := run(t, Options{}, "testdata/demetr.jsonl", "testdata/mqm.jsonl")
	require.Empty(t, errs)
	assert.Equal(t, 11, rep.Records)
	require.Len(t, rep.Shapes, 2)
	assert.Equal(t, ShapeDEMETR, rep.Shapes[0].Labels)
	assert.Equal(t, ShapeMQM, rep.Shapes[1].Labels)
	foo := ruleResult(t, rep, "foo")
	assert.Equal(t, 5, foo.Findings)
	assert.Equal(t, Ratio{1, 3}, foo.FalseFlags[ShapeDEMETR])
	assert.Equal(t, Ratio{0, 2}, foo.FalseFlags[ShapeMQM])
	assert.Equal(t, Ratio{3, 5}, foo.SpanPrecision)
}

func TestBadInput(t *testing.T) {
	rep, errs := run(t, Options{}, "testdata/bad.jsonl", "testdata/unknown.jsonl", "testdata/missing.jsonl")
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	all := strings.Join(msgs, "\n")
	assert.Contains(t, all, "bad.jsonl:2: not a JSON object")
	assert.Contains(t, all, `bad.jsonl:3: no "target" field`)
	assert.Contains(t, all, "bad.jsonl:4: mqm labels: errors[0]: span [3,99) outside the text's 6 code points")
	assert.Contains(t, all, `bad.jsonl:5: field "target" is empty`)
	assert.Contains(t, all, "unknown.jsonl:1: cannot tell the label shape")
	assert.Contains(t, all, "missing.jsonl")
	// unknown.jsonl:2 is MQM-shaped once read on its own line.
	assert.Equal(t, 6, rep.InputErrors)
	assert.Equal(t, 3, rep.Records) // b1, b5, u2
	require.Len(t, rep.Shapes, 1)
	assert.Equal(t, 1, rep.Shapes[0].SpanTextMismatches)
}

func TestParseShape(t *testing.T) {
	for in, want := range map[string]Shape{"": ShapeAuto, "auto": ShapeAuto, "mqm": ShapeMQM, "demetr": ShapeDEMETR} {
		got, err := ParseShape(in)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
	_, err := ParseShape("esa")
	assert.Error(t, err)
}

func TestDiffSpan(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want audit.Span
	}{
		{"the cat sat", "the cat cat sat", audit.Span{Start: 8, End: 12}},
		{"same", "same", audit.Span{Start: 4, End: 4}},
		{"It ends.", "It ends", audit.Span{Start: 7, End: 7}},
		{"a café b", "a cafè b", audit.Span{Start: 5, End: 7}}, // é and è share their first byte
		{"", "new", audit.Span{Start: 0, End: 3}},
		{"The Cat", "the cat", audit.Span{Start: 0, End: 5}},
	} {
		assert.Equal(t, c.want, diffSpan(c.a, c.b), "%q → %q", c.a, c.b)
	}
}

func TestWiden(t *testing.T) {
	assert.Equal(t, audit.Span{Start: 1, End: 3}, widen("aéb", audit.Span{Start: 1, End: 1}))
	assert.Equal(t, audit.Span{Start: 3, End: 4}, widen("aéb", audit.Span{Start: 4, End: 4}))
	assert.Equal(t, audit.Span{Start: 0, End: 2}, widen("aéb", audit.Span{Start: 0, End: 2}))
	assert.Equal(t, audit.Span{}, widen("", audit.Span{}))
}

func TestCodePointOffsets(t *testing.T) {
	assert.Equal(t, []int{0, 1, 3, 7, 8}, codePointOffsets("aé😀b"))
	assert.Equal(t, []int{0}, codePointOffsets(""))
}

func TestAggregate(t *testing.T) {
	anns := []Annotation{
		{Span: audit.Span{Start: 0, End: 5}, Rater: "r1"},
		{Span: audit.Span{Start: 3, End: 8}, Rater: "r2"},
		{Span: audit.Span{Start: 4, End: 6}, Rater: "r2"},
		{Span: audit.Span{Start: 10, End: 12}, Rater: "r1"},
		{Span: audit.Span{Start: 10, End: 12}, Rater: "r1"}, // the same rater twice is one rater
	}
	assert.Len(t, aggregate(anns, 1), 5)
	assert.Equal(t, anns[:3], aggregate(anns, 2))
	assert.Empty(t, aggregate(anns, 3))
}

func TestExpectedRulesData(t *testing.T) {
	assert.Equal(t, []string{"doubled-word", "repeated-phrase"}, ExpectedRules(ShapeDEMETR, "minor_id1_repeat2"))
	assert.Contains(t, ExpectedRules(ShapeMQM, "Accuracy/Gender Mismatch"), "pronoun-gender")
	assert.Empty(t, ExpectedRules(ShapeMQM, "no such class"))
	_, err := parseExpected([]byte("esa:\n  x: [a]\n"))
	assert.ErrorContains(t, err, "unknown label shape")
	_, err = parseExpected([]byte("mqm:\n  x: [Bad_Name]\n"))
	assert.ErrorContains(t, err, "not kebab-case")
}

func TestWriteReport(t *testing.T) {
	rep, _ := run(t, Options{}, "testdata/demetr.jsonl", "testdata/mqm.jsonl")
	var text bytes.Buffer
	require.NoError(t, WriteReport(&text, "text", rep))
	out := text.String()
	assert.Contains(t, out, "mtaudit eval: 11 records: demetr 6 (3 with an error, 3 error-free); mqm 5 (3 with an error, 2 error-free); 2 rules")
	assert.Regexp(t, `(?m)^foo +5 +60\.0% \(3/5\) +80\.0% \(4/5\) +2 +33\.3% \(1/3\) +2 +0\.0% \(0/2\)`, out)
	assert.Regexp(t, `(?m)^minor_id1_repeat2 +2 +2 +100\.0% \(2/2\) +\[100\.0%\] +foo 50\.0% \[50\.0%\], bar 50\.0% \[50\.0%\] +doubled-word\* repeated-phrase\*$`, out)
	assert.Regexp(t, `(?m)^critical_id4_codemix +1 +1 +0\.0% \(0/1\) +\[100\.0%\] +- +untranslated\* mixed-script\*$`, out)
	assert.Regexp(t, `(?m)^foo +mqm +2 +Fluency/Grammar 50\.0% \(1/2\), Fluency/Punctuation 50\.0% \(1/2\), Style/Unnatural or awkward 50\.0% \(1/2\)$`, out)
	assert.Regexp(t, `(?m)^Fluency/Punctuation +1 +2 +100\.0% \(2/2\) +\[100\.0%\] +foo 100\.0% \[100\.0%\]`, out)
	assert.Regexp(t, `(?m)^no target error +2 +50\.0% \(1/2\) +bar 50\.0%$`, out)
	assert.Contains(t, out, "every target-side span any rater marked counts")

	var js bytes.Buffer
	require.NoError(t, WriteReport(&js, "json", rep))
	var back struct {
		Schema   string `json:"schema"`
		AllRules struct {
			SpanPrecision struct {
				N, D int
				Rate *float64
			} `json:"span_precision"`
		} `json:"all_rules"`
		Classes []ClassResult `json:"classes"`
	}
	require.NoError(t, json.Unmarshal(js.Bytes(), &back))
	assert.Equal(t, ReportSchema, back.Schema)
	assert.Equal(t, 3, back.AllRules.SpanPrecision.N)
	assert.Equal(t, 9, back.AllRules.SpanPrecision.D) // 4 in DEMETR (d2 has no span), 5 in MQM
	require.NotNil(t, back.AllRules.SpanPrecision.Rate)
	assert.Len(t, back.Classes, 6)

	assert.Error(t, WriteReport(&js, "xml", rep))
}

func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, testEngine(), []string{"testdata/mqm.jsonl"}, Options{}, nil)
	assert.True(t, errors.Is(err, context.Canceled), "got %v", err)
}
