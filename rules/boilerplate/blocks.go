// Package boilerplate finds web page residue left in an article: icon and
// label runs, navigation and language menus, share/comment/cookie prompts,
// copyright lines and "You May Also Like" teaser lists. Other rule families
// use Paragraphs to leave such residue alone.
package boilerplate

import (
	_ "embed"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mtaudit/mtaudit/audit"
)

//go:embed data/prompts.txt
var promptsData string

//go:embed data/nav_words.txt
var navWordsData string

// Read-only tables built once from the embedded data files.
var (
	promptRE          = compilePrompts(promptsData)
	navAny, navLast   = parseNav(navWordsData)
	copyrightRE       = regexp.MustCompile(`(?i)^(copyright\s*(©|\(c\))?\s*\d{4}|©|\(c\)\s*\d{4})`)
	sourceLinkRE      = regexp.MustCompile(`(?i)^((source|via|originally published (at|on)|read more( at)?)\s*:?\s*)?https?://\S+$`)
	alsoOnRE          = regexp.MustCompile(`(?i)^(also (on|at) [a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}\b|(read|see) also\s*:)`)
	teaserHeaderRE    = regexp.MustCompile(`(?i)^((you may|you might) (also like|be interested in)|(related|recommended|more) (stories|articles|news|content|posts)|read (more|next)|more from .{1,40}|trending( now)?|most (read|popular))\s*:?$`)
	timestampRE       = regexp.MustCompile(`(?i)^((published|updated|posted)\s*:?\s*)?(\d{1,2} [a-z]{3,9},? \d{4}|[a-z]{3,9}\.? \d{1,2},? \d{4}|\d{4}-\d{2}-\d{2})(,?\s*(at\s*)?\d{1,2}:\d{2}(\s*(am|pm|a\.m\.|p\.m\.))?(\s*(gmt|utc|et|edt|est|bst|cet|msk))?)?$`)
	camelBoundaryRE   = regexp.MustCompile(`([a-z])([A-Z])`)
	wordRE            = regexp.MustCompile(`[\p{L}][\p{L}'’.-]*`)
	sentenceFinalRune = ".!?…:;"
)

// Pre-filters of the anchored paragraph patterns (see firstRunes).
var (
	promptFirst       = newFirstRunes(promptRE)
	copyrightFirst    = newFirstRunes(copyrightRE)
	sourceLinkFirst   = newFirstRunes(sourceLinkRE)
	alsoOnFirst       = newFirstRunes(alsoOnRE)
	teaserHeaderFirst = newFirstRunes(teaserHeaderRE)
	timestampFirst    = newFirstRunes(timestampRE)
)

func compilePrompts(data string) *regexp.Regexp {
	var alts []string
	for _, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		alts = append(alts, "(?:"+line+")")
	}
	return regexp.MustCompile(`(?i)^(?:` + strings.Join(alts, "|") + `)$`)
}

func parseNav(data string) (anyWord, last map[string]bool) {
	anyWord, last = map[string]bool{}, map[string]bool{}
	cur := anyWord
	for _, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || line[0] == '#':
		case line == "[any]":
			cur = anyWord
		case line == "[last]":
			cur = last
		default:
			cur[line] = true
		}
	}
	return anyWord, last
}

// kind is how a paragraph looks.
type kind uint8

const (
	kindText         kind = iota // article text
	kindWeak                     // boilerplate only next to other boilerplate (labels, timestamps)
	kindStrong                   // boilerplate on its own
	kindTeaserHeader             // "You May Also Like": boilerplate, and starts a teaser list
)

// Block is a run of consecutive boilerplate paragraphs.
type Block struct {
	audit.Span
	First, End int      // paragraph indices: Paragraphs[First:End]
	Kinds      []string // what the block holds ("icon run", "share prompt", …), in order, without repeats
}

// Analysis is the boilerplate analysis of one document.
type Analysis struct {
	Blocks []Block
	// InBlock[i] is true when paragraph i lies in a block.
	InBlock []bool
}

type memoKey struct{}

// Analyze returns the boilerplate blocks of doc, computed once per document.
func Analyze(doc *audit.Document) *Analysis {
	return doc.Memo(memoKey{}, func() any { return analyze(doc) }).(*Analysis)
}

// Paragraph reports whether paragraph i of doc is boilerplate.
func Paragraph(doc *audit.Document, i int) bool {
	a := Analyze(doc)
	return i >= 0 && i < len(a.InBlock) && a.InBlock[i]
}

// Covers reports whether offset off lies in a boilerplate block of doc.
func Covers(doc *audit.Document, off int) bool {
	for _, b := range Analyze(doc).Blocks {
		if b.Start <= off && off < b.End {
			return true
		}
	}
	return false
}

func analyze(doc *audit.Document) *Analysis {
	n := len(doc.Paragraphs)
	kinds := make([]kind, n)
	labels := make([]string, n)
	inTeaser := false
	for i, p := range doc.Paragraphs {
		k, label := classify(doc.Slice(p))
		if inTeaser && k == kindText && teaserItem(doc.Slice(p)) {
			k, label = kindStrong, "teaser list"
		}
		if k == kindTeaserHeader {
			inTeaser = true
		} else if k == kindText {
			inTeaser = false
		}
		kinds[i], labels[i] = k, label
	}
	a := &Analysis{InBlock: make([]bool, n)}
	for i := 0; i < n; {
		if kinds[i] == kindText {
			i++
			continue
		}
		j, strong := i, false
		for j < n && kinds[j] != kindText {
			strong = strong || kinds[j] >= kindStrong
			j++
		}
		if strong {
			b := Block{Span: audit.Span{Start: doc.Paragraphs[i].Start, End: doc.Paragraphs[j-1].End}, First: i, End: j}
			seen := map[string]bool{}
			for k := i; k < j; k++ {
				a.InBlock[k] = true
				if !seen[labels[k]] {
					seen[labels[k]] = true
					b.Kinds = append(b.Kinds, labels[k])
				}
			}
			a.Blocks = append(a.Blocks, b)
		}
		i = j
	}
	return a
}

// classify tells what one paragraph looks like, with a label for messages.
func classify(p string) (kind, string) {
	p = strings.TrimSpace(strings.ReplaceAll(p, "\u00a0", " "))
	// The words are needed only for short paragraphs and icon runs; a long
	// paragraph without "icon" is only counted (no slice).
	n := countFields(p, 61) // every test below compares n with 60 or less
	var words []string
	if n <= 10 || n >= 5 && lowerContains(p, "icon") {
		words = strings.Fields(p)
	}
	switch {
	case n <= 12 && teaserHeaderFirst.matchString(teaserHeaderRE, p):
		return kindTeaserHeader, "teaser list"
	case n >= 5 && words != nil && iconRun(words):
		return kindStrong, "icon run"
	case n <= 60 && (copyrightFirst.matchString(copyrightRE, p) || lowerContains(p, "all rights reserved")):
		return kindStrong, "copyright line"
	case n <= 20 && promptFirst.matchString(promptRE, p):
		return kindStrong, "web prompt"
	case n <= 4 && sourceLinkFirst.matchString(sourceLinkRE, p):
		return kindStrong, "link line"
	case alsoOnFirst.matchString(alsoOnRE, p):
		return kindStrong, "related-story teaser"
	case n <= 6 && languageMenu(p, words):
		return kindStrong, "language menu"
	}
	if endsSentence(p) {
		return kindText, ""
	}
	switch {
	case n <= 10 && navMenu(p, words): // navMenu rejects more than 10 words
		return kindStrong, "navigation menu"
	case n <= 8 && timestampFirst.matchString(timestampRE, p):
		return kindWeak, "timestamp"
	case sectionLabel(words):
		return kindWeak, "section label"
	}
	return kindText, ""
}

func endsSentence(p string) bool {
	p = strings.TrimRight(p, "\"”’')] ")
	r, _ := utf8.DecodeLastRuneInString(p)
	return strings.ContainsRune(sentenceFinalRune, r)
}

// asciiSpace marks the bytes strings.Fields splits ASCII text at.
var asciiSpace = [256]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// countFields returns min(len(strings.Fields(s)), limit) without building
// the slice; it stops at limit.
func countFields(s string, limit int) int {
	n, inField := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return countFieldsRunes(s, limit)
		}
		if asciiSpace[c] {
			inField = false
		} else if !inField {
			inField = true
			if n++; n >= limit {
				return limit
			}
		}
	}
	return n
}

func countFieldsRunes(s string, limit int) int {
	n, inField := 0, false
	for _, r := range s {
		if unicode.IsSpace(r) {
			inField = false
		} else if !inField {
			inField = true
			if n++; n >= limit {
				return limit
			}
		}
	}
	return n
}

// iconRun: a run of icon names ("icon bookmark-bicon cameraicon …").
func iconRun(words []string) bool {
	icons := 0
	for _, w := range words {
		if lowerContains(w, "icon") {
			icons++
		}
	}
	return icons >= 5 && icons*10 >= len(words)*3
}

// lowerContains reports whether strings.ToLower(s) contains sub, a
// lower-case ASCII string, without lowering an ASCII s.
func lowerContains(s, sub string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return strings.Contains(strings.ToLower(s), sub)
		}
	}
next:
	for i := 0; i+len(sub) <= len(s); i++ {
		for j := 0; j < len(sub); j++ {
			c := s[i+j]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != sub[j] {
				continue next
			}
		}
		return true
	}
	return false
}

// languageMenu: a language menu flattened to text glues the names of
// languages in three or more scripts into one word ("العربيةespрусdefr"),
// or in two scripts on a line that is not a sentence. A short sentence with
// one homoglyph word ("Pаris is calm.") is not a menu.
func languageMenu(p string, words []string) bool {
	n := maxScriptsInToken(words)
	return n >= 3 || (n == 2 && !endsSentence(p))
}

// maxScriptsInToken is the largest number of scripts one word mixes.
func maxScriptsInToken(words []string) int {
	most := 0
	for _, w := range words {
		scripts := map[string]bool{}
		for _, r := range w {
			switch {
			case r < 0x250 && unicode.IsLetter(r):
				scripts["latin"] = true
			case unicode.Is(unicode.Cyrillic, r):
				scripts["cyrillic"] = true
			case unicode.Is(unicode.Arabic, r):
				scripts["arabic"] = true
			case unicode.Is(unicode.Greek, r):
				scripts["greek"] = true
			case unicode.Is(unicode.Hebrew, r):
				scripts["hebrew"] = true
			case unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r):
				scripts["cjk"] = true
			case unicode.Is(unicode.Devanagari, r):
				scripts["devanagari"] = true
			}
		}
		most = max(most, len(scripts))
	}
	return most
}

// navMenu: a short line made only of menu words, at least two of them
// ("HomeWorld News", "World News").
func navMenu(p string, words []string) bool {
	if len(words) > 10 {
		return false
	}
	split := camelBoundaryRE.ReplaceAllString(p, "$1 $2")
	parts := wordRE.FindAllString(split, -1)
	if len(parts) < 2 {
		return false
	}
	for _, w := range parts {
		if !navAny[strings.ToLower(w)] {
			return false
		}
	}
	return true
}

// sectionLabel: a short title-case line ending in a section name
// ("Business News", "Health News", "Accidents").
func sectionLabel(words []string) bool {
	if len(words) == 0 || len(words) > 10 {
		return false
	}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) && r != '&' && r != '|' {
			return false
		}
	}
	last := strings.ToLower(strings.Trim(words[len(words)-1], ".,:;!?|"))
	return navLast[last] || (len(words) == 1 && navAny[last])
}

// teaserItem: inside a teaser list, a short label or an excerpt cut off
// with an ellipsis.
func teaserItem(p string) bool {
	p = strings.TrimSpace(p)
	if strings.HasSuffix(p, "...") || strings.HasSuffix(p, "…") {
		return true
	}
	words := strings.Fields(p)
	return len(words) <= 5 && !endsSentence(p)
}
