package pronoun

import (
	"context"
	"os"
	"testing"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/names/lexicon"
)

// BenchmarkPronounRules measures both pronoun rules over the sample
// articles (documents are analysed anew each time, as in a run).
func BenchmarkPronounRules(b *testing.B) {
	benchRules(b, Gender, NonPerson)
}

func benchRules(b *testing.B, rules ...*audit.Rule) {
	var texts []string
	size := 0
	for _, f := range []string{"mt-garbled-kim-xi-2025.txt", "reference-ap-2021.txt", "reference-rt-2021.txt"} {
		data, err := os.ReadFile("../../testdata/corpus/" + f)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(data))
		size += len(data)
	}
	env := &audit.Env{}
	lexicon.Install(env, lexicon.Default())
	b.SetBytes(int64(size))
	b.ReportAllocs()
	e := &audit.Engine{Rules: rules, Env: env, Gate: audit.DefaultGate()}
	for b.Loop() {
		for _, t := range texts {
			doc := audit.NewDocument("b", "b", t, audit.Span{End: len(t)})
			if res := e.Check(context.Background(), doc); len(res.Errors) > 0 {
				b.Fatal(res.Errors)
			}
		}
	}
}
