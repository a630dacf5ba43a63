package lexicon

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAppendWildcardAgreesWithWildcard(t *testing.T) {
	for _, parts := range [][]string{{"kim"}, {"kim", "jong", "un"}, {"a", "", "c"}} {
		for i := range parts {
			assert.Equal(t, wildcard(parts, i), string(appendWildcard(nil, parts, i)))
			assert.Equal(t, "x"+wildcard(parts, i), string(appendWildcard([]byte("x"), parts, i)))
		}
	}
}

func TestKeyEqualsAgreesWithKey(t *testing.T) {
	for _, s := range []string{"", "Kim Jong-un", "KCNA", "Putin's", "Irán", "O’Neill"} {
		assert.True(t, KeyEquals(s, Key(s)), s)
		assert.False(t, KeyEquals(s, Key(s)+"x"), s)
	}
}
