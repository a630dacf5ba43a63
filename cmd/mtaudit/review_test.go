package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/audit/printer"
	"github.com/mtaudit/mtaudit/audit/review"
	"github.com/mtaudit/mtaudit/internal/browsertest"
	"github.com/mtaudit/mtaudit/internal/sarifschema"
)

func readReviewed(t *testing.T, data []byte) *audit.Report {
	t.Helper()
	rep, err := review.Read(bytes.NewReader(data))
	require.NoError(t, err)
	return rep
}

func TestCheckSARIFSampleCorpusValidates(t *testing.T) {
	r := run(t, "", nil, "check", "--format", "sarif", corpus)
	assert.Equal(t, exitFail, r.code, r.stderr)
	require.NoError(t, sarifschema.Validate([]byte(r.stdout)))

	var log struct {
		Runs []struct {
			Results []struct {
				RuleID              string            `json:"ruleId"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &log))
	require.Len(t, log.Runs, 1)
	rep := readReviewed(t, []byte(run(t, "", nil, "check", "--format", "json", corpus).stdout))
	var ids []string
	for _, d := range rep.Documents {
		for _, f := range d.Findings {
			ids = append(ids, f.ID)
		}
	}
	require.NotEmpty(t, ids)
	var got []string
	for _, res := range log.Runs[0].Results {
		got = append(got, res.PartialFingerprints["mtauditFindingId/v1"])
	}
	assert.Equal(t, ids, got, "one result per finding, fingerprinted by its id")
}

// annotate sets the verdicts of the findings with the given ids.
func annotate(t *testing.T, rep *audit.Report, verdicts map[string]string) []byte {
	t.Helper()
	for _, d := range rep.Documents {
		for i := range d.Findings {
			if v, ok := verdicts[d.Findings[i].ID]; ok {
				d.Findings[i].Review = audit.Review{Verdict: v, Note: "note " + v, Reviewer: "ana"}
			}
		}
	}
	var buf bytes.Buffer
	require.NoError(t, review.Write(&buf, rep))
	return buf.Bytes()
}

// firstFindings returns the first n findings of the worst document.
func firstFindings(t *testing.T, rep *audit.Report, n int) []audit.Finding {
	t.Helper()
	for _, d := range rep.Documents {
		if !d.Pass && len(d.Findings) >= n {
			return d.Findings[:n]
		}
	}
	t.Fatalf("no failing document with %d findings", n)
	return nil
}

func TestCheckBaselineSuppressesRejected(t *testing.T) {
	dir := t.TempDir()
	rep := readReviewed(t, []byte(run(t, "", nil, "check", "--format", "json", corpus).stdout))
	before := rep.Summary
	fs := firstFindings(t, rep, 2)
	base := writeFile(t, dir, "base.json", string(annotate(t, rep, map[string]string{fs[0].ID: review.Rejected, fs[1].ID: review.Confirmed})))

	r := run(t, "", nil, "check", "--format", "json", "--baseline", base, corpus)
	require.NoError(t, printer.ValidateReport([]byte(r.stdout)), r.stderr)
	after := readReviewed(t, []byte(r.stdout))
	assert.Equal(t, 1, after.Summary.Suppressed)
	assert.Equal(t, before.Findings-1, after.Summary.Findings)
	var found int
	for _, d := range after.Documents {
		for _, f := range d.Findings {
			switch f.ID {
			case fs[0].ID:
				found++
				assert.Equal(t, review.SuppressedByBaseline, f.Suppressed, "still reported, marked suppressed")
				assert.Equal(t, review.Rejected, f.Review.Verdict)
			case fs[1].ID:
				found++
				assert.Empty(t, f.Suppressed)
				assert.Equal(t, review.Confirmed, f.Review.Verdict, "other verdicts are carried")
			}
		}
	}
	assert.Equal(t, 2, found)

	text := run(t, "", nil, "check", "--baseline", base, corpus).stdout
	assert.Contains(t, text, "(suppressed: rejected in baseline)")
	assert.Contains(t, text, "1 suppressed")

	bad := run(t, "", nil, "check", "--baseline", filepath.Join(dir, "missing.json"), corpus)
	assert.Equal(t, exitUsage, bad.code)
	assert.Contains(t, bad.stderr, "missing.json")
}

func TestReviewMergeAndStats(t *testing.T) {
	dir := t.TempDir()
	article := "The envoy said Lee said Lee said Lee said after the talks. Officials met again.\n"
	p := writeFile(t, dir, "a.txt", article)
	old := readReviewed(t, []byte(run(t, "", nil, "check", "--format", "json", p).stdout))
	require.NotEmpty(t, old.Documents[0].Findings)
	f0 := old.Documents[0].Findings[0]
	oldPath := writeFile(t, dir, "old.json", string(annotate(t, old, map[string]string{f0.ID: review.Rejected})))

	// the article is edited: the loop goes, a new one appears elsewhere
	writeFile(t, dir, "a.txt", "The envoy said after the talks. Officials met met again again again again.\n")
	newPath := filepath.Join(dir, "new.json")
	require.NoError(t, os.WriteFile(newPath, []byte(run(t, "", nil, "check", "--format", "json", p).stdout), 0o644))
	r := run(t, "", nil, "review", "merge", oldPath, newPath)
	assert.Equal(t, exitPass, r.code, r.stderr)
	assert.Contains(t, r.stderr, "carried 0 reviews")
	assert.Contains(t, r.stderr, "disappeared:")
	assert.Contains(t, r.stderr, fmt.Sprintf("%s %q [rejected]", f0.Rule, f0.Text))
	assert.Contains(t, r.stderr, "new findings:")
	readReviewed(t, []byte(r.stdout))

	// unchanged article: the verdict is carried
	writeFile(t, dir, "a.txt", article)
	require.NoError(t, os.WriteFile(newPath, []byte(run(t, "", nil, "check", "--format", "jsonl", p).stdout), 0o644))
	merged := filepath.Join(dir, "merged.json")
	r = run(t, "", nil, "review", "merge", "-o", merged, oldPath, newPath)
	assert.Equal(t, exitPass, r.code, r.stderr)
	assert.Contains(t, r.stderr, "carried 1 reviews")
	assert.NotContains(t, r.stderr, "disappeared")
	m, err := review.Load(merged)
	require.NoError(t, err)
	assert.Equal(t, review.Rejected, m.Documents[0].Findings[0].Review.Verdict)

	st := run(t, "", nil, "review", "stats", merged)
	assert.Equal(t, exitPass, st.code, st.stderr)
	assert.Regexp(t, `(?m)^`+f0.Rule+`\s+\d+\s+0\s+1\s+0\s+\d+\s+0\.00\s*$`, st.stdout)
	js := run(t, "", nil, "review", "stats", "--format", "json", merged, oldPath)
	var rows []struct {
		Rule      string   `json:"rule"`
		Rejected  int      `json:"rejected"`
		Precision *float64 `json:"precision"`
	}
	require.NoError(t, json.Unmarshal([]byte(js.stdout), &rows))
	assert.Equal(t, "all", rows[len(rows)-1].Rule)
	assert.Equal(t, 2, rows[len(rows)-1].Rejected, "two reports, one rejection each")

	assert.Equal(t, exitUsage, run(t, "", nil, "review", "merge", oldPath).code)
	assert.Equal(t, exitUsage, run(t, "", nil, "review", "stats").code)
	assert.Equal(t, exitUsage, run(t, "", nil, "review", "frobnicate").code)
	notReport := writeFile(t, dir, "x.json", `{"schema":"something/else","documents":[]}`)
	assert.Contains(t, run(t, "", nil, "review", "stats", notReport).stderr, "schema")
}

// TestProgressOnlyOnTerminal: the bar is drawn on stderr when it is a
// terminal and the report goes elsewhere, and never otherwise.
func TestProgressOnlyOnTerminal(t *testing.T) {
	out := filepath.Join(t.TempDir(), "r.json")
	runWith := func(stderrIsTTY bool, args ...string) string {
		var stdout, stderr bytes.Buffer
		c := &cli{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" },
			isTerminal: func(w io.Writer) bool { return stderrIsTTY && w == &stderr }}
		c.main(context.Background(), args)
		return stderr.String()
	}
	assert.Contains(t, runWith(true, "check", "--format", "json", "-o", out, corpus), "3 documents")
	assert.Empty(t, runWith(false, "check", "--format", "json", "-o", out, corpus))
	assert.Empty(t, runWith(true, "check", "--progress=false", "--format", "json", "-o", out, corpus))
}

// TestReviewRoundTripInBrowser is the reviewer's whole loop: check writes
// the HTML report; in Chromium a reviewer clicks two findings and marks
// one confirmed, one rejected, and exports; review stats counts those
// verdicts; check --baseline suppresses the rejected finding.
func TestReviewRoundTripInBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	r := run(t, "", nil, "check", "--format", "html", "-o", page, corpus)
	require.Equal(t, exitFail, r.code, r.stderr)
	rep := readReviewed(t, []byte(run(t, "", nil, "check", "--format", "json", corpus).stdout))

	require.NoError(t, browsertest.Open(ctx, page))
	// the worst document is shown first; click its findings in the article
	mark := func(i int) string { return fmt.Sprintf(`#article mark[data-findings~="%d"]`, i) }
	require.NoError(t, chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("reviewer"), "ana"),
		chromedp.Click(chromedp.CSS(mark(1))),
		chromedp.Click(chromedp.CSS(`#detail button[data-verdict="rejected"]`)),
		chromedp.SendKeys(chromedp.ID("note"), "reads fine"),
		chromedp.Click(chromedp.CSS(mark(0))),
		chromedp.Click(chromedp.CSS(`#detail button[data-verdict="confirmed"]`)),
	))
	shownDoc, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#docview h2').textContent`))
	require.NoError(t, err)
	exported, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.mtauditExport()`))
	require.NoError(t, err)
	// the "Export annotated JSON" button downloads the same JSON
	downloads := t.TempDir()
	downloaded, err := browsertest.Download(ctx, "#export", downloads, "report.reviewed.json")
	require.NoError(t, err)
	assert.Equal(t, exported, string(downloaded))
	require.NoError(t, printer.ValidateReport(downloaded), "the export is a mtaudit.report/v1 report")
	annotated := filepath.Join(downloads, "report.reviewed.json")

	// which findings were clicked: the first two of the document shown
	var doc *audit.DocumentResult
	for _, d := range rep.Documents {
		if strings.HasSuffix(shownDoc, d.ID) {
			doc = d
		}
	}
	require.NotNil(t, doc, shownDoc)
	require.GreaterOrEqual(t, len(doc.Findings), 2)
	confirmed, rejected := doc.Findings[0], doc.Findings[1]
	got := readReviewed(t, []byte(exported))
	reviews := map[string]audit.Review{}
	for _, d := range got.Documents {
		for _, f := range d.Findings {
			if f.Review != (audit.Review{}) {
				reviews[f.ID] = f.Review
			}
		}
	}
	assert.Equal(t, map[string]audit.Review{
		confirmed.ID: {Verdict: review.Confirmed, Reviewer: "ana"},
		rejected.ID:  {Verdict: review.Rejected, Note: "reads fine", Reviewer: "ana"},
	}, reviews)

	// review stats shows the clicked verdicts
	st := run(t, "", nil, "review", "stats", "--format", "json", annotated)
	require.Equal(t, exitPass, st.code, st.stderr)
	var rows []review.RuleStats
	dec := json.NewDecoder(strings.NewReader(strings.ReplaceAll(strings.ReplaceAll(st.stdout, `"rule"`, `"Rule"`), `"precision"`, `"_p"`)))
	require.NoError(t, dec.Decode(&rows))
	total := rows[len(rows)-1]
	assert.Equal(t, 1, total.Confirmed)
	assert.Equal(t, 1, total.Rejected)
	for _, s := range rows[:len(rows)-1] {
		wantC, wantR := 0, 0
		if s.Rule == confirmed.Rule {
			wantC = 1
		}
		if s.Rule == rejected.Rule {
			wantR = 1
		}
		assert.Equal(t, [2]int{wantC, wantR}, [2]int{s.Confirmed, s.Rejected}, s.Rule)
	}

	// check --baseline suppresses the rejected finding, and only it
	b := run(t, "", nil, "check", "--format", "json", "--baseline", annotated, corpus)
	after := readReviewed(t, []byte(b.stdout))
	assert.Equal(t, 1, after.Summary.Suppressed)
	for _, d := range after.Documents {
		for _, f := range d.Findings {
			if f.ID == rejected.ID {
				assert.Equal(t, review.SuppressedByBaseline, f.Suppressed)
			} else {
				assert.Empty(t, f.Suppressed, f.ID)
			}
		}
	}
}
