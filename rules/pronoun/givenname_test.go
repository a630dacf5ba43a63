package pronoun

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/mtaudit/mtaudit/rules/names/lexicon"
)

func TestFold(t *testing.T) {
	assert.Equal(t, "malgorzata", fold("Małgorzata"))
	assert.Equal(t, "jose", fold("José"))
	assert.Equal(t, "soren", fold("Søren"))
	assert.Equal(t, "smith", fold("Smith"))
}

func TestLookupGiven(t *testing.T) {
	for name, want := range map[string]lexicon.Gender{
		"jarosław":     lexicon.Male,   // folded to the list's "jaroslaw"
		"marie-claire": lexicon.Female, // first part decides
		"jean-marie":   lexicon.Male,   // listed whole
	} {
		g, ok := lookupGiven(name)
		assert.True(t, ok, name)
		assert.Equal(t, want, g, name)
	}
	for _, name := range []string{"zzyx-anna", "okafor", "mike"} {
		_, ok := lookupGiven(name)
		assert.False(t, ok, name)
	}
}
