package printer

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/audit/review"
	"github.com/mtaudit/mtaudit/internal/browsertest"
)

var (
	dataBlockRE = regexp.MustCompile(`(?s)<script type="application/json" id="mtaudit-data">(.*?)</script>`)
	codeBlockRE = regexp.MustCompile(`(?s)<script>(.*?)</script>\s*</body>`)
	cspRE       = regexp.MustCompile(`script-src '(sha256-[A-Za-z0-9+/=]+)'`)
)

// pageData decodes the page's JSON data block.
func pageData(t *testing.T, page []byte) htmlData {
	t.Helper()
	m := dataBlockRE.FindSubmatch(page)
	require.NotNil(t, m, "no data block")
	var d htmlData
	require.NoError(t, json.Unmarshal(m[1], &d))
	return d
}

func TestHTMLGolden(t *testing.T) {
	page := render(t, "html", false)
	golden(t, "html", page)

	// the article's "<script>alert(1)</script>" travels escaped in the JSON
	assert.NotContains(t, string(page), "<script>alert(1)")
	assert.Equal(t, 2, bytes.Count(page, []byte("<script")), "the data block and the page's own script, nothing else")
	assert.NotContains(t, string(page), "http://", "self-contained: no links to fetch")
	assert.NotContains(t, string(page), "https://")

	// the CSP admits exactly the inline script
	code := codeBlockRE.FindSubmatch(page)
	require.NotNil(t, code)
	sum := sha256.Sum256(code[1])
	csp := cspRE.FindSubmatch(page)
	require.NotNil(t, csp)
	assert.Equal(t, "sha256-"+base64.StdEncoding.EncodeToString(sum[:]), string(csp[1]))

	// the data block carries the whole report, as the json printer writes it
	d := pageData(t, page)
	var fromJSON audit.Report
	require.NoError(t, json.Unmarshal(render(t, "json", false), &fromJSON))
	want, _ := json.Marshal(fromJSON)
	got, _ := json.Marshal(d.Report)
	assert.JSONEq(t, string(want), string(got))

	// marks are UTF-16 offsets of the findings
	results, _, _ := fixtureRun(t)
	text := results[0].Document().Text
	require.Equal(t, text, d.Texts[0])
	u := utf16.Encode([]rune(text))
	for i, f := range results[0].Findings {
		m := d.Marks[0][i]
		assert.Equal(t, f.Text, string(utf16.Decode(u[m[0]:m[1]])))
	}
	assert.Equal(t, []int{0, 2, 1}, d.Order, "failing document first, the unreadable input, then the clean record")
	assert.Equal(t, "Word or phrase repeated in a loop", d.Rules["repeated-loop"].Title)

	// charts
	assert.Contains(t, string(page), `aria-label="Documents by MQM score"`)
	assert.Contains(t, string(page), `<rect class="sev-minor"`)
	assert.Contains(t, string(page), `<title>tokenizer-debris: 2 minor</title>`)
}

func TestHTMLEmptyRun(t *testing.T) {
	var buf bytes.Buffer
	p, err := New("html", &buf, Options{})
	require.NoError(t, err)
	require.NoError(t, p.Finish(audit.NewSummary(audit.DefaultGate())))
	d := pageData(t, buf.Bytes())
	assert.Empty(t, d.Report.Documents)
	assert.Contains(t, buf.String(), "No findings.")
}

func TestUTF16Spans(t *testing.T) {
	text := "a😀b é c"
	fs := []audit.Finding{{Span: audit.Span{Start: 1, End: 5}}, {Span: audit.Span{Start: 5, End: 6}}, {Span: audit.Span{Start: 7, End: 9}}, {Span: audit.Span{Start: 5, End: 5}}}
	assert.Equal(t, [][2]int{{1, 3}, {3, 4}, {5, 6}, {3, 3}}, utf16Spans(text, fs))
	assert.Equal(t, [][2]int{{0, 0}}, utf16Spans("", fs[:1]))
}

// hostileRun is a run whose article, document id and rule message try to
// inject markup and script into the page.
func hostileRun(t *testing.T) (*bytes.Buffer, []*audit.DocumentResult) {
	t.Helper()
	loop := &audit.Rule{Name: "repeated-loop", Category: "Non-translation", Severity: audit.Critical,
		Doc: audit.Doc{Title: "Loop <b>title</b>", Text: "Doc <img src=x onerror=\"window.__pwned='doc'\">", Bad: "a a a", Good: "a"}}
	debris := &audit.Rule{Name: "tokenizer-debris", Category: "Fluency/Punctuation", Severity: audit.Minor,
		Doc: audit.Doc{Title: "Debris", Text: "Debris.", Bad: "high -level", Good: "high-level"}}
	text := "Officials said \"><img src=x onerror=\"window.__pwned='attr'\"> was posted.\n" +
		"<script>window.__pwned='script'</script> He wrote the minister said the minister said the minister said.\n" +
		"A high -level visit to Zürich 😀 followed.\n"
	span := func(s string) audit.Span {
		i := strings.Index(text, s)
		require.GreaterOrEqual(t, i, 0, s)
		return audit.Span{Start: i, End: i + len(s)}
	}
	e := &audit.Engine{Gate: audit.DefaultGate()}
	doc := audit.NewDocument(`"><img src=x onerror="window.__pwned='id'">.txt`, "hostile/<b>doc</b>.txt", text, audit.Span{Start: 0, End: len(text)})
	res := e.Check(t.Context(), doc)
	res.Findings = audit.Finalize(doc, []audit.Finding{
		{Rule: "tokenizer-debris", Category: "Fluency/Punctuation", Severity: audit.Minor, Span: span(`"><img src=x onerror="window.__pwned='attr'">`),
			Message: `message <img src=x onerror="window.__pwned='msg'">`},
		{Rule: "repeated-loop", Category: "Non-translation", Severity: audit.Critical, Span: span("the minister said the minister said the minister said"),
			Message: "loop", Suggestions: []audit.Suggestion{{Replacement: "the minister said", Source: audit.SourceRule}}},
		{Rule: "tokenizer-debris", Category: "Fluency/Punctuation", Severity: audit.Minor, Span: span("high -level"), Message: "debris",
			Suggestions: []audit.Suggestion{{Replacement: "<script>window.__pwned='sug'</script>", Source: audit.SourceRule}}},
		{Rule: "tokenizer-debris", Category: "Fluency/Punctuation", Severity: audit.Minor, Span: span("<script>window.__pwned='script'</script>"), Message: "script tag"},
	})
	e.Gate.Apply(res)
	clean := audit.NewDocument("clean.txt", "clean.txt", "Nothing to see.", audit.Span{Start: 0, End: 15})
	res2 := e.Check(t.Context(), clean)
	sum := audit.NewSummary(e.Gate)
	var buf bytes.Buffer
	p, err := New("html", &buf, Options{Rules: []*audit.Rule{loop, debris}, Tool: audit.Tool{Name: "mtaudit", Version: "test"}})
	require.NoError(t, err)
	for _, r := range []*audit.DocumentResult{res2, res} {
		sum.Add(r)
		require.NoError(t, p.Document(r))
	}
	require.NoError(t, p.Finish(sum))
	return &buf, []*audit.DocumentResult{res2, res}
}

func TestHTMLHostileArticleIsEscaped(t *testing.T) {
	page, _ := hostileRun(t)
	s := page.String()
	assert.Equal(t, 2, strings.Count(s, "<script"), "only the page's own scripts")
	assert.NotContains(t, s, "<img")
	assert.NotContains(t, s, "onerror=\"window")
}

// TestHTMLInBrowser drives the page in headless Chromium: the hostile
// article renders as text and runs nothing; clicking a finding shows it;
// keys move between findings; verdicts and notes end up in the exported
// JSON, which `review` reads.
func TestHTMLInBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	page, results := hostileRun(t)
	path := filepath.Join(t.TempDir(), "report.html")
	require.NoError(t, os.WriteFile(path, page.Bytes(), 0o644))
	require.NoError(t, browsertest.Open(ctx, path))

	eval := func(js string) any {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[any](js))
		require.NoError(t, err, js)
		return v
	}
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(`+jsString(sel)+`).textContent`))
		require.NoError(t, err, sel)
		return v
	}

	// nothing ran, nothing was injected, the text shows as text
	assert.Equal(t, "undefined", eval(`typeof window.__pwned`))
	assert.EqualValues(t, 0, eval(`document.querySelectorAll('img').length`))
	assert.EqualValues(t, 2, eval(`document.querySelectorAll('script').length`))
	article := text("#article")
	assert.Contains(t, article, "<script>window.__pwned='script'</script>")
	assert.Contains(t, article, `"><img src=x onerror="window.__pwned='attr'">`)
	assert.Contains(t, text("#docview h2"), `"><img src=x onerror="window.__pwned='id'">.txt`)
	assert.Equal(t, results[1].Document().Text, article, "the whole article, in order")

	// the failing document is shown first, its first finding selected
	assert.Equal(t, `message <img src=x onerror="window.__pwned='msg'">`, text("#detail #message"))
	assert.EqualValues(t, 4, eval(`document.querySelectorAll('#article mark').length`), "one mark per finding: none overlap")
	assert.Equal(t, "sev-critical", eval(`document.querySelector('#article mark[data-findings="2"]').classList[0]`))
	assert.Equal(t, "critical repeated-loop: loop (→ the minister said)", eval(`document.querySelector('#article mark[data-findings="2"]').title`), "hover shows message and suggestion")

	// click the loop: the detail shows it, with its suggestion and rule doc
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#article mark[data-findings="2"]`))))
	assert.Equal(t, "loop", text("#detail #message"))
	assert.Contains(t, text("#detail"), "the minister said")
	assert.Contains(t, text("#detail .doc"), `Doc <img src=x onerror="window.__pwned='doc'">`)
	assert.Equal(t, true, eval(`document.querySelector('#article mark[data-findings="2"]').classList.contains('current')`))
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#detail button[data-verdict="confirmed"]`))))

	// j moves to the next finding (debris), r rejects it
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent("j")))
	assert.Equal(t, "debris", text("#detail #message"))
	assert.Equal(t, "<script>window.__pwned='sug'</script>", text("#detail ul .flagged"))
	require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent("r")))
	assert.Equal(t, "true", eval(`document.querySelector('#detail button[data-verdict="rejected"]').getAttribute('aria-pressed')`))
	require.NoError(t, chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("note"), "a real compound, spacing is fine")))

	// leave the note; k goes back to the first finding; mark it fixed with the button
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#docview h2")), chromedp.KeyEvent("k"), chromedp.KeyEvent("k"), chromedp.KeyEvent("k")))
	assert.Equal(t, `message <img src=x onerror="window.__pwned='msg'">`, text("#detail #message"))
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#detail button[data-verdict="fixed"]`))))
	assert.Contains(t, text("#reviewed"), "3 of 4 findings reviewed")

	exported, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.mtauditExport()`))
	require.NoError(t, err)
	rep, err := review.Read(strings.NewReader(exported))
	require.NoError(t, err)
	require.Len(t, rep.Documents, 2)
	verdicts := map[string]audit.Review{}
	for _, d := range rep.Documents {
		for _, f := range d.Findings {
			verdicts[f.Text] = f.Review
		}
	}
	assert.Equal(t, audit.Review{Verdict: "confirmed"}, verdicts["the minister said the minister said the minister said"])
	assert.Equal(t, audit.Review{Verdict: "rejected", Note: "a real compound, spacing is fine"}, verdicts["high -level"])
	assert.Equal(t, audit.Review{Verdict: "fixed"}, verdicts[`"><img src=x onerror="window.__pwned='attr'">`])
	assert.Equal(t, audit.Review{}, verdicts["<script>window.__pwned='script'</script>"])
	assert.Equal(t, "undefined", eval(`typeof window.__pwned`), "still nothing ran")
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
