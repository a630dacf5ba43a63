package lexicon

import (
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
)

// keyReference is the straightforward strings.Builder form of Key that
// appendKey must agree with.
func keyReference(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == '-' || r == '‐' || r == '‑' || unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case r == '’' || r == '‘':
			r = '\''
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	k := b.String()
	switch {
	case strings.HasSuffix(k, "'s"):
		k = k[:len(k)-2]
	case strings.HasSuffix(k, "s'"):
		k = k[:len(k)-1]
	}
	return k
}

func TestKeyAgreesWithReference(t *testing.T) {
	for _, s := range []string{
		"", " ", "-", "Kim Jong-un’s", "  Vladimir   Poutine ", "Pékin", "ÉMILE ZOLA", "Jones'", "s'",
		"'s", "Ǆemal", "İstanbul", "bad \xff byte", "Tab\tNew\nLine", "Σωκράτης’", strings.Repeat("Long Name ", 30),
	} {
		assert.Equal(t, keyReference(s), Key(s), "%q", s)
		var buf [4]byte
		assert.Equal(t, keyReference(s), string(appendKey(buf[:0], s)), "%q", s)
	}
}

func FuzzKey(f *testing.F) {
	f.Add("Kim Jong-un’s")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Key(s), keyReference(s); got != want {
			t.Fatalf("Key(%q) = %q, want %q", s, got, want)
		}
	})
}
