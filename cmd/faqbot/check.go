package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/faqbot/faqbot/knowledge"
)

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", "check [--kb DIR] [--json]", stderr)
	kb := kbFlag(fs)
	asJSON := fs.Bool("json", false, "write the problems as JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	fsys, src, err := kbSource(*kb)
	if err != nil {
		return err
	}
	snap, probs, err := knowledge.Load(fsys, knowledge.LoadOptions{})
	if err != nil {
		return err
	}
	probs = append(probs, snap.SelfTest(knowledge.Options{})...)
	errs := probs.Errors()
	if *asJSON {
		out := struct {
			Source   string         `json:"source"`
			Entries  int            `json:"entries"`
			Errors   int            `json:"errors"`
			Warnings int            `json:"warnings"`
			Problems []checkProblem `json:"problems"`
		}{Source: src, Entries: snap.Len(), Errors: len(errs), Warnings: len(probs) - len(errs), Problems: []checkProblem{}}
		for _, p := range probs {
			out.Problems = append(out.Problems, checkProblem{p, p.Severity.String()})
		}
		b, _ := json.MarshalIndent(out, "", "  ")
		fmt.Fprintf(stdout, "%s\n", b)
	} else {
		for _, p := range probs {
			fmt.Fprintf(stdout, "%s: %s\n", p.Severity, p)
		}
		fmt.Fprintf(stdout, "%s: %d entries, %d error(s), %d warning(s)\n", src, snap.Len(), len(errs), len(probs)-len(errs))
	}
	if len(errs) > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("%d error(s) in the knowledge base", len(errs))}
	}
	return nil
}

type checkProblem struct {
	knowledge.Problem
	Severity string `json:"severity"`
}
