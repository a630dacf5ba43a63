package names

import (
	"fmt"
	"strings"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/names/lexicon"
)

// Categories the name rules report.
const (
	catNameFormat    = "Locale convention/Name format"
	catMistranslated = "Accuracy/Mistranslation"
)

// LexiconRule reports names the lexicon knows to be wrong in English.
var LexiconRule = &audit.Rule{
	Name: "name-lexicon",
	Doc: audit.Doc{
		Title: "Foreign exonym or mangled form of a known name",
		Text: `A name the lexicon (the embedded default one plus any --lexicon files)
lists as a foreign-language exonym ("Poutine", "Pékin", "Corée du Nord"), a
known wrong form or a dated spelling ("Kiev", minor) is reported with the
English form as suggestion. So is a near miss of a lexicon name: a name of
three words or more that differs from one in a single word that is an
English word (a translated name part: "Kim Jong One" for Kim Jong Un), or a
name of three words that differs in one word by a small spelling change
("Pham Minh Thanh" for Pham Minh Chinh); a two-word near miss ("Vladimir
Poutin") only when the article also names the entry correctly ("Putin"). An exonym with a possessive gone wrong
("the Poutines message") is suggested as "Putin's". An acronym written as
a word ("Kcna" for KCNA) or a name written in capitals ("XI" for Xi) is a
minor casing error, unless the lexicon lists that casing ("Nato"), the
word is an English word ("Who"), or the text is in capitals around it.
Names the lexicon does not know are never reported by this rule.`,
		Bad:  "Russian President Vladimir Poutine met officials in Moscow on Monday.",
		Good: "Russian President Vladimir Putin met officials in Moscow on Monday.",
	},
	Category: catNameFormat,
	Severity: audit.Major,
	Run: func(pass *audit.Pass) error {
		for _, f := range lexiconFindings(pass) {
			report(pass, f)
		}
		return nil
	},
}

// nameFinding is a finding before it is reported.
type nameFinding struct {
	span       audit.Span
	severity   audit.Severity
	category   string
	message    string
	suggestion string
}

func report(pass *audit.Pass, f nameFinding) {
	sev := f.severity
	if sev == audit.Major && pass.Severity != pass.Rule.Severity {
		sev = pass.Severity // configuration overrides the rule's main severity
	}
	fd := audit.Finding{Span: f.span, Severity: sev, Category: f.category, Message: f.message}
	if f.suggestion != "" {
		fd.Suggestions = []audit.Suggestion{{Replacement: f.suggestion, Source: audit.SourceRule}}
	}
	pass.Report(fd)
}

type lexiconFindingsKey struct{}

// lexiconFindings computes the name-lexicon findings once per document;
// the other name rules consult them to avoid reporting a name twice.
func lexiconFindings(pass *audit.Pass) []nameFinding {
	return pass.Doc.Memo(lexiconFindingsKey{}, func() any {
		lex := lexicon.FromEnv(pass.Env)
		if lex == nil {
			return []nameFinding(nil)
		}
		a := Analyze(pass)
		inDoc := make(map[string]bool, len(a.Clusters))
		for _, c := range a.Clusters {
			inDoc[c.Key] = true
		}
		var out []nameFinding
		for i := range a.Names {
			if f, ok := checkAgainstLexicon(pass.Doc, lex, inDoc, &a.Names[i]); ok {
				out = append(out, f)
			}
		}
		return out
	}).([]nameFinding)
}

func checkAgainstLexicon(doc *audit.Document, lex *lexicon.Lexicon, inDoc map[string]bool, n *Name) (nameFinding, bool) {
	text := doc.Slice(n.Span)
	bare := stripPossessive(text)
	span := audit.Span{Start: n.Span.Start, End: n.Span.Start + len(bare)}
	if m, ok := lex.LookupKey(n.Key); ok {
		if m.Kind.IsCorrect() {
			return checkCasing(doc, m.Entry, n, bare, span)
		}
		return wrongForm(m, bare, span, len(n.Parts), "")
	}
	// "Poutines": an exonym whose possessive lost its apostrophe.
	if last := n.Parts[len(n.Parts)-1]; strings.HasSuffix(last, "s") && len(last) > 3 && !strings.HasSuffix(last, "ss") {
		if m, ok := lex.LookupKey(strings.TrimSuffix(n.Key, "s")); ok && !m.Kind.IsCorrect() && m.Kind != lexicon.Dated {
			return wrongForm(m, bare, span, len(n.Parts), "'s")
		}
	}
	return nearMiss(doc, lex, inDoc, n, bare, span)
}

func wrongForm(m lexicon.Match, bare string, span audit.Span, words int, suffix string) (nameFinding, bool) {
	good := formWithWords(m.Entry, words) + suffix
	f := nameFinding{span: span, severity: audit.Major, category: catNameFormat, suggestion: good}
	switch m.Kind {
	case lexicon.Exonym:
		f.message = fmt.Sprintf("%q is the %s form of %s; English writes %q", bare, languageName(m.Lang), m.Entry.Canonical, good)
		if suffix != "" {
			f.message = fmt.Sprintf("%q looks like the %s form of %s with a possessive gone wrong; English writes %q", bare, languageName(m.Lang), m.Entry.Canonical, good)
		}
	case lexicon.Dated:
		f.severity = audit.Minor
		f.message = fmt.Sprintf("%q is a dated spelling of %s; current English usage is %q", bare, m.Entry.Canonical, good)
	default:
		f.message = fmt.Sprintf("%q is a known wrong form of %s; write %q", bare, m.Entry.Canonical, good)
	}
	return f, true
}

// formWithWords picks the entry's accepted form closest in length to a
// name of words words: "Poutine" → "Putin", "Vladimir Poutine" → "Vladimir Putin".
func formWithWords(e *lexicon.Entry, words int) string {
	best, bestD := e.Canonical, 1<<30
	for _, f := range e.Forms() {
		d := len(strings.Fields(lexicon.Key(f))) - words
		if d < 0 {
			d = -d
		}
		if d < bestD {
			best, bestD = f, d
		}
	}
	return best
}

// checkCasing reports a known name in a casing no accepted form has:
// an acronym written as a word ("Kcna"), or a name in capitals ("XI").
func checkCasing(doc *audit.Document, e *lexicon.Entry, n *Name, bare string, span audit.Span) (nameFinding, bool) {
	var same []string
	for _, f := range e.Forms() {
		if f == bare {
			return nameFinding{}, false
		}
		if lexicon.KeyEquals(f, n.Key) {
			same = append(same, f)
		}
	}
	if len(same) == 0 || n.EndToken-n.FirstToken != 1 {
		return nameFinding{}, false // only one-word names: "Kim Jong-Un" is a hyphenation choice
	}
	want := same[0]
	tok := doc.Tokens[n.FirstToken]
	switch {
	case isAcronym(want) && !tok.Is(audit.AllCaps):
		if IsEnglishWord(bare) {
			return nameFinding{}, false
		}
	case tok.Is(audit.AllCaps) && !isAcronym(want):
		if shouting(doc, n.FirstToken) || regnalNumber(doc, n.FirstToken) {
			return nameFinding{}, false
		}
	default:
		return nameFinding{}, false
	}
	return nameFinding{
		span: span, severity: audit.Minor, category: catNameFormat, suggestion: want,
		message: fmt.Sprintf("%q is written %q", want, bare),
	}, true
}

// isAcronym reports whether s has no lower-case letter and at least two letters.
func isAcronym(s string) bool {
	letters := 0
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r > 127 && strings.ToUpper(string(r)) != string(r) {
			return false
		}
		if r >= 'A' && r <= 'Z' {
			letters++
		}
	}
	return letters >= 2
}

// regnalNumber reports whether the all-caps token ti is a Roman numeral
// after a capitalised word ("Louis XI", "Charles III").
func regnalNumber(doc *audit.Document, ti int) bool {
	if !isRomanNumeral(doc.TokenText(ti)) || ti == 0 {
		return false
	}
	prev := doc.Tokens[ti-1]
	return prev.Kind == audit.Word && prev.Is(audit.Capitalized) && !prev.Is(audit.AllCaps)
}

// nearMiss reports a name that differs from a lexicon name in one word.
// inDoc holds the cluster keys of the document: a lexicon name the article
// itself uses is the likelier intended one.
func nearMiss(doc *audit.Document, lex *lexicon.Lexicon, inDoc map[string]bool, n *Name, bare string, span audit.Span) (nameFinding, bool) {
	if len(n.Parts) < 2 {
		return nameFinding{}, false
	}
	if _, ok := lex.Demonym(n.Key); ok {
		return nameFinding{}, false
	}
	for ti := n.FirstToken; ti < n.EndToken; ti++ {
		if doc.Tokens[ti].Kind == audit.Word && doc.Tokens[ti].Is(audit.Lower) {
			return nameFinding{}, false // particles: organisation names
		}
	}
	var best *lexicon.NearMiss
	bestTranslated, bestScore := false, -1.0
	for _, m := range lex.NearMisses(n.Parts) {
		mine := n.Parts[m.Part]
		theirs := strings.Fields(lexicon.Key(m.Form))[m.Part]
		if IsEnglishWord(theirs) {
			continue
		}
		sim := similarity(mine, theirs)
		translated := translatedPart(lex, n.Parts, strings.Fields(lexicon.Key(m.Form)), m.Part)
		derived := strings.HasPrefix(mine, theirs) || strings.HasPrefix(theirs, mine) // "North Korean" from North Korea
		if !translated && (derived || sim < 0.6 || len([]rune(mine)) < 3) {
			continue
		}
		if !translated && len(n.Parts) == 2 && !mentioned(m.Entry, inDoc) {
			continue // "Mark Carey" may be another person than Mark Carney
		}
		score := sim
		if inDoc[lexicon.Key(m.Form)] {
			score += 2
		}
		if score > bestScore {
			m := m
			best, bestTranslated, bestScore = &m, translated, score
		}
	}
	if best == nil {
		return nameFinding{}, false
	}
	good := best.Form
	partText := doc.Slice(mustSpan(partSpan(doc, n, best.Part)))
	if bestTranslated {
		return nameFinding{span: span, severity: audit.Major, category: catMistranslated, suggestion: good,
			message: fmt.Sprintf("%q in %q looks like a translated part of the name %s", partText, bare, best.Entry.Canonical)}, true
	}
	return nameFinding{span: span, severity: audit.Major, category: catNameFormat, suggestion: good,
		message: fmt.Sprintf("%q looks like a misspelling of %s", bare, best.Entry.Canonical)}, true
}

// mentioned reports whether the document names e in an accepted form.
func mentioned(e *lexicon.Entry, inDoc map[string]bool) bool {
	for _, f := range e.Forms() {
		if inDoc[lexicon.Key(f)] {
			return true
		}
	}
	return false
}

func mustSpan(s audit.Span, _ bool) audit.Span { return s }

// languageName names an ISO 639-1 code for messages.
func languageName(code string) string {
	switch code {
	case "fr":
		return "French"
	case "es":
		return "Spanish"
	case "de":
		return "German"
	case "it":
		return "Italian"
	case "pt":
		return "Portuguese"
	case "":
		return "foreign"
	}
	return "foreign (" + code + ")"
}
