package casing

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/names"
	"github.com/mtaudit/mtaudit/rules/names/lexicon"
	"github.com/mtaudit/mtaudit/rules/wordlist"
)

// LowercaseName finds a proper noun written in lower case when the document
// or the name lexicon has it capitalised ("kyiv" for "Kyiv").
var LowercaseName = &audit.Rule{
	Name: "lowercase-name",
	Doc: audit.Doc{
		Title: "Proper noun in lower case",
		Text: `MT sometimes lower-cases a name ("the war against kyiv"). A lower-case
word is reported when it is not a common English word and either the
document itself writes it capitalised as a one-word name in the middle of a
sentence (not inside a longer name such as "Ministry of Tourism"), or the
name lexicon (rules/names/lexicon, from the environment, else the embedded
default) has it as a one-word name. Words that are also common nouns
("china", "turkey", "president") are left alone, as are web addresses and
handles. The suggestion is the capitalised form.`,
		Bad:  "Officials in Kyiv said the convoy had left for kharkiv and that kyiv would respond.",
		Good: "Officials in Kyiv said the turkey farms and the china shop had reopened.",
	},
	Category: "Fluency/Spelling",
	Severity: audit.Minor,
	Run:      runLowercaseName,
}

func runLowercaseName(pass *audit.Pass) error {
	doc := pass.Doc
	lex := lexicon.FromEnv(pass.Env)
	if lex == nil {
		lex = lexicon.Default()
	}
	var capitalised map[string]bool // capitalised words seen mid-sentence, built on first need
	for si, s := range doc.Sentences {
		if inBoilerplate(doc, si) {
			continue
		}
		for i := s.FirstToken; i < s.EndToken; i++ {
			t := doc.Tokens[i]
			if t.Kind != audit.Word || !t.Is(audit.Lower) || t.Len() < 3 {
				continue
			}
			w := doc.TokenText(i)
			if wordlist.IsFunctionWord(w) || names.IsEnglishWord(w) || englishInflection(w) || !plainWord(doc, i) || hasDigit(w) {
				continue
			}
			if capitalised == nil {
				capitalised = midSentenceCapitalised(doc)
			}
			fixed := capitalize(w)
			why := "the article writes it " + fixed
			if !capitalised[fixed] || commonSuffix(w) {
				m, ok := lex.Lookup(w)
				if !ok || !m.Kind.IsCorrect() || strings.ContainsAny(m.Form, " -") || !strings.EqualFold(m.Form, w) {
					continue
				}
				if r, _ := utf8.DecodeRuneInString(m.Form); !unicode.IsUpper(r) {
					continue
				}
				fixed = m.Form
				why = "it is a name (" + string(m.Entry.Kind) + ")"
			}
			pass.Reportf(t.Span, &fixed, "%q written in lower case; %s", w, why)
		}
	}
	return nil
}

// midSentenceCapitalised collects the capitalised (not all-caps) words
// that stand alone as a one-word name in the middle of a sentence ("in
// Kyiv"), where the capital marks a name. Words inside longer names ("the
// Ministry of Culture and Tourism") are left out: such names capitalise
// common words.
func midSentenceCapitalised(doc *audit.Document) map[string]bool {
	out := map[string]bool{}
	for _, m := range doc.Mentions {
		if m.SentenceStart || m.EndToken-m.FirstToken != 1 {
			continue
		}
		if t := doc.Tokens[m.FirstToken]; t.Is(audit.Capitalized) && !t.Is(audit.AllCaps) {
			out[doc.TokenText(m.FirstToken)] = true
		}
	}
	return out
}

// englishInflection: a plural or verb form of a common word that the
// word list lacks ("talks", "governments").
func englishInflection(w string) bool {
	for _, suf := range []string{"s", "es", "ed", "ing", "ly", "er", "est"} {
		if strings.HasSuffix(w, suf) && names.IsEnglishWord(strings.TrimSuffix(w, suf)) {
			return true
		}
	}
	return false
}

// commonSuffix: derivational suffixes of common nouns and adjectives
// ("tourism", "globalization"), which names rarely have.
func commonSuffix(w string) bool {
	for _, suf := range []string{"ism", "ist", "ists", "tion", "tions", "ment", "ments", "ness", "ity", "ship", "ance", "ence", "ize", "ise", "ical", "ous", "ive", "able", "ible", "ful", "less", "ing", "ed"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

func hasDigit(w string) bool {
	return strings.IndexFunc(w, unicode.IsDigit) >= 0
}
