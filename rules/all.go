// Package rules is mtaudit's rule registry: the explicit list All of every
// rule, each declared as an audit.Rule value in a family sub-package (one
// file per rule), and the default environment rules run in.
package rules

import (
	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/acronym"
	"github.com/mtaudit/mtaudit/rules/boilerplate"
	"github.com/mtaudit/mtaudit/rules/calque"
	"github.com/mtaudit/mtaudit/rules/casing"
	"github.com/mtaudit/mtaudit/rules/encoding"
	"github.com/mtaudit/mtaudit/rules/langid"
	"github.com/mtaudit/mtaudit/rules/names"
	"github.com/mtaudit/mtaudit/rules/pronoun"
	"github.com/mtaudit/mtaudit/rules/repetition"
	"github.com/mtaudit/mtaudit/rules/typography"
)

// All returns every rule, in the order they run and are listed.
func All() []*audit.Rule {
	return []*audit.Rule{
		repetition.RepeatedLoop,
		repetition.RepeatedPhrase,
		repetition.DoubledWord,
		boilerplate.Boilerplate,
		langid.UntranslatedText,
		encoding.MixedScript,
		encoding.EncodingDamage,
		typography.TokenizerDebris,
		typography.UnbalancedQuotes,
		typography.PossessiveApostrophe,
		typography.LostQuotes,
		casing.SentenceCase,
		casing.LowercaseName,
		names.LexiconRule,
		names.Variant,
		names.CorpusVariant,
		acronym.AcronymMismatch,
		calque.Calque,
		calque.SourceLanguage,
		pronoun.Gender,
		pronoun.NonPerson,
	}
}

// ByName returns the rule called name, or nil.
func ByName(name string) *audit.Rule {
	for _, r := range All() {
		if r.Name == name {
			return r
		}
	}
	return nil
}
