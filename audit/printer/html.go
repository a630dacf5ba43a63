package printer

import (
	"bufio"
	"cmp"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/mtaudit/mtaudit/audit"
)

// The HTML report's page, style and script, embedded in the binary and
// inlined into every report (the report loads nothing from the network).
var (
	//go:embed html/report.tmpl
	htmlPageSource string
	//go:embed html/report.css
	htmlStyle string
	//go:embed html/report.js
	htmlScript string
)

// htmlScriptHash is the CSP hash of the inline script: the page's
// Content-Security-Policy allows that script and nothing else, so even
// markup that slipped into the page could not run.
var htmlScriptHash = func() string {
	sum := sha256.Sum256([]byte(htmlScript))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}()

var htmlPage = template.Must(template.New("report").Parse(
	strings.Replace(htmlPageSource, "%SCRIPT_HASH%", htmlScriptHash, 1)))

// htmlPrinter collects the run and writes one self-contained HTML page
// for reviewers: a corpus summary with charts, the documents worst first,
// each article with its findings highlighted, verdict buttons, and an
// export of the report JSON with the verdicts filled in. The report and
// the article texts travel as a JSON data block (escaped by html/template)
// and are rendered by the page's script as text nodes, never as markup.
type htmlPrinter struct {
	w     io.Writer
	opts  Options
	docs  []*audit.DocumentResult
	texts []string
	marks [][][2]int
}

// NewHTML returns the HTML review page printer. It holds the whole run
// (results and article texts) in memory until Finish.
func NewHTML(w io.Writer, opts Options) Printer {
	return &htmlPrinter{w: w, opts: opts}
}

func (p *htmlPrinter) Document(res *audit.DocumentResult) error {
	text := ""
	if doc := res.Document(); doc != nil {
		text = doc.Text
	}
	p.docs = append(p.docs, res)
	p.texts = append(p.texts, text)
	p.marks = append(p.marks, utf16Spans(text, res.Findings))
	return nil
}

// utf16Spans converts the findings' byte spans into offsets in UTF-16 code
// units, the unit of JavaScript strings.
func utf16Spans(text string, findings []audit.Finding) [][2]int {
	if text == "" {
		return make([][2]int, len(findings))
	}
	var offs []int
	for i := range findings {
		offs = append(offs, findings[i].Start, findings[i].End)
	}
	sorted := slices.Clone(offs)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	conv := make(map[int]int, len(sorted))
	b, u := 0, 0
	for _, off := range sorted {
		off = min(max(off, 0), len(text))
		for b < off {
			r, size := utf8.DecodeRuneInString(text[b:])
			b += size
			if r >= 0x10000 {
				u += 2
			} else {
				u++
			}
		}
		conv[off] = u
	}
	out := make([][2]int, len(findings))
	for i := range findings {
		out[i] = [2]int{conv[findings[i].Start], conv[findings[i].End]}
	}
	return out
}

// htmlRuleDoc is a rule's documentation as the page shows it.
type htmlRuleDoc struct {
	Title    string `json:"title"`
	Text     string `json:"text"`
	Bad      string `json:"bad"`
	Good     string `json:"good"`
	Category string `json:"category"`
	Severity string `json:"severity"`
}

// htmlData is the JSON data block the page's script reads.
type htmlData struct {
	Report *audit.Report          `json:"report"`
	Texts  []string               `json:"texts"`
	Marks  [][][2]int             `json:"marks"` // per document and finding: [start, end) in UTF-16 units
	Order  []int                  `json:"order"` // document indexes, worst first
	Rules  map[string]htmlRuleDoc `json:"rules"`
	Key    string                 `json:"key"` // identifies the run, for saving verdicts in the browser
}

// htmlView is what the page template renders.
type htmlView struct {
	Tool       audit.Tool
	Summary    *audit.Summary
	Severities []sevCount
	ScoreChart chart
	RuleChart  chart
	Style      template.CSS
	Script     template.JS
	Data       *htmlData
}

type sevCount struct {
	Name  string
	Count int
}

// chart is an inline SVG chart: shapes and labels in a W×H view box.
type chart struct {
	W, H   int
	Bars   []chartBar
	Labels []chartLabel
	Empty  bool
}

type chartBar struct {
	X, Y, W, H string
	Class      string
	Title      string
}

type chartLabel struct {
	X, Y   string
	Anchor string
	Class  string
	Text   string
}

func fmtNum(v float64) string { return fmt.Sprintf("%.1f", v) }

// severityOrder lists severities worst first.
var severityOrder = []audit.Severity{audit.Critical, audit.Major, audit.Minor, audit.Neutral}

func (p *htmlPrinter) Finish(sum *audit.Summary) error {
	rep := &audit.Report{Schema: audit.ReportSchema, Tool: p.opts.Tool, Documents: p.docs, Summary: sum}
	if rep.Documents == nil {
		rep.Documents = []*audit.DocumentResult{}
	}
	data := &htmlData{Report: rep, Texts: p.texts, Marks: p.marks, Rules: map[string]htmlRuleDoc{}}
	if data.Texts == nil {
		data.Texts, data.Marks = []string{}, [][][2]int{}
	}
	for _, r := range p.opts.Rules {
		data.Rules[r.Name] = htmlRuleDoc{Title: r.Doc.Title, Text: r.Doc.Text, Bad: r.Doc.Bad, Good: r.Doc.Good,
			Category: r.Category, Severity: r.Severity.String()}
	}
	data.Order = worstFirst(p.docs)
	data.Key = runKey(p.docs)

	view := htmlView{Tool: p.opts.Tool, Summary: sum, Style: template.CSS(htmlStyle), Script: template.JS(htmlScript), Data: data}
	for _, s := range severityOrder {
		view.Severities = append(view.Severities, sevCount{s.String(), sum.BySeverity[s.String()]})
	}
	view.ScoreChart = scoreChart(p.docs)
	view.RuleChart = ruleChart(p.docs)
	bw := bufio.NewWriter(p.w)
	if err := htmlPage.Execute(bw, view); err != nil {
		return fmt.Errorf("write HTML report: %w", err)
	}
	return bw.Flush()
}

// worstFirst orders documents: failing before passing, then by score,
// then by number of counting findings, then in input order.
func worstFirst(docs []*audit.DocumentResult) []int {
	order := make([]int, len(docs))
	for i := range order {
		order[i] = i
	}
	counting := func(d *audit.DocumentResult) int {
		n := 0
		for i := range d.Findings {
			if d.Findings[i].Counts() {
				n++
			}
		}
		return n
	}
	slices.SortStableFunc(order, func(a, b int) int {
		da, db := docs[a], docs[b]
		pa, pb := 0, 0
		if da.Pass {
			pa = 1
		}
		if db.Pass {
			pb = 1
		}
		return cmp.Or(cmp.Compare(pa, pb), cmp.Compare(db.Score, da.Score), cmp.Compare(counting(db), counting(da)))
	})
	return order
}

// runKey identifies a run by its documents and findings, so the page can
// keep unsaved verdicts in the browser's storage for this report only.
func runKey(docs []*audit.DocumentResult) string {
	h := sha256.New()
	for _, d := range docs {
		io.WriteString(h, d.ID)
		for i := range d.Findings {
			io.WriteString(h, "\x00"+d.Findings[i].ID)
		}
		io.WriteString(h, "\x01")
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// scoreBuckets are the MQM score ranges of the "documents by score" chart.
var scoreBuckets = []struct {
	label string
	max   float64
}{{"0", 0}, {"≤5", 5}, {"≤10", 10}, {"≤25", 25}, {"≤50", 50}, {"≤100", 100}, {">100", -1}}

// scoreChart is a histogram of document scores, each bar split into
// documents that passed and failed the gate.
func scoreChart(docs []*audit.DocumentResult) chart {
	pass := make([]int, len(scoreBuckets))
	fail := make([]int, len(scoreBuckets))
	for _, d := range docs {
		b := len(scoreBuckets) - 1
		for i, s := range scoreBuckets {
			if s.max >= 0 && d.Score <= s.max {
				b = i
				break
			}
		}
		if d.Pass {
			pass[b]++
		} else {
			fail[b]++
		}
	}
	top := 1
	for i := range pass {
		top = max(top, pass[i]+fail[i])
	}
	const w, h, left, bottom, plot = 420, 180, 8, 36, 130
	c := chart{W: w, H: h, Empty: len(docs) == 0}
	slot := float64(w-2*left) / float64(len(scoreBuckets))
	for i, s := range scoreBuckets {
		x := float64(left) + float64(i)*slot + 6
		bw := slot - 12
		y := float64(h - bottom)
		for _, part := range []struct {
			n     int
			class string
			what  string
		}{{pass[i], "pass", "passed"}, {fail[i], "fail", "failed"}} {
			if part.n == 0 {
				continue
			}
			bh := float64(part.n) / float64(top) * plot
			y -= bh
			c.Bars = append(c.Bars, chartBar{X: fmtNum(x), Y: fmtNum(y), W: fmtNum(bw), H: fmtNum(bh), Class: part.class,
				Title: fmt.Sprintf("score %s: %d documents %s", s.label, part.n, part.what)})
		}
		if n := pass[i] + fail[i]; n > 0 {
			c.Labels = append(c.Labels, chartLabel{X: fmtNum(x + bw/2), Y: fmtNum(y - 4), Anchor: "middle", Class: "count", Text: fmt.Sprint(n)})
		}
		c.Labels = append(c.Labels, chartLabel{X: fmtNum(x + bw/2), Y: fmtNum(float64(h-bottom) + 16), Anchor: "middle", Text: s.label})
	}
	c.Labels = append(c.Labels, chartLabel{X: fmtNum(w / 2), Y: fmtNum(h - 4), Anchor: "middle", Class: "axis", Text: "MQM score (penalty points per 1,000 words)"})
	return c
}

// maxChartRules bounds the rows of the "findings by rule" chart.
const maxChartRules = 15

// ruleChart is a horizontal bar per rule, split by severity, with the
// suppressed findings as a separate grey segment.
func ruleChart(docs []*audit.DocumentResult) chart {
	type row struct {
		rule       string
		bySev      map[audit.Severity]int
		suppressed int
		total      int
	}
	rows := map[string]*row{}
	for _, d := range docs {
		for i := range d.Findings {
			f := &d.Findings[i]
			r := rows[f.Rule]
			if r == nil {
				r = &row{rule: f.Rule, bySev: map[audit.Severity]int{}}
				rows[f.Rule] = r
			}
			r.total++
			if f.Suppressed != "" {
				r.suppressed++
			} else {
				r.bySev[f.Severity]++
			}
		}
	}
	list := make([]*row, 0, len(rows))
	for _, r := range rows {
		list = append(list, r)
	}
	slices.SortFunc(list, func(a, b *row) int { return cmp.Or(cmp.Compare(b.total, a.total), strings.Compare(a.rule, b.rule)) })
	if len(list) > maxChartRules {
		list = list[:maxChartRules]
	}
	top := 1
	for _, r := range list {
		top = max(top, r.total)
	}
	const w, labelW, rowH, pad = 520, 190, 20, 6
	c := chart{W: w, H: max(len(list), 1)*rowH + 2*pad, Empty: len(list) == 0}
	plot := float64(w - labelW - 50)
	for i, r := range list {
		y := float64(pad + i*rowH)
		c.Labels = append(c.Labels, chartLabel{X: fmtNum(labelW - 6), Y: fmtNum(y + 14), Anchor: "end", Text: r.rule})
		x := float64(labelW)
		seg := func(n int, class, what string) {
			if n == 0 {
				return
			}
			sw := float64(n) / float64(top) * plot
			c.Bars = append(c.Bars, chartBar{X: fmtNum(x), Y: fmtNum(y + 3), W: fmtNum(sw), H: fmtNum(rowH - 6), Class: class,
				Title: fmt.Sprintf("%s: %d %s", r.rule, n, what)})
			x += sw
		}
		for _, s := range severityOrder {
			seg(r.bySev[s], "sev-"+s.String(), s.String())
		}
		seg(r.suppressed, "suppressed", "suppressed")
		c.Labels = append(c.Labels, chartLabel{X: fmtNum(x + 4), Y: fmtNum(y + 14), Anchor: "start", Class: "count", Text: fmt.Sprint(r.total)})
	}
	return c
}
