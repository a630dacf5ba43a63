package pronoun

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/ruletest"
)

func TestSwapKeepsCase(t *testing.T) {
	assert.Equal(t, "She", swap("He", false))
	assert.Equal(t, "his", swap("her", false))
	assert.Equal(t, "him", swap("her", true))
	assert.Equal(t, "herself", swap("himself", false))
	assert.Equal(t, "Its", neuter("Her", false))
	assert.Equal(t, "it", neuter("she", false))
}

func TestDataTables(t *testing.T) {
	assert.Equal(t, "male", string(firstNames["michael"]))
	assert.Equal(t, "female", string(firstNames["gretchen"]))
	_, kim := firstNames["kim"]
	assert.False(t, kim, "East Asian surnames must not decide a gender")
	assert.True(t, femaleNouns["wife"])
	assert.True(t, femaleTitles["Mrs"])
	assert.True(t, roleNouns["mayor"])
}

func TestShortFormTakesFullNameGender(t *testing.T) {
	text := "Gretchen Albright arrived in Lyon. Albright said on Friday that he was pleased."
	res := ruletest.Check(&audit.Env{}, text, Gender)
	if assert.Len(t, res.Findings, 1) {
		assert.Equal(t, "he", res.Findings[0].Text)
	}
}

func FuzzPronoun(f *testing.F) {
	f.Add("Mrs Smith left, ending his trip. Germany says that she will act.")
	f.Add("Kim Jong Un's sister said her brother's speech was his best.")
	f.Fuzz(func(t *testing.T, s string) {
		res := ruletest.Check(&audit.Env{}, s, Gender, NonPerson)
		for _, fd := range res.Findings {
			if fd.Start < 0 || fd.End > len(s) || fd.Start >= fd.End {
				t.Fatalf("bad span %v", fd.Span)
			}
		}
	})
}
