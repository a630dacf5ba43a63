// Package prompts holds the LLM prompt templates and the JSON Schemas of
// the replies they ask for. The templates are Go text templates embedded in
// the binary and parsed at start-up; a directory of same-named files may
// override them. Each template file defines two templates, "system" and
// "user", executed with a Data value.
package prompts

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/template"
)

// Version names the prompt contract (templates, schemas and the way the
// data is laid out). Change it whenever a template or schema changes: it is
// part of the LLM cache key, so a new version never reuses old replies.
const Version = "mtaudit-prompts/1"

// Task is a kind of LLM request.
type Task string

// Tasks.
const (
	Suggest Task = "suggest" // fix suggestions for the rules' findings
	Review  Task = "review"  // GEMBA-MQM-style second opinion: errors the rules missed
)

// Tasks lists every task.
var Tasks = []Task{Suggest, Review}

//go:embed *.tmpl *.schema.json
var files embed.FS

// Data is what a template is executed with. Article and every Finding field
// come from the untrusted article; templates must keep them between the
// Nonce markers.
type Data struct {
	// Nonce marks the start and end of the untrusted data. It is derived
	// from the article, so the article cannot contain it.
	Nonce      string
	Article    string
	SourceLang string // "" when unknown
	TargetLang string // e.g. "English"
	Findings   []Finding
	// Categories are the MQM categories a review may use.
	Categories []string
}

// Finding is one rule finding as a prompt shows it (rendered as JSON).
type Finding struct {
	ID          string   `json:"id"`
	Rule        string   `json:"rule"`
	Category    string   `json:"category"`
	Severity    string   `json:"severity"`
	Text        string   `json:"text"`
	Message     string   `json:"message"`
	Sentence    string   `json:"sentence,omitempty"`
	RuleDoc     string   `json:"rule_doc,omitempty"`
	Suggestions []string `json:"rule_suggestions,omitempty"`
}

// Set is a parsed set of templates, one per task.
type Set struct {
	tmpl map[Task]*template.Template
	hash string
}

var funcs = template.FuncMap{
	"json": func(v any) (string, error) {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			return "", err
		}
		return strings.TrimRight(buf.String(), "\n"), nil
	},
}

// Load parses the embedded templates, replacing each with the file of the
// same name (suggest.tmpl, review.tmpl) in dir when dir is not empty and
// holds one. Every template is executed once on sample data, so a broken
// template fails here rather than in the middle of a run.
func Load(dir string) (*Set, error) {
	s := &Set{tmpl: map[Task]*template.Template{}}
	h := sha256.New()
	h.Write([]byte(Version))
	for _, task := range Tasks {
		name := string(task) + ".tmpl"
		text, err := files.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("prompt %s: %w", name, err)
		}
		from := "embedded " + name
		if dir != "" {
			path := filepath.Join(dir, name)
			b, err := os.ReadFile(path)
			switch {
			case err == nil:
				text, from = b, path
			case !errors.Is(err, fs.ErrNotExist):
				return nil, fmt.Errorf("prompt %s: %w", path, err)
			}
		}
		t, err := template.New(name).Funcs(funcs).Option("missingkey=error").Parse(string(text))
		if err != nil {
			return nil, fmt.Errorf("prompt %s: %w", from, err)
		}
		for _, part := range []string{"system", "user"} {
			if t.Lookup(part) == nil {
				return nil, fmt.Errorf("prompt %s: no {{define %q}}", from, part)
			}
		}
		s.tmpl[task] = t
		if _, _, err := s.Render(task, sample()); err != nil {
			return nil, fmt.Errorf("prompt %s: %w", from, err)
		}
		h.Write([]byte{0})
		h.Write(text)
	}
	s.hash = hex.EncodeToString(h.Sum(nil)[:12])
	return s, nil
}

func sample() Data {
	return Data{
		Nonce: "0123456789abcdef", Article: "Kim said Kim said.", TargetLang: "English",
		Findings:   []Finding{{ID: "0", Rule: "r", Category: "Other", Severity: "major", Text: "said", Message: "m"}},
		Categories: Categories(),
	}
}

// Hash identifies the templates' text and the prompt version, for cache
// keys: overriding a template changes it.
func (s *Set) Hash() string { return s.hash }

// Render executes the task's "system" and "user" templates on d.
func (s *Set) Render(task Task, d Data) (system, user string, err error) {
	t := s.tmpl[task]
	if t == nil {
		return "", "", fmt.Errorf("no prompt for task %q", task)
	}
	var sys, usr bytes.Buffer
	if err := t.ExecuteTemplate(&sys, "system", d); err != nil {
		return "", "", fmt.Errorf("render %s system prompt: %w", task, err)
	}
	if err := t.ExecuteTemplate(&usr, "user", d); err != nil {
		return "", "", fmt.Errorf("render %s user prompt: %w", task, err)
	}
	return sys.String(), usr.String(), nil
}

// Schema returns the JSON Schema a task's reply must satisfy.
func Schema(task Task) []byte {
	b, err := files.ReadFile(string(task) + ".schema.json")
	if err != nil {
		panic(fmt.Sprintf("prompts: no schema for task %q", task)) // embedded: cannot happen
	}
	return b
}

// Categories returns the MQM categories a review may use (the enum of the
// review schema), in schema order.
func Categories() []string {
	var s struct {
		Properties struct {
			Errors struct {
				Items struct {
					Properties struct {
						Category struct {
							Enum []string `json:"enum"`
						} `json:"category"`
					} `json:"properties"`
				} `json:"items"`
			} `json:"errors"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(Schema(Review), &s); err != nil {
		panic(fmt.Sprintf("prompts: review schema: %v", err)) // embedded: cannot happen
	}
	return s.Properties.Errors.Items.Properties.Category.Enum
}
