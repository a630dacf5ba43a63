// Command mtaudit audits machine-translated news articles before they are
// published: it finds MT garbles with heuristic rules, scores each article
// on the MQM scale and gates publication.
//
// Usage:
//
//	mtaudit check [flags] PATH...           audit files, directories, JSONL or - (stdin) and gate them
//	mtaudit config init [--force] [FILE]    write a commented default .mtaudit.yaml
//	mtaudit config validate [FILE]          check a configuration file
//	mtaudit eval [flags] FILE.jsonl...      measure the rules against annotated MT output (MQM, DEMETR)
//	mtaudit lexicon learn [flags] PATH...   learn a name lexicon from trusted text
//	mtaudit review merge OLD.json NEW.json  carry reviewers' verdicts into a new report
//	mtaudit review stats FILE.json...       per-rule precision from the verdicts
//	mtaudit rules [NAME]                    list the rules, or document one
//	mtaudit serve [flags]                   serve the audit over HTTP (POST /v1/check)
//	mtaudit version                         print the version
//
// Run 'mtaudit COMMAND -h' for a command's flags.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"

	"github.com/mtaudit/mtaudit/audit"
)

// Exit codes.
const (
	exitPass  = 0 // the gate passed
	exitFail  = 1 // the gate failed
	exitUsage = 2 // usage error, or some input could not be read
)

// cli is the process's environment, replaceable in tests.
type cli struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// isTerminal reports whether w is an interactive terminal.
	isTerminal func(w io.Writer) bool
}

type command struct {
	summary string
	run     func(ctx context.Context, c *cli, args []string) int
}

// commands is the table of subcommands; each lives in its own file.
func commands() map[string]command {
	return map[string]command{
		"check":   {"audit articles and gate them", runCheck},
		"config":  {"write a commented default .mtaudit.yaml (init), or validate one", runConfig},
		"eval":    {"measure the rules against annotated MT output (MQM, DEMETR)", runEval},
		"lexicon": {"learn a name lexicon from trusted text (lexicon learn)", runLexicon},
		"review":  {"merge reviewers' verdicts into a new report (merge), per-rule precision (stats)", runReview},
		"rules":   {"list the rules, or print one rule's documentation", runRules},
		"serve":   {"serve the audit over HTTP for pre-publish hooks (POST /v1/check)", runServe},
		"version": {"print the version", runVersion},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	c := &cli{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, isTerminal: isTerminal}
	code := c.main(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

func (c *cli) main(ctx context.Context, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		c.usage(c.stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitPass
	}
	cmd, ok := commands()[args[0]]
	if !ok {
		fmt.Fprintf(c.stderr, "mtaudit: unknown command %q\n", args[0])
		c.usage(c.stderr)
		return exitUsage
	}
	return cmd.run(ctx, c, args[1:])
}

func (c *cli) usage(w io.Writer) {
	fmt.Fprintln(w, "mtaudit audits machine-translated news articles before publication.")
	fmt.Fprintln(w, "\nUsage: mtaudit COMMAND [flags] [args]\n\nCommands:")
	cmds := commands()
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'mtaudit COMMAND -h' for a command's flags.")
}

func runVersion(_ context.Context, c *cli, args []string) int {
	fmt.Fprintf(c.stdout, "mtaudit %s\n", audit.Version)
	return exitPass
}
