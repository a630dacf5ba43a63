// Package lexicon is mtaudit's name lexicon: canonical forms of people,
// countries, places, organisations and news agencies, with their accepted
// aliases, their kind, the gender of people, and the wrong forms MT output
// writes instead (foreign exonyms such as "Poutine" for Putin, known
// mangles, dated spellings).
//
// A lexicon is read from YAML (see Parse for the format). The default
// lexicon is embedded (Default); user lexicons given with --lexicon are
// merged over it (Merge). Rules find the lexicon in audit.Env.Resources
// with FromEnv.
package lexicon

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Kind is what a name names.
type Kind string

// Kinds of names.
const (
	Person       Kind = "person"
	Country      Kind = "country"
	Place        Kind = "place" // city, region, capital
	Organisation Kind = "organisation"
	Agency       Kind = "agency" // news agency
	Other        Kind = "other"  // anything else, or not known (learned names)
)

// Gender of a person; empty when unknown or not a person.
type Gender string

// Genders.
const (
	Male   Gender = "male"
	Female Gender = "female"
)

// FormKind says what a form of an entry is.
type FormKind uint8

// Form kinds.
const (
	Canonical FormKind = iota // the entry's name
	Alias                     // an accepted English form ("Kim Jong-un", "Putin")
	Exonym                    // a foreign-language form ("Poutine", "Pékin")
	Wrong                     // a known wrong form ("Kim Jong One")
	Dated                     // a dated English spelling ("Kiev")
)

func (k FormKind) String() string {
	return [...]string{"canonical", "alias", "exonym", "wrong", "dated"}[k]
}

// IsCorrect reports whether forms of kind k are acceptable English.
func (k FormKind) IsCorrect() bool { return k == Canonical || k == Alias }

// WrongForm is a form of an entry that English text should not use.
type WrongForm struct {
	Form string
	Kind FormKind // Exonym, Wrong or Dated
	Lang string   // ISO 639-1 language of an exonym, else ""
}

// Entry is one named thing.
type Entry struct {
	Canonical string
	Aliases   []string // accepted English forms besides Canonical, with their casing
	Kind      Kind
	Gender    Gender   // people only; "" when unknown
	Demonyms  []string // countries and places: "Chinese", "North Korean"
	// WrongForms are the exonyms, known wrong forms and dated spellings.
	WrongForms []WrongForm
	// Count and GenderEvidence come from `mtaudit lexicon learn`: how often
	// the name was seen, and how many pronouns/honorifics supported each
	// gender. Zero for hand-written entries.
	Count          int
	GenderEvidence map[Gender]int
	// Source names the file the entry came from ("default" for the
	// embedded lexicon) and Line its line there.
	Source string
	Line   int
}

// Forms returns the accepted forms: the canonical form first, then the aliases.
func (e *Entry) Forms() []string { return append([]string{e.Canonical}, e.Aliases...) }

// Match is the result of a lookup.
type Match struct {
	Entry *Entry
	// Form is the entry's form that matched, with the lexicon's casing.
	Form string
	Kind FormKind
	Lang string // language of an exonym
	// Ambiguous is true when the form belongs to several entries (Entry is
	// the first); callers that need one referent should not rely on it.
	Ambiguous bool
}

// Lexicon is an immutable set of entries indexed by normalised form. It is
// safe for concurrent use.
type Lexicon struct {
	entries  []*Entry
	index    map[string][]formRef // Key(form) → forms
	demonyms map[string]*Entry    // Key(demonym) → country
	// oneOff indexes the correct forms of two words or more by their key
	// with one word replaced by "*", for near-miss lookups.
	oneOff    map[string][]formRef
	maxTokens int
}

type formRef struct {
	entry *Entry
	form  string
	kind  FormKind
	lang  string
}

// Entries returns the entries in file order.
func (l *Lexicon) Entries() []*Entry {
	if l == nil {
		return nil
	}
	return l.entries
}

// Len is the number of entries.
func (l *Lexicon) Len() int { return len(l.Entries()) }

// MaxTokens is the largest number of words in any form, which bounds the
// windows a caller needs to look up.
func (l *Lexicon) MaxTokens() int {
	if l == nil {
		return 0
	}
	return l.maxTokens
}

// Lookup finds the form s ("Kim Jong-un", "Poutine", "KCNA"). Matching
// ignores case, hyphens versus spaces, apostrophe style and a final
// possessive ('s), but not diacritics: "Irán" is not "Iran". Correct forms
// take precedence over wrong ones. Case-sensitive checks are the caller's,
// with Match.Form.
func (l *Lexicon) Lookup(s string) (Match, bool) {
	var buf [128]byte
	k := appendKey(buf[:0], s)
	if l == nil || len(k) == 0 {
		return Match{}, false
	}
	return l.lookup(l.index[string(k)]) // no allocation: the map is indexed by the bytes
}

// LookupKey is Lookup for an already normalised key (see Key).
func (l *Lexicon) LookupKey(key string) (Match, bool) {
	if l == nil || key == "" {
		return Match{}, false
	}
	return l.lookup(l.index[key])
}

// lookup builds the match of the index entries refs of one key.
func (l *Lexicon) lookup(refs []formRef) (Match, bool) {
	if len(refs) == 0 {
		return Match{}, false
	}
	r := refs[0]
	m := Match{Entry: r.entry, Form: r.form, Kind: r.kind, Lang: r.lang}
	for _, o := range refs[1:] {
		if o.entry != r.entry && o.kind.IsCorrect() == r.kind.IsCorrect() {
			m.Ambiguous = true
		}
	}
	return m, true
}

// NearMiss is a correct form that differs from a looked-up name in one word.
type NearMiss struct {
	Match
	Part int // index of the differing word in the looked-up parts
}

// NearMisses returns the correct forms of two words or more that have as
// many words as parts (a name's Key split into words) and differ from it in
// exactly one word: "kim jong one" → Kim Jong Un, Kim Jong Il... Forms equal
// to parts are not near misses; callers look the exact form up first, as
// "kim jong un" is a near miss of Kim Jong Il.
func (l *Lexicon) NearMisses(parts []string) []NearMiss {
	if l == nil || len(parts) < 2 {
		return nil
	}
	var out []NearMiss
	seen := map[*Entry]bool{}
	var buf [128]byte
	for i := range parts {
		for _, r := range l.oneOff[string(AppendWildcard(buf[:0], parts, i))] {
			if seen[r.entry] || strings.Fields(Key(r.form))[i] == parts[i] {
				continue
			}
			seen[r.entry] = true
			out = append(out, NearMiss{Match: Match{Entry: r.entry, Form: r.form, Kind: r.kind}, Part: i})
		}
	}
	return out
}

// Wildcard is the one-off key of parts with part i written "*": the
// parts joined by spaces ("kim * un"). Two forms differing in part i alone
// share it.
func Wildcard(parts []string, i int) string {
	c := append([]string(nil), parts...)
	c[i] = "*"
	return strings.Join(c, " ")
}

// Demonym returns the country or place whose demonym is word ("Chinese").
func (l *Lexicon) Demonym(word string) (*Entry, bool) {
	if l == nil {
		return nil, false
	}
	var buf [128]byte
	e, ok := l.demonyms[string(appendKey(buf[:0], word))] // no allocation
	return e, ok
}

// AppendWildcard appends Wildcard(parts, i) to dst without allocating.
func AppendWildcard(dst []byte, parts []string, i int) []byte {
	for j, p := range parts {
		if j > 0 {
			dst = append(dst, ' ')
		}
		if j == i {
			p = "*"
		}
		dst = append(dst, p...)
	}
	return dst
}

// Key normalises a form for lookup: lower case, hyphens and runs of
// spaces become one space, curly apostrophes become straight ones, and a
// final possessive ('s or s') is removed.
func Key(s string) string {
	var buf [128]byte
	return string(appendKey(buf[:0], s)) // one allocation: the result
}

// KeyEquals reports whether Key(s) == key, without allocating for short s.
func KeyEquals(s, key string) bool {
	var buf [128]byte
	return string(appendKey(buf[:0], s)) == key
}

// appendKey appends Key(s) to dst. Lookup uses it with a stack buffer, so
// that looking a form up allocates nothing.
func appendKey(dst []byte, s string) []byte {
	start := len(dst)
	space := false
	for _, r := range s {
		switch {
		case r == '-' || r == '‐' || r == '‑' || unicode.IsSpace(r):
			space = len(dst) > start
			continue
		case r == '’' || r == '‘':
			r = '\''
		}
		if space {
			dst = append(dst, ' ')
			space = false
		}
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			dst = append(dst, byte(r))
			continue
		}
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
	}
	k := dst[start:]
	switch {
	case bytes.HasSuffix(k, []byte("'s")):
		dst = dst[:len(dst)-2]
	case bytes.HasSuffix(k, []byte("s'")):
		dst = dst[:len(dst)-1]
	}
	return dst
}

// FoldDiacritics removes combining marks after canonical decomposition
// ("Pékin" → "Pekin"), for similarity measures; lookups keep diacritics.
func FoldDiacritics(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			if utf8.ValidString(s) {
				return foldValid(s)
			}
			t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
			out, _, err := transform.String(t, s)
			if err != nil {
				return s
			}
			return out
		}
	}
	return s
}

// foldValid is FoldDiacritics for valid UTF-8: the same three steps (NFD,
// drop nonspacing marks, NFC) as plain string operations, which allocate
// far less than a transform.Chain per call.
func foldValid(s string) string {
	d := norm.NFD.String(s)
	b := make([]byte, 0, len(d))
	for _, r := range d {
		if !unicode.Is(unicode.Mn, r) {
			b = utf8.AppendRune(b, r)
		}
	}
	return norm.NFC.String(string(b))
}

// New builds a lexicon from entries (which it owns afterwards). Forms are
// indexed; a wrong form whose key is also a correct form of any entry is
// dropped, so that a correct English name is never reported.
func New(entries []*Entry) *Lexicon {
	l := &Lexicon{entries: entries, index: map[string][]formRef{}, demonyms: map[string]*Entry{}, oneOff: map[string][]formRef{}}
	correct := map[string]bool{}
	add := func(r formRef) {
		k := Key(r.form)
		if k == "" {
			return
		}
		for _, o := range l.index[k] {
			if o.entry == r.entry && o.kind == r.kind {
				return
			}
		}
		l.index[k] = append(l.index[k], r)
		if n := len(strings.Fields(k)); n > l.maxTokens {
			l.maxTokens = n
		}
	}
	for _, e := range entries {
		for _, f := range e.Forms() {
			correct[Key(f)] = true
			add(formRef{entry: e, form: f, kind: kindOf(e, f)})
			if parts := strings.Fields(Key(f)); len(parts) >= 2 {
				for i := range parts {
					k := Wildcard(parts, i)
					l.oneOff[k] = append(l.oneOff[k], formRef{entry: e, form: f, kind: kindOf(e, f)})
				}
			}
		}
		for _, d := range e.Demonyms {
			if _, dup := l.demonyms[Key(d)]; !dup {
				l.demonyms[Key(d)] = e
			}
		}
	}
	for _, e := range entries {
		kept := e.WrongForms[:0]
		for _, w := range e.WrongForms {
			if correct[Key(w.Form)] {
				continue
			}
			kept = append(kept, w)
			add(formRef{entry: e, form: w.Form, kind: w.Kind, lang: w.Lang})
		}
		e.WrongForms = kept
	}
	for k, refs := range l.index {
		sort.SliceStable(refs, func(i, j int) bool { return refs[i].kind.IsCorrect() && !refs[j].kind.IsCorrect() })
		l.index[k] = refs
	}
	return l
}

func kindOf(e *Entry, form string) FormKind {
	if form == e.Canonical {
		return Canonical
	}
	return Alias
}

// Merge returns a lexicon with the entries of l followed by those of
// others. An entry of a later lexicon with the same canonical form (case
// folded) as an earlier one replaces it, so user lexicons can correct the
// default one.
func Merge(ls ...*Lexicon) *Lexicon {
	var out []*Entry
	pos := map[string]int{}
	for _, l := range ls {
		for _, e := range l.Entries() {
			c := *e
			c.WrongForms = append([]WrongForm(nil), e.WrongForms...)
			k := Key(e.Canonical)
			if i, ok := pos[k]; ok {
				out[i] = &c
				continue
			}
			pos[k] = len(out)
			out = append(out, &c)
		}
	}
	return New(out)
}

// ---- YAML ----

// file is the YAML document. Unknown fields are errors.
type file struct {
	Entries []yamlEntry `yaml:"entries"`
}

type yamlEntry struct {
	Name     string              `yaml:"name"`
	Kind     Kind                `yaml:"kind"`
	Gender   Gender              `yaml:"gender,omitempty"`
	Aliases  []string            `yaml:"aliases,omitempty,flow"`
	Demonyms []string            `yaml:"demonyms,omitempty,flow"`
	Exonyms  map[string][]string `yaml:"exonyms,omitempty"`
	Wrong    []string            `yaml:"wrong,omitempty,flow"`
	Dated    []string            `yaml:"dated,omitempty,flow"`
	Count    int                 `yaml:"count,omitempty"`
	Evidence map[Gender]int      `yaml:"gender_evidence,omitempty,flow"`
}

// Parse reads a lexicon from YAML. name is used in error messages, which
// read "name:LINE: problem". The format:
//
//	entries:
//	  - name: Vladimir Putin          # canonical English form (required)
//	    kind: person                  # person, country, place, organisation, agency or other (required)
//	    gender: male                  # people only: male or female; omit when unknown
//	    aliases: [Putin]              # other accepted English forms, with their casing
//	    demonyms: [Russian]           # countries and places
//	    exonyms:                      # foreign-language forms, by ISO 639-1 language
//	      fr: [Vladimir Poutine, Poutine]
//	      de: [Wladimir Putin]
//	    wrong: [Vladimir Poutin]      # other known wrong forms
//	    dated: []                     # dated English spellings (reported as minor)
//	    count: 12                     # written by `lexicon learn`: mentions seen
//	    gender_evidence: {male: 9}    # written by `lexicon learn`: supporting cues
//
// Decoding is strict: unknown fields, unknown kinds or genders, a gender on
// a non-person and an entry without a name are errors.
func Parse(name string, data []byte) (*Lexicon, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var f file
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return New(nil), nil
		}
		return nil, fmt.Errorf("%s:%w", name, yamlErr(err))
	}
	var root yaml.Node
	_ = yaml.Unmarshal(data, &root)
	lines := entryLines(&root)
	entries := make([]*Entry, 0, len(f.Entries))
	for i, y := range f.Entries {
		line := 0
		if i < len(lines) {
			line = lines[i]
		}
		e, err := y.entry()
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		e.Source, e.Line = name, line
		entries = append(entries, e)
	}
	return New(entries), nil
}

// yamlErr turns yaml's "yaml: line 3: ..." into "3: ...".
func yamlErr(err error) error {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "yaml: ")
	msg = strings.ReplaceAll(msg, "unmarshal errors:\n  ", "")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		return errors.New(rest)
	}
	return errors.New(" " + msg)
}

// entryLines returns the line of each item of the entries sequence.
func entryLines(root *yaml.Node) []int {
	if root == nil || len(root.Content) == 0 {
		return nil
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if doc.Content[i].Value == "entries" && doc.Content[i+1].Kind == yaml.SequenceNode {
			var out []int
			for _, n := range doc.Content[i+1].Content {
				out = append(out, n.Line)
			}
			return out
		}
	}
	return nil
}

func (y yamlEntry) entry() (*Entry, error) {
	if strings.TrimSpace(y.Name) == "" {
		return nil, errors.New("entry has no name")
	}
	switch y.Kind {
	case Person, Country, Place, Organisation, Agency, Other:
	case "":
		return nil, fmt.Errorf("%s: no kind (person, country, place, organisation, agency or other)", y.Name)
	default:
		return nil, fmt.Errorf("%s: unknown kind %q (person, country, place, organisation, agency or other)", y.Name, y.Kind)
	}
	switch y.Gender {
	case "", Male, Female:
	default:
		return nil, fmt.Errorf("%s: unknown gender %q (male or female)", y.Name, y.Gender)
	}
	if y.Gender != "" && y.Kind != Person {
		return nil, fmt.Errorf("%s: gender on a %s", y.Name, y.Kind)
	}
	for g := range y.Evidence {
		if g != Male && g != Female {
			return nil, fmt.Errorf("%s: gender_evidence: unknown gender %q", y.Name, g)
		}
	}
	e := &Entry{Canonical: strings.TrimSpace(y.Name), Kind: y.Kind, Gender: y.Gender, Count: y.Count}
	for _, a := range y.Aliases {
		if a = strings.TrimSpace(a); a != "" && a != e.Canonical {
			e.Aliases = append(e.Aliases, a)
		}
	}
	e.Demonyms = nonEmpty(y.Demonyms)
	langs := make([]string, 0, len(y.Exonyms))
	for lang := range y.Exonyms {
		langs = append(langs, lang)
	}
	sort.Strings(langs)
	for _, lang := range langs {
		if len(lang) != 2 || strings.ToLower(lang) != lang {
			return nil, fmt.Errorf("%s: exonyms: %q is not an ISO 639-1 code", y.Name, lang)
		}
		for _, f := range nonEmpty(y.Exonyms[lang]) {
			e.WrongForms = append(e.WrongForms, WrongForm{Form: f, Kind: Exonym, Lang: lang})
		}
	}
	for _, f := range nonEmpty(y.Wrong) {
		e.WrongForms = append(e.WrongForms, WrongForm{Form: f, Kind: Wrong})
	}
	for _, f := range nonEmpty(y.Dated) {
		e.WrongForms = append(e.WrongForms, WrongForm{Form: f, Kind: Dated})
	}
	if len(y.Evidence) > 0 {
		e.GenderEvidence = map[Gender]int{}
		for g, n := range y.Evidence {
			e.GenderEvidence[g] = n
		}
	}
	return e, nil
}

func nonEmpty(in []string) []string {
	var out []string
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Load reads the lexicon file at path.
func Load(path string) (*Lexicon, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read lexicon: %w", err)
	}
	return Parse(path, data)
}

// Write writes l as YAML in the format Parse reads.
func Write(w io.Writer, l *Lexicon, header string) error {
	var f file
	for _, e := range l.Entries() {
		y := yamlEntry{Name: e.Canonical, Kind: e.Kind, Gender: e.Gender, Aliases: e.Aliases, Demonyms: e.Demonyms, Count: e.Count}
		for _, wf := range e.WrongForms {
			switch wf.Kind {
			case Exonym:
				if y.Exonyms == nil {
					y.Exonyms = map[string][]string{}
				}
				y.Exonyms[wf.Lang] = append(y.Exonyms[wf.Lang], wf.Form)
			case Dated:
				y.Dated = append(y.Dated, wf.Form)
			default:
				y.Wrong = append(y.Wrong, wf.Form)
			}
		}
		if len(e.GenderEvidence) > 0 {
			y.Evidence = e.GenderEvidence
		}
		f.Entries = append(f.Entries, y)
	}
	for _, line := range strings.Split(strings.TrimRight(header, "\n"), "\n") {
		if header == "" {
			break
		}
		if _, err := fmt.Fprintf(w, "# %s\n", line); err != nil {
			return fmt.Errorf("write lexicon: %w", err)
		}
	}
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(&f); err != nil {
		return fmt.Errorf("write lexicon: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("write lexicon: %w", err)
	}
	return nil
}
