package boilerplate

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

var anchoredSamples = []string{
	"", " ", "©", "© 2024 Example", "(c) 2021", "Copyright 2020", "COPYRIGHT © 2020", "ſee also: x", "See also:",
	"Also on example.com", "also at bbc.co.uk", "Read more", "read more:", "You may also like", "Trending now",
	"Most read", "More from the world desk", "Share this story", "Leave a reply", "12 comments", "Privacy policy",
	"Subscribe to our newsletter", "https://example.com/x", "Source: https://example.com", "5 March, 2024",
	"Published: 2024-03-05 12:00 GMT", "The minister said the plan would work.", "\xff broken", "K", "ſ", "İ",
	"kelvin", "\u212a", "Sign in to comment", "Type your search", "search...", "Get short URL",
}

func TestFirstRunesAgreesWithMatchString(t *testing.T) {
	res := []*regexp.Regexp{copyrightRE, sourceLinkRE, alsoOnRE, teaserHeaderRE, timestampRE, promptRE,
		regexp.MustCompile(`(?i)^k`), regexp.MustCompile(`(?i)^s`), regexp.MustCompile(`a`), regexp.MustCompile(`^a?`),
		regexp.MustCompile(`^.x`), regexp.MustCompile(`(?m)^x`), regexp.MustCompile(`\bx|^y`)}
	for _, re := range res {
		f := newFirstRunes(re)
		for _, s := range anchoredSamples {
			for _, v := range []string{s, strings.ToUpper(s), strings.ToLower(s), "x" + s} {
				assert.Equal(t, re.MatchString(v), f.matchString(re, v), "%s on %q", re, v)
			}
		}
	}
	// The filters of the paragraph patterns are in effect; the unanchored ones filter nothing.
	for _, re := range []*regexp.Regexp{copyrightRE, sourceLinkRE, alsoOnRE, teaserHeaderRE, timestampRE, promptRE} {
		assert.NotNil(t, newFirstRunes(re), "%s", re)
	}
	for _, expr := range []string{`a`, `^a?`, `^.x`, `(?m)^x`, `\bx|^y`} {
		assert.Nil(t, newFirstRunes(regexp.MustCompile(expr)), expr)
	}
}

func FuzzFirstRunes(f *testing.F) {
	for _, s := range anchoredSamples {
		f.Add(s)
	}
	res := []*regexp.Regexp{copyrightRE, sourceLinkRE, alsoOnRE, teaserHeaderRE, timestampRE, promptRE}
	filters := make([]firstRunes, len(res))
	for i, re := range res {
		filters[i] = newFirstRunes(re)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i, re := range res {
			if got, want := filters[i].matchString(re, s), re.MatchString(s); got != want {
				t.Fatalf("%s on %q: %v, want %v", re, s, got, want)
			}
		}
	})
}
