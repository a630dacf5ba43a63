package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/audit/input"
	"github.com/mtaudit/mtaudit/rules/ruletest"
)

// TestGarbledArticleTypography: the punctuation, casing and acronym garbles
// of the sample MT article are each found, with the suggestion where one
// is clear.
func TestGarbledArticleTypography(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "corpus", "mt-garbled-kim-xi-2025.txt"))
	require.NoError(t, err)
	res := ruletest.Check(DefaultEnv(), string(data), All()...)
	cases := []struct {
		rule, text, suggestion string // suggestion "" means none is required
	}{
		{"tokenizer-debris", "high -level", "high-level"},
		{"tokenizer-debris", "non -Western", "non-Western"},
		{"tokenizer-debris", "long -term", "long-term"},
		{"unbalanced-quotes", "“said Kcna", ""},
		{"possessive-apostrophe", "Trumps'", "Trump's"},
		{"possessive-apostrophe", "Peoples'", "People's"},
		{"lowercase-name", "kyiv", "Kyiv"},
		{"acronym-mismatch", "RPRC [Democratic Peoples Republic of Korea]", "DPRK [Democratic Peoples Republic of Korea]"},
		{"acronym-mismatch", "Korean central press agency (KCNA)", ""},
		{"lost-quotes", "I am convinced that we will continue", ""},
	}
	for _, c := range cases {
		var found *audit.Finding
		for i, f := range res.Findings {
			if f.Rule == c.rule && strings.Contains(f.Text, c.text) {
				found = &res.Findings[i]
				break
			}
		}
		if !assert.NotNil(t, found, "%s %q not found", c.rule, c.text) || c.suggestion == "" {
			continue
		}
		require.NotEmpty(t, found.Suggestions, "%s %q: no suggestion", c.rule, c.text)
		assert.Equal(t, c.suggestion, found.Suggestions[0].Replacement)
	}
}

// TestReferenceArticlesBoilerplate: read as the CLI reads them (metadata
// line stripped), the reference articles give one boilerplate finding per
// block, none of them covering story text, and no other finding at major
// or above.
func TestReferenceArticlesBoilerplate(t *testing.T) {
	cases := []struct {
		file   string
		blocks []string // the start of each block, in order
		story  []string // story text no boilerplate finding may cover
	}{
		{"reference-ap-2021.txt",
			[]string{"Connect with us", "Copyright 2020 Associated Press"},
			[]string{"Leaders Of North Korea, China Vow", "FILE – In this June 20, 2019", "China doesn’t deploy troops in North Korea."}},
		{"reference-rt-2021.txt",
			[]string{"icon bookmark-bicon", "11 Jul, 2021 07:34", "Also on rt.com", "Think your friends would be interested?"},
			[]string{"Xi Jinping and Kim Jong-un vow", "© KCNA/KNS/AFP", "Xi and Kim met in person several times"}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			path := filepath.Join("..", "testdata", "corpus", c.file)
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			item := input.TextItem(path, data)
			require.Nil(t, item.Err)
			e := &audit.Engine{Rules: All(), Env: DefaultEnv(), Gate: audit.DefaultGate()}
			res := e.Check(t.Context(), item.Doc)
			require.Empty(t, res.Errors)
			var blocks []audit.Finding
			for _, f := range res.Findings {
				if f.Rule == "boilerplate" {
					blocks = append(blocks, f)
					continue
				}
				assert.Less(t, f.Severity, audit.Major, "%s %q: %s", f.Rule, f.Text, f.Message)
			}
			require.Len(t, blocks, len(c.blocks))
			for i, b := range blocks {
				assert.True(t, strings.HasPrefix(b.Text, c.blocks[i]), "block %d is %q", i, b.Text)
				assert.Equal(t, audit.Major, b.Severity)
				assert.Equal(t, "Other/Boilerplate", b.Category)
			}
			for _, s := range c.story {
				off := strings.Index(item.Doc.Text, s)
				require.GreaterOrEqual(t, off, 0, s)
				for _, b := range blocks {
					assert.False(t, b.Start <= off && off < b.End, "story text %q inside boilerplate finding %q", s, b.Text)
				}
			}
		})
	}
}

// BenchmarkTypographyRules measures the punctuation, casing, acronym and
// boilerplate rules on the three corpus articles.
func BenchmarkTypographyRules(b *testing.B) {
	var texts []string
	size := 0
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "corpus", "*.txt"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(b, err)
		texts = append(texts, string(data))
		size += len(data)
	}
	var rules []*audit.Rule
	for _, name := range []string{"tokenizer-debris", "unbalanced-quotes", "possessive-apostrophe", "lost-quotes", "acronym-mismatch", "sentence-case", "lowercase-name", "boilerplate"} {
		r := ByName(name)
		require.NotNil(b, r, name)
		rules = append(rules, r)
	}
	env := DefaultEnv()
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, text := range texts {
			ruletest.Check(env, text, rules...)
		}
	}
}
