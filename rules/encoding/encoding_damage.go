package encoding

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/boilerplate"
)

// EncodingDamage finds text damaged by a character-encoding mistake.
var EncodingDamage = &audit.Rule{
	Name: "encoding-damage",
	Doc: audit.Doc{
		Title: "Encoding damage",
		Text: `Text that went through a wrong character-encoding conversion shows
mojibake: UTF-8 read as Windows-1252 or Latin-1 turns "é" into "Ã©" and "’"
into "â€™". A run of such characters is reported when re-encoding it as
Windows-1252 (or Latin-1) gives valid UTF-8 letters or punctuation, and the
suggestion is the repaired text. Also reported: U+FFFD replacement
characters (a character was lost, nothing to suggest), control characters
other than tab and line breaks, and zero-width characters (U+200B–U+200D,
U+2060, U+FEFF) between two letters of a word, which break search and
spell-checking; the suggestion removes them. Joiners between letters of
scripts that need them (Arabic, Indic) are left alone.`,
		Bad:  "The minister\u2019s visit to the cafÃ© was cancelled.",
		Good: "The minister\u2019s visit to the café was cancelled.",
	},
	Category: "Fluency/Character encoding",
	Severity: audit.Major,
	Run:      runEncodingDamage,
}

func runEncodingDamage(pass *audit.Pass) error {
	doc := pass.Doc
	text := doc.Text
	for i := doc.Body.Start; i < doc.Body.End; {
		c := text[i]
		if c >= 0x20 && c < 0x7f || c == '\n' || c == '\t' || c == '\r' {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:doc.Body.End])
		var next int
		switch {
		case r == utf8.RuneError && size <= 1:
			next = i + 1 // invalid UTF-8: the input layer's business
		case r == utf8.RuneError:
			next = replacementRun(pass, i)
		case isMojibakeRune(r):
			next = mojibake(pass, i)
		case r < 0x20 || r == 0x7f:
			next = controlRun(pass, i)
		case isZeroWidth(r):
			next = zeroWidth(pass, i, r, size)
		default:
			next = i + size
		}
		if next <= i {
			next = i + size
		}
		i = next
	}
	return nil
}

func skip(pass *audit.Pass, off int) bool { return boilerplate.Covers(pass.Doc, off) }

// replacementRun reports the run of U+FFFD at i.
func replacementRun(pass *audit.Pass, i int) int {
	text := pass.Doc.Text
	j := i
	for j < pass.Doc.Body.End {
		r, size := utf8.DecodeRuneInString(text[j:])
		if r != utf8.RuneError || size != 3 {
			break
		}
		j += size
	}
	if !skip(pass, i) {
		pass.Reportf(audit.Span{Start: i, End: j}, nil, "U+FFFD replacement character: text was lost in an encoding conversion")
	}
	return j
}

// controlRun reports the run of control characters at i.
func controlRun(pass *audit.Pass, i int) int {
	text := pass.Doc.Text
	j := i
	for j < pass.Doc.Body.End && (text[j] < 0x20 && text[j] != '\n' && text[j] != '\t' && text[j] != '\r' || text[j] == 0x7f) {
		j++
	}
	if !skip(pass, i) {
		empty := ""
		pass.Reportf(audit.Span{Start: i, End: j}, &empty, "control character %U in the text", rune(text[i]))
	}
	return j
}

func isZeroWidth(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return true
	}
	return false
}

// zeroWidth reports the zero-width character r at i when it sits between
// two letters or digits of a word (or is a byte-order mark inside the text).
func zeroWidth(pass *audit.Pass, i int, r rune, size int) int {
	doc := pass.Doc
	before, _ := utf8.DecodeLastRuneInString(doc.Text[doc.Body.Start:i])
	after, _ := utf8.DecodeRuneInString(doc.Text[i+size : doc.Body.End])
	inWord := isWordLetter(before) && isWordLetter(after)
	if r == '\ufeff' && i > doc.Body.Start {
		inWord = true
	}
	if (r == '\u200c' || r == '\u200d') && (needsJoiners(before) || needsJoiners(after)) {
		inWord = false
	}
	if inWord && !skip(pass, i) {
		empty := ""
		where := "inside a word"
		if !isWordLetter(before) || !isWordLetter(after) {
			where = "in the text"
		}
		pass.Reportf(audit.Span{Start: i, End: i + size}, &empty, "invisible zero-width character %U %s", r, where)
	}
	return i + size
}

func isWordLetter(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// needsJoiners reports whether r belongs to a script that uses ZWJ/ZWNJ in
// ordinary spelling.
func needsJoiners(r rune) bool {
	return unicode.In(r, unicode.Arabic, unicode.Devanagari, unicode.Bengali, unicode.Gujarati,
		unicode.Gurmukhi, unicode.Kannada, unicode.Malayalam, unicode.Oriya, unicode.Sinhala,
		unicode.Tamil, unicode.Telugu, unicode.Syriac) || r > 0xffff
}

// mojibakeByte maps r to the byte a Windows-1252 (or, for C1 controls,
// Latin-1) decoder would have turned into it.
func mojibakeByte(r rune) (byte, bool) {
	if r >= 0x80 && r <= 0x9f {
		return byte(r), true // Latin-1 decoding of a C1 byte
	}
	b, ok := charmap.Windows1252.EncodeRune(r)
	if !ok || b < 0x80 {
		return 0, false
	}
	return b, true
}

func isMojibakeRune(r rune) bool {
	_, ok := mojibakeByte(r)
	return ok
}

// mojibake examines the run of Windows-1252 high characters at i and
// reports each stretch that re-encodes to valid multi-byte UTF-8.
func mojibake(pass *audit.Pass, i int) int {
	text := pass.Doc.Text
	end := pass.Doc.Body.End
	// Collect the run: offsets and bytes.
	var offs []int
	var bytes []byte
	j := i
	for j < end {
		r, size := utf8.DecodeRuneInString(text[j:end])
		b, ok := mojibakeByte(r)
		if !ok {
			break
		}
		offs = append(offs, j)
		bytes = append(bytes, b)
		j += size
	}
	offs = append(offs, j)
	for k := 0; k < len(bytes); {
		fixStart := k
		var fixed []rune
		for k < len(bytes) {
			r, size := utf8.DecodeRune(bytes[k:])
			if r == utf8.RuneError || size < 2 || !plausibleRepair(r) {
				break
			}
			fixed = append(fixed, r)
			k += size
		}
		spanEnd := offs[k]
		// "â€" whose third byte was undefined in Windows-1252 and got lost
		// (dropped, or turned into U+FFFD): almost always a closing quote.
		if len(fixed) == 0 && k+2 == len(bytes) && bytes[k] == 0xe2 && bytes[k+1] == 0x80 {
			rest := text[offs[k+2]:end]
			switch {
			case strings.HasPrefix(rest, "\ufffd"):
				fixed, k, spanEnd = []rune{'”'}, k+2, offs[k+2]+len("\ufffd")
				j = spanEnd
			case rest == "" || rest[0] == ' ' || rest[0] == '\n':
				fixed, k, spanEnd = []rune{'”'}, k+2, offs[k+2]
			}
		}
		if len(fixed) == 0 {
			k++
			continue
		}
		span := audit.Span{Start: offs[fixStart], End: spanEnd}
		if !skip(pass, span.Start) {
			s := string(fixed)
			pass.Reportf(span, &s, "mojibake %q: UTF-8 text decoded as Windows-1252; it should read %q", pass.Doc.Slice(span), s)
		}
	}
	return j
}

// plausibleRepair reports whether r is what mojibake usually hides: a
// letter of a European alphabet, typographic punctuation or a common
// symbol, not a rare combining mark or control character.
func plausibleRepair(r rune) bool {
	switch {
	case r >= 0xa0 && r <= 0x24f: // Latin-1 supplement, Latin Extended-A/B
		return r != 0xad
	case r >= 0x370 && r <= 0x4ff: // Greek, Cyrillic
		return unicode.IsLetter(r)
	case r >= 0x2010 && r <= 0x20bf: // general punctuation, currency
		return unicode.IsPunct(r) || unicode.IsSymbol(r)
	case r == 0x2122 || r == 0xfeff:
		return true
	}
	return false
}
