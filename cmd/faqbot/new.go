package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"regexp"
	"strings"
	"text/template"
	"time"
)

var entryNameRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*$`)

var entryTemplate = template.Must(template.New("entry").Parse(`---
# The question this entry answers, as a member would ask it. End it with "?".
title: {{.Title}}
# Other ways people ask the same question, one per line.
questions:
  - 
# Words people type for this topic: slang, brand names, abbreviations.
keywords: []
# Ids from sources.yaml of the references that support every claim below.
sources: []
# The date you checked this answer against its sources (YYYY-MM-DD).
reviewed: {{.Today}}
# Optional: ids of other entries to offer as follow-ups, e.g. [safety].
related: []
---
Write the answer here, in plain language (short sentences, everyday words).
Use person-first words: "person with OUD", never "addict".
Do not give personal dosing or medication advice.
Keep it under 4096 characters. Then run: faqbot check --kb {{.Dir}}
`))

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
	name := strings.TrimSuffix(flags.Arg(0), ".md")
	if !entryNameRE.MatchString(name) {
		return fmt.Errorf("%q is not COLLECTION/ID: use lower-case letters, digits and dashes, e.g. faq/insurance-coverage", flags.Arg(0))
	}
	root, err := os.OpenRoot(*kb)
	if err != nil {
		return fmt.Errorf("open knowledge folder: %w", err)
	}
	defer root.Close()
	coll, id := path.Split(name)
	coll = strings.TrimSuffix(coll, "/")
	if err := root.Mkdir(coll, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("create collection folder: %w", err)
	}
	file := name + ".md"
	f, err := root.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists; edit it, or choose another id", path.Join(*kb, file))
	}
	if err != nil {
		return err
	}
	title := strings.ToUpper(id[:1]) + strings.ReplaceAll(id[1:], "-", " ") + "?"
	err = entryTemplate.Execute(f, map[string]string{"Title": title, "Today": time.Now().Format("2006-01-02"), "Dir": *kb})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Wrote %s. Fill in the title, questions, sources and answer, then run: faqbot check --kb %s\n", path.Join(*kb, file), *kb)
	return nil
}
