package eval

import (
	"bytes"
	"context"
	"os"
	"testing"
	"unicode/utf8"
)

// FuzzParseLine feeds arbitrary lines to the record parser under each
// label shape: it must never panic, and every annotation it returns must be
// a non-empty span of the text on character boundaries.
func FuzzParseLine(f *testing.F) {
	for _, name := range []string{"testdata/mqm.jsonl", "testdata/demetr.jsonl", "testdata/bad.jsonl"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		for _, line := range bytes.Split(data, []byte("\n")) {
			f.Add(line, uint8(0), uint8(1))
		}
	}
	f.Add([]byte(`{"target":"é","errors":[{"side":"target","start":1,"end":1}]}`), uint8(1), uint8(2))
	f.Add([]byte(`{"target":"ab","original_mt":"a\xffb","is_error":true}`), uint8(2), uint8(1))
	shapes := []Shape{ShapeAuto, ShapeMQM, ShapeDEMETR}
	f.Fuzz(func(t *testing.T, line []byte, shape, minRaters uint8) {
		opts := Options{MinRaters: int(minRaters % 4)}.withDefaults()
		it, _ := parseLine("fuzz.jsonl", 1, line, opts, shapes[int(shape)%len(shapes)])
		if (it.Rec == nil) == (it.Err == nil) {
			t.Fatalf("want exactly one of record and error, got %+v", it)
		}
		if it.Rec == nil {
			return
		}
		text := it.Rec.Doc.Text
		for _, a := range it.Rec.Annotations {
			if a.Start < 0 || a.End > len(text) || a.Start >= a.End {
				t.Fatalf("annotation %v outside text of %d bytes", a.Span, len(text))
			}
			if !utf8.RuneStart(text[a.Start]) || a.End < len(text) && !utf8.RuneStart(text[a.End]) {
				t.Fatalf("annotation %v splits a character of %q", a.Span, text)
			}
		}
		tally := NewTally([]string{"x"}, opts.MinRaters)
		tally.Add(it.Rec, nil)
		_ = tally.Report()
	})
}

// BenchmarkReadLabels measures reading and aggregating labels, without
// rules, over a bench file when it is present.
func BenchmarkReadLabels(b *testing.B) {
	const path = "../../shared/bench/mqm-zhen-wmt23-dev.jsonl"
	data, err := os.ReadFile(path)
	if err != nil {
		b.Skipf("bench file not available: %v", err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		n := 0
		err := ReadJSONL(context.Background(), path, bytes.NewReader(data), Options{MinRaters: 2}, func(it Item) error {
			n++
			return nil
		})
		if err != nil || n == 0 {
			b.Fatalf("read %d records: %v", n, err)
		}
	}
}
