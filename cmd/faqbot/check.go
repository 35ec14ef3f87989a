package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/faqbot/faqbot/config"
	"github.com/faqbot/faqbot/knowledge"
	"github.com/faqbot/faqbot/knowledge/lint"
)

// runCheck checks a knowledge base the way "faqbot run" serves it: with
// the configuration's settings and the same definition of clean
// (lint.Check) that every reload and every edit from Discord uses.
func runCheck(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("check", "check [--kb DIR] [--config FILE] [--strict] [--links] [--json]", stderr)
	kb := kbFlag(fs)
	cfgPath := fs.String("config", "", "check with this configuration `file`, as faqbot run would (its knowledge.dir, limits and thresholds)")
	asJSON := fs.Bool("json", false, "write the problems as JSON, for tools and CI")
	strict := fs.Bool("strict", false, "treat warnings as errors")
	links := fs.Bool("links", false, "also fetch every source URL and report dead links and redirects")
	linkTimeout := fs.Duration("link-timeout", 10*time.Second, "how long to wait for each source URL")
	maxGrade := fs.Float64("max-grade", lint.DefaultMaxGrade, "highest Flesch-Kincaid reading grade before a warning")
	reviewPeriod := fs.Duration("review-period", 0, "how long a review lasts before a warning (default: the configuration's knowledge.review_period, 12 months)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := config.Load(*cfgPath, getenv)
	if err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	o := checkOptions(cfg)
	o.MaxGrade = *maxGrade
	if *reviewPeriod > 0 {
		o.ReviewPeriod = *reviewPeriod
	}
	dir := *kb
	if dir == "" {
		dir = cfg.Knowledge.Dir
	}
	if dir == "" && looksLikeKnowledgeFolder(".") {
		// Run inside a knowledge folder, check that, not the built-in one.
		dir = "."
		fmt.Fprintln(stderr, "Checking the knowledge folder here (.): it has sources.yaml or safety.yaml. Use --kb DIR to check another.")
	}
	fsys, src, done, err := kbSource(dir)
	if err != nil {
		return err
	}
	defer done()
	snap, probs, err := lint.Check(fsys, o)
	if err != nil {
		return err
	}
	if *links {
		probs = append(probs, lint.Links(ctx, http.DefaultClient, snap.Sources(), *linkTimeout)...)
	}
	if *strict {
		for i := range probs {
			probs[i].Severity = knowledge.Error
		}
	}
	writeCheck(stdout, src, snap, probs, *asJSON)
	if errs := probs.Errors(); len(errs) > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("%d error(s) in the knowledge base", len(errs))}
	}
	return nil
}

// writeCheck writes the problems, as text or JSON.
func writeCheck(w io.Writer, src string, snap *knowledge.Snapshot, probs knowledge.Problems, asJSON bool) {
	errs := probs.Errors()
	if asJSON {
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
		fmt.Fprintf(w, "%s\n", b)
		return
	}
	for _, p := range probs {
		fmt.Fprintf(w, "%s: %s\n", p.Severity, p)
	}
	fmt.Fprintf(w, "%s: %d entries, %d error(s), %d warning(s)\n", src, snap.Len(), len(errs), len(probs)-len(errs))
	if src == builtIn {
		fmt.Fprintln(w, "(To check a knowledge folder, run: faqbot check --kb DIR)")
	}
}

type checkProblem struct {
	knowledge.Problem
	Severity string `json:"severity"`
}
