package wordlist

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestHasLowerAgreesWithToLower(t *testing.T) {
	set := map[string]bool{"the": true, "istanbul": true, "émile": true, strings.Repeat("a", 70): true}
	for _, w := range []string{"the", "The", "THE", "then", "", "İstanbul", "ÉMILE", "Émile", strings.Repeat("A", 70), "x\xffy"} {
		assert.Equal(t, set[strings.ToLower(w)], HasLower(set, w), "%q", w)
	}
	assert.True(t, IsFunctionWord("The"))
	assert.True(t, IsFunctionWord("the"))
	assert.False(t, IsFunctionWord("Kremlin"))
}
