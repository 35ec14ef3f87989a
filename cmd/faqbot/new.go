package main

import (
	"context"
	"fmt"
	"io"
	"path"
	"strings"
	"time"

	"github.com/faqbot/faqbot/internal/kbdir"
)

// runNew writes a commented template entry for a moderator to fill in.
func runNew(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlags("new", "new --kb DIR COLLECTION/ID   (e.g. faq/insurance-coverage)", stderr)
	kb := flags.String("kb", "", "the knowledge `folder` to write into (required)")
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	if flags.NArg() != 1 || *kb == "" {
		flags.Usage()
		return &exitError{code: 2, msg: "new needs --kb DIR and one COLLECTION/ID, e.g. faqbot new --kb ./kb faq/insurance-coverage"}
	}
	coll, id, ok := strings.Cut(strings.TrimSuffix(flags.Arg(0), ".md"), "/")
	if !ok {
		return fmt.Errorf("%q is not COLLECTION/ID: use lower-case letters, digits and dashes, e.g. faq/insurance-coverage", flags.Arg(0))
	}
	file, err := kbdir.New(*kb, coll, id, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Wrote %s. Fill in the title, questions, sources and answer, then run: faqbot check --kb %s\n", path.Join(*kb, file), *kb)
	return nil
}
