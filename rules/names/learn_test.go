package names

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/names/lexicon"
)

func TestLearner(t *testing.T) {
	l := NewLearner(lexicon.Default())
	for _, text := range []string{
		"OSLO, Norway — Prime Minister Ingrid Solberg-Dahl said she would visit the NRK studios. Solberg-Dahl added that her cabinet agreed.",
		"Ingrid Solberg-Dahl, the daughter of a fisherman, met Tomas Berg. He praised the NRK report, and Berg said his party agreed.",
		"The NRK and Nrk viewers heard Mr Tomas Berg on Monday.",
	} {
		l.Add(audit.NewDocument("d", "d", text, audit.Span{End: len(text)}))
	}
	lex := l.Lexicon(2)
	get := func(name string) *lexicon.Entry {
		m, ok := lex.Lookup(name)
		require.True(t, ok, name)
		return m.Entry
	}
	ingrid := get("Ingrid Solberg-Dahl")
	assert.Equal(t, lexicon.Person, ingrid.Kind)
	assert.Equal(t, lexicon.Female, ingrid.Gender)
	assert.Equal(t, 3, ingrid.GenderEvidence[lexicon.Female], "she, her, daughter")
	berg := get("Tomas Berg")
	assert.Equal(t, lexicon.Male, berg.Gender)
	assert.Equal(t, 2, berg.GenderEvidence[lexicon.Male], "his, Mr; the sentence-initial He follows a sentence naming two people")
	nrk := get("NRK")
	assert.Equal(t, "NRK", nrk.Canonical, "the most frequent casing is canonical")
	assert.Equal(t, []string{"Nrk"}, nrk.Aliases)
	_, ok := lex.Lookup("OSLO")
	assert.False(t, ok, "datelines do not count")
	_, ok = lex.Lookup("Monday")
	assert.False(t, ok)
	assert.Equal(t, 3, l.Documents())
}
