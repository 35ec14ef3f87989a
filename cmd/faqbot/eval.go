package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/faqbot/faqbot/knowledge"
)

func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("eval", "eval [--kb DIR] FILE.jsonl", stderr)
	kb := kbFlag(fs)
	opts := optionFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return &exitError{code: 2, msg: "eval needs one FILE.jsonl of labelled questions"}
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	cases, err := knowledge.ReadCases(f)
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	snap, err := loadKB(*kb)
	if err != nil {
		return err
	}
	rep := snap.Evaluate(cases, *opts)
	for _, fl := range rep.Failures {
		got := fl.Reply.String()
		if fl.Reply.Kind == knowledge.KindSuggestions {
			got += " ["
			for i, s := range fl.Reply.Suggestions {
				if i > 0 {
					got += " "
				}
				got += fmt.Sprintf("%s:%.2f", s.Entry.ID, s.Score)
			}
			got += "]"
		}
		want := fmt.Sprint(fl.Case.Kinds)
		if len(fl.Case.IDs) > 0 {
			want = fmt.Sprint(fl.Case.IDs)
		}
		fmt.Fprintf(stdout, "FAIL [%s] %q: got %s, want %s (%s)\n", fl.Case.Group, fl.Case.Q, got, want, fl.Reply.Why.Reason)
	}
	passed, total := 0, 0
	for _, g := range rep.Groups {
		fmt.Fprintf(stdout, "%-10s %3d/%-3d %5.1f%%   wrong %3d (%4.1f%%)   offered in \"Did you mean\" %3d\n",
			g.Group, g.Passed, g.Total, 100*g.Accuracy(), g.Wrong, 100*float64(g.Wrong)/float64(g.Total), g.Offered)
		passed += g.Passed
		total += g.Total
	}
	fmt.Fprintf(stdout, "MRR (in-scope): %.3f\n", rep.MRR)
	fmt.Fprintf(stdout, "%d passed, %d failed\n", passed, total-passed)
	return nil
}
