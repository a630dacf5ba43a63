package calque

import (
	"github.com/mtaudit/mtaudit/audit"
)

// SourceLanguage reports, with --source-lang auto or none, the source language
// inferred from the article and the evidence for it, as one neutral
// finding (no penalty, no gate) on the first piece of evidence.
var SourceLanguage = &audit.Rule{
	Name: "source-language",
	Doc: audit.Doc{
		Title: "Inferred source language",
		Text: `With --source-lang auto (or none), mtaudit infers the language an article was
machine-translated from: foreign exonyms of the name lexicon ("Poutine",
"Pékin" are French), hits of the calque packs ("would have said" for the
French or Spanish reporting conditional) and typographic traces (« »
guillemets). The best language needs a score of 3 and two distinct clues
and must beat the runner-up; otherwise nothing is inferred and no pack
applies. The inference is reported once per article as a neutral finding
whose message lists the evidence; it costs nothing in the score.`,
		Bad:  "Poutine met Xi in Pékin on Monday, the Kremlin said.",
		Good: "Putin met Xi in Beijing on Monday, the Kremlin said.",
	},
	Category: "Other",
	Severity: audit.Neutral,
	Run:      runSourceLanguage,
}

func runSourceLanguage(pass *audit.Pass) error {
	if l := pass.Env.SourceLang; l != "auto" && l != "" {
		return nil
	}
	inf := Infer(pass.Doc, lexiconOf(pass.Env))
	if inf.Lang == "" || len(inf.Evidence) == 0 {
		return nil
	}
	pass.Report(audit.Finding{Span: inf.Evidence[0].Span, Severity: audit.Neutral, Message: inf.Summary()})
	return nil
}
