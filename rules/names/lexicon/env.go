package lexicon

import (
	_ "embed"
	"sync"

	"github.com/mtaudit/mtaudit/audit"
)

//go:embed data/default.yaml
var defaultData []byte

// resourceKey is the key of the lexicon in audit.Env.Resources.
type resourceKey struct{}

var defaultOnce = sync.OnceValues(func() (*Lexicon, error) { return Parse("default.yaml", defaultData) })

// Default returns the embedded default lexicon, parsed once. It panics if
// the embedded data is malformed, which the package tests rule out.
func Default() *Lexicon {
	l, err := defaultOnce()
	if err != nil {
		panic(err)
	}
	return l
}

// FromEnv returns the lexicon installed in env, or nil when there is none
// (rules then work without one).
func FromEnv(env *audit.Env) *Lexicon {
	l, _ := env.Resource(resourceKey{}).(*Lexicon)
	return l
}

// Install stores l in env.Resources (creating the map if needed). Call it
// while building the environment, before rules run.
func Install(env *audit.Env, l *Lexicon) {
	if env.Resources == nil {
		env.Resources = map[any]any{}
	}
	env.Resources[resourceKey{}] = l
}
