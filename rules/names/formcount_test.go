package names

import (
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
