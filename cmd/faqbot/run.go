package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/faqbot/faqbot/bot"
)

// Set by -ldflags at build time (see Dockerfile).
var (
	version = "dev"
	commit  = "unknown"
	date    = "unknown"
)

// errSilent marks an error already reported to the user; run's caller only
// sets the exit status.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func exitCode(err error) int {
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	var ge *bot.GatewayError
	if errors.As(err, &ge) {
		return exitGatewayRefused
	}
	return 1
}

// exitGatewayRefused is the exit status when Discord refuses the bot for
// good (a bad token, shard or intents: bot.GatewayError), so that a
// service manager can tell it from a crash and not restart into the same
// refusal (systemd: RestartPreventExitStatus=78). 78 is EX_CONFIG in
// sysexits.h.
const exitGatewayRefused = 78

const usage = `faqbot answers questions about ketamine as a treatment for opioid use disorder.

Usage:
  faqbot chat  [--kb DIR]                     talk to the bot in this console
  faqbot ask   [--json] [--kb DIR] [QUESTION]  answer one question, or one per line from stdin
  faqbot check [--kb DIR] [--config FILE] [--strict] [--json]
                                              check the knowledge files as the bot serves them
  faqbot eval  [--kb DIR] FILE.jsonl          score the matcher on labelled questions
  faqbot new   --kb DIR COLLECTION/ID         write a template entry to fill in
  faqbot export DIR                           write the built-in knowledge base to a folder
  faqbot gaps  [--config FILE] [--since 30d] [--csv] [--votes]
                                              questions the bot could not answer, and votes
  faqbot run   [--config FILE]                run the Discord bot
  faqbot healthcheck [--config FILE]          probe the ops listener (for containers)
  faqbot version                              print version, commit and build date

Run "faqbot COMMAND --help" for a command's flags.
`

// run is the whole program: main only supplies the process's environment.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) < 2 {
		fmt.Fprint(stderr, usage)
		return &exitError{code: 2, msg: "no command given"}
	}
	cmd, rest := args[1], args[2:]
	switch cmd {
	case "chat":
		return runChat(ctx, rest, stdin, stdout, stderr)
	case "ask":
		return runAsk(ctx, rest, stdin, stdout, stderr)
	case "check":
		return runCheck(ctx, rest, getenv, stdout, stderr)
	case "eval":
		return runEval(ctx, rest, stdout, stderr)
	case "new":
		return runNew(ctx, rest, stdout, stderr)
	case "export":
		return runExport(ctx, rest, stdout, stderr)
	case "healthcheck":
		return runHealthcheck(ctx, rest, getenv, stdout, stderr)
	case "run":
		return runBot(ctx, rest, getenv, stdout, stderr)
	case "gaps":
		return runGaps(ctx, rest, getenv, stdout, stderr)
	case "version":
		fmt.Fprintf(stdout, "faqbot %s (commit %s, built %s)\n", version, commit, date)
		return nil
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return &exitError{code: 2, msg: fmt.Sprintf("unknown command %q", cmd)}
	}
}

// newFlags returns a flag set that reports errors instead of exiting.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: faqbot %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, turning -h into a clean exit.
func parseFlags(fs *flag.FlagSet, args []string) error {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		return errHelp
	}
	if err != nil {
		return &exitError{code: 2, msg: err.Error()}
	}
	return nil
}

var errHelp = &exitError{code: 0, msg: ""}

func isHelp(err error) bool { return err == errHelp }

func joinArgs(args []string) string { return strings.TrimSpace(strings.Join(args, " ")) }
