package main

import (
	"fmt"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/langid"
)

// applyLanguages validates --target-lang and --lang-candidates and sets
// them in env: the target language, and, when candidates are given, a
// language detector restricted to them (built lazily like the default).
func applyLanguages(env *audit.Env, target string, candidates []string) error {
	if target != "" {
		if _, err := langid.NewDetector(langid.Config{Candidates: []string{target}}); err != nil {
			return fmt.Errorf("--target-lang: %w", err)
		}
		env.TargetLang = target
	}
	if len(candidates) == 0 {
		return nil
	}
	cfg := langid.DefaultConfig()
	cfg.Candidates = candidates
	d, err := langid.NewDetector(cfg)
	if err != nil {
		return fmt.Errorf("--lang-candidates: %w", err)
	}
	d.Install(env)
	return nil
}
