package boilerplate

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLowerContainsAgreesWithToLower(t *testing.T) {
	for _, s := range []string{"", "icon", "ICON", "bookmark-bIcon", "İcon", "Icón", "ic", "All Rights Reserved.", "all rights reserve"} {
		for _, sub := range []string{"icon", "all rights reserved"} {
			assert.Equal(t, strings.Contains(strings.ToLower(s), sub), lowerContains(s, sub), "%q in %q", sub, s)
		}
	}
}
