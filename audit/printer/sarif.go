package printer

import (
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"unicode/utf8"

	sarif "github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/mtaudit/mtaudit/audit"
)

// sarifInformationURI is where SARIF viewers send readers for the tool.
const sarifInformationURI = "https://github.com/mtaudit/mtaudit"

// sarifPrinter collects a run into one SARIF 2.1.0 log with one run, and
// writes it at the end (SARIF is one JSON object; the library builds it in
// memory). Columns are counted in Unicode code points, as in the JSON
// report, and the run says so (columnKind "unicodeCodePoints").
type sarifPrinter struct {
	w      io.Writer
	report *sarif.Report
	run    *sarif.Run
	inv    *sarif.Invocation
	rules  map[string]int // rule id → index in the driver's rules
}

// NewSARIF returns the SARIF 2.1.0 printer, for GitHub code scanning and
// other SARIF viewers.
func NewSARIF(w io.Writer, opts Options) Printer {
	run := sarif.NewRunWithInformationURI(opts.Tool.Name, sarifInformationURI)
	run.Tool.Driver.WithVersion(opts.Tool.Version).WithSemanticVersion(opts.Tool.Version)
	run.WithColumnKind("unicodeCodePoints")
	run.NewlineSequences = []string{"\r\n", "\n"}
	p := &sarifPrinter{w: w, report: sarif.NewReport(), run: run, rules: map[string]int{}}
	p.report.AddRun(run)
	p.inv = sarif.NewInvocation()
	run.AddInvocation(p.inv)
	for _, r := range opts.Rules {
		p.addRule(r.Name, r)
	}
	return p
}

// sarifLevel maps an MQM severity to a SARIF level.
func sarifLevel(s audit.Severity) string {
	switch s {
	case audit.Critical, audit.Major:
		return sarif.LevelError
	case audit.Minor:
		return sarif.LevelWarning
	}
	return sarif.LevelNote
}

// addRule describes a rule in the driver and returns its index. r is nil
// for a rule the run did not declare (a finding added by another pass).
func (p *sarifPrinter) addRule(id string, r *audit.Rule) int {
	if i, ok := p.rules[id]; ok {
		return i
	}
	d := p.run.AddRule(id)
	if r != nil {
		d.WithName(r.Name).
			WithShortDescription(sarif.NewMultiformatMessageString().WithText(r.Doc.Title)).
			WithFullDescription(sarif.NewMultiformatMessageString().WithText(r.Doc.Text)).
			WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(r.Severity))).
			WithHelp(sarif.NewMultiformatMessageString().WithText(ruleHelpText(r)).WithMarkdown(ruleHelpMarkdown(r)))
		props := sarif.NewPropertyBag()
		props.Add("mqm-category", r.Category)
		props.Add("mqm-severity", r.Severity.String())
		props.Tags = []string{"mqm", r.Category}
		d.WithProperties(props)
	} else {
		d.WithShortDescription(sarif.NewMultiformatMessageString().WithText(id))
	}
	i := len(p.rules)
	p.rules[id] = i
	return i
}

func ruleHelpText(r *audit.Rule) string {
	return fmt.Sprintf("%s\n\n%s\n\nBad:\n%s\n\nGood:\n%s\n", r.Doc.Title, r.Doc.Text, r.Doc.Bad, r.Doc.Good)
}

func ruleHelpMarkdown(r *audit.Rule) string {
	quote := func(s string) string { return "> " + strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n> ") }
	return fmt.Sprintf("**%s**\n\n%s\n\nBad:\n\n%s\n\nGood:\n\n%s\n", r.Doc.Title, r.Doc.Text, quote(r.Doc.Bad), quote(r.Doc.Good))
}

// artifactURI turns a file path into a URI reference: relative paths stay
// relative (with forward slashes), absolute ones become file URIs.
func artifactURI(path string) string {
	if path == "-" || path == "" {
		return "stdin"
	}
	slash := filepath.ToSlash(path)
	if filepath.IsAbs(path) {
		if !strings.HasPrefix(slash, "/") {
			slash = "/" + slash // a Windows drive letter
		}
		return (&url.URL{Scheme: "file", Path: slash}).String()
	}
	return (&url.URL{Path: slash}).String()
}

func (p *sarifPrinter) Document(res *audit.DocumentResult) error {
	uri := artifactURI(res.Path)
	for _, e := range res.Errors {
		n := sarif.NewNotification().WithLevel(sarif.LevelError).WithMessage(sarif.NewTextMessage(e.Message))
		loc := sarif.NewPhysicalLocation().WithArtifactLocation(sarif.NewSimpleArtifactLocation(uri))
		if e.Line > 0 {
			loc.WithRegion(sarif.NewRegion().WithStartLine(e.Line))
		}
		n.WithLocations([]*sarif.Location{sarif.NewLocationWithPhysicalLocation(loc)})
		if e.Rule != "" {
			n.WithAssociatedRule(sarif.NewReportingDescriptorReference().WithID(e.Rule))
		}
		p.inv.AddToolExecutionNotification(n)
	}
	doc := res.Document()
	var offs runeOffsets
	if doc != nil {
		offs = runeOffsets{text: doc.Text}
	}
	for i := range res.Findings {
		f := &res.Findings[i]
		idx := p.addRule(f.Rule, nil)
		level := sarifLevel(f.Severity)
		if f.Advisory {
			level = sarif.LevelNote
		}
		r := sarif.NewRuleResult(f.Rule).WithRuleIndex(idx).WithLevel(level).
			WithMessage(sarif.NewTextMessage(f.Message))
		r.PartialFingerprints = map[string]string{"mtauditFindingId/v1": f.ID}

		loc := sarif.NewPhysicalLocation().WithArtifactLocation(sarif.NewSimpleArtifactLocation(uri))
		location := sarif.NewLocationWithPhysicalLocation(loc)
		if res.Record > 0 {
			// A JSONL record: the finding's positions are in the record's
			// text field, not in the file, so the region is the record's
			// line; the record is named as a logical location.
			loc.WithRegion(sarif.NewRegion().WithStartLine(res.Record))
			ll := sarif.NewLogicalLocation().WithName(res.ID).WithKind("object")
			location.WithLogicalLocations([]*sarif.LogicalLocation{ll})
		} else {
			loc.WithRegion(p.region(f, doc, &offs))
		}
		r.WithLocations([]*sarif.Location{location})

		props := sarif.NewPropertyBag()
		props.Add("id", f.ID)
		props.Add("mqm-category", f.Category)
		props.Add("mqm-severity", f.Severity.String())
		props.Add("document", res.ID)
		if res.Record > 0 {
			props.Add("textRegion", map[string]int{
				"startLine": f.Line, "startColumn": f.Column, "endLine": f.EndLine, "endColumn": f.EndColumn,
				"byteOffset": f.Start, "byteLength": f.Len(),
			})
		}
		if len(f.Suggestions) > 0 {
			props.Add("suggestions", f.Suggestions)
		}
		if f.Advisory {
			props.Add("advisory", true)
		}
		if f.Review.Verdict != "" || f.Review.Note != "" {
			props.Add("review", f.Review)
		}
		r.WithProperties(props)

		if f.Suppressed != "" {
			r.WithSuppressions([]*sarif.Suppression{
				sarif.NewSuppression().WithKind("external").WithStatus("accepted").WithJustification(f.Suppressed),
			})
		}
		if res.Record == 0 && doc != nil {
			for _, s := range f.Suggestions {
				r.AddFixe(p.fix(uri, f, s, &offs))
			}
		}
		p.run.AddResult(r)
	}
	return nil
}

// region is the finding's region in a text file: lines and columns from
// the finding, character offsets (code points) computed from its byte
// offsets, and the byte offsets themselves.
func (p *sarifPrinter) region(f *audit.Finding, doc *audit.Document, offs *runeOffsets) *sarif.Region {
	reg := sarif.NewRegion().WithStartLine(f.Line).WithStartColumn(f.Column).
		WithEndLine(f.EndLine).WithEndColumn(f.EndColumn).
		WithByteOffset(f.Start).WithByteLength(f.Len())
	if doc != nil {
		start := offs.at(f.Start)
		reg.WithCharOffset(start).WithCharLength(offs.at(f.End) - start)
		reg.WithSnippet(sarif.NewArtifactContent().WithText(f.Text))
	}
	return reg
}

func (p *sarifPrinter) fix(uri string, f *audit.Finding, s audit.Suggestion, offs *runeOffsets) *sarif.Fix {
	start := offs.at(f.Start)
	del := sarif.NewRegion().WithCharOffset(start).WithCharLength(offs.at(f.End) - start)
	rep := sarif.NewReplacement().WithDeletedRegion(del).WithInsertedContent(sarif.NewArtifactContent().WithText(s.Replacement))
	change := sarif.NewArtifactChange().WithArtifactLocation(sarif.NewSimpleArtifactLocation(uri)).AddReplacement(rep)
	desc := fmt.Sprintf("Replace %q with %q", f.Text, s.Replacement)
	if s.Replacement == "" {
		desc = fmt.Sprintf("Delete %q", f.Text)
	}
	if s.Source == audit.SourceLLM {
		desc += " (suggested by " + s.Model + ")"
	}
	return sarif.NewFix().WithDescription(sarif.NewTextMessage(desc)).WithArtifactChanges([]*sarif.ArtifactChange{change})
}

// runeOffsets converts byte offsets of text into code point offsets. It
// remembers the last conversion, so converting increasing offsets (the
// findings are sorted) is linear in the text.
type runeOffsets struct {
	text            string
	lastByte, runes int
}

func (o *runeOffsets) at(b int) int {
	b = min(max(b, 0), len(o.text))
	if b < o.lastByte {
		o.lastByte, o.runes = 0, 0
	}
	o.runes += utf8.RuneCountInString(o.text[o.lastByte:b])
	o.lastByte = b
	return o.runes
}

func (p *sarifPrinter) Finish(sum *audit.Summary) error {
	p.inv.WithExecutionSuccessful(true)
	props := sarif.NewPropertyBag()
	props.Add("summary", sum)
	p.run.WithProperties(props)
	if err := p.report.PrettyWrite(p.w); err != nil {
		return fmt.Errorf("write SARIF: %w", err)
	}
	_, err := io.WriteString(p.w, "\n")
	return err
}
