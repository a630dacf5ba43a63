package pronoun

import (
	"github.com/mtaudit/mtaudit/audit"
)

// NonPerson reports gendered pronouns that refer to a country or an
// organisation.
var NonPerson = &audit.Rule{
	Name: "non-person-pronoun",
	Doc: audit.Doc{
		Title: "Gendered pronoun for a country or organisation",
		Text: `In French, Spanish or German a country or an institution takes a
gendered pronoun ("la Corée du Nord ... elle"), and MT writes "North Korea
says that she will protect...". The rule flags he/she/his/her when the
nearest name before it in the sentence is a country (name lexicon) or an
organisation (a name ending in "Ministry", "Bank", "Party"...), within a few
words, with no person in between, and when nothing in this or the previous
sentence (a name, a gendered noun, an earlier pronoun) could carry the
pronoun's gender. It suggests it/its. Ships and personifications are left
alone: they are not countries or organisations of the lexicon.`,
		Bad:  "Germany says that she will raise defence spending.",
		Good: "Germany says that it will raise defence spending, and Merkel said she agreed.",
	},
	Category: "Fluency/Grammar",
	Severity: audit.Major,
	Run:      runNonPerson,
}

func runNonPerson(pass *audit.Pass) error {
	doc := pass.Doc
	a := analyze(pass)
	for pi, p := range a.pronouns {
		w := a.window(doc, pi)
		ei := a.nonPersonAntecedent(doc, pi, w)
		if ei < 0 {
			continue
		}
		e := a.entities[ei]
		form := doc.TokenText(p.tok)
		repl := neuter(form, p.object)
		pass.Reportf(doc.Tokens[p.tok].Span, &repl, "%q likely refers to %s, a %s: English writes %q", form, e.name, thingName(e.evidence), repl)
	}
	return nil
}

func thingName(evidence string) string {
	if len(evidence) >= 7 && evidence[:7] == "country" {
		return "country"
	}
	return "organisation"
}
