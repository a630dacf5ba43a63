package calque

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestTriggerIndexAgreesWithContains checks the one-pass trigger scan
// against strings.Contains for every trigger of the embedded packs.
func TestTriggerIndexAgreesWithContains(t *testing.T) {
	texts := []string{
		"",
		"a",
		"%",
		"the minister would have said that 5% of the press agency staff were sensible.",
		"herr schmidt sprach über 3 mio euro „so“ eventually; frau x.",
	}
	// Every trigger alone, at the start and at the end of a text.
	for _, lit := range packTriggers.lits {
		texts = append(texts, lit, "xx "+lit, lit[:len(lit)-1])
	}
	for _, text := range texts {
		lower := asciiLower(text)
		found := packTriggers.present(lower)
		for id, lit := range packTriggers.lits {
			assert.Equal(t, strings.Contains(lower, lit), found[id], "%q in %q", lit, text)
		}
	}
	for _, p := range packs {
		for _, e := range p.Entries {
			assert.Len(t, e.triggerIDs, len(e.triggers), "%s/%s", p.Lang, e.Name)
		}
	}
}
