package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"golang.org/x/term"

	"github.com/mtaudit/mtaudit/audit"
)

// parseInterspersed parses flags that may come before, between or after the
// positional arguments ("check corpus --format json"); "--" ends flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// flagExit is a command's exit status after its flags failed to parse:
// exitPass for -h (the flag package has printed the usage), exitUsage for a
// bad flag (it has printed why).
func flagExit(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitPass
	}
	return exitUsage
}

// registerGateFlags resets gate to the default gate and registers
// --fail-on and --max-score to change it.
func registerGateFlags(fs *flag.FlagSet, gate *audit.Gate) {
	*gate = audit.DefaultGate()
	fs.Func("fail-on", "lowest severity that fails the gate: neutral, minor, major, critical or none (default major)", gate.ParseFailOn)
	fs.Func("max-score", "fail documents whose MQM score (penalty points per 1,000 words) exceeds `N`", func(s string) error {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || v < 0 {
			return fmt.Errorf("max-score: want a number ≥ 0, got %q", s)
		}
		gate.MaxScore, gate.HasMaxScore = v, true
		return nil
	})
}

// ruleFlags are --enable and --disable, the rule selection of check, serve
// and eval.
type ruleFlags struct {
	enable, disable listFlag
}

func (r *ruleFlags) registerRuleFlags(fs *flag.FlagSet) {
	fs.Var(&r.enable, "enable", "run only these `rules` (comma-separated, repeatable)")
	fs.Var(&r.disable, "disable", "do not run these `rules` (comma-separated, repeatable)")
}

// selectedRules returns the rules to run after --enable and --disable.
func (r *ruleFlags) selectedRules() ([]*audit.Rule, error) {
	return selectRules(r.enable, r.disable)
}

// outputFile opens the destination of -o: stdout when path is "" or "-",
// else the file, created or truncated. The close func closes the file
// once, however often it is called (callers defer it and also call it to
// see the error), and is a no-op for stdout.
func outputFile(stdout io.Writer, path string) (io.Writer, func() error, error) {
	if path == "" || path == "-" {
		return stdout, func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, err
	}
	closed := false
	return f, func() error {
		if closed {
			return nil
		}
		closed = true
		if err := f.Close(); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		return nil
	}, nil
}

// writeOutput writes the destination of -o (see outputFile) with write,
// naming the file when writing or closing it fails.
func writeOutput(stdout io.Writer, path string, write func(io.Writer) error) error {
	w, closeOut, err := outputFile(stdout, path)
	if err != nil {
		return err
	}
	defer closeOut()
	if err := write(w); err != nil {
		if path != "" && path != "-" {
			return fmt.Errorf("write %s: %w", path, err)
		}
		return err
	}
	return closeOut()
}

// listFlag is a repeatable flag that also splits on commas.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

func newFlagSet(c *cli, name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.Usage = func() {
		fmt.Fprintf(c.stderr, "Usage: mtaudit %s %s\n\nFlags:\n", name, usage)
		fs.PrintDefaults()
	}
	return fs
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
