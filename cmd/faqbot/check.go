package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/faqbot/faqbot/knowledge"
)

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", "check [--kb DIR] [--strict] [--links] [--json]", stderr)
	kb := kbFlag(fs)
	asJSON := fs.Bool("json", false, "write the problems as JSON, for tools and CI")
	strict := fs.Bool("strict", false, "treat warnings as errors")
	links := fs.Bool("links", false, "also fetch every source URL and report dead links and redirects")
	linkTimeout := fs.Duration("link-timeout", 10*time.Second, "how long to wait for each source URL")
	maxGrade := fs.Float64("max-grade", knowledge.DefaultMaxGrade, "highest Flesch-Kincaid reading grade before a warning")
	reviewPeriod := fs.Duration("review-period", knowledge.DefaultReviewPeriod, "how long a review lasts before a warning")
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
	probs = append(probs, snap.Lint(knowledge.LintOptions{MaxGrade: *maxGrade, ReviewPeriod: *reviewPeriod})...)
	if *links {
		probs = append(probs, knowledge.CheckLinks(ctx, http.DefaultClient, snap.Sources(), *linkTimeout)...)
	}
	if *strict {
		for i := range probs {
			probs[i].Severity = knowledge.Error
		}
	}
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
