package wordlist

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSetAgreesWithMap(t *testing.T) {
	words := map[string]bool{"the": true, "a": true, "exactly16bytes!!": true, "seventeen-bytes-x": true,
		"Kremlin": true, "émile": true, "nul\x00word": true, "": true, "off": false}
	set := NewSet(words)
	queries := []string{"the", "The", "THE", "a", "A", "", "exactly16bytes!!", "EXACTLY16BYTES!!", "seventeen-bytes-x",
		"Seventeen-Bytes-X", "Kremlin", "kremlin", "émile", "Émile", "nul\x00word", "NUL\x00WORD", "nul", "off", "th", "thee", "\x00"}
	for _, q := range queries {
		assert.Equal(t, words[q], set.Has(q), "Has(%q)", q)
		assert.Equal(t, words[strings.ToLower(q)], set.HasLower(q), "HasLower(%q)", q)
	}
}

func TestSetOnFunctionWords(t *testing.T) {
	set := NewSet(functionWords)
	for w := range functionWords {
		assert.True(t, set.Has(w), w)
		assert.Equal(t, functionWords[strings.ToLower(strings.ToUpper(w))], set.HasLower(strings.ToUpper(w)), w)
		assert.False(t, set.Has(w+"zzq"), w)
	}
}

func FuzzSet(f *testing.F) {
	words := map[string]bool{"the": true, "exactly16bytes!!": true, "seventeen-bytes-x": true, "émile": true}
	set := NewSet(words)
	f.Add("The")
	f.Fuzz(func(t *testing.T, q string) {
		if set.Has(q) != words[q] || set.HasLower(q) != words[strings.ToLower(q)] {
			t.Fatalf("%q: Has %v HasLower %v", q, set.Has(q), set.HasLower(q))
		}
	})
}
