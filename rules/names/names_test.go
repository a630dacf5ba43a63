package names

import (
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/names/lexicon"
)

func newEnv() *audit.Env {
	env := &audit.Env{TargetLang: "en"}
	lexicon.Install(env, lexicon.Default())
	return env
}

// check runs rules over text and returns the findings.
func check(t *testing.T, env *audit.Env, text string, rules ...*audit.Rule) []audit.Finding {
	t.Helper()
	doc := audit.NewDocument("t", "t.txt", text, audit.Span{End: len(text)})
	res := (&audit.Engine{Rules: rules, Env: env, Gate: audit.DefaultGate()}).Check(context.Background(), doc)
	require.Empty(t, res.Errors)
	return res.Findings
}

func analyzeText(env *audit.Env, text string) (*audit.Document, *Analysis) {
	doc := audit.NewDocument("t", "t.txt", text, audit.Span{End: len(text)})
	return doc, analyze(doc, lexicon.FromEnv(env))
}

func clusterOf(t *testing.T, doc *audit.Document, a *Analysis, text string) *Cluster {
	t.Helper()
	for _, n := range a.Names {
		if doc.Slice(n.Span) == text {
			return &a.Clusters[n.Cluster]
		}
	}
	t.Fatalf("no name %q", text)
	return nil
}

func TestKimFamilyIsNotMerged(t *testing.T) {
	const text = "North Korean leader Kim Jong Un met his sister Kim Yo-jong. Kim Jong Un honoured his grandfather Kim Il Sung, " +
		"his father Kim Jong Il and his late half-brother Kim Jong Nam. Kim Jong-un's speech was long. Kim spoke."
	env := newEnv()
	doc, a := analyzeText(env, text)
	un := clusterOf(t, doc, a, "Kim Jong Un")
	assert.Same(t, un, clusterOf(t, doc, a, "Kim Jong-un's"), "hyphen and possessive variants are one person")
	for _, other := range []string{"Kim Yo-jong", "Kim Il Sung", "Kim Jong Il", "Kim Jong Nam"} {
		assert.NotSame(t, un, clusterOf(t, doc, a, other), other)
	}
	assert.Equal(t, lexicon.Male, un.Gender)
	assert.Equal(t, lexicon.Female, clusterOf(t, doc, a, "Kim Yo-jong").Gender)
	kim := clusterOf(t, doc, a, "Kim")
	assert.Same(t, un, kim, "the bare surname joins the most mentioned Kim")
	assert.True(t, kim.Ambiguous)
	assert.Empty(t, check(t, env, text, Variant, LexiconRule, CorpusVariant))
	assert.Empty(t, check(t, &audit.Env{}, text, Variant, LexiconRule, CorpusVariant), "no finding without a lexicon either")
}

func TestTitlesAndDemonymsAreStripped(t *testing.T) {
	env := newEnv()
	doc, a := analyzeText(env, "Chinese President Xi Jinping met Kim Thursday. Foreign Minister Wang Yi attended. Xi smiled.")
	xi := clusterOf(t, doc, a, "Xi Jinping")
	assert.Equal(t, "Xi Jinping", xi.Entry.Canonical)
	assert.Equal(t, lexicon.Person, xi.Kind)
	assert.Same(t, xi, clusterOf(t, doc, a, "Xi"))
	n, ok := a.NameOf(a.Names[0].Mention)
	require.True(t, ok)
	assert.Equal(t, "Chinese President", n.Title)
	clusterOf(t, doc, a, "Kim") // "Thursday" is not part of the name
	clusterOf(t, doc, a, "Wang Yi")
}

func TestTranslatedPartNeedsEnglishWordAgainstNameWord(t *testing.T) {
	env := &audit.Env{} // no lexicon: in-document evidence only
	fs := check(t, env, "Kim Jong Un arrived. Later Kim Jong One left.", Variant)
	require.Len(t, fs, 1)
	assert.Equal(t, "Kim Jong One", fs[0].Text)
	assert.Equal(t, "Accuracy/Mistranslation", fs[0].Category)
	assert.Equal(t, audit.Major, fs[0].Severity)
	assert.Equal(t, "Kim Jong Un", fs[0].Suggestions[0].Replacement)

	// Both odd words are name words: different people.
	assert.Empty(t, check(t, env, "Kim Jong Un arrived. Later Kim Jong Nam left.", Variant))
	// Organisation names are no personal names.
	assert.Empty(t, check(t, env, "The China News Service and the Korea News Service reported.", Variant))
	// Two-word names are too short to tell.
	assert.Empty(t, check(t, env, "Mark Carney spoke. Mark Twain wrote.", Variant))
}

func TestCasingVariants(t *testing.T) {
	env := &audit.Env{}
	fs := check(t, env, "KCNA said so. KCNA added more. Kcna said it again.", Variant)
	require.Len(t, fs, 1)
	assert.Equal(t, "Kcna", fs[0].Text)
	assert.Equal(t, audit.Minor, fs[0].Severity)
	assert.Equal(t, "KCNA", fs[0].Suggestions[0].Replacement)

	fs = check(t, env, "Xi spoke. Xi Jinping left. The talks with XI lasted.", Variant)
	require.Len(t, fs, 1)
	assert.Equal(t, "XI", fs[0].Text)

	assert.Empty(t, check(t, env, "Louis XI ruled. Xi spoke. Xi left.", Variant), "regnal number")
	assert.Empty(t, check(t, env, "The WHO spoke. The WHO met. The Who played.", Variant), "English word")
	assert.Empty(t, check(t, env, "SEOUL, South Korea — Seoul said. Seoul agreed.", Variant), "dateline")
}

func TestLexiconRuleWithoutLexiconIsSilent(t *testing.T) {
	assert.Empty(t, check(t, &audit.Env{}, "Vladimir Poutine met Kcna in Pékin.", LexiconRule))
}

func TestUserLexiconAddsWrongForms(t *testing.T) {
	user, err := lexicon.Parse("user.yaml", []byte("entries:\n- {name: Tendai Chikore, kind: person, gender: male, wrong: [Tendai Chicory]}\n"))
	require.NoError(t, err)
	env := &audit.Env{}
	lexicon.Install(env, lexicon.Merge(lexicon.Default(), user))
	fs := check(t, env, "Minister Tendai Chicory spoke.", LexiconRule)
	require.Len(t, fs, 1)
	assert.Equal(t, "Tendai Chikore", fs[0].Suggestions[0].Replacement)
}

func TestCorpusStats(t *testing.T) {
	lex := lexicon.Default()
	c := NewCorpusCounter(lex)
	for i := 0; i < 12; i++ {
		text := "Finance Minister Tendai Moyo Chikore spoke to ZIMRA."
		c.Add(audit.NewDocument("d", "d", text, audit.Span{End: len(text)}))
	}
	other := NewCorpusCounter(lex)
	text := "Tendai Moyo Chicore and Zimra spoke."
	other.Add(audit.NewDocument("d", "d", text, audit.Span{End: len(text)}))
	c.Merge(other)
	stats := c.Freeze()
	assert.Equal(t, 13, stats.Documents())
	assert.Equal(t, 2, stats.Forms())

	env := &audit.Env{}
	lexicon.Install(env, lex)
	InstallCorpus(env, stats)
	fs := check(t, env, text, CorpusVariant)
	require.Len(t, fs, 2)
	assert.Equal(t, "Tendai Moyo Chicore", fs[0].Text)
	assert.Equal(t, "Tendai Moyo Chikore", fs[0].Suggestions[0].Replacement)
	assert.Equal(t, "Zimra", fs[1].Text)
	assert.Equal(t, audit.Minor, fs[1].Severity)
}

func TestSimilarity(t *testing.T) {
	assert.InDelta(t, 1.0, similarity("Pékin", "pekin"), 1e-9)
	assert.InDelta(t, 0.6, similarity("thanh", "chinh"), 1e-9)
	assert.Less(t, similarity("nam", "un"), 0.5)
}

func FuzzAnalyze(f *testing.F) {
	f.Add("Kim Jong Un met Kim Jong One and the Poutines envoy in Pékin; XI and Kcna, KCNA.")
	f.Add("SEOUL, — Mr. O'Neil-Smith's ‐ Jong-–un")
	env := newEnv()
	f.Fuzz(func(t *testing.T, text string) {
		doc := audit.NewDocument("f", "f", text, audit.Span{End: len(text)})
		a := analyze(doc, lexicon.FromEnv(env))
		for _, n := range a.Names {
			if n.Span.Start < 0 || n.Span.End > len(text) || n.Cluster < 0 || n.Cluster >= len(a.Clusters) {
				t.Fatalf("bad name %+v", n)
			}
			for p := range n.Parts {
				s, _ := partSpan(doc, &n, p)
				if s.Start < 0 || s.End > len(text) || s.Start > s.End {
					t.Fatalf("bad part span %+v", s)
				}
			}
		}
		check(t, env, text, Variant, LexiconRule, CorpusVariant)
	})
}

func BenchmarkNameRules(b *testing.B) {
	data, err := os.ReadFile("../../testdata/corpus/mt-garbled-kim-xi-2025.txt")
	require.NoError(b, err)
	text := string(data)
	env := newEnv()
	e := &audit.Engine{Rules: []*audit.Rule{LexiconRule, Variant, CorpusVariant}, Env: env, Gate: audit.DefaultGate()}
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		doc := audit.NewDocument("t", "t.txt", text, audit.Span{End: len(text)})
		e.Check(context.Background(), doc)
	}
}
