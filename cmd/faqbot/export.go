package main

import (
	"context"
	"fmt"
	"io"

	"github.com/faqbot/faqbot/internal/kbdir"
	"github.com/faqbot/faqbot/knowledge"
)

// runExport writes the built-in knowledge base into a folder, so that a
// moderator who has only the program (or its container image) can start
// editing it.
func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	flags := newFlags("export", "export DIR", stderr)
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	if flags.NArg() != 1 {
		flags.Usage()
		return &exitError{code: 2, msg: "export needs the folder to write into, e.g. faqbot export ./knowledge"}
	}
	dir := flags.Arg(0)
	if err := kbdir.Export(knowledge.DefaultFS(), dir); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	fmt.Fprintf(stdout, "Wrote the built-in knowledge base to %s.\nEdit its files, check them with: faqbot check --kb %s\nand serve them by setting knowledge.dir: %s in the configuration.\n", dir, dir, dir)
	return nil
}
