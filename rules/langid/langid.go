// Package langid holds the untranslated-text rule: sentences, clauses and
// words left in another language than the target. It finds suspects with
// cheap checks (letters outside the target's alphabet, words missing from
// an English lexicon) and confirms them with the lingua-go language
// detector, which is built only when a suspect first needs it.
package langid

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/pemistahl/lingua-go"

	"github.com/mtaudit/mtaudit/audit"
)

// Config is the language-identification setting of a run.
type Config struct {
	// Candidates are the languages the detector chooses among (ISO 639-1
	// codes); the target language is always added. Fewer candidates mean
	// fewer confusions and less memory.
	Candidates []string
	// HighAccuracy uses lingua's high-accuracy mode (1- to 5-gram models)
	// instead of its low-accuracy mode (trigrams only). Measured on the
	// bench with the 21 default languages: 733 MB peak RSS instead of
	// 84 MB, 3× slower, the same DEMETR recall.
	HighAccuracy bool
	// MinConfidence is the least confidence lingua must give the foreign
	// language of a fragment of several words.
	MinConfidence float64
	// MinWordConfidence is the least confidence for a lone foreign word,
	// where lingua is much less reliable.
	MinWordConfidence float64
	// MaxWordTargetConfidence is the most confidence lingua may give the
	// target language for a lone word that is reported.
	MaxWordTargetConfidence float64
	// MinRelativeDistance is the least margin between the foreign
	// language's confidence and the target language's, for fragments of
	// several words (lone words use MaxWordTargetConfidence instead).
	MinRelativeDistance float64
}

// DefaultCandidates returns the most common source languages of machine
// translation into English, plus English.
func DefaultCandidates() []string {
	return []string{
		"en", "zh", "es", "fr", "de", "ru", "pt", "it", "ja", "ko", "ar",
		"tr", "pl", "nl", "uk", "cs", "vi", "id", "hi", "fa", "sv",
	}
}

// DefaultConfig returns the settings measured on the development bench
// (see README: untranslated text).
func DefaultConfig() Config {
	return Config{
		Candidates:              DefaultCandidates(),
		MinConfidence:           0.5,
		MinWordConfidence:       0.3,
		MaxWordTargetConfidence: 0.15,
		MinRelativeDistance:     0.3,
	}
}

// Detector is the shared, lazily built language detector of a run. It is
// safe for concurrent use by the documents being checked.
type Detector struct {
	cfg        Config
	candidates []lingua.Language
	once       sync.Once
	detector   lingua.LanguageDetector
	built      atomic.Bool
	calls      atomic.Int64
	// near caches nearEnglish for lexicon-unknown words, which recur
	// across a corpus (terms, lower-cased names); at most maxNearCache.
	near     sync.Map
	nearSize atomic.Int64
	// judged caches lingua's confidence values per text (lone words and
	// short windows recur); at most maxNearCache entries.
	judged     sync.Map
	judgedSize atomic.Int64
}

// confidences returns lingua's confidence values for text, cached.
func (d *Detector) confidences(text string, target lingua.Language) []lingua.ConfidenceValue {
	if v, ok := d.judged.Load(text); ok {
		return v.([]lingua.ConfidenceValue)
	}
	d.calls.Add(1)
	values := d.get(target).ComputeLanguageConfidenceValues(text)
	if d.judgedSize.Load() < maxNearCache {
		if _, loaded := d.judged.LoadOrStore(strings.Clone(text), values); !loaded {
			d.judgedSize.Add(1)
		}
	}
	return values
}

// maxNearCache bounds the detector's word cache.
const maxNearCache = 1 << 16

// nearEnglish is the package's nearEnglish, cached.
func (d *Detector) nearEnglish(w string) bool {
	if v, ok := d.near.Load(w); ok {
		return v.(bool)
	}
	v := nearEnglish(w)
	if d.nearSize.Load() < maxNearCache {
		if _, loaded := d.near.LoadOrStore(strings.Clone(w), v); !loaded {
			d.nearSize.Add(1)
		}
	}
	return v
}

// resourceKey is the key of the *Detector in audit.Env.Resources.
type resourceKey struct{}

// NewDetector returns a detector for cfg. Nothing is loaded until the
// first call that needs lingua. It fails on an unknown language code.
func NewDetector(cfg Config) (*Detector, error) {
	d := &Detector{cfg: cfg}
	seen := map[lingua.Language]bool{}
	for _, code := range append([]string{"en"}, cfg.Candidates...) {
		l, err := parseLanguage(code)
		if err != nil {
			return nil, err
		}
		if !seen[l] {
			seen[l] = true
			d.candidates = append(d.candidates, l)
		}
	}
	return d, nil
}

// Install stores d in env so that the untranslated-text rule uses it.
func (d *Detector) Install(env *audit.Env) {
	if env.Resources == nil {
		env.Resources = map[any]any{}
	}
	env.Resources[resourceKey{}] = d
}

// Built reports whether the lingua detector has been built: a run with
// no suspicious sentence never builds it.
func (d *Detector) Built() bool { return d.built.Load() }

// Calls is the number of texts sent to lingua so far, cache hits not
// counted (for measuring the pre-filter).
func (d *Detector) Calls() int64 { return d.calls.Load() }

// parseLanguage maps an ISO 639-1 code to a lingua language.
func parseLanguage(code string) (lingua.Language, error) {
	l := lingua.GetLanguageFromIsoCode639_1(lingua.GetIsoCode639_1FromValue(strings.ToLower(strings.TrimSpace(code))))
	if l == lingua.Unknown {
		return l, fmt.Errorf("language %q: not an ISO 639-1 code lingua knows", code)
	}
	return l, nil
}

func (d *Detector) get(target lingua.Language) lingua.LanguageDetector {
	d.once.Do(func() {
		langs := d.candidates
		if !containsLang(langs, target) {
			langs = append(append([]lingua.Language{}, langs...), target)
		}
		b := lingua.NewLanguageDetectorBuilder().FromLanguages(langs...)
		if !d.cfg.HighAccuracy {
			b = b.WithLowAccuracyMode()
		}
		d.detector = b.Build()
		d.built.Store(true)
	})
	return d.detector
}

func containsLang(ls []lingua.Language, l lingua.Language) bool {
	for _, x := range ls {
		if x == l {
			return true
		}
	}
	return false
}

// verdict is lingua's opinion of a fragment.
type verdict struct {
	lang       lingua.Language // most likely language
	confidence float64         // its confidence
	target     float64         // the target language's confidence
}

// judge asks lingua about text.
func (d *Detector) judge(text string, target lingua.Language) verdict {
	values := d.confidences(text, target)
	var v verdict
	if len(values) == 0 {
		return v
	}
	v.lang, v.confidence = values[0].Language(), values[0].Value()
	for _, cv := range values {
		if cv.Language() == target {
			v.target = cv.Value()
		}
	}
	return v
}

// detectorFrom returns the run's detector, or a default one shared by
// runs that installed none.
func detectorFrom(env *audit.Env) *Detector {
	if d, ok := env.Resource(resourceKey{}).(*Detector); ok && d != nil {
		return d
	}
	return defaultDetector()
}

var defaultDetector = sync.OnceValue(func() *Detector {
	d, err := NewDetector(DefaultConfig())
	if err != nil {
		panic(err) // DefaultCandidates are constant and valid
	}
	return d
})
