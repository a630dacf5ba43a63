package lexicon

import (
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

func TestAppendWildcardAgreesWithWildcard(t *testing.T) {
	for _, parts := range [][]string{{"kim"}, {"kim", "jong", "un"}, {"a", "", "c"}} {
		for i := range parts {
			assert.Equal(t, Wildcard(parts, i), string(AppendWildcard(nil, parts, i)))
			assert.Equal(t, "x"+Wildcard(parts, i), string(AppendWildcard([]byte("x"), parts, i)))
		}
	}
}

func TestKeyEqualsAgreesWithKey(t *testing.T) {
	for _, s := range []string{"", "Kim Jong-un", "KCNA", "Putin's", "Irán", "O’Neill"} {
		assert.True(t, KeyEquals(s, Key(s)), s)
		assert.False(t, KeyEquals(s, Key(s)+"x"), s)
	}
}

func foldChain(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		return s
	}
	return out
}

func TestFoldValidAgreesWithChain(t *testing.T) {
	for _, s := range []string{"Irán", "Łukasz", "Małgorzata", "José", "Søren", "Nguyễn Phú Trọng", "Ångström", "ﬁ", "한국어", "e\u0301\u0323", "Ελληνικά", "\u0301", "x\u200dy"} {
		assert.Equal(t, foldChain(s), foldValid(s), s)
		assert.Equal(t, foldChain(s), FoldDiacritics(s), s)
	}
}

func FuzzFoldValid(f *testing.F) {
	f.Add("Irán")
	f.Add("e\u0301\u0323")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := FoldDiacritics(s), foldChain(s); got != want && utf8.ValidString(s) {
			t.Fatalf("FoldDiacritics(%q) = %q, want %q", s, got, want)
		}
	})
}
