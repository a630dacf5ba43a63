package pronoun

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestFoldASCIIFastPath checks that the ASCII shortcut of fold gives what
// the full path (diacritic folding and letter replacements) gives.
func TestFoldASCIIFastPath(t *testing.T) {
	for _, s := range []string{"Smith", "KOWALSKA", "anna-maria", "O'Brien", "x1"} {
		assert.Equal(t, letterFolds.Replace(strings.ToLower(s)), fold(s), s)
	}
}

func TestPronounOf(t *testing.T) {
	for _, w := range []string{"he", "his", "himself", "him", "she", "hers", "herself", "her"} {
		p, ok := pronounOf([]byte(w), 3, 1)
		assert.True(t, ok, w)
		assert.Equal(t, w, p.form)
		assert.Equal(t, w == "him", p.object, w)
		assert.Equal(t, 3, p.tok)
		assert.Equal(t, 1, p.sent)
	}
	for _, w := range []string{"", "hey", "h", "HE", "themselves"} {
		_, ok := pronounOf([]byte(w), 0, 0)
		assert.False(t, ok, w)
	}
}

func TestStripPossFastPath(t *testing.T) {
	ref := func(s string) string {
		for _, suf := range []string{"'s", "’s", "'", "’"} {
			if strings.HasSuffix(s, suf) && len(s) > len(suf) {
				return s[:len(s)-len(suf)]
			}
		}
		return s
	}
	for _, s := range []string{"", "s", "'", "’", "'s", "Kim's", "Kim’s", "Jones'", "Jones’", "James", "Kim", "Łódź", "x\x99"} {
		assert.Equal(t, ref(s), stripPoss(s), s)
	}
}

func TestNounClassesAgreeWithLists(t *testing.T) {
	for _, list := range []map[string]bool{roleNouns, maleNouns, femaleNouns} {
		for w := range list {
			c := nounClasses[w]
			assert.Equal(t, roleNouns[w], c&roleNoun != 0, w)
			assert.Equal(t, maleNouns[w], c&maleNoun != 0, w)
			assert.Equal(t, femaleNouns[w], c&femaleNoun != 0, w)
		}
	}
}

func TestLookupGivenBytesAgrees(t *testing.T) {
	for _, w := range []string{"anna", "john", "marie-claire", "jean-marie", "malgorzata", "małgorzata", "søren", "smith", "", "-", "x-"} {
		g1, ok1 := lookupGiven(w)
		g2, ok2 := lookupGivenBytes([]byte(w))
		assert.Equal(t, ok1, ok2, w)
		assert.Equal(t, g1, g2, w)
	}
	for w := range firstNames {
		g, ok := lookupGivenBytes([]byte(w))
		g1, ok1 := lookupGiven(w)
		assert.Equal(t, ok1, ok, w)
		assert.Equal(t, g1, g, w)
	}
}

// TestSurnameGenderASCIIAgrees checks the ASCII path against the general
// one, on the list's own endings.
func TestSurnameGenderASCIIAgrees(t *testing.T) {
	ref := surnameGenderAny
	names := []string{"Smith", "Stepanova", "Kowalska", "KOWALSKI", "Ivanov", "Nova", "Abcdova", "Petrenko"}
	for _, e := range surnameEndings {
		names = append(names, "Abc"+e.suffix, "Ab"+e.suffix, strings.ToUpper("Abcd"+e.suffix))
	}
	for w := range notSurnames {
		names = append(names, w, strings.ToUpper(w[:1])+w[1:])
	}
	for _, n := range names {
		if !isASCII(n) {
			continue
		}
		g1, e1 := ref(n)
		g2, e2 := surnameGenderASCII(n)
		assert.Equal(t, g1, g2, n)
		assert.Equal(t, e1, e2, n)
	}
}
