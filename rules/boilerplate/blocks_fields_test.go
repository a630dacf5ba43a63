package boilerplate

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCountFieldsAgreesWithFields(t *testing.T) {
	for _, s := range []string{"", " ", "a", " a  b\tc\n", "Ünïcode  words\u00a0here", "x\u2003y\u0085z", "\xff \xfe", "icon icon"} {
		assert.Equal(t, len(strings.Fields(s)), countFields(s), "%q", s)
	}
}

func FuzzCountFields(f *testing.F) {
	f.Add("a b  c")
	f.Add("\u00a0x\u3000y")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := countFields(s), len(strings.Fields(s)); got != want {
			t.Fatalf("countFields(%q) = %d, want %d", s, got, want)
		}
	})
}
