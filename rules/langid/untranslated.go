package langid

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pemistahl/lingua-go"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/boilerplate"
	"github.com/mtaudit/mtaudit/rules/wordlist"
)

// UntranslatedText finds words, clauses and sentences left in another
// language than the target.
var UntranslatedText = &audit.Rule{
	Name: "untranslated",
	Doc: audit.Doc{
		Title: "Untranslated text",
		Text: `MT systems leave words, clauses or whole sentences in the source
language ("the situation is very préoccupante for the government",
"研究人员 believe that..."). Words written in another script than the
target's are reported at once; Latin-script words missing from an English
lexicon are grouped into windows, which are widened word by word while the
foreign reading grows stronger, and confirmed by the lingua language
detector restricted to the common MT source languages. Names and all-caps
tokens are masked, lone words need more confidence than clauses, and
paragraphs that are runs of page labels (menus, language pickers) are left
to the boilerplate rule. The message names the language and lingua's
confidence.`,
		Bad:  "The minister said the situation remained muy preocupante for the government.",
		Good: "The minister said the situation remained very worrying for the government.",
	},
	Category: "Accuracy/Untranslated",
	Severity: audit.Major,
	Run:      runUntranslated,
}

// wordClass is what the pre-filter makes of one word.
type wordClass uint8

const (
	classTarget  wordClass = iota // looks like the target language
	classMasked                   // name, all-caps, number: carries no language evidence
	classUnknown                  // target-alphabet word missing from the lexicon
	classScript                   // written in a script the target does not use
	classMixed                    // mixes the target's script with another: the mixed-script rule's
	classNear                     // one edit from a lexicon word: may join a window, never starts one
)

// maxWiden bounds how many words a window grows on each side.
const maxWiden = 6

// widenTolerance is how much margin a widening may lose to rounding when
// lingua is already saturated near 1.
const widenTolerance = 0.02

type untranslatedPass struct {
	pass    *audit.Pass
	doc     *audit.Document
	det     *Detector
	target  lingua.Language
	code    string
	scripts []*unicode.RangeTable
	lexicon bool // the target is English: use the lexicon pre-filter
	words   []int
	classes []wordClass
}

func runUntranslated(pass *audit.Pass) error {
	code := strings.ToLower(pass.Env.TargetLang)
	if code == "" {
		code = "en"
	}
	target, err := parseLanguage(code)
	if err != nil {
		return fmt.Errorf("target %w", err)
	}
	u := &untranslatedPass{
		pass: pass, doc: pass.Doc, det: detectorFrom(pass.Env), target: target, code: code,
		scripts: scriptsFor(code), lexicon: code == "en",
	}
	for si := range pass.Doc.Sentences {
		if boilerplate.Paragraph(pass.Doc, pass.Doc.Sentences[si].Paragraph) {
			continue
		}
		u.sentence(si)
	}
	return nil
}

// sentence classifies the words of sentence si and reports its
// untranslated fragments.
func (u *untranslatedPass) sentence(si int) {
	doc := u.doc
	s := doc.Sentences[si]
	u.words, u.classes = u.words[:0], u.classes[:0]
	first := true
	suspects := 0
	for i := s.FirstToken; i < s.EndToken; i++ {
		t := doc.Tokens[i]
		if t.Kind == audit.Punct {
			continue
		}
		c := u.classify(t, first)
		first = false
		u.words = append(u.words, i)
		u.classes = append(u.classes, c)
		if c == classUnknown || c == classScript {
			suspects++
		}
	}
	if suspects > 0 {
		u.scriptRuns()
	}
	if !u.lexicon {
		u.wholeSentence()
	} else if suspects > 0 && !u.caseless(s) {
		u.unknownWindows()
	}
}

// classify puts word token t in a class; first says it opens its sentence.
func (u *untranslatedPass) classify(t audit.Token, first bool) wordClass {
	w := u.doc.Text[t.Start:t.End]
	if t.Kind == audit.Number {
		return classMasked
	}
	ws := classifyScript(w, u.scripts)
	switch {
	case ws.outside > 0 && ws.inside > 0:
		return classMixed
	case ws.outside > 0:
		if ws.ideographic || ws.outside >= 2 {
			return classScript
		}
		return classMasked // a lone Greek letter or symbol-like letter
	case ws.inside == 0:
		return classMasked
	}
	for _, r := range w {
		if unicode.IsDigit(r) {
			return classMasked
		}
	}
	if t.Is(audit.AllCaps) || innerUpper(w) {
		return classMasked
	}
	if !u.lexicon {
		if t.Is(audit.Capitalized) && !first {
			return classMasked
		}
		return classTarget
	}
	if ws.inside < 2 {
		return classTarget // single letters say nothing
	}
	if t.Is(audit.Capitalized) {
		// Names, and at the start of a sentence no way to tell a name.
		return classMasked
	}
	if isEnglishWord(w) {
		return classTarget
	}
	if u.det.nearEnglish(w) {
		return classNear // a misspelling or an unlisted compound: the spelling rules'
	}
	return classUnknown
}

// caseless reports whether a sentence of six or more words has no upper-case
// letter at all: its names cannot be told from foreign words, so only its
// foreign-script words are judged.
func (u *untranslatedPass) caseless(s audit.Sentence) bool {
	if len(u.words) < 6 {
		return false
	}
	for _, r := range u.doc.Slice(s.Span) {
		if unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// innerUpper reports whether w has an upper-case letter after its first
// character: brand and product names ("iPhone", "eBay", "McKinsey").
func innerUpper(w string) bool {
	for i, r := range w {
		if i > 0 && unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// joined reports whether words k and k+1 of the sentence have nothing but
// white space or commas between them, so that they can share a window.
func (u *untranslatedPass) joined(k int) bool {
	for i := u.words[k] + 1; i < u.words[k+1]; i++ {
		if u.doc.TokenText(i) != "," {
			return false
		}
	}
	return true
}

// joinedRange reports whether words i..j are all joined.
func (u *untranslatedPass) joinedRange(i, j int) bool {
	for k := i; k < j; k++ {
		if !u.joined(k) {
			return false
		}
	}
	return true
}

// absorbable reports whether word k may join a window: it is not masked
// and not an English function word, which is evidence of English.
func (u *untranslatedPass) absorbable(k int) bool {
	switch u.classes[k] {
	case classUnknown:
		return true
	case classNear:
		return true
	case classTarget:
		return !u.lexicon || !wordlist.IsFunctionWord(u.doc.TokenText(u.words[k]))
	}
	return false
}

// wordSpan is the span from word i to word j (inclusive) of the sentence.
func (u *untranslatedPass) wordSpan(i, j int) audit.Span {
	return audit.Span{Start: u.doc.Tokens[u.words[i]].Start, End: u.doc.Tokens[u.words[j]].End}
}

// scriptRuns reports each run of words written in a foreign script.
func (u *untranslatedPass) scriptRuns() {
	for i := 0; i < len(u.classes); i++ {
		if u.classes[i] != classScript {
			continue
		}
		j := i
		for j+1 < len(u.classes) && (u.classes[j+1] == classScript || u.classes[j+1] == classMasked && j+2 < len(u.classes) && u.classes[j+2] == classScript) {
			j++
		}
		span := u.extendMarks(u.wordSpan(i, j))
		text := u.doc.Slice(span)
		v := u.det.judge(text, u.target)
		what := scriptName(text, u.scripts) + "-script"
		if u.onlyMaskedOutside(i, j) && utf8.RuneCountInString(text) >= 8 {
			f := audit.Finding{Span: u.doc.Sentences[u.doc.SentenceAt(span.Start)].Span, Severity: max(u.pass.Severity, audit.Critical)}
			if u.pass.Severity == audit.Neutral {
				f.Severity = audit.Neutral
			}
			name := what + " text"
			if v.lang != lingua.Unknown && v.lang != u.target && v.confidence >= 0.5 {
				name = fmt.Sprintf("%s (lingua confidence %.2f)", v.lang, v.confidence)
			}
			f.Message = "sentence left in " + name
			u.pass.Report(f)
			i = j
			continue
		}
		if v.lang != lingua.Unknown && v.lang != u.target && v.confidence >= 0.5 {
			u.pass.Reportf(span, nil, "untranslated %s text %q (%s, lingua confidence %.2f)", v.lang, text, what, v.confidence)
		} else {
			u.pass.Reportf(span, nil, "untranslated %s text %q", what, text)
		}
		i = j
	}
}

// extendMarks widens span over adjacent letters and combining marks, so
// that a word whose vowel signs the tokenizer split off ("बचाव") is
// reported whole.
func (u *untranslatedPass) extendMarks(span audit.Span) audit.Span {
	text := u.doc.Text
	for span.Start > u.doc.Body.Start {
		r, size := utf8.DecodeLastRuneInString(text[:span.Start])
		if !unicode.IsLetter(r) && !unicode.IsMark(r) {
			break
		}
		span.Start -= size
	}
	for span.End < u.doc.Body.End {
		r, size := utf8.DecodeRuneInString(text[span.End:])
		if !unicode.IsLetter(r) && !unicode.IsMark(r) {
			break
		}
		span.End += size
	}
	return span
}

// unknownWindows groups lexicon-unknown words into windows, widens each
// window while lingua's foreign reading grows, and reports the confirmed
// ones.
func (u *untranslatedPass) unknownWindows() {
	n := len(u.classes)
	for i := 0; i < n; i++ {
		if u.classes[i] != classUnknown {
			continue
		}
		// Grow right over unknown words, bridging up to two target-looking
		// words between unknown ones ("en la", "de").
		j := i
		for k := i + 1; k < n && k <= j+3 && u.joined(k-1) && u.absorbable(k); k++ {
			if u.classes[k] == classUnknown {
				j = k
			}
		}
		u.window(i, j)
		i = j
	}
}

// window judges the words lo..hi and their widenings.
func (u *untranslatedPass) window(lo, hi int) {
	if u.quotedSingle(lo, hi) {
		return
	}
	v := u.det.judge(u.windowText(lo, hi), u.target)
	if v.lang == lingua.Unknown || v.lang == u.target {
		return
	}
	best := v.confidence - v.target
	// Widen word by word while the same foreign language gains.
	for side := 0; side < 2; side++ {
		dir := -1
		if side == 1 {
			dir = 1
		}
		for step := 0; step < maxWiden; step++ {
			k := lo - 1
			if side == 1 {
				k = hi + 1
			}
			// Step over up to two masked words (names inside a foreign clause).
			for skipped := 0; skipped < 2 && k >= 0 && k < len(u.classes) && u.classes[k] == classMasked; skipped++ {
				k += dir
			}
			if k < 0 || k >= len(u.classes) || !u.absorbable(k) {
				break
			}
			nlo, nhi := min(lo, k), max(hi, k)
			if !u.joinedRange(nlo, lo) || !u.joinedRange(hi, nhi) {
				break
			}
			if u.classes[k] == classTarget || u.classes[k] == classNear {
				alone := u.judgeLang(u.doc.TokenText(u.words[k]), v.lang)
				if alone.target >= alone.confidence {
					break // the word reads as English on its own
				}
			}
			w := u.judgeLang(u.windowText(nlo, nhi), v.lang)
			if w.confidence-w.target < best-widenTolerance || w.lang != v.lang {
				break
			}
			lo, hi, v, best = nlo, nhi, w, w.confidence-w.target
		}
	}
	unknown, letters := 0, 0
	for k := lo; k <= hi; k++ {
		if u.classes[k] == classUnknown {
			unknown++
			t := u.doc.Tokens[u.words[k]]
			letters += utf8.RuneCountInString(u.doc.Text[t.Start:t.End])
		}
	}
	cfg := u.det.cfg
	if best < cfg.MinRelativeDistance && !(unknown == 1 && hi-lo < 2) {
		return
	}
	if unknown == 1 && hi-lo < 2 {
		// A lone word: lingua cannot always name its language, but it
		// must be sure that it is not English.
		if letters < 4 || v.confidence < cfg.MinWordConfidence || v.target > cfg.MaxWordTargetConfidence {
			return
		}
	} else if v.confidence < cfg.MinConfidence {
		return
	}
	span := u.wordSpan(lo, hi)
	text := u.doc.Slice(span)
	if hi-lo >= 4 && u.onlyMaskedOutside(lo, hi) {
		span = u.doc.Sentences[u.doc.SentenceAt(span.Start)].Span
		f := audit.Finding{Span: span, Severity: max(u.pass.Severity, audit.Critical),
			Message: fmt.Sprintf("sentence left in %s (lingua confidence %.2f, %s %.2f)", v.lang, v.confidence, u.target, v.target)}
		if u.pass.Severity == audit.Neutral {
			f.Severity = audit.Neutral
		}
		u.pass.Report(f)
		return
	}
	u.pass.Reportf(span, nil, "untranslated %s text %q (lingua confidence %.2f, %s %.2f)", v.lang, text, v.confidence, u.target, v.target)
}

// onlyMaskedOutside reports whether every word of the sentence outside
// lo..hi is masked (names, numbers): the window is the whole sentence.
func (u *untranslatedPass) onlyMaskedOutside(lo, hi int) bool {
	for k, c := range u.classes {
		if (k < lo || k > hi) && c != classMasked {
			return false
		}
	}
	return true
}

// judgeLang is judge reporting lang's confidence even when lingua ranks
// another language first.
func (u *untranslatedPass) judgeLang(text string, lang lingua.Language) verdict {
	values := u.det.confidences(text, u.target)
	v := verdict{lang: lingua.Unknown}
	if len(values) > 0 {
		v.lang = values[0].Language()
	}
	for _, cv := range values {
		switch cv.Language() {
		case lang:
			v.confidence = cv.Value()
		case u.target:
			v.target = cv.Value()
		}
	}
	if v.lang != lang {
		v.lang = lingua.Unknown
	}
	return v
}

// windowText joins the unmasked words lo..hi with single spaces.
func (u *untranslatedPass) windowText(lo, hi int) string {
	var b strings.Builder
	for k := lo; k <= hi; k++ {
		if u.classes[k] == classMasked || u.classes[k] == classMixed {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(u.doc.TokenText(u.words[k]))
	}
	return b.String()
}

// quotedSingle reports whether the window is one word set in quotation
// marks: a term being named ("known as 'hanami'"), not a slip.
func (u *untranslatedPass) quotedSingle(lo, hi int) bool {
	if lo != hi {
		return false
	}
	ti := u.words[lo]
	toks := u.doc.Tokens
	if ti == 0 || ti+1 >= len(toks) {
		return false
	}
	return isQuote(u.doc.TokenText(ti-1)) && toks[ti-1].Kind == audit.Punct && isQuote(u.doc.TokenText(ti+1)) && toks[ti+1].Kind == audit.Punct
}

func isQuote(s string) bool {
	switch s {
	case "\"", "'", "“", "”", "‘", "’", "«", "»", "„":
		return true
	}
	return false
}

// wholeSentence judges a sentence as a whole, for targets without a
// lexicon: sentences of five or more unmasked words only, where lingua is
// reliable.
func (u *untranslatedPass) wholeSentence() {
	n := 0
	for _, c := range u.classes {
		if c == classTarget || c == classScript {
			n++
		}
	}
	if n < 5 {
		return
	}
	text := u.windowText(0, len(u.classes)-1)
	v := u.det.judge(text, u.target)
	cfg := u.det.cfg
	if v.lang == lingua.Unknown || v.lang == u.target || v.confidence < cfg.MinConfidence || v.confidence-v.target < cfg.MinRelativeDistance {
		return
	}
	u.pass.Reportf(u.wordSpan(0, len(u.classes)-1), nil, "sentence left in %s (lingua confidence %.2f, %s %.2f)", v.lang, v.confidence, u.target, v.target)
}
