package names

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestFormCountsAgreeWithMap checks the formCount list against the map and
// mostFrequent it replaces, ties included.
func TestFormCountsAgreeWithMap(t *testing.T) {
	for _, seq := range [][]string{
		{"Kim"},
		{"Kim", "KIM", "Kim"},
		{"KIM", "Kim", "Kim", "KIM"}, // tie: the smaller form wins
		{"b", "a", "c", "a", "b"},
		{"Łukasz", "ŁUKASZ", "łukasz", "ŁUKASZ"},
	} {
		m := map[string]int{}
		var fs []formCount
		for _, f := range seq {
			m[f]++
			fs = addForm(fs, f)
		}
		best, n := mostFrequentForm(fs)
		assert.Equal(t, mostFrequent(m), best, seq)
		assert.Equal(t, m[best], n, seq)
		assert.Len(t, fs, len(m), seq)
		for f, c := range m {
			assert.Equal(t, c, countOf(fs, f), f)
		}
		assert.Zero(t, countOf(fs, "absent"))
	}
}

func TestAppendLowerAgreesWithToLower(t *testing.T) {
	for _, s := range []string{"", "Kim", "KIM'S", "o'Neill", "Łukasz", "İstanbul", "ΣΟΦΙΑ", "abc123-XYZ"} {
		assert.Equal(t, strings.ToLower(s), string(appendLower(nil, s)), s)
		assert.Equal(t, "x"+strings.ToLower(s), string(appendLower([]byte("x"), s)), s)
	}
}

func TestAppendWildcardAgreesWithWildcardKey(t *testing.T) {
	for _, parts := range [][]string{{"kim"}, {"kim", "jong", "un"}, {"a", "", "c"}} {
		for i := range parts {
			assert.Equal(t, wildcardKey(parts, i), string(appendWildcard(nil, parts, i)))
		}
	}
}
