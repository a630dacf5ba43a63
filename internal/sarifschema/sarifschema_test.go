package sarifschema

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestValidate(t *testing.T) {
	ok := `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"},"level":"error"}]}]}`
	assert.NoError(t, Validate([]byte(ok)))
	for name, bad := range map[string]string{
		"bad level":   `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"},"level":"fatal"}]}]}`,
		"bad version": `{"version":"2.0.0","runs":[]}`,
		"no tool":     `{"version":"2.1.0","runs":[{"results":[]}]}`,
		"bad column":  `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"columnKind":"bytes"}]}`,
		"not json":    `{`,
	} {
		assert.Error(t, Validate([]byte(bad)), name)
	}
}
