package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/audit/input"
	"github.com/mtaudit/mtaudit/audit/printer"
	"github.com/mtaudit/mtaudit/rules"
)

const benchDir = "../../../shared/bench"

// writeBenchCorpus writes a JSONL corpus of at least size bytes of article
// text to w: the English targets of ../shared/bench, grouped into articles
// of about 4 KB and cycled (with fresh ids) until the size is reached. It
// returns the number of text bytes written.
func writeBenchCorpus(w io.Writer, size int) (int, error) {
	files, _ := filepath.Glob(filepath.Join(benchDir, "*.jsonl"))
	if len(files) == 0 {
		return 0, fmt.Errorf("no bench files in %s", benchDir)
	}
	var targets []string
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			return 0, err
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(nil, 16<<20)
		for sc.Scan() {
			var rec struct {
				Target string `json:"target"`
			}
			if json.Unmarshal(sc.Bytes(), &rec) == nil && len(rec.Target) > 1 {
				targets = append(targets, rec.Target)
			}
		}
		fh.Close()
	}
	bw := bufio.NewWriter(w)
	written, id := 0, 0
	var article strings.Builder
	for written < size {
		for _, t := range targets {
			article.WriteString(t)
			article.WriteString("\n")
			if article.Len() < 4096 {
				continue
			}
			line, _ := json.Marshal(map[string]string{"id": strconv.Itoa(id), "text": article.String()})
			bw.Write(line)
			bw.WriteByte('\n')
			written += article.Len()
			id++
			article.Reset()
			if written >= size {
				break
			}
		}
	}
	return written, bw.Flush()
}

// BenchmarkCheckPipeline measures the whole check pipeline (read JSONL,
// segment, run every rule, score, write the JSON report) over a 10 MB
// corpus. Run with -cpu 1,2 to see scaling.
func BenchmarkCheckPipeline(b *testing.B) {
	path := filepath.Join(b.TempDir(), "corpus.jsonl")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	n, err := writeBenchCorpus(f, 10<<20)
	f.Close()
	if err != nil {
		b.Skip(err)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		p, _ := printer.New("json", io.Discard, printer.Options{})
		engine := &audit.Engine{Rules: rules.All(), Env: rules.DefaultEnv(), Gate: audit.DefaultGate()}
		if _, err := runAudit(context.Background(), engine, []string{path}, input.Options{}, p); err != nil {
			b.Fatal(err)
		}
	}
}

// TestWriteBenchCorpus writes a bench corpus for peak-RSS measurements with
// /usr/bin/time -v; it runs only when MTAUDIT_BENCH_CORPUS names the output
// file (MTAUDIT_BENCH_MB sets the size, default 10).
func TestWriteBenchCorpus(t *testing.T) {
	out := os.Getenv("MTAUDIT_BENCH_CORPUS")
	if out == "" {
		t.Skip("set MTAUDIT_BENCH_CORPUS=FILE to write a bench corpus")
	}
	mb := 10
	if s := os.Getenv("MTAUDIT_BENCH_MB"); s != "" {
		mb, _ = strconv.Atoi(s)
	}
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n, err := writeBenchCorpus(f, mb<<20)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %d bytes of text to %s", n, out)
}
