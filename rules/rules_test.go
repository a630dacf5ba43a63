package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/ruletest"
)

func TestRulesAreWellDeclared(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range All() {
		require.NoError(t, r.Validate())
		assert.False(t, seen[r.Name], "duplicate rule %s", r.Name)
		seen[r.Name] = true
		assert.Same(t, r, ByName(r.Name))
	}
}

// TestRuleCases runs every rule over its testdata folder, which must hold
// at least one case with expected findings and one clean case.
func TestRuleCases(t *testing.T) {
	for _, r := range All() {
		t.Run(r.Name, func(t *testing.T) {
			dirs, _ := filepath.Glob(filepath.Join("*", "testdata", r.Name))
			require.Len(t, dirs, 1, "rule %s needs one testdata folder rules/FAMILY/testdata/%s", r.Name, r.Name)
			dir := dirs[0]
			files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
			positive, negative := 0, 0
			for _, f := range files {
				data, err := os.ReadFile(f)
				require.NoError(t, err)
				if strings.Contains(string(data), "#want ") {
					positive++
				} else {
					negative++
				}
			}
			require.Positive(t, positive, "%s needs a case with expected findings", dir)
			require.Positive(t, negative, "%s needs a clean case", dir)
			ruletest.Run(t, DefaultEnv(), dir, r)
		})
	}
}

// TestDocExamples checks each rule's documented examples: the bad one gives
// a finding of the rule, the good one none.
func TestDocExamples(t *testing.T) {
	for _, r := range All() {
		t.Run(r.Name, func(t *testing.T) {
			bad := ruletest.Check(DefaultEnv(), r.Doc.Bad, r)
			assert.Empty(t, bad.Errors)
			assert.NotEmpty(t, bad.Findings, "bad example gives no finding: %q", r.Doc.Bad)
			good := ruletest.Check(DefaultEnv(), r.Doc.Good, r)
			assert.Empty(t, good.Errors)
			assert.Empty(t, good.Findings, "good example gives findings: %q", r.Doc.Good)
		})
	}
}

// TestReferenceArticlesStoryText: the professionally written reference
// articles give no finding at major or above from any rule, outside their
// web boilerplate, which the boilerplate rule reports on its own.
func TestReferenceArticles(t *testing.T) {
	for _, name := range []string{"reference-ap-2021.txt", "reference-rt-2021.txt"} {
		data, err := os.ReadFile(filepath.Join("..", "testdata", "corpus", name))
		require.NoError(t, err)
		res := ruletest.Check(DefaultEnv(), string(data), All()...)
		for _, f := range res.Findings {
			if f.Rule == "boilerplate" {
				continue
			}
			assert.Less(t, f.Severity, audit.Major, "%s:%d:%d %s %q: %s", name, f.Line, f.Column, f.Rule, f.Text, f.Message)
		}
		for _, f := range res.Findings {
			if strings.HasPrefix(f.Rule, "repeated-") || f.Rule == "doubled-word" {
				t.Errorf("%s: repetition finding in clean text: %s %q", name, f.Rule, f.Text)
			}
		}
	}
}

// FuzzRules runs every rule on arbitrary text: no rule may panic, fail,
// or report a span outside the text.
func FuzzRules(f *testing.F) {
	for _, r := range All() {
		f.Add(r.Doc.Bad)
		f.Add(r.Doc.Good)
	}
	f.Add("said Kim said Kim said Kim\n\nthe the U.S. p.m. “quote”")
	f.Fuzz(func(t *testing.T, text string) {
		res := ruletest.Check(DefaultEnv(), text, All()...)
		for _, e := range res.Errors {
			t.Errorf("rule failure: %s", e.Message)
		}
		for _, fd := range res.Findings {
			if fd.Start < 0 || fd.End > len(text) || fd.Start > fd.End {
				t.Errorf("span out of range: %+v", fd.Span)
			}
		}
	})
}
