package printer

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/internal/sarifschema"
)

// FuzzHTMLAndSARIF: any article text and span, rendered by the html and
// sarif printers, never panics; the page holds no markup but its own (two
// scripts, no img) and its data block is valid JSON carrying the text
// unchanged; the SARIF log is valid JSON.
func FuzzHTMLAndSARIF(f *testing.F) {
	f.Add("The envoy said <script>alert(1)</script> \"><img src=x onerror=alert(2)> Zürich 😀.", 4, 20, "msg </script><script>alert(3)</script>")
	f.Add("</script><!--", 0, 9, "<!--")
	f.Add("\u2028\u2029", 0, 3, "\u2028")
	f.Fuzz(func(t *testing.T, text string, start, end int, msg string) {
		if strings.TrimSpace(text) == "" || len(text) > 1<<12 || !utf8.ValidString(text) || !utf8.ValidString(msg) {
			return // input rejects text that is not UTF-8
		}
		doc := audit.NewDocument("doc <b>1</b>", "dir/<i>a</i>.txt", text, audit.Span{Start: 0, End: len(text)})
		e := &audit.Engine{Gate: audit.DefaultGate()}
		res := e.Check(t.Context(), doc)
		res.Findings = audit.Finalize(doc, []audit.Finding{{Rule: "r", Category: "Accuracy", Severity: audit.Major,
			Span: audit.Span{Start: start, End: end}, Message: msg, Suggestions: []audit.Suggestion{{Replacement: msg, Source: audit.SourceRule}}}})
		e.Gate.Apply(res)
		sum := audit.NewSummary(e.Gate)
		sum.Add(res)
		for _, format := range []string{"html", "sarif"} {
			var buf bytes.Buffer
			p, err := New(format, &buf, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := p.Document(res); err != nil {
				t.Fatal(err)
			}
			if err := p.Finish(sum); err != nil {
				t.Fatal(err)
			}
			out := buf.Bytes()
			if format == "sarif" {
				if !json.Valid(out) {
					t.Fatalf("invalid SARIF JSON")
				}
				continue
			}
			if n := bytes.Count(out, []byte("<script")); n != 2 {
				t.Fatalf("%d <script tags", n)
			}
			if bytes.Contains(out, []byte("<img")) || bytes.Contains(out, []byte("<b>")) {
				t.Fatalf("markup from the input reached the page")
			}
			m := dataBlockRE.FindSubmatch(out)
			if m == nil {
				t.Fatal("no data block")
			}
			var d htmlData
			if err := json.Unmarshal(m[1], &d); err != nil {
				t.Fatalf("data block: %v", err)
			}
			if d.Texts[0] != text || d.Report.Documents[0].Findings[0].Message != msg {
				t.Fatal("text or message changed on the way")
			}
		}
	})
}

// TestSARIFOfFuzzSeedsValidates keeps the fuzz seeds' SARIF schema-valid.
func TestSARIFOfFuzzSeedsValidates(t *testing.T) {
	text := "The envoy said <script>alert(1)</script> Zürich 😀."
	doc := audit.NewDocument("d", "d.txt", text, audit.Span{Start: 0, End: len(text)})
	e := &audit.Engine{Gate: audit.DefaultGate()}
	res := e.Check(t.Context(), doc)
	res.Findings = audit.Finalize(doc, []audit.Finding{{Rule: "r", Category: "Accuracy", Severity: audit.Minor, Span: audit.Span{Start: 15, End: 55}, Message: "m"}})
	var buf bytes.Buffer
	p, _ := New("sarif", &buf, Options{})
	_ = p.Document(res)
	sum := audit.NewSummary(e.Gate)
	sum.Add(res)
	_ = p.Finish(sum)
	if err := sarifschema.Validate(buf.Bytes()); err != nil {
		t.Fatal(err)
	}
}
