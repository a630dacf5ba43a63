package boilerplate

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCountFieldsAgreesWithFields(t *testing.T) {
	for _, s := range []string{"", " ", "a", " a  b\tc\n", "Ünïcode  words\u00a0here", "x\u2003y\u0085z", "\xff \xfe", "icon icon"} {
		assert.Equal(t, len(strings.Fields(s)), countFields(s, 100), "%q", s)
		assert.Equal(t, min(len(strings.Fields(s)), 2), countFields(s, 2), "%q", s)
	}
}

func FuzzCountFields(f *testing.F) {
	f.Add("a b  c")
	f.Add("\u00a0x\u3000y")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := countFields(s, 1<<30), len(strings.Fields(s)); got != want {
			t.Fatalf("countFields(%q) = %d, want %d", s, got, want)
		}
		if got, want := countFields(s, 3), min(len(strings.Fields(s)), 3); got != want {
			t.Fatalf("countFields(%q, 3) = %d, want %d", s, got, want)
		}
	})
}
