package wordlist

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAppendLowerAgreesWithToLower(t *testing.T) {
	for _, s := range []string{"", "Kim", "KIM'S", "o'Neill", "Łukasz", "İstanbul", "ΣΟΦΙΑ", "abc123-XYZ"} {
		assert.Equal(t, strings.ToLower(s), string(AppendLower(nil, s)), s)
		assert.Equal(t, "x"+strings.ToLower(s), string(AppendLower([]byte("x"), s)), s)
	}
}

func TestInLower(t *testing.T) {
	m := map[string]bool{"the": true, "łódź": true}
	assert.True(t, InLower(m, "The"))
	assert.True(t, InLower(m, "THE"))
	assert.True(t, InLower(m, "ŁÓDŹ"))
	assert.False(t, InLower(m, "then"))
	long := strings.Repeat("A", 100)
	assert.True(t, InLower(map[string]bool{strings.ToLower(long): true}, long))
}
