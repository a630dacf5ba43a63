package pronoun

import (
	"testing"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/names/lexicon"
	"github.com/mtaudit/mtaudit/rules/ruletest"
)

// BenchmarkPronounRules measures both pronoun rules over the sample
// articles (documents are analysed anew each time, as in a run).
func BenchmarkPronounRules(b *testing.B) {
	env := &audit.Env{}
	lexicon.Install(env, lexicon.Default())
	files := []string{"../../testdata/corpus/mt-garbled-kim-xi-2025.txt", "../../testdata/corpus/reference-ap-2021.txt", "../../testdata/corpus/reference-rt-2021.txt"}
	ruletest.Bench(b, env, files, Gender, NonPerson)
}
