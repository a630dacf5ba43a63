// Package ruletest runs rules over testdata files whose expected findings
// are written inline, in the spirit of go/analysis's analysistest.
//
// A case is a text file. Lines starting with "#want " are expectations and
// are removed before the text is audited; every other line is article text.
// An expectation reads
//
//	#want RULE SEVERITY "FLAGGED TEXT" /MESSAGE REGEXP/ => "SUGGESTION"
//
// where SEVERITY, the regexp and the suggestion are optional. Spans are
// pinned by their text, not by hand-counted columns. The test fails on any
// finding without a matching expectation and on any expectation without a
// finding. A file with no "#want" line must give no finding.
package ruletest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mtaudit/mtaudit/audit"
)

// Want is one expected finding.
type Want struct {
	Line       int // line of the #want in the case file
	Rule       string
	Severity   string // empty: any
	Text       string
	Message    *regexp.Regexp // nil: any
	Suggestion *string        // nil: any
}

var wantRE = regexp.MustCompile(`^#want\s+([a-z0-9-]+)(?:\s+(neutral|minor|major|critical))?\s+("(?:[^"\\]|\\.)*")(?:\s+/(.*?)/)?(?:\s+=>\s+("(?:[^"\\]|\\.)*"))?\s*$`)

// Parse splits a case file into the text to audit and its expectations.
func Parse(data string) (text string, wants []Want, err error) {
	var lines []string
	for i, line := range strings.SplitAfter(data, "\n") {
		trimmed := strings.TrimRight(line, "\r\n")
		if !strings.HasPrefix(trimmed, "#want") {
			lines = append(lines, line)
			continue
		}
		m := wantRE.FindStringSubmatch(trimmed)
		if m == nil {
			return "", nil, fmt.Errorf("line %d: malformed #want: %s", i+1, trimmed)
		}
		w := Want{Line: i + 1, Rule: m[1], Severity: m[2]}
		if w.Text, err = strconv.Unquote(m[3]); err != nil {
			return "", nil, fmt.Errorf("line %d: text: %w", i+1, err)
		}
		if m[4] != "" {
			if w.Message, err = regexp.Compile(m[4]); err != nil {
				return "", nil, fmt.Errorf("line %d: message regexp: %w", i+1, err)
			}
		}
		if m[5] != "" {
			s, err := strconv.Unquote(m[5])
			if err != nil {
				return "", nil, fmt.Errorf("line %d: suggestion: %w", i+1, err)
			}
			w.Suggestion = &s
		}
		wants = append(wants, w)
	}
	return strings.Join(lines, ""), wants, nil
}

// Check audits text with rules under env and returns the findings.
func Check(env *audit.Env, text string, rules ...*audit.Rule) *audit.DocumentResult {
	doc := audit.NewDocument("test", "test.txt", text, audit.Span{Start: 0, End: len(text)})
	e := &audit.Engine{Rules: rules, Env: env, Gate: audit.DefaultGate()}
	return e.Check(context.Background(), doc)
}

// Run runs rules on every *.txt case under dir and checks the expectations.
// Only findings of the given rules are compared.
func Run(t *testing.T, env *audit.Env, dir string, rules ...*audit.Rule) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no test cases in %s", dir)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			text, wants, err := Parse(string(data))
			if err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			res := Check(env, text, rules...)
			for _, e := range res.Errors {
				t.Errorf("%s: rule failure: %s", file, e.Message)
			}
			Match(t, file, res.Findings, wants)
		})
	}
}

// Match pairs findings with wants, reporting unexpected and missing ones.
func Match(t *testing.T, file string, findings []audit.Finding, wants []Want) {
	t.Helper()
	used := make([]bool, len(wants))
	for _, f := range findings {
		matched := false
		for i, w := range wants {
			if !used[i] && w.matches(f) {
				used[i], matched = true, true
				break
			}
		}
		if !matched {
			t.Errorf("%s:%d:%d: unexpected finding: %s %s %q: %s (suggestions %v)", file, f.Line, f.Column, f.Rule, f.Severity, f.Text, f.Message, f.Suggestions)
		}
	}
	for i, w := range wants {
		if !used[i] {
			t.Errorf("%s:%d: no finding matches #want %s %s %q", file, w.Line, w.Rule, w.Severity, w.Text)
		}
	}
}

func (w Want) matches(f audit.Finding) bool {
	if f.Rule != w.Rule || f.Text != w.Text {
		return false
	}
	if w.Severity != "" && f.Severity.String() != w.Severity {
		return false
	}
	if w.Message != nil && !w.Message.MatchString(f.Message) {
		return false
	}
	if w.Suggestion != nil {
		found := false
		for _, s := range f.Suggestions {
			if s.Replacement == *w.Suggestion {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}
