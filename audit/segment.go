package audit

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"
)

//go:embed data/abbreviations.txt
var abbreviationsData string

//go:embed data/openers.txt
var openersData string

// Read-only lookup tables built once from the embedded data files.
var (
	abbrevNever, abbrevMaybe = parseAbbreviations(abbreviationsData)
	sentenceOpeners          = ParseWordList(openersData)
)

// ParseWordList reads a data file of one entry per line; blank lines and
// lines starting with '#' are skipped. It is shared by packages that keep
// word lists as embedded data files.
func ParseWordList(data string) map[string]bool {
	set := make(map[string]bool)
	for _, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		set[line] = true
	}
	return set
}

func parseAbbreviations(data string) (never, maybe map[string]bool) {
	never, maybe = map[string]bool{}, map[string]bool{}
	cur := never
	for _, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || line[0] == '#':
		case line == "[never]":
			cur = never
		case line == "[maybe]":
			cur = maybe
		default:
			cur[line] = true
		}
	}
	return never, maybe
}

// paragraphs splits body into paragraphs: one per line, except that a line
// ending without sentence punctuation is joined to a next line that starts
// in lower case (hard-wrapped text). Blank lines always separate. Leading
// and trailing white space is trimmed from each paragraph.
func paragraphs(text string, body Span) []Span {
	var out []Span
	start := -1 // start of the current paragraph, or -1
	lineStart := body.Start
	for lineStart < body.End {
		lineEnd := strings.IndexByte(text[lineStart:body.End], '\n')
		if lineEnd < 0 {
			lineEnd = body.End
		} else {
			lineEnd += lineStart
		}
		line := strings.TrimSpace(text[lineStart:lineEnd])
		if line == "" {
			if start >= 0 {
				out = appendTrimmed(out, text, start, lineStart)
				start = -1
			}
		} else {
			if start >= 0 && !continuesParagraph(text[start:lineStart], line) {
				out = appendTrimmed(out, text, start, lineStart)
				start = -1
			}
			if start < 0 {
				start = lineStart
			}
		}
		lineStart = lineEnd + 1
	}
	if start >= 0 {
		out = appendTrimmed(out, text, start, body.End)
	}
	return out
}

func continuesParagraph(prev, line string) bool {
	prev = strings.TrimRight(prev, " \t\r\n")
	last, _ := utf8.DecodeLastRuneInString(prev)
	if strings.ContainsRune(".!?:;\"”’')]…", last) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(line)
	return unicode.IsLower(first)
}

func appendTrimmed(out []Span, text string, start, end int) []Span {
	for start < end && isSpaceByte(text[start]) {
		start++
	}
	for end > start && isSpaceByte(text[end-1]) {
		end--
	}
	if start < end {
		out = append(out, Span{start, end})
	}
	return out
}

func isSpaceByte(b byte) bool { return b == ' ' || b == '\t' || b == '\r' || b == '\n' }

func isApostrophe(r rune) bool { return r == '\'' || r == '’' }
func isHyphen(r rune) bool     { return r == '-' || r == '‐' || r == '‑' }

// IsWordRune reports whether r can be part of a word: a letter, digit or
// combining mark (non-spacing as in "é" written with U+0301, or spacing as
// the vowel signs of Devanagari and other Indic scripts).
func IsWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// tokenize appends the tokens of paragraph p to toks.
func tokenize(text string, p Span, toks []Token) []Token {
	i := p.Start
	spaceBefore := true
	for i < p.End {
		r, size := utf8.DecodeRuneInString(text[i:p.End])
		if unicode.IsSpace(r) {
			spaceBefore = true
			i += size
			continue
		}
		var t Token
		if IsWordRune(r) {
			t = scanWord(text, i, p.End)
		} else {
			t = Token{Span: Span{i, i + size}, Kind: Punct}
		}
		if spaceBefore {
			t.Flags |= SpaceBefore
		}
		spaceBefore = false
		toks = append(toks, t)
		i = t.End
	}
	return toks
}

// scanWord scans a word or number starting at i: letters and digits, with
// inner apostrophes ("Pyongyang's"), hyphens ("high-level"), full stops
// between single letters ("U.S.", "p.m.") and separators inside numbers
// ("1,000", "2.5").
func scanWord(text string, i, end int) Token {
	start := i
	letters, upper, lower, digits := 0, 0, 0, 0
	dotted := false // letter-dot-letter pattern seen
	segLen := 0     // length in runes of the current dot-separated segment
	for i < end {
		// ASCII letters and digits: what the general case below counts.
		if c := text[i]; 'a' <= c && c <= 'z' {
			letters, lower, segLen, i = letters+1, lower+1, segLen+1, i+1
			continue
		} else if 'A' <= c && c <= 'Z' {
			letters, upper, segLen, i = letters+1, upper+1, segLen+1, i+1
			continue
		} else if '0' <= c && c <= '9' {
			digits, segLen, i = digits+1, segLen+1, i+1
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:end])
		if IsWordRune(r) {
			switch {
			case unicode.IsUpper(r):
				letters++
				upper++
			case unicode.IsLower(r):
				letters++
				lower++
			case unicode.IsLetter(r):
				letters++
			case unicode.IsDigit(r):
				digits++
			}
			segLen++
			i += size
			continue
		}
		next, nsize := utf8.DecodeRuneInString(text[i+size : end])
		if i+size >= end || !IsWordRune(next) {
			// A final full stop belongs to a dotted abbreviation ("U.S."),
			// which may open a hyphenated compound ("U.S.-led").
			if r == '.' && dotted && segLen == 1 {
				i += size
				if i+nsize < end && isHyphen(next) {
					if after, _ := utf8.DecodeRuneInString(text[i+nsize : end]); IsWordRune(after) {
						i += nsize
						segLen = 0
						continue
					}
				}
			}
			break
		}
		switch {
		case isApostrophe(r) && letters > 0 && unicode.IsLetter(next):
		case isHyphen(r):
		case (r == '.' || r == ',') && digits > 0 && letters == 0 && unicode.IsDigit(next):
		case r == '.' && segLen == 1 && letters > 0 && unicode.IsLetter(next) && nextSegmentIsSingle(text, i+size, end):
			dotted = true
		default:
			return wordToken(text, start, i, letters, upper, lower)
		}
		segLen = 0
		i += size
	}
	return wordToken(text, start, i, letters, upper, lower)
}

// nextSegmentIsSingle reports whether the text at i is one letter followed
// by a full stop ("S." in "U.S."), which separates "U.S." from "e.g.x".
func nextSegmentIsSingle(text string, i, end int) bool {
	r, size := utf8.DecodeRuneInString(text[i:end])
	if !unicode.IsLetter(r) || i+size >= end {
		return false
	}
	return text[i+size] == '.'
}

func wordToken(text string, start, end, letters, upper, lower int) Token {
	t := Token{Span: Span{start, end}}
	if letters == 0 {
		t.Kind = Number
		return t
	}
	first, _ := utf8.DecodeRuneInString(text[start:end])
	if unicode.IsUpper(first) {
		t.Flags |= Capitalized
	}
	if upper >= 2 && lower == 0 {
		t.Flags |= AllCaps
	}
	if upper == 0 && lower > 0 {
		t.Flags |= Lower
	}
	return t
}

// appendSentences splits the tokens toks[first:] of paragraph pi into
// sentences. A sentence ends at . ! ? or … (with any closing quotes and
// brackets after it) when the next token starts a new sentence: an upper
// case word, a digit or an opening quote. Abbreviations ("Mr.", "Jan.")
// and initials ("John F. Kennedy") do not end sentences; ambiguous ones
// ("U.S.", "p.m.") end one only before a typical opening word.
func appendSentences(out []Sentence, text string, toks []Token, first, pi int) []Sentence {
	start := first
	for i := first; i < len(toks); i++ {
		if !endsSentence(text, toks, i) {
			continue
		}
		end := i + 1
		for end < len(toks) && toks[end].Kind == Punct && !toks[end].Is(SpaceBefore) && isCloser(text[toks[end].Start:toks[end].End]) {
			end++
		}
		if end >= len(toks) {
			break
		}
		if !startsSentence(text, toks[end]) || !toks[end].Is(SpaceBefore) {
			continue
		}
		if !abbreviationAllowsBreak(text, toks, first, i, toks[end]) {
			continue
		}
		out = append(out, Sentence{Span: Span{toks[start].Start, toks[end-1].End}, Paragraph: pi, FirstToken: start, EndToken: end})
		start = end
		i = end - 1
	}
	if start < len(toks) {
		out = append(out, Sentence{Span: Span{toks[start].Start, toks[len(toks)-1].End}, Paragraph: pi, FirstToken: start, EndToken: len(toks)})
	}
	return out
}

func endsSentence(text string, toks []Token, i int) bool {
	t := toks[i]
	s := text[t.Start:t.End]
	if t.Kind == Punct {
		return s == "." || s == "!" || s == "?" || s == "…"
	}
	// A dotted abbreviation carries its own full stop ("U.S.").
	return t.Kind == Word && strings.HasSuffix(s, ".")
}

func isCloser(s string) bool {
	switch s {
	case "\"", "”", "’", "'", ")", "]", "»":
		return true
	}
	return false
}

func startsSentence(text string, t Token) bool {
	s := text[t.Start:t.End]
	r, _ := utf8.DecodeRuneInString(s)
	if t.Kind == Punct {
		return strings.ContainsRune("\"“‘'([«—–-", r)
	}
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}

// abbreviationAllowsBreak decides a full stop after an abbreviation or an
// initial. i is the index of the sentence-final token, next the token that
// would open the next sentence.
func abbreviationAllowsBreak(text string, toks []Token, first, i int, next Token) bool {
	t := toks[i]
	var word string
	switch {
	case t.Kind == Word: // "U.S." carries its full stop
		word = strings.TrimSuffix(text[t.Start:t.End], ".")
	case text[t.Start:t.End] == "." && i > first && toks[i-1].Kind == Word && toks[i-1].End == t.Start:
		word = text[toks[i-1].Start:toks[i-1].End]
	default:
		return true
	}
	nextWord := text[next.Start:next.End]
	if abbrevNever[word] {
		return false
	}
	if abbrevMaybe[word] {
		return sentenceOpeners[nextWord]
	}
	// A single capital letter is an initial ("John F. Kennedy"), unless a
	// typical opener follows ("... Plan B. The next ...").
	if r, size := utf8.DecodeRuneInString(word); size == len(word) && unicode.IsUpper(r) {
		return sentenceOpeners[nextWord]
	}
	return true
}
