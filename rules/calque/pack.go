// Package calque holds the source-language rules: calques and false
// friends that machine translation carries over from a given source
// language (calque), and the inference of that source language from the
// evidence in an article (source-language).
//
// Each source language has a pack, an embedded YAML data file
// (data/LANG.yaml) of entries: a short pattern, what the source most likely
// meant, a suggestion, a severity and context conditions. A pack applies
// when --source-lang names its language, or, with auto or no source
// language, when the article's evidence points to it; the other packs stay
// off.
package calque

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mtaudit/mtaudit/audit"
)

//go:embed data/*.yaml
var packFiles embed.FS

// Pack is the calque pack of one source language.
type Pack struct {
	Lang     string // ISO 639-1 code
	Language string // English name of the language ("French")
	Entries  []*Entry
}

// Entry is one calque or false friend, or (with Report false) a trace that
// only counts as evidence of the source language.
type Entry struct {
	Name     string         // kebab-case id, unique in its pack
	Pattern  *regexp.Regexp // matched against the article text
	Trigger  string         // lower-case literals, "|"-separated: every match contains one (a fast pre-filter)
	Source   string         // the source-language expression it renders
	Meaning  string         // what the source most likely meant
	Suggest  string         // replacement template ($1, ${name}); "" for none
	Severity audit.Severity
	Report   bool // false: evidence of the language only, never a finding
	// Evidence is the entry's weight toward inferring the pack's language.
	Evidence int
	// Context conditions, all optional: the match is dropped when
	// UnlessSentence matches its sentence, UnlessBefore the sentence text
	// before it, UnlessAfter the text after it, or UnlessDoc the document,
	// and when RequireAfter does not match the text after it.
	UnlessSentence, UnlessBefore, UnlessAfter, UnlessDoc, RequireAfter *regexp.Regexp

	flagGroup  int      // index of the (?P<flag>...) group, or 0: the whole match is flagged
	triggers   []string // Trigger split at "|"
	triggerIDs []int    // ids of triggers in packTriggers (embedded packs only)
}

type yamlPack struct {
	Lang     string      `yaml:"lang"`
	Language string      `yaml:"language"`
	Entries  []yamlEntry `yaml:"entries"`
}

type yamlEntry struct {
	Name           string `yaml:"name"`
	Pattern        string `yaml:"pattern"`
	Trigger        string `yaml:"trigger"`
	CaseSensitive  bool   `yaml:"case_sensitive"`
	Source         string `yaml:"source"`
	Meaning        string `yaml:"meaning"`
	Suggest        string `yaml:"suggest"`
	Severity       string `yaml:"severity"`
	Report         *bool  `yaml:"report"`
	Evidence       *int   `yaml:"evidence"`
	UnlessSentence string `yaml:"unless_sentence"`
	UnlessBefore   string `yaml:"unless_before"`
	UnlessAfter    string `yaml:"unless_after"`
	UnlessDoc      string `yaml:"unless_doc"`
	RequireAfter   string `yaml:"require_after"`
}

var packNameRE = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// ParsePack reads a pack from YAML; name is used in error messages.
// Decoding is strict: unknown fields, bad regular expressions, an unknown
// severity or a trigger the pattern does not imply are errors.
func ParsePack(name string, data []byte) (*Pack, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var y yamlPack
	if err := dec.Decode(&y); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(y.Lang) != 2 || strings.ToLower(y.Lang) != y.Lang {
		return nil, fmt.Errorf("%s: lang %q is not an ISO 639-1 code", name, y.Lang)
	}
	if y.Language == "" {
		return nil, fmt.Errorf("%s: no language name", name)
	}
	p := &Pack{Lang: y.Lang, Language: y.Language}
	seen := map[string]bool{}
	for i, ye := range y.Entries {
		e, err := ye.entry()
		if err != nil {
			return nil, fmt.Errorf("%s: entry %d (%s): %w", name, i+1, ye.Name, err)
		}
		if seen[e.Name] {
			return nil, fmt.Errorf("%s: entry %d: duplicate name %q", name, i+1, e.Name)
		}
		seen[e.Name] = true
		p.Entries = append(p.Entries, e)
	}
	return p, nil
}

func (y yamlEntry) entry() (*Entry, error) {
	if !packNameRE.MatchString(y.Name) {
		return nil, fmt.Errorf("name %q is not kebab-case", y.Name)
	}
	if y.Pattern == "" || y.Trigger == "" {
		return nil, errors.New("needs a pattern and a trigger")
	}
	if strings.ToLower(y.Trigger) != y.Trigger {
		return nil, fmt.Errorf("trigger %q is not lower case", y.Trigger)
	}
	e := &Entry{Name: y.Name, Trigger: y.Trigger, triggers: strings.Split(y.Trigger, "|"), Source: y.Source, Meaning: y.Meaning, Suggest: y.Suggest, Report: true, Evidence: 1}
	if y.Report != nil {
		e.Report = *y.Report
	}
	if y.Evidence != nil {
		e.Evidence = *y.Evidence
	}
	if e.Report && e.Meaning == "" {
		return nil, errors.New("a reported entry needs a meaning")
	}
	flags := "(?i)"
	if y.CaseSensitive {
		flags = ""
	}
	var err error
	if e.Pattern, err = regexp.Compile(flags + y.Pattern); err != nil {
		return nil, fmt.Errorf("pattern: %w", err)
	}
	if e.Pattern.MatchString("") {
		return nil, errors.New("pattern matches the empty string")
	}
	e.flagGroup = max(e.Pattern.SubexpIndex("flag"), 0)
	for _, c := range []struct {
		src string
		dst **regexp.Regexp
	}{
		{y.UnlessSentence, &e.UnlessSentence}, {y.UnlessBefore, &e.UnlessBefore}, {y.UnlessAfter, &e.UnlessAfter},
		{y.UnlessDoc, &e.UnlessDoc}, {y.RequireAfter, &e.RequireAfter},
	} {
		if c.src == "" {
			continue
		}
		if *c.dst, err = regexp.Compile("(?i)" + c.src); err != nil {
			return nil, fmt.Errorf("condition %q: %w", c.src, err)
		}
	}
	if y.Severity == "" {
		y.Severity = "minor"
	}
	if e.Severity, err = audit.ParseSeverity(y.Severity); err != nil {
		return nil, err
	}
	return e, nil
}

// loadPacks parses every embedded pack, sorted by language code.
func loadPacks() ([]*Pack, error) {
	files, err := packFiles.ReadDir("data")
	if err != nil {
		return nil, fmt.Errorf("read packs: %w", err)
	}
	var packs []*Pack
	for _, f := range files {
		data, err := packFiles.ReadFile(path.Join("data", f.Name()))
		if err != nil {
			return nil, fmt.Errorf("read pack %s: %w", f.Name(), err)
		}
		p, err := ParsePack(f.Name(), data)
		if err != nil {
			return nil, err
		}
		if p.Lang+".yaml" != f.Name() {
			return nil, fmt.Errorf("%s: lang %q does not match the file name", f.Name(), p.Lang)
		}
		packs = append(packs, p)
	}
	sort.Slice(packs, func(i, j int) bool { return packs[i].Lang < packs[j].Lang })
	return packs, nil
}

// packs is the read-only table of embedded packs; the package tests make
// sure it loads.
var packs = func() []*Pack {
	p, err := loadPacks()
	if err != nil {
		panic(err)
	}
	return p
}()

// packTriggers indexes the triggers of the embedded packs (read-only).
var packTriggers = newTriggerIndex(packs)

// Packs returns the embedded packs, sorted by language code.
func Packs() []*Pack { return packs }

// PackFor returns the embedded pack of language lang, or nil.
func PackFor(lang string) *Pack {
	for _, p := range packs {
		if p.Lang == lang {
			return p
		}
	}
	return nil
}
