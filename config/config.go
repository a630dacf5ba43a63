// Package config reads mtaudit's configuration file, .mtaudit.yaml: which
// rules run and at what severity, the gate, name lexicons, the source and
// target languages, the optional LLM pass and the HTTP service.
//
// Decoding is strict: an unknown key, a value of the wrong type or an
// invalid setting is an error naming the file and the line. The file is
// found by walking up from the working directory (Find), like .vale.ini, or
// named on the command line. Command-line flags override it; that merge is
// the command's job, not this package's.
package config

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/mtaudit/mtaudit/audit"
)

// FileName is the name Find looks for.
const FileName = ".mtaudit.yaml"

// Default is the commented default configuration 'mtaudit config init'
// writes. Every setting in it is the built-in default.
//
//go:embed default.yaml
var Default []byte

// File is a decoded configuration file. A zero or nil field means "not set":
// the command's built-in default (or its flag) applies.
type File struct {
	Rules    Rules    `yaml:"rules"`
	Gate     Gate     `yaml:"gate"`
	Lexicons []string `yaml:"lexicons"` // paths, relative to the file's directory
	Language Language `yaml:"language"`
	Input    Input    `yaml:"input"`
	// Baseline is a reviewed report whose rejected findings are suppressed
	// (check --baseline); relative to the file's directory.
	Baseline string `yaml:"baseline"`
	LLM      LLM    `yaml:"llm"`
	Serve    Serve  `yaml:"serve"`

	path string     // the file read, absolute; "" for a File built in code
	root *yaml.Node // the parsed document, for line numbers
}

// Rules selects the rules and overrides their severities.
type Rules struct {
	// Enable, when not empty, runs only these rules.
	Enable []string `yaml:"enable"`
	// Disable never runs these rules (it wins over Enable).
	Disable []string `yaml:"disable"`
	// Severity maps a rule name to the severity its findings get:
	// neutral, minor, major or critical.
	Severity map[string]string `yaml:"severity"`
}

// Gate is the pre-publish policy (see audit.Gate).
type Gate struct {
	// FailOn is the lowest severity that fails an article, or "none".
	FailOn string `yaml:"fail_on"`
	// MaxScore also fails articles whose MQM score exceeds it.
	MaxScore *float64 `yaml:"max_score"`
}

// Language names the languages of the audited text (see audit.Env).
type Language struct {
	// Source is the MT source language: an ISO 639-1 code, "auto" or "".
	Source string `yaml:"source"`
	// Target is the language the text should be in (ISO 639-1).
	Target string `yaml:"target"`
	// Candidates are the languages the untranslated rule tells apart
	// (ISO 639-1); empty: its default list.
	Candidates []string `yaml:"candidates"`
}

// Input says how check reads JSONL records.
type Input struct {
	IDField   string `yaml:"id_field"`   // check --id-field
	TextField string `yaml:"text_field"` // check --text-field
}

// LLM configures the optional LLM pass. It never holds the API key itself:
// APIKeyEnv names the environment variable that does.
type LLM struct {
	Enabled      *bool         `yaml:"enabled"`       // check --llm
	Model        string        `yaml:"model"`         // --llm-model
	BaseURL      string        `yaml:"base_url"`      // --llm-base-url
	APIKeyEnv    string        `yaml:"api_key_env"`   // name of the variable holding the key
	Concurrency  int           `yaml:"concurrency"`   // --llm-concurrency
	Timeout      time.Duration `yaml:"timeout"`       // --llm-timeout, per request
	MaxRequests  int           `yaml:"max_requests"`  // --llm-max-requests, budget per run
	Review       *bool         `yaml:"review"`        // --llm-review
	ReviewCounts *bool         `yaml:"review_counts"` // review findings count toward the gate
	CacheDir     string        `yaml:"cache_dir"`     // --llm-cache; "off": no cache
	PromptDir    string        `yaml:"prompt_dir"`    // --llm-prompts
}

// Serve configures 'mtaudit serve'.
type Serve struct {
	Addr          string        `yaml:"addr"`           // listen address, host:port
	MaxBodyBytes  int64         `yaml:"max_body_bytes"` // request body limit
	MaxDocuments  int           `yaml:"max_documents"`  // articles per request
	Timeout       time.Duration `yaml:"timeout"`        // per request
	MaxConcurrent int           `yaml:"max_concurrent"` // audits at once; more get 429
	LogFormat     string        `yaml:"log_format"`     // text or json
}

// Path is the absolute path of the file f was read from.
func (f *File) Path() string { return f.path }

// Find looks for FileName in dir and its parents and returns the first
// found, or "" if there is none.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("find %s: %w", FileName, err)
	}
	for {
		p := filepath.Join(dir, FileName)
		info, err := os.Stat(p)
		switch {
		case err == nil && !info.IsDir():
			return p, nil
		case err != nil && !errors.Is(err, os.ErrNotExist):
			return "", fmt.Errorf("find %s: %w", FileName, err)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// Load reads and strictly decodes the file at path. It does not validate
// the settings; call Validate.
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	f, err := Parse(abs, data)
	if err != nil {
		return nil, err
	}
	return f, nil
}

// Parse decodes data, read from path (used in messages and to resolve
// relative lexicon paths). Unknown keys and values of the wrong type are
// errors of the form "path:line: message".
func Parse(path string, data []byte) (*File, error) {
	f := &File{path: path}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(f); err != nil && !errors.Is(err, io.EOF) {
		return nil, yamlError(path, err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(path, err)
	}
	f.root = &root
	return f, nil
}

var (
	yamlLineRE    = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	notFoundRE    = regexp.MustCompile(`^field (\S+) not found in type (\S+)$`)
	sectionOfType = map[string]reflect.Type{}
	sectionName   = map[reflect.Type]string{}
)

func init() {
	for t, name := range map[reflect.Type]string{
		reflect.TypeFor[File]():     "the top level",
		reflect.TypeFor[Rules]():    "rules",
		reflect.TypeFor[Gate]():     "gate",
		reflect.TypeFor[Language](): "language",
		reflect.TypeFor[Input]():    "input",
		reflect.TypeFor[LLM]():      "llm",
		reflect.TypeFor[Serve]():    "serve",
	} {
		sectionOfType[t.String()] = t
		sectionName[t] = name
	}
}

// yamlError rewrites the decoder's "line N: ..." messages as
// "path:N: ...", one error per problem, and names the valid keys of a
// section when a key is unknown.
func yamlError(path string, err error) error {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	errs := make([]error, 0, len(msgs))
	for _, m := range msgs {
		sm := yamlLineRE.FindStringSubmatch(m)
		if sm == nil {
			errs = append(errs, fmt.Errorf("%s: %s", path, strings.TrimPrefix(m, "yaml: ")))
			continue
		}
		msg := sm[2]
		if nf := notFoundRE.FindStringSubmatch(msg); nf != nil {
			if t, ok := sectionOfType[nf[2]]; ok {
				msg = fmt.Sprintf("unknown key %q in %s (valid keys: %s)", nf[1], sectionName[t], strings.Join(yamlKeys(t), ", "))
			}
		}
		errs = append(errs, fmt.Errorf("%s:%s: %s", path, sm[1], msg))
	}
	return errors.Join(errs...)
}

// yamlKeys lists the keys of a section struct.
func yamlKeys(t reflect.Type) []string {
	var keys []string
	for i := range t.NumField() {
		tag := strings.Split(t.Field(i).Tag.Get("yaml"), ",")[0]
		if tag != "" && tag != "-" {
			keys = append(keys, tag)
		}
	}
	return keys
}

// line returns the line of the node at the key path (map keys, or list
// indexes as decimal strings), or 0 when the path is absent. For a map
// entry it is the line of the value.
func (f *File) line(path ...string) int {
	if f.root == nil || len(f.root.Content) == 0 {
		return 0
	}
	n := f.root.Content[0]
	for _, p := range path {
		switch n.Kind {
		case yaml.MappingNode:
			var next *yaml.Node
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == p {
					next = n.Content[i+1]
				}
			}
			if next == nil {
				return 0
			}
			n = next
		case yaml.SequenceNode:
			i, err := strconv.Atoi(p)
			if err != nil || i < 0 || i >= len(n.Content) {
				return 0
			}
			n = n.Content[i]
		default:
			return 0
		}
	}
	return n.Line
}

// errAt formats a validation error at the line of the key path.
func (f *File) errAt(path []string, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	loc := f.path
	if loc == "" {
		loc = "config"
	}
	if l := f.line(path...); l > 0 {
		return fmt.Errorf("%s:%d: %s", loc, l, msg)
	}
	return fmt.Errorf("%s: %s", loc, msg)
}

var (
	langRE   = regexp.MustCompile(`^[a-z]{2}$`)
	envVarRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
	addrRE   = regexp.MustCompile(`^[^\s]*:\d{1,5}$`)
)

// Validate checks every setting; knownRule reports whether a rule name
// exists. It returns all problems at once, each as "path:line: message".
func (f *File) Validate(knownRule func(string) bool) error {
	var errs []error
	bad := func(path []string, format string, args ...any) {
		errs = append(errs, f.errAt(path, format, args...))
	}
	for _, list := range []struct {
		key   string
		names []string
	}{{"enable", f.Rules.Enable}, {"disable", f.Rules.Disable}} {
		for i, n := range list.names {
			if !knownRule(n) {
				bad([]string{"rules", list.key, strconv.Itoa(i)}, "unknown rule %q (see 'mtaudit rules')", n)
			}
		}
	}
	for _, n := range sortedKeys(f.Rules.Severity) {
		if !knownRule(n) {
			bad([]string{"rules", "severity", n}, "unknown rule %q (see 'mtaudit rules')", n)
		}
		if _, err := audit.ParseSeverity(f.Rules.Severity[n]); err != nil {
			bad([]string{"rules", "severity", n}, "rule %s: %v", n, err)
		}
	}
	if f.Gate.FailOn != "" {
		var g audit.Gate
		if err := g.ParseFailOn(f.Gate.FailOn); err != nil {
			bad([]string{"gate", "fail_on"}, "%v", err)
		}
	}
	if f.Gate.MaxScore != nil && *f.Gate.MaxScore < 0 {
		bad([]string{"gate", "max_score"}, "max_score: want a number ≥ 0, got %g", *f.Gate.MaxScore)
	}
	for i, p := range f.Lexicons {
		if p == "" {
			bad([]string{"lexicons", strconv.Itoa(i)}, "empty lexicon path")
			continue
		}
		if _, err := os.Stat(f.resolve(p)); err != nil {
			bad([]string{"lexicons", strconv.Itoa(i)}, "lexicon: %v", err)
		}
	}
	if s := f.Language.Source; s != "" && s != "auto" && !langRE.MatchString(s) {
		bad([]string{"language", "source"}, "source: want an ISO 639-1 code such as fr, or auto, got %q", s)
	}
	if t := f.Language.Target; t != "" && !langRE.MatchString(t) {
		bad([]string{"language", "target"}, "target: want an ISO 639-1 code such as en, got %q", t)
	}
	for i, c := range f.Language.Candidates {
		if !langRE.MatchString(c) {
			bad([]string{"language", "candidates", strconv.Itoa(i)}, "candidates: want ISO 639-1 codes such as fr, got %q", c)
		}
	}
	if f.Baseline != "" {
		if _, err := os.Stat(f.resolve(f.Baseline)); err != nil {
			bad([]string{"baseline"}, "baseline: %v", err)
		}
	}
	if k := f.LLM.APIKeyEnv; k != "" && !envVarRE.MatchString(k) {
		// Never echo the value: it may be the key itself pasted by mistake.
		bad([]string{"llm", "api_key_env"}, "api_key_env: want the NAME of the environment variable holding the API key (such as MTAUDIT_LLM_API_KEY), not the key itself")
	}
	if f.LLM.BaseURL != "" && !strings.HasPrefix(f.LLM.BaseURL, "http://") && !strings.HasPrefix(f.LLM.BaseURL, "https://") {
		bad([]string{"llm", "base_url"}, "base_url: want an http:// or https:// URL")
	}
	for _, v := range []struct {
		key string
		n   int64
	}{{"concurrency", int64(f.LLM.Concurrency)}, {"max_requests", int64(f.LLM.MaxRequests)}, {"timeout", int64(f.LLM.Timeout)}} {
		if v.n < 0 {
			bad([]string{"llm", v.key}, "%s: must not be negative", v.key)
		}
	}
	for _, v := range []struct {
		key string
		n   int64
	}{{"max_body_bytes", f.Serve.MaxBodyBytes}, {"max_documents", int64(f.Serve.MaxDocuments)}, {"max_concurrent", int64(f.Serve.MaxConcurrent)}, {"timeout", int64(f.Serve.Timeout)}} {
		if v.n < 0 {
			bad([]string{"serve", v.key}, "%s: must not be negative", v.key)
		}
	}
	if a := f.Serve.Addr; a != "" && !addrRE.MatchString(a) {
		bad([]string{"serve", "addr"}, "addr: want host:port, got %q", a)
	}
	if lf := f.Serve.LogFormat; lf != "" && lf != "text" && lf != "json" {
		bad([]string{"serve", "log_format"}, "log_format: want text or json, got %q", lf)
	}
	return errors.Join(errs...)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// resolve makes a path relative to the file's directory absolute.
func (f *File) resolve(p string) string {
	if filepath.IsAbs(p) || f.path == "" {
		return p
	}
	return filepath.Join(filepath.Dir(f.path), p)
}

// LLMCacheDir and LLMPromptDir return the LLM directories, relative paths
// resolved against the configuration file's directory ("off" stays "off").
func (f *File) LLMCacheDir() string {
	if f.LLM.CacheDir == "" || f.LLM.CacheDir == "off" {
		return f.LLM.CacheDir
	}
	return f.resolve(f.LLM.CacheDir)
}

// LLMPromptDir: see LLMCacheDir.
func (f *File) LLMPromptDir() string {
	if f.LLM.PromptDir == "" {
		return ""
	}
	return f.resolve(f.LLM.PromptDir)
}

// BaselinePath returns the baseline report's path, resolved against the
// file's directory, or "".
func (f *File) BaselinePath() string {
	if f.Baseline == "" {
		return ""
	}
	return f.resolve(f.Baseline)
}

// LexiconPaths returns the lexicon files, relative paths resolved against
// the configuration file's directory.
func (f *File) LexiconPaths() []string {
	out := make([]string, len(f.Lexicons))
	for i, p := range f.Lexicons {
		out[i] = f.resolve(p)
	}
	return out
}

// Overrides returns the per-rule severities. Call it after Validate: names
// of unknown severities are left out.
func (f *File) Overrides() map[string]audit.Severity {
	out := make(map[string]audit.Severity, len(f.Rules.Severity))
	for n, s := range f.Rules.Severity {
		if sev, err := audit.ParseSeverity(s); err == nil {
			out[n] = sev
		}
	}
	return out
}

// ApplyGate sets on g the gate settings the file names: fail_on when
// failOn, max_score when maxScore (a caller passes false for a setting its
// command line already gave).
func (f *File) ApplyGate(g *audit.Gate, failOn, maxScore bool) error {
	if failOn && f.Gate.FailOn != "" {
		if err := g.ParseFailOn(f.Gate.FailOn); err != nil {
			return f.errAt([]string{"gate", "fail_on"}, "%v", err)
		}
	}
	if maxScore && f.Gate.MaxScore != nil {
		g.MaxScore, g.HasMaxScore = *f.Gate.MaxScore, true
	}
	return nil
}
