package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mtaudit/mtaudit/rules/names/lexicon"
)

func TestLexiconLearnReferenceArticles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "lexicon.yaml")
	r := run(t, "", nil, "lexicon", "learn", filepath.Join(corpus, "reference-ap-2021.txt"), filepath.Join(corpus, "reference-rt-2021.txt"), "-o", out)
	require.Equal(t, exitPass, r.code, r.stderr)
	lex, err := lexicon.Load(out)
	require.NoError(t, err, "the learned lexicon reads back")
	for name, gender := range map[string]lexicon.Gender{"Kim Jong Un": lexicon.Male, "Xi Jinping": lexicon.Male} {
		m, ok := lex.Lookup(name)
		require.True(t, ok, name)
		assert.Equal(t, name, m.Entry.Canonical)
		assert.Equal(t, gender, m.Entry.Gender, name)
		assert.Positive(t, m.Entry.GenderEvidence[gender], name)
		assert.Positive(t, m.Entry.Count, name)
	}
	m, ok := lex.Lookup("kcna")
	require.True(t, ok)
	assert.Equal(t, "KCNA", m.Entry.Canonical, "acronyms keep their capitals")
}

func TestLexiconUsage(t *testing.T) {
	assert.Equal(t, exitUsage, run(t, "", nil, "lexicon").code)
	assert.Equal(t, exitUsage, run(t, "", nil, "lexicon", "learn").code)
}

func TestCheckLexiconFlag(t *testing.T) {
	dir := t.TempDir()
	article := writeFile(t, dir, "a.txt", "Minister Tendai Chicory met reporters in Harare on Monday.\n")
	good := writeFile(t, dir, "good.yaml", "entries:\n- {name: Tendai Chikore, kind: person, gender: male, wrong: [Tendai Chicory]}\n")
	r := run(t, "", nil, "check", "--format", "json", "--enable", "name-lexicon", "--lexicon", good, article)
	assert.Equal(t, exitFail, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"replacement": "Tendai Chikore"`)

	bad := writeFile(t, dir, "bad.yaml", "entries:\n- name: X\n  kind: person\n  colour: red\n")
	r = run(t, "", nil, "check", "--lexicon", bad, article)
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "bad.yaml:4")
}

func TestCheckCorpusNames(t *testing.T) {
	dir := t.TempDir()
	var lines []string
	for i := 0; i < 12; i++ {
		lines = append(lines, `{"id":"`+strings.Repeat("a", i+1)+`","text":"Finance Minister Tendai Moyo Chikore presented the budget."}`)
	}
	lines = append(lines, `{"id":"odd","text":"Tendai Moyo Chicore presented the budget."}`)
	p := writeFile(t, dir, "c.jsonl", strings.Join(lines, "\n")+"\n")
	r := run(t, "", nil, "check", "--format", "jsonl", "--enable", "name-corpus-variant", p)
	assert.Equal(t, exitPass, r.code, "without --corpus-names each record is its own corpus")
	r = run(t, "", nil, "check", "--format", "jsonl", "--enable", "name-corpus-variant", "--corpus-names", p)
	assert.Equal(t, exitFail, r.code, r.stderr)
	var found []string
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		var doc struct {
			ID       string `json:"id"`
			Findings []struct {
				Text string `json:"text"`
			} `json:"findings"`
		}
		if json.Unmarshal([]byte(line), &doc) == nil {
			for _, f := range doc.Findings {
				found = append(found, doc.ID+":"+f.Text)
			}
		}
	}
	assert.Equal(t, []string{"odd:Tendai Moyo Chicore"}, found)
	assert.Equal(t, exitUsage, run(t, "x", nil, "check", "--corpus-names", "-").code)
}
