package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/rules/langid"
)

// languageFlags are --target-lang, --source-lang and --lang-candidates,
// shared by check and serve.
type languageFlags struct {
	targetLang     string   // --target-lang
	sourceLang     string   // --source-lang
	langCandidates listFlag // --lang-candidates
}

func (l *languageFlags) registerLanguageFlags(fs *flag.FlagSet) {
	fs.StringVar(&l.targetLang, "target-lang", "en", "language the text should be in (ISO 639-1 code)")
	fs.Var(&l.langCandidates, "lang-candidates", "languages the untranslated rule tells apart (ISO 639-1 `codes`, comma-separated; default: 20 common MT source languages)")
	fs.StringVar(&l.sourceLang, "source-lang", "", "language the text was machine-translated from: an ISO 639-1 code (fr, es, de...) selects that calque pack; auto infers it per article and reports the evidence (default: infer silently)")
}

// applyLanguageFlags validates the language flags and sets them in env
// (see applyLanguages); --source-lang is stored lower-cased.
func (l *languageFlags) applyLanguageFlags(env *audit.Env) error {
	if err := applyLanguages(env, l.targetLang, l.langCandidates); err != nil {
		return err
	}
	if l.sourceLang != "" {
		if !validSourceLang(l.sourceLang) {
			return fmt.Errorf("--source-lang: want an ISO 639-1 code or auto, got %q", l.sourceLang)
		}
		env.SourceLang = strings.ToLower(l.sourceLang)
	}
	return nil
}

// validSourceLang reports whether s is "auto" or a two-letter language code.
func validSourceLang(s string) bool {
	s = strings.ToLower(s)
	return s == "auto" || (len(s) == 2 && s[0] >= 'a' && s[0] <= 'z' && s[1] >= 'a' && s[1] <= 'z')
}

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
