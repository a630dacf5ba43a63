package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/mtaudit/mtaudit/audit"
	"github.com/mtaudit/mtaudit/config"
	"github.com/mtaudit/mtaudit/rules"
)

// configFlagUsage documents --config for every command that reads the file.
const configFlagUsage = "read settings from `FILE` (default: " + config.FileName +
	" in the working directory or its nearest parent that has one, or $MTAUDIT_CONFIG; none: read no file)"

// runConfig is 'mtaudit config init|validate'.
func runConfig(_ context.Context, c *cli, args []string) int {
	usage := func() {
		fmt.Fprintf(c.stderr, "Usage:\n  mtaudit config init [--force] [FILE]   write a commented default %s (default FILE: ./%s)\n"+
			"  mtaudit config validate [FILE]         check a configuration file (default: the one check would read)\n", config.FileName, config.FileName)
	}
	if len(args) == 0 {
		usage()
		return exitUsage
	}
	switch args[0] {
	case "init":
		return configInit(c, args[1:])
	case "validate":
		return configValidate(c, args[1:])
	case "-h", "--help", "help":
		usage()
		return exitPass
	}
	fmt.Fprintf(c.stderr, "mtaudit config: unknown subcommand %q\n", args[0])
	usage()
	return exitUsage
}

func configInit(c *cli, args []string) int {
	fs := newFlagSet(c, "config init", "[--force] [FILE]")
	force := fs.Bool("force", false, "overwrite an existing file")
	if err := fs.Parse(args); err != nil {
		return flagExit(err)
	}
	path := config.FileName
	switch fs.NArg() {
	case 0:
	case 1:
		path = fs.Arg(0)
	default:
		fs.Usage()
		return exitUsage
	}
	mode := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if *force {
		mode = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, mode, 0o644)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			fmt.Fprintf(c.stderr, "mtaudit config init: %s exists (use --force to overwrite it)\n", path)
		} else {
			fmt.Fprintf(c.stderr, "mtaudit config init: %v\n", err)
		}
		return exitUsage
	}
	_, err = f.Write(config.Default)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintf(c.stderr, "mtaudit config init: write %s: %v\n", path, err)
		return exitUsage
	}
	fmt.Fprintf(c.stdout, "wrote %s\n", path)
	return exitPass
}

func configValidate(c *cli, args []string) int {
	fs := newFlagSet(c, "config validate", "[FILE]")
	if err := fs.Parse(args); err != nil {
		return flagExit(err)
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return exitUsage
	}
	cfg, err := loadConfig(c, fs.Arg(0))
	if err != nil {
		fmt.Fprintf(c.stderr, "mtaudit config validate: %v\n", err)
		return exitUsage
	}
	if cfg == nil {
		fmt.Fprintf(c.stderr, "mtaudit config validate: no %s in the working directory or its parents\n", config.FileName)
		return exitUsage
	}
	fmt.Fprintf(c.stdout, "%s: ok\n", cfg.Path())
	return exitPass
}

// loadConfig reads and validates the configuration file named by --config
// (or $MTAUDIT_CONFIG), or the one found from the working directory up. It
// returns nil when there is none, or when the name is "none".
func loadConfig(c *cli, name string) (*config.File, error) {
	if name == "" && c.getenv != nil {
		name = c.getenv("MTAUDIT_CONFIG")
	}
	if name == "none" {
		return nil, nil
	}
	if name == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, fmt.Errorf("find %s: %w", config.FileName, err)
		}
		if name, err = config.Find(wd); err != nil || name == "" {
			return nil, err
		}
	}
	cfg, err := config.Load(name)
	if err != nil {
		return nil, err
	}
	if err := cfg.Validate(func(n string) bool { return rules.ByName(n) != nil }); err != nil {
		return nil, err
	}
	return cfg, nil
}

// configSetting is one setting of the file that maps to a command-line flag.
type configSetting struct {
	flag   string   // the flag it stands for
	key    string   // the file's key, for messages
	values []string // values to Set on the flag; none when the file leaves it unset
}

// flagSettings maps the file's settings to the flags they default. Setting
// them through the flag set (rather than on option structs) keeps one code
// path for parsing and validation, and lets a command pick up a setting as
// soon as its flag exists.
func flagSettings(cfg *config.File) []configSetting {
	one := func(s string) []string {
		if s == "" {
			return nil
		}
		return []string{s}
	}
	boolv := func(b *bool) []string {
		if b == nil {
			return nil
		}
		return []string{strconv.FormatBool(*b)}
	}
	intv := func(n int64) []string {
		if n == 0 {
			return nil
		}
		return []string{strconv.FormatInt(n, 10)}
	}
	dur := func(d time.Duration) []string {
		if d == 0 {
			return nil
		}
		return []string{d.String()}
	}
	var maxScore []string
	if cfg.Gate.MaxScore != nil {
		maxScore = []string{strconv.FormatFloat(*cfg.Gate.MaxScore, 'g', -1, 64)}
	}
	return []configSetting{
		{"fail-on", "gate.fail_on", one(cfg.Gate.FailOn)},
		{"max-score", "gate.max_score", maxScore},
		{"lexicon", "lexicons", cfg.LexiconPaths()},
		{"source-lang", "language.source", one(cfg.Language.Source)},
		{"target-lang", "language.target", one(cfg.Language.Target)},
		{"lang-candidates", "language.candidates", one(strings.Join(cfg.Language.Candidates, ","))},
		{"id-field", "input.id_field", one(cfg.Input.IDField)},
		{"text-field", "input.text_field", one(cfg.Input.TextField)},
		{"baseline", "baseline", one(cfg.BaselinePath())},
		{"llm", "llm.enabled", boolv(cfg.LLM.Enabled)},
		{"llm-model", "llm.model", one(cfg.LLM.Model)},
		{"llm-base-url", "llm.base_url", one(cfg.LLM.BaseURL)},
		{"llm-api-key-env", "llm.api_key_env", one(cfg.LLM.APIKeyEnv)},
		{"llm-concurrency", "llm.concurrency", intv(int64(cfg.LLM.Concurrency))},
		{"llm-timeout", "llm.timeout", dur(cfg.LLM.Timeout)},
		{"llm-max-requests", "llm.max_requests", intv(int64(cfg.LLM.MaxRequests))},
		{"llm-review", "llm.review", boolv(cfg.LLM.Review)},
		{"llm-review-counts", "llm.review_counts", boolv(cfg.LLM.ReviewCounts)},
		{"llm-cache", "llm.cache_dir", one(cfg.LLMCacheDir())},
		{"llm-prompts", "llm.prompt_dir", one(cfg.LLMPromptDir())},
		{"addr", "serve.addr", one(cfg.Serve.Addr)},
		{"max-body", "serve.max_body_bytes", intv(cfg.Serve.MaxBodyBytes)},
		{"max-documents", "serve.max_documents", intv(int64(cfg.Serve.MaxDocuments))},
		{"timeout", "serve.timeout", dur(cfg.Serve.Timeout)},
		{"max-concurrent", "serve.max_concurrent", intv(int64(cfg.Serve.MaxConcurrent))},
		{"log-format", "serve.log_format", one(cfg.Serve.LogFormat)},
	}
}

// configured is the outcome of merging the file into a command's flags.
type configured struct {
	file *config.File // nil when no file was read
	// Languages the file sets for commands without --source-lang and
	// --target-lang flags; "" when unset.
	sourceLang, targetLang string
}

// applyConfig reads the configuration file (--config, or found from the
// working directory) and uses its settings for every flag of fs the command
// line did not set: flags override the file. The rule selection is taken as
// a whole: --enable or --disable on the command line replace the file's
// enable and disable lists. Severity overrides given by flags win per rule.
// ignore lists file sections (such as "llm.") this command has no use for;
// other settings whose flag this command lacks are reported on c.stderr.
func applyConfig(c *cli, cmd string, fs *flag.FlagSet, name string, overrides *map[string]audit.Severity, ignore ...string) (*configured, error) {
	cfg, err := loadConfig(c, name)
	if err != nil || cfg == nil {
		return &configured{}, err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	out := &configured{file: cfg}

	ignored := func(key string) bool {
		for _, p := range ignore {
			if strings.HasPrefix(key, p) {
				return true
			}
		}
		return false
	}
	settings := flagSettings(cfg)
	if !set["enable"] && !set["disable"] {
		settings = append(settings,
			configSetting{"enable", "rules.enable", cfg.Rules.Enable},
			configSetting{"disable", "rules.disable", cfg.Rules.Disable})
	}
	for _, s := range settings {
		if len(s.values) == 0 || set[s.flag] || ignored(s.key) {
			continue
		}
		if fs.Lookup(s.flag) == nil {
			switch s.key {
			case "language.source":
				out.sourceLang = s.values[0]
			case "language.target":
				out.targetLang = s.values[0]
			default:
				if len(s.values) == 1 && s.values[0] == "false" {
					continue // off is what a missing feature does anyway
				}
				fmt.Fprintf(c.stderr, "mtaudit %s: warning: %s: %s is not used by this command (no --%s flag); ignored\n", cmd, cfg.Path(), s.key, s.flag)
			}
			continue
		}
		for _, v := range s.values {
			if err := fs.Set(s.flag, v); err != nil {
				return nil, fmt.Errorf("%s: %s: %w", cfg.Path(), s.key, err)
			}
		}
	}
	if o := cfg.Overrides(); len(o) > 0 && overrides != nil {
		if *overrides == nil {
			*overrides = map[string]audit.Severity{}
		}
		for n, sev := range o {
			if _, ok := (*overrides)[n]; !ok {
				(*overrides)[n] = sev
			}
		}
	}
	return out, nil
}

// env returns the rules' environment with the file's languages applied.
func (cf *configured) env() *audit.Env {
	env := rules.DefaultEnv()
	if cf == nil {
		return env
	}
	if cf.sourceLang != "" {
		env.SourceLang = cf.sourceLang
	}
	if cf.targetLang != "" {
		env.TargetLang = cf.targetLang
	}
	return env
}
