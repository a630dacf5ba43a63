package boilerplate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/audit/input"
)

// readArticle reads a corpus article the way the CLI does (metadata line stripped).
func readArticle(t *testing.T, name string) *audit.Document {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "corpus", name)
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	item := input.TextItem(path, data)
	require.Nil(t, item.Err)
	return item.Doc
}

// TestReferenceBlocks: each boilerplate block of the reference articles is
// found once, and no story paragraph is taken for boilerplate.
func TestReferenceBlocks(t *testing.T) {
	cases := []struct {
		file   string
		blocks [][2]string // first and last words of each block
		story  []string    // story paragraphs that must stay outside every block
	}{
		{"reference-ap-2021.txt",
			[][2]string{{"Connect with us", "Business News"}, {"Copyright 2020", "Top Search SEO"}},
			[]string{"Leaders Of North Korea", "FILE – In this June 20", "SEOUL, South Korea (AP)", "China doesn’t deploy troops"}},
		{"reference-rt-2021.txt",
			[][2]string{{"icon bookmark-bicon", "HomeWorld News"}, {"11 Jul, 2021", "Get short URL"}, {"Also on rt.com", "North Korea"}, {"Think your friends", "Accept cookies"}},
			[]string{"Xi Jinping and Kim Jong-un vow", "North Korean leader Kim Jong-un and Chinese", "Under the 1961 agreement", "Xi and Kim met in person"}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			doc := readArticle(t, c.file)
			a := Analyze(doc)
			require.Len(t, a.Blocks, len(c.blocks))
			for i, want := range c.blocks {
				text := doc.Slice(a.Blocks[i].Span)
				assert.True(t, strings.HasPrefix(text, want[0]), "block %d starts %q", i, text[:min(40, len(text))])
				assert.True(t, strings.HasSuffix(text, want[1]), "block %d ends %q", i, text[max(0, len(text)-40):])
			}
			for _, s := range c.story {
				off := strings.Index(doc.Text, s)
				require.GreaterOrEqual(t, off, 0, s)
				assert.False(t, Covers(doc, off), "story text taken for boilerplate: %q", s)
			}
		})
	}
}
