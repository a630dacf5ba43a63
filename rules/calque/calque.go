package calque

import (
	"fmt"
	"strings"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/names/lexicon"
)

// Calque reports the calques and false friends of the source language's pack.
var Calque = &audit.Rule{
	Name: "calque",
	Doc: audit.Doc{
		Title: "Source-language calque or false friend",
		Text: `Machine translation carries expressions of the source language over word
for word: the French and Spanish reporting conditional ("aurait dit",
"habría dicho") becomes "would have said" where English writes "reportedly
said"; false friends keep their form and lose their meaning ("réunion"
becomes "Reunion" for a meeting, "libération" of a territory becomes its
"release", German "Konzern" a car "concern"). Each source language has a
pack of such entries (rules/calque/data/LANG.yaml) with the likely meaning,
a suggestion and context conditions ("would have said" after an "if" clause
is ordinary English and is left alone). A pack applies when --source-lang
names its language; with auto (or no source language) only the pack of the
language the article's evidence points to applies (see source-language).`,
		Bad:  "Le Drian would have said that the reunion of ministers was useful. The minister would also have told reporters that talks went well.",
		Good: "If he had known, he would have said so. The family reunion took place in Lyon.",
	},
	Category: "Accuracy/Mistranslation",
	Severity: audit.Major,
	Run:      runCalque,
}

// lexiconOf returns the lexicon installed in env, or the embedded default.
func lexiconOf(env *audit.Env) *lexicon.Lexicon {
	if l := lexicon.FromEnv(env); l != nil {
		return l
	}
	return lexicon.Default()
}

// ActivePack returns the pack that applies to the pass's document and how
// it was chosen ("--source-lang" or "inferred"), or nil.
func ActivePack(pass *audit.Pass) (*Pack, string) {
	switch lang := strings.ToLower(pass.Env.SourceLang); lang {
	case "", "auto":
		inf := Infer(pass.Doc, lexiconOf(pass.Env))
		if inf.Lang == "" {
			return nil, ""
		}
		return PackFor(inf.Lang), "inferred"
	default:
		return PackFor(lang), "--source-lang"
	}
}

func runCalque(pass *audit.Pass) error {
	pack, how := ActivePack(pass)
	if pack == nil {
		return nil
	}
	for _, h := range Hits(pass.Doc) {
		if h.Pack != pack || !h.Entry.Report {
			continue
		}
		msg := fmt.Sprintf("%q looks like a %s calque", pass.Doc.Slice(h.Span), pack.Language)
		if h.Entry.Source != "" {
			msg += " of " + h.Entry.Source
		}
		msg += ": " + h.Entry.Meaning + " (" + pack.Language + " source, " + how + ")"
		f := audit.Finding{Span: h.Span, Severity: h.Entry.Severity, Message: msg}
		if pass.Severity != pass.Rule.Severity {
			f.Severity = pass.Severity // a configured severity overrides the entries'
		}
		if h.Suggestion != "" {
			f.Suggestions = []audit.Suggestion{{Replacement: h.Suggestion, Source: audit.SourceRule}}
		}
		pass.Report(f)
	}
	return nil
}
