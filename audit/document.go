package audit

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Document is one article to audit, with the analysis every rule shares:
// paragraphs, sentences, tokens and candidate name mentions, all as byte
// spans into Text. It is built once by NewDocument and read-only afterwards
// (Memo excepted, which is used by one goroutine at a time).
type Document struct {
	ID   string // stable identifier: the path for files, the id field for JSONL records
	Path string // the file it came from ("-" for stdin)
	// Record is the 1-based line of a JSONL record in Path, or 0.
	Record int
	// Text is the text the offsets refer to: the whole file, or the
	// record's text field for JSONL.
	Text string
	// Body is the part of Text that is audited (after any metadata line).
	Body Span
	// Meta holds page metadata read from a header line ("date", "section").
	Meta map[string]string

	Paragraphs []Span
	Sentences  []Sentence
	Tokens     []Token
	Mentions   []Mention

	lineStarts []int
	memo       map[any]any
}

// Sentence is a sentence: its span, its paragraph and its tokens.
type Sentence struct {
	Span
	Paragraph int // index into Document.Paragraphs
	// FirstToken and EndToken delimit the sentence's tokens: Tokens[FirstToken:EndToken].
	FirstToken, EndToken int
}

// TokenKind classifies a token.
type TokenKind uint8

// Token kinds.
const (
	Word   TokenKind = iota // contains a letter: "Kim", "U.S.", "high-level", "Pyongyang's"
	Number                  // digits with optional separators: "80", "1,000", "2.5"
	Punct                   // one punctuation or symbol character
)

// TokenFlags describe a word token's shape.
type TokenFlags uint8

// Token flags.
const (
	Capitalized TokenFlags = 1 << iota // first letter upper case
	AllCaps                            // two or more letters, all upper case
	Lower                              // all letters lower case
	SpaceBefore                        // preceded by white space (or starts the paragraph)
)

// Token is a word, number or punctuation mark.
type Token struct {
	Span
	Kind  TokenKind
	Flags TokenFlags
}

// Is reports whether t has all of flags.
func (t Token) Is(flags TokenFlags) bool { return t.Flags&flags == flags }

// Mention is a candidate name: a run of capitalised words inside one
// sentence ("Kim Jong Un", "Korean Central News Agency", "KCNA", "Xi"),
// possibly joined by lower-case particles ("Republic of Korea").
type Mention struct {
	Span
	Sentence int // index into Document.Sentences
	// FirstToken and EndToken delimit the words: Tokens[FirstToken:EndToken].
	FirstToken, EndToken int
	// SentenceStart is true when the mention begins its sentence, where a
	// capital letter says nothing about whether the word is a name.
	SentenceStart bool
}

// NewDocument analyses text and returns the document. body is the part
// of text to audit; pass Span{0, len(text)} to audit all of it.
func NewDocument(id, path, text string, body Span) *Document {
	d := &Document{ID: id, Path: path, Text: text, Body: body}
	d.lineStarts = lineStarts(text)
	d.Paragraphs = paragraphs(text, body)
	d.Tokens = make([]Token, 0, len(text)/5)
	for pi, p := range d.Paragraphs {
		first := len(d.Tokens)
		d.Tokens = tokenize(text, p, d.Tokens)
		d.Sentences = appendSentences(d.Sentences, text, d.Tokens, first, pi)
	}
	d.Mentions = findMentions(d)
	return d
}

// Slice returns the text of s.
func (d *Document) Slice(s Span) string { return d.Text[s.Start:s.End] }

// TokenText returns the text of token i.
func (d *Document) TokenText(i int) string { t := d.Tokens[i]; return d.Text[t.Start:t.End] }

// Words counts the word and number tokens of the body.
func (d *Document) Words() int {
	n := 0
	for _, t := range d.Tokens {
		if t.Kind != Punct {
			n++
		}
	}
	return n
}

// Position converts a byte offset into a 1-based line and a 1-based column
// counted in characters (runes). Offsets past the end map to the end.
func (d *Document) Position(off int) (line, col int) {
	if off < 0 {
		off = 0
	}
	if off > len(d.Text) {
		off = len(d.Text)
	}
	i := sort.Search(len(d.lineStarts), func(i int) bool { return d.lineStarts[i] > off }) - 1
	if i < 0 {
		i = 0
	}
	start := d.lineStarts[i]
	return i + 1, utf8.RuneCountInString(d.Text[start:off]) + 1
}

// LineText returns the text of the 1-based line, without its newline.
func (d *Document) LineText(line int) string {
	if line < 1 || line > len(d.lineStarts) {
		return ""
	}
	start := d.lineStarts[line-1]
	end := len(d.Text)
	if line < len(d.lineStarts) {
		end = d.lineStarts[line] - 1
	}
	return strings.TrimSuffix(d.Text[start:end], "\r")
}

// SentenceAt returns the index of the sentence containing byte offset off, or -1.
func (d *Document) SentenceAt(off int) int {
	i := sort.Search(len(d.Sentences), func(i int) bool { return d.Sentences[i].End > off })
	if i < len(d.Sentences) && d.Sentences[i].Start <= off {
		return i
	}
	return -1
}

// TokenAt returns the index of the first token ending after off, or len(Tokens).
func (d *Document) TokenAt(off int) int {
	return sort.Search(len(d.Tokens), func(i int) bool { return d.Tokens[i].End > off })
}

// Memo returns the value cached under key, computing it on first use, so
// that rules can share a per-document analysis (name clusters, pronoun
// antecedents) without computing it twice. Rules of one document run on one
// goroutine, so no locking is needed.
func (d *Document) Memo(key any, compute func() any) any {
	if v, ok := d.memo[key]; ok {
		return v
	}
	if d.memo == nil {
		d.memo = make(map[any]any)
	}
	v := compute()
	d.memo[key] = v
	return v
}

func lineStarts(text string) []int {
	starts := make([]int, 1, 1+len(text)/80)
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}
