package eval

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/audit/input"
)

// Options says how to read labelled records.
type Options struct {
	// Labels is the label shape; ShapeAuto detects it per file from the
	// first record.
	Labels Shape
	// IDField and TextField name the record's id and text fields ("id" and
	// "target" by default: the field both label shapes give offsets in).
	IDField, TextField string
	// MinRaters is the MQM aggregation threshold: an annotated target span
	// counts when at least MinRaters raters marked an overlapping target
	// span. Values below 1 mean 1.
	MinRaters int
	// Registered names every rule that exists, run or not, so that an
	// expected rule left out with --enable/--disable is not reported as
	// not built. Empty means the rules the engine runs.
	Registered []string
}

func (o Options) withDefaults() Options {
	if o.IDField == "" {
		o.IDField = "id"
	}
	if o.TextField == "" {
		o.TextField = "target"
	}
	if o.MinRaters < 1 {
		o.MinRaters = 1
	}
	return o
}

// Item is one input: a labelled record, or an input that could not be read.
type Item struct {
	Rec *Record
	Err *audit.InputError
}

// Read reads every path in order — a JSONL file, or a directory walked for
// .jsonl files — and sends each labelled record, or each input error, to
// send. Only an error from send (or ctx) stops it.
func Read(ctx context.Context, paths []string, opts Options, send func(Item) error) error {
	opts = opts.withDefaults()
	return input.Files(ctx, paths,
		func(path string, d fs.DirEntry) bool {
			return d.Type().IsRegular() && strings.EqualFold(filepath.Ext(path), ".jsonl")
		},
		func(path string) error { return readFile(ctx, path, opts, send) },
		func(e *audit.InputError) error { return send(Item{Err: e}) })
}

func readFile(ctx context.Context, path string, opts Options, send func(Item) error) error {
	f, err := os.Open(path)
	if err != nil {
		return send(Item{Err: &audit.InputError{Path: path, Err: input.UnwrapPathError(err)}})
	}
	defer f.Close()
	return ReadJSONL(ctx, path, f, opts, send)
}

// ReadJSONL reads labelled records, one JSON object per line, from r.
// Blank lines are skipped; a bad line is sent as an input error naming path
// and line, and reading goes on. With opts.Labels ShapeAuto the first record
// decides the shape of the whole file.
func ReadJSONL(ctx context.Context, path string, r io.Reader, opts Options, send func(Item) error) error {
	opts = opts.withDefaults()
	shape := opts.Labels
	return input.Lines(path, r,
		func(lineNo int, line []byte) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			var it Item
			it, shape = parseLine(path, lineNo, line, opts, shape)
			return send(it)
		},
		func(e *audit.InputError) error { return send(Item{Err: e}) })
}

// parseLine turns one JSONL line into a labelled record; shape is the
// file's label shape so far (ShapeAuto until a record decides it) and the
// shape after this line is returned.
func parseLine(path string, lineNo int, line []byte, opts Options, shape Shape) (Item, Shape) {
	fail := func(format string, args ...any) (Item, Shape) {
		return Item{Err: &audit.InputError{Path: path, Line: lineNo, Err: fmt.Errorf(format, args...)}}, shape
	}
	if !utf8.Valid(line) {
		return fail("invalid UTF-8")
	}
	var rec map[string]json.RawMessage
	if err := json.Unmarshal(line, &rec); err != nil {
		return fail("not a JSON object: %v", err)
	}
	if shape == ShapeAuto {
		if shape = detectShape(rec); shape == ShapeAuto {
			return fail("cannot tell the label shape (no errors, perturbation or is_error field); choose it with --labels")
		}
	}
	id, text, err := input.RecordFields(rec, opts.IDField, opts.TextField)
	if err != nil {
		return fail("%w", err)
	}
	if id == "" {
		id = fmt.Sprintf("%s:%d", path, lineNo)
	}
	doc := audit.NewDocument(id, path, text, audit.Span{Start: 0, End: len(text)})
	doc.Record = lineNo
	r := &Record{Doc: doc, Shape: shape}
	if shape == ShapeMQM {
		err = parseMQM(r, rec, opts.MinRaters)
	} else {
		err = parseDEMETR(r, rec)
	}
	if err != nil {
		return fail("%s labels: %v", shape, err)
	}
	return Item{Rec: r}, shape
}
