package input

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mtaudit/mtaudit/audit"
)

func walk(t *testing.T, paths []string, opts Options) ([]audit.Item, Stats) {
	t.Helper()
	out := make(chan audit.Item)
	var items []audit.Item
	done := make(chan struct{})
	go func() {
		for it := range out {
			items = append(items, it)
		}
		close(done)
	}()
	st, err := Walk(context.Background(), paths, opts, out)
	close(out)
	<-done
	require.NoError(t, err)
	return items, st
}

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	return p
}

func TestMetadataLine(t *testing.T) {
	it := TextItem("a.txt", []byte(" date 2025-09-05 Politics\nKim met Xi.\n"))
	require.Nil(t, it.Err)
	assert.Equal(t, map[string]string{"date": "2025-09-05", "section": "Politics"}, it.Doc.Meta)
	assert.Equal(t, "Kim met Xi.\n", it.Doc.Text[it.Doc.Body.Start:])
	require.Len(t, it.Doc.Sentences, 1)
	line, col := it.Doc.Position(it.Doc.Sentences[0].Start)
	assert.Equal(t, [2]int{2, 1}, [2]int{line, col}, "offsets refer to the whole file")

	// A metadata prefix followed by other text: only the prefix is metadata.
	it = TextItem("b.txt", []byte(" date 2021-07-11  icon bookmark\nStory.\n"))
	require.Nil(t, it.Err)
	assert.Equal(t, map[string]string{"date": "2021-07-11"}, it.Doc.Meta)
	assert.True(t, strings.HasPrefix(it.Doc.Text[it.Doc.Body.Start:], "icon bookmark"))

	it = TextItem("c.txt", []byte("No metadata here.\n"))
	require.Nil(t, it.Err)
	assert.Nil(t, it.Doc.Meta)
	assert.Equal(t, 0, it.Doc.Body.Start)
}

func TestBadTextInputs(t *testing.T) {
	cases := []struct {
		name, data, msg string
		line            int
	}{
		{"empty", "", "empty file", 0},
		{"blank", " \n\t\n", "empty file", 0},
		{"nul", "line one\nline\x00two", "NUL byte", 2},
		{"utf8", "ok\nok\nbad \xff here", "invalid UTF-8", 3},
		{"metaonly", " date 2025-01-01 Politics\n", "no article text", 0},
	}
	for _, c := range cases {
		it := TextItem(c.name+".txt", []byte(c.data))
		require.NotNil(t, it.Err, c.name)
		assert.Contains(t, it.Err.Error(), c.msg, c.name)
		assert.Contains(t, it.Err.Error(), c.name+".txt", "the error names the file")
		assert.Equal(t, c.line, it.Err.Line, c.name)
	}
}

func TestJSONL(t *testing.T) {
	dir := t.TempDir()
	p := write(t, dir, "recs.jsonl", strings.Join([]string{
		`{"id": "a", "target": "First text."}`,
		``,
		`{"id": 7, "target": "Second text."}`,
		`not json`,
		`{"id": "c"}`,
		`{"id": "d", "target": 5}`,
		`{"target": "No id."}`,
		`{"id": "e", "target": "  "}`,
		"{\"id\": \"f\", \"target\": \"bad \xff\"}",
	}, "\n"))
	items, st := walk(t, []string{p}, Options{TextField: "target"})
	assert.Equal(t, 1, st.Files)
	require.Len(t, items, 8)
	assert.Equal(t, "a", items[0].Doc.ID)
	assert.Equal(t, 1, items[0].Doc.Record)
	assert.Equal(t, "First text.", items[0].Doc.Text)
	assert.Equal(t, "7", items[1].Doc.ID)
	assert.Equal(t, 3, items[1].Doc.Record)
	for i, want := range map[int]string{2: ":4: not a JSON object", 3: `:5: no "target" field`, 4: `:6: field "target" is not a string`, 6: `:8: field "target" is empty`, 7: ":9: invalid UTF-8"} {
		require.NotNil(t, items[i].Err, "item %d", i)
		assert.Contains(t, items[i].Err.Error(), p+want)
	}
	assert.Equal(t, p+":7", items[5].Doc.ID, "a record without id is named by path and line")
}

func TestWalkDirectory(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "b.txt", "Second article.")
	write(t, dir, "a.md", "First article.")
	write(t, dir, "sub/c.jsonl", `{"id":"c1","text":"Record."}`)
	write(t, dir, "image.png", "\x89PNG")
	write(t, dir, ".hidden/d.txt", "Hidden.")
	write(t, dir, "empty.txt", "")
	items, st := walk(t, []string{dir, filepath.Join(dir, "missing.txt")}, Options{})
	var names []string
	for _, it := range items {
		if it.Err != nil {
			names = append(names, "error:"+filepath.Base(it.Err.Path))
		} else {
			names = append(names, it.Doc.ID)
		}
	}
	assert.Equal(t, []string{filepath.Join(dir, "a.md"), filepath.Join(dir, "b.txt"), "error:empty.txt", "c1", "error:missing.txt"}, names)
	assert.Equal(t, 1, st.Skipped)
	assert.Equal(t, 4, st.Files)
}

func TestStdin(t *testing.T) {
	items, _ := walk(t, []string{"-"}, Options{Stdin: strings.NewReader("Plain text from stdin.")})
	require.Len(t, items, 1)
	assert.Equal(t, "-", items[0].Doc.ID)
	items, _ = walk(t, []string{"-"}, Options{Stdin: strings.NewReader("{\"id\":\"x\",\"text\":\"One.\"}\n{\"id\":\"y\",\"text\":\"Two.\"}\n")})
	require.Len(t, items, 2)
	assert.Equal(t, "y", items[1].Doc.ID)
}

// FuzzTextItem: any bytes give a document or an error, never a panic, and a
// document's body lies inside its text.
func FuzzTextItem(f *testing.F) {
	f.Add([]byte(" date 2025-09-05 Politics\nKim met Xi."))
	f.Add([]byte("\xef\xbb\xbfBOM text"))
	f.Add([]byte("a\x00b"))
	f.Fuzz(func(t *testing.T, data []byte) {
		it := TextItem("f.txt", data)
		if (it.Doc == nil) == (it.Err == nil) {
			t.Fatal("want exactly one of document and error")
		}
		if it.Doc != nil && (it.Doc.Body.Start > it.Doc.Body.End || it.Doc.Body.End > len(it.Doc.Text)) {
			t.Fatalf("bad body %+v", it.Doc.Body)
		}
	})
}

// FuzzReadJSONL: any bytes give documents and errors, never a panic; every
// error names the file and a line.
func FuzzReadJSONL(f *testing.F) {
	f.Add([]byte(`{"id":"a","text":"x"}` + "\n" + `{"id":1,"text":"y"}`))
	f.Add([]byte("{\n}\n\"x\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		err := ReadJSONL("f.jsonl", strings.NewReader(string(data)), Options{}, func(it audit.Item) error {
			if it.Err != nil && (it.Err.Path != "f.jsonl" || it.Err.Line < 1) {
				t.Fatalf("error without path and line: %v", it.Err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
