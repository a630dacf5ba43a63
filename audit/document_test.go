package audit

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func newDoc(text string) *Document {
	return NewDocument("t", "t.txt", text, Span{0, len(text)})
}

// TestSentenceSegmentation checks the segmenter against an abbreviation-heavy
// sample with one expected sentence per line.
func TestSentenceSegmentation(t *testing.T) {
	data, err := os.ReadFile("testdata/sentences.txt")
	require.NoError(t, err)
	var want []string
	var paras []string
	var cur []string
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		if strings.TrimSpace(line) == "" {
			if len(cur) > 0 {
				paras = append(paras, strings.Join(cur, " "))
				cur = nil
			}
			continue
		}
		want = append(want, line)
		cur = append(cur, line)
	}
	if len(cur) > 0 {
		paras = append(paras, strings.Join(cur, " "))
	}
	text := strings.Join(paras, "\n\n")
	d := newDoc(text)
	var got []string
	for _, s := range d.Sentences {
		got = append(got, d.Slice(s.Span))
	}
	assert.Equal(t, want, got)
	assert.Len(t, d.Paragraphs, 2)
}

func TestParagraphs(t *testing.T) {
	text := "Headline here\nFirst paragraph ends.\nSecond starts and is\nwrapped onto a lower-case line.\n\n  Third.  \n"
	d := newDoc(text)
	var got []string
	for _, p := range d.Paragraphs {
		got = append(got, d.Slice(p))
	}
	assert.Equal(t, []string{"Headline here", "First paragraph ends.", "Second starts and is\nwrapped onto a lower-case line.", "Third."}, got)
}

func TestTokens(t *testing.T) {
	d := newDoc("The U.S.-led high-level talks (KCNA) cost $1,000.50 in Pyongyang's 2.5 p.m. slot, said Kim’s aide.")
	var words []string
	for i, tok := range d.Tokens {
		if tok.Kind == Word {
			words = append(words, d.TokenText(i))
		}
	}
	assert.Equal(t, []string{"The", "U.S.-led", "high-level", "talks", "KCNA", "cost", "in", "Pyongyang's", "p.m.", "slot", "said", "Kim’s", "aide"}, words)
	for i, tok := range d.Tokens {
		switch d.TokenText(i) {
		case "KCNA":
			assert.True(t, tok.Is(AllCaps|Capitalized))
		case "talks":
			assert.True(t, tok.Is(Lower))
		case "1,000.50", "2.5":
			assert.Equal(t, Number, tok.Kind)
		case ")":
			assert.False(t, tok.Is(SpaceBefore))
		}
	}
}

// TestIndicWordsStayWhole: spacing vowel signs (Mc) are part of the word.
func TestIndicWordsStayWhole(t *testing.T) {
	d := newDoc("He said नमस्ते दुनिया today.")
	var words []string
	for i, tok := range d.Tokens {
		if tok.Kind == Word {
			words = append(words, d.TokenText(i))
		}
	}
	assert.Equal(t, []string{"He", "said", "नमस्ते", "दुनिया", "today"}, words)
}

func TestPosition(t *testing.T) {
	text := "ab\nçé x\n\nlast"
	d := newDoc(text)
	cases := []struct{ off, line, col int }{
		{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {strings.Index(text, "x"), 2, 4}, {strings.Index(text, "last"), 4, 1}, {len(text), 4, 5}, {-5, 1, 1}, {999, 4, 5},
	}
	for _, c := range cases {
		line, col := d.Position(c.off)
		assert.Equal(t, [2]int{c.line, c.col}, [2]int{line, col}, "offset %d", c.off)
	}
	assert.Equal(t, "çé x", d.LineText(2))
}

func TestMentions(t *testing.T) {
	d := newDoc("The North Korean leader Kim Jong Un met Chinese President Xi Jinping. In Beijing, the Democratic People's Republic of Korea and KCNA said so.")
	var got []string
	for _, m := range d.Mentions {
		got = append(got, d.Slice(m.Span))
	}
	assert.Equal(t, []string{"North Korean", "Kim Jong Un", "Chinese President Xi Jinping", "Beijing", "Democratic People's Republic of Korea", "KCNA"}, got)
	assert.False(t, d.Mentions[0].SentenceStart)
}

func TestMetadataBodyIsNotTokenized(t *testing.T) {
	text := " date 2025-09-05 Politics\nKim met Xi."
	body := Span{strings.Index(text, "Kim"), len(text)}
	d := NewDocument("t", "t.txt", text, body)
	require.Len(t, d.Sentences, 1)
	assert.Equal(t, "Kim met Xi.", d.Slice(d.Sentences[0].Span))
	assert.Equal(t, 3, d.Words())
}

func TestMemo(t *testing.T) {
	d := newDoc("x")
	calls := 0
	f := func() any { calls++; return 42 }
	assert.Equal(t, 42, d.Memo("k", f))
	assert.Equal(t, 42, d.Memo("k", f))
	assert.Equal(t, 1, calls)
}

// FuzzNewDocument: any text gives a document whose spans are in range,
// ordered and on character boundaries.
func FuzzNewDocument(f *testing.F) {
	f.Add("Mr. Smith met Gen. Lee in the U.S. The end.")
	f.Add("a\n\nb\r\nc “quoted” U.S.-led 1,000.5")
	f.Add("\xff\xfe broken")
	f.Fuzz(func(t *testing.T, text string) {
		d := newDoc(text)
		prev := 0
		for _, tok := range d.Tokens {
			if tok.Start < prev || tok.End <= tok.Start || tok.End > len(text) {
				t.Fatalf("bad token span %+v", tok.Span)
			}
			prev = tok.End
		}
		for _, s := range d.Sentences {
			if s.Start > s.End || s.End > len(text) || s.FirstToken >= s.EndToken {
				t.Fatalf("bad sentence %+v", s)
			}
		}
		for _, m := range d.Mentions {
			if m.Start >= m.End || m.End > len(text) {
				t.Fatalf("bad mention %+v", m)
			}
		}
		for off := 0; off <= len(text); off += 7 {
			if l, c := d.Position(off); l < 1 || c < 1 {
				t.Fatalf("bad position %d:%d", l, c)
			}
		}
	})
}
