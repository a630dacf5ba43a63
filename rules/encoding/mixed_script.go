package encoding

import (
	"strings"
	"unicode/utf8"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/boilerplate"
)

// MixedScript finds words that mix Latin letters with Cyrillic or Greek
// ones: homoglyphs ("Mоscow" with a Cyrillic о) and stray letters.
var MixedScript = &audit.Rule{
	Name: "mixed-script",
	Doc: audit.Doc{
		Title: "Word mixing Latin with Cyrillic or Greek letters",
		Text: `A word spelled with letters of two scripts, such as "Mоscow" with a
Cyrillic о or "Аthens" with a Cyrillic А, looks right but breaks search,
spell-checking and name matching; it comes from OCR, keyboard layouts or
MT systems copying source characters. Each letter run between hyphens and
apostrophes is checked on its own, so "β-carotene" and "α-helix" pass; runs
of fewer than three letters, equal mixes and words with letters of a third
script (glued page labels, left to the boilerplate rule) are skipped. When
every stray letter has a lookalike twin, the suggestion respells the word
in its main script.`,
		Bad:  "The delegation flew from Mоscow to Beijing on Monday.",
		Good: "The β-carotene levels of the samples from Moscow were normal.",
	},
	Category: "Fluency/Character encoding",
	Severity: audit.Major,
	Run:      runMixedScript,
}

func runMixedScript(pass *audit.Pass) error {
	doc := pass.Doc
	for _, s := range doc.Sentences {
		if menuParagraph(doc, s.Paragraph) {
			continue
		}
		for i := s.FirstToken; i < s.EndToken; i++ {
			t := doc.Tokens[i]
			if t.Kind != audit.Word {
				continue
			}
			w := doc.Text[t.Start:t.End]
			if isASCII(w) {
				continue
			}
			checkWord(pass, t.Start, w)
		}
	}
	return nil
}

// menuParagraph reports whether paragraph p is boilerplate that is not
// prose: the boilerplate rule reports it (a language menu glues script
// names into one mixed-script token), but a short sentence that merely
// contains a homoglyph is still this rule's.
func menuParagraph(doc *audit.Document, p int) bool {
	if !boilerplate.Paragraph(doc, p) {
		return false
	}
	text := strings.TrimRight(doc.Slice(doc.Paragraphs[p]), " \t\r\n\"”’)")
	r, _ := utf8.DecodeLastRuneInString(text)
	return !strings.ContainsRune(".!?…", r)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// checkWord checks each letter run of word w, which starts at offset off.
func checkWord(pass *audit.Pass, off int, w string) {
	var counts [scriptOther + 1]int
	for _, r := range w {
		counts[scriptOf(r)]++
	}
	if counts[scriptOther] > 0 || counts[scriptLatin] == 0 || counts[scriptCyrillic]+counts[scriptGreek] == 0 {
		return
	}
	start := -1
	for i, r := range w + " " {
		if scriptOf(r) != scriptNone {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			checkRun(pass, off+start, w[start:i])
			start = -1
		}
	}
}

// checkRun reports run (letters only, at offset off) if it mixes scripts.
func checkRun(pass *audit.Pass, off int, run string) {
	var counts [scriptOther + 1]int
	letters := 0
	for _, r := range run {
		counts[scriptOf(r)]++
		letters++
	}
	other := scriptCyrillic
	if counts[scriptGreek] > counts[scriptCyrillic] {
		other = scriptGreek
	}
	if letters < 3 || counts[scriptLatin] == 0 || counts[other] == 0 || counts[scriptLatin] == counts[other] {
		return
	}
	main, stray := scriptLatin, other
	if counts[other] > counts[scriptLatin] {
		main, stray = other, scriptLatin
	}
	var fixed strings.Builder
	var strays []string
	ok := true
	for _, r := range run {
		s := scriptOf(r)
		if s == main || s == scriptNone {
			fixed.WriteRune(r)
			continue
		}
		strays = append(strays, string(r))
		twin, found := twinOf(r, main)
		if !found {
			ok = false
		}
		fixed.WriteRune(twin)
	}
	span := audit.Span{Start: off, End: off + len(run)}
	var sug *string
	if ok {
		s := fixed.String()
		sug = &s
	}
	pass.Reportf(span, sug, "%q mixes %s with %s letters (%s): a lookalike from another alphabet", run, main, stray, strings.Join(strays, ", "))
}

// twinOf returns the lookalike of r in script main.
func twinOf(r rune, main script) (rune, bool) {
	if main == scriptLatin {
		t, ok := homoglyphs[r]
		return t, ok
	}
	t, ok := latinTwins[main][r]
	if !ok {
		return r, false
	}
	return t, true
}
