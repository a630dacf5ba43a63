package encoding

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/charmap"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/ruletest"
)

var env = &audit.Env{TargetLang: "en"}

// garble turns UTF-8 text into the mojibake a Windows-1252 decoder makes of it.
func garble(t testing.TB, s string) string {
	out, err := charmap.Windows1252.NewDecoder().String(s)
	require.NoError(t, err)
	return out
}

// repair applies the findings' suggestions to text.
func repair(text string, fs []audit.Finding) string {
	var b strings.Builder
	last := 0
	for _, f := range fs {
		if len(f.Suggestions) == 0 || f.Start < last {
			continue
		}
		b.WriteString(text[last:f.Start])
		b.WriteString(f.Suggestions[0].Replacement)
		last = f.End
	}
	b.WriteString(text[last:])
	return b.String()
}

func TestMojibakeRepairRoundTrip(t *testing.T) {
	for _, orig := range []string{
		"The minister’s café reopened.",
		"“Quoted” words — and a dash – in Zürich, São Paulo and Kraków for €5.",
		"Señora Müller paid £30 at the crème brûlée stand.",
	} {
		g := garble(t, orig)
		require.NotEqual(t, orig, g)
		res := ruletest.Check(env, g, EncodingDamage)
		require.NotEmpty(t, res.Findings, g)
		assert.Equal(t, orig, repair(g, res.Findings), g)
	}
}

func TestMixedScriptSuggestsLatin(t *testing.T) {
	res := ruletest.Check(env, "Talks in Kyіv and Mоscow.", MixedScript)
	require.Len(t, res.Findings, 2)
	assert.Equal(t, "Talks in Kyiv and Moscow.", repair("Talks in Kyіv and Mоscow.", res.Findings))
}

// TestCorpusArticles: no encoding finding in the sample articles.
func TestCorpusArticles(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "corpus", "*.txt"))
	require.NotEmpty(t, files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		res := ruletest.Check(env, string(data), MixedScript, EncodingDamage)
		assert.Empty(t, res.Findings, f)
	}
}

// FuzzEncodingDamage feeds text and its Windows-1252 mojibake to both
// rules: no panic, spans inside the text, suggestions valid UTF-8.
func FuzzEncodingDamage(f *testing.F) {
	f.Add("The minister’s café — “quoted”.")
	f.Add("Mоscow \u200b\x07\ufffd Ã©")
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		g, err := charmap.Windows1252.NewDecoder().String(s)
		if err != nil {
			return
		}
		for _, text := range []string{s, g} {
			res := ruletest.Check(env, text, MixedScript, EncodingDamage)
			assert.Empty(t, res.Errors)
			for _, fd := range res.Findings {
				if fd.Start < 0 || fd.End > len(text) || fd.Start >= fd.End {
					t.Fatalf("bad span %+v in %q", fd.Span, text)
				}
				for _, sg := range fd.Suggestions {
					assert.True(t, utf8.ValidString(sg.Replacement))
				}
			}
		}
	})
}

func BenchmarkEncodingRules(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "corpus", "reference-ap-2021.txt"))
	require.NoError(b, err)
	text := strings.Repeat(string(data)+"\n\n", 50)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		ruletest.Check(env, text, MixedScript, EncodingDamage)
	}
}
