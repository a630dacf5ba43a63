// Package input reads articles to audit from files, directories, JSONL
// record files and standard input, one document at a time, and reports
// what cannot be read without stopping the rest of the corpus.
package input

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/mtaudit/mtaudit/audit"
)

// Options says how to read records.
type Options struct {
	IDField   string // JSONL field holding the document id; "id" by default
	TextField string // JSONL field holding the text; "text" by default
	// Stdin replaces os.Stdin for the path "-".
	Stdin io.Reader
}

// Stats counts what a walk saw.
type Stats struct {
	Files   int // files read
	Skipped int // files skipped for their extension
}

// Extensions read from directories.
var extensions = map[string]bool{".txt": true, ".md": true, ".jsonl": true}

// Walk reads every path in order and sends each document, or each input
// error, to out. Directories are walked recursively in lexical order,
// reading .txt, .md and .jsonl files; "-" is standard input. Walk returns
// early only when ctx is cancelled.
func Walk(ctx context.Context, paths []string, opts Options, out chan<- audit.Item) (Stats, error) {
	var st Stats
	send := func(it audit.Item) error {
		select {
		case out <- it:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	for _, p := range paths {
		if p == "-" {
			st.Files++
			if err := readStdin(opts, send); err != nil {
				return st, err
			}
			continue
		}
		err := Files(ctx, []string{p},
			func(path string, d fs.DirEntry) bool {
				if !extensions[strings.ToLower(filepath.Ext(path))] || !d.Type().IsRegular() {
					st.Skipped++
					return false
				}
				return true
			},
			func(path string) error {
				st.Files++
				return ReadFile(path, opts, send)
			},
			func(e *audit.InputError) error { return send(audit.Item{Err: e}) })
		if err != nil {
			return st, err
		}
	}
	return st, nil
}

// Files calls file for every file that paths name, in order: a path that
// is not a directory as it is, and a directory's files that keep accepts,
// walked in lexical order, hidden subdirectories skipped. A path that
// cannot be read is passed to bad as an input error. Files stops at the
// first error file or bad returns, or when ctx is cancelled.
func Files(ctx context.Context, paths []string, keep func(path string, d fs.DirEntry) bool, file func(path string) error, bad func(*audit.InputError) error) error {
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		info, err := os.Stat(p)
		if err != nil {
			if err := bad(&audit.InputError{Path: p, Err: UnwrapPathError(err)}); err != nil {
				return err
			}
			continue
		}
		if !info.IsDir() {
			if err := file(p); err != nil {
				return err
			}
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			switch {
			case err != nil:
				return bad(&audit.InputError{Path: path, Err: UnwrapPathError(err)})
			case d.IsDir() && path != p && strings.HasPrefix(d.Name(), "."):
				return filepath.SkipDir
			case d.IsDir():
				return nil
			case !keep(path, d):
				return nil
			}
			return file(path)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// UnwrapPathError returns the cause of an *fs.PathError, whose path the
// caller reports on its own, or err itself.
func UnwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ReadFile reads one file: a JSONL file record by record, any other file as
// one plain-text article. Only an error from send stops it.
func ReadFile(path string, opts Options, send func(audit.Item) error) error {
	f, err := os.Open(path)
	if err != nil {
		return send(audit.Item{Err: &audit.InputError{Path: path, Err: UnwrapPathError(err)}})
	}
	defer f.Close()
	if strings.EqualFold(filepath.Ext(path), ".jsonl") {
		return ReadJSONL(path, f, opts, send)
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return send(audit.Item{Err: &audit.InputError{Path: path, Err: err}})
	}
	return send(TextItem(path, data))
}

func readStdin(opts Options, send func(audit.Item) error) error {
	in := opts.Stdin
	if in == nil {
		in = os.Stdin
	}
	br := bufio.NewReader(in)
	head, _ := br.Peek(512)
	if t := bytes.TrimLeft(head, " \t\r\n"); len(t) > 0 && t[0] == '{' {
		return ReadJSONL("-", br, opts, send)
	}
	data, err := io.ReadAll(br)
	if err != nil {
		return send(audit.Item{Err: &audit.InputError{Path: "-", Err: err}})
	}
	return send(TextItem("-", data))
}

// metaLine matches page metadata at the start of a plain-text file:
// " date 2025-09-05 Politics". Group 1 is the date, group 2 an optional
// section label when it is all that follows on the line.
var metaLine = regexp.MustCompile(`^[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})(?:[ \t]+([A-Z][\p{L}&-]*(?: [A-Z][\p{L}&-]*)?)[ \t]*(?:\r?\n|$)|[ \t]*(?:\r?\n|$)|[ \t]+)`)

// TextItem turns the bytes of a plain-text article into a document, or an
// input error if they are empty, not UTF-8 or contain NUL bytes. A leading
// metadata line (" date 2025-09-05 Politics") becomes Meta and is not
// audited; offsets still refer to the whole file.
func TextItem(path string, data []byte) audit.Item {
	if err := validateText(data); err != nil {
		err.Path = path
		return audit.Item{Err: err}
	}
	text := string(data)
	body := audit.Span{Start: 0, End: len(text)}
	if strings.HasPrefix(text, "\uFEFF") {
		body.Start = len("\uFEFF")
	}
	var meta map[string]string
	if m := metaLine.FindStringSubmatchIndex(text[body.Start:]); m != nil {
		meta = map[string]string{"date": text[body.Start+m[2] : body.Start+m[3]]}
		if m[4] >= 0 {
			meta["section"] = text[body.Start+m[4] : body.Start+m[5]]
		}
		body.Start += m[1]
	}
	if strings.TrimSpace(text[body.Start:]) == "" {
		return audit.Item{Err: &audit.InputError{Path: path, Err: errors.New("no article text after the metadata line")}}
	}
	doc := audit.NewDocument(path, path, text, body)
	doc.Meta = meta
	return audit.Item{Doc: doc}
}

// validateText rejects empty text, invalid UTF-8 and NUL bytes, naming the
// line of the first bad byte.
func validateText(data []byte) *audit.InputError {
	if len(bytes.TrimSpace(data)) == 0 {
		return &audit.InputError{Err: errors.New("empty file")}
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return &audit.InputError{Line: 1 + bytes.Count(data[:i], []byte{'\n'}), Err: errors.New("NUL byte: not a text file")}
	}
	if !utf8.Valid(data) {
		i := InvalidUTF8Offset(data)
		return &audit.InputError{Line: 1 + bytes.Count(data[:i], []byte{'\n'}), Err: fmt.Errorf("invalid UTF-8 at byte %d", i)}
	}
	return nil
}

// ReadJSONL reads one record per line: a JSON object whose id and text
// fields (opts.IDField, opts.TextField) give the document. Blank lines are
// skipped; a bad line is reported as an input error naming path and line,
// and reading goes on.
func ReadJSONL(path string, r io.Reader, opts Options, send func(audit.Item) error) error {
	idField, textField := opts.IDField, opts.TextField
	if idField == "" {
		idField = "id"
	}
	if textField == "" {
		textField = "text"
	}
	return Lines(path, r,
		func(lineNo int, line []byte) error { return send(jsonlItem(path, lineNo, line, idField, textField)) },
		func(e *audit.InputError) error { return send(audit.Item{Err: e}) })
}

// Lines calls line with each line of r that is not blank, numbered from 1,
// and passes a read error to bad as an input error naming path and the
// line. Lines stops at the first error line or bad returns.
func Lines(path string, r io.Reader, line func(lineNo int, line []byte) error, bad func(*audit.InputError) error) error {
	br := bufio.NewReaderSize(r, 64*1024)
	for lineNo := 1; ; lineNo++ {
		data, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(data)) > 0 {
			if lerr := line(lineNo, data); lerr != nil {
				return lerr
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return bad(&audit.InputError{Path: path, Line: lineNo, Err: err})
		}
	}
}

func jsonlItem(path string, lineNo int, line []byte, idField, textField string) audit.Item {
	id, text, err := DecodeRecord(line, idField, textField)
	if err != nil {
		return audit.Item{Err: &audit.InputError{Path: path, Line: lineNo, Err: err}}
	}
	if id == "" {
		id = fmt.Sprintf("%s:%d", path, lineNo)
	}
	doc := audit.NewDocument(id, path, text, audit.Span{Start: 0, End: len(text)})
	doc.Record = lineNo
	return audit.Item{Doc: doc}
}
