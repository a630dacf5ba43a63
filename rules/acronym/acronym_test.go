package acronym

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMatches(t *testing.T) {
	cases := []struct {
		acr, expansion string
		want           bool
	}{
		{"NATO", "North Atlantic Treaty Organization", true},
		{"ASEAN", "Association of Southeast Asian Nations", true},
		{"ROK", "Republic of Korea", true},
		{"NGO", "non-governmental organisation", true},
		{"OECD", "Organisation for Economic Co-operation and Development", true},
		{"DPRK", "Democratic People's Republic of Korea", true},
		{"KCNA", "Korean central press agency", false},
		{"RPRC", "Democratic Peoples Republic of Korea", false},
		{"IMF", "International Fund", false},
		{"AAAAAAAA", strings.Repeat("B ", 40), false},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, matches(c.acr, strings.Fields(c.expansion)), "%s / %s", c.acr, c.expansion)
	}
}

func TestNearMiss(t *testing.T) {
	assert.True(t, nearMiss("KCNA", strings.Fields("Korean central press agency")))
	assert.False(t, nearMiss("WPK", strings.Fields("the ruling party")))
	assert.False(t, nearMiss("KCNA", strings.Fields("Korean Central News Agency")))
	assert.False(t, nearMiss("", nil))
}

func FuzzMatches(f *testing.F) {
	f.Add("NATO", "North Atlantic Treaty Organization")
	f.Add("A-B", "a- -b ''s")
	f.Fuzz(func(t *testing.T, acr, expansion string) {
		_ = matches(acr, strings.Fields(expansion))
		_ = nearMiss(acr, strings.Fields(expansion))
		_ = foreign(acr, strings.Fields(expansion), expansion)
	})
}
