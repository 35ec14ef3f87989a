package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/faqbot/faqbot/knowledge"
)

func runChat(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("chat", "chat [--kb DIR]", stderr)
	kb := kbFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	snap, err := loadKB(*kb)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, "Ask a question about ketamine as a treatment for opioid use disorder.")
	fmt.Fprintln(stdout, `Type "help" for examples, or "quit" to leave. If you are in danger, call 911 or call or text 988.`)
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	var last knowledge.Reply
	for {
		fmt.Fprint(stdout, "\n> ")
		if !sc.Scan() {
			fmt.Fprintln(stdout)
			return sc.Err()
		}
		if err := ctx.Err(); err != nil {
			return nil
		}
		q := strings.TrimSpace(sc.Text())
		switch strings.ToLower(q) {
		case "quit", "exit", "bye", "/quit", "/exit":
			return nil
		}
		r := snap.Answer(q, knowledge.Options{})
		// After "Did you mean…", a number alone picks a suggestion; any
		// other text is a new question, and a crisis is always answered
		// as one ("2 pills left and i want to die").
		if n, err := strconv.Atoi(q); err == nil && r.Kind != knowledge.KindCrisis && last.Kind == knowledge.KindSuggestions && n >= 1 && n <= len(last.Suggestions) {
			s := last.Suggestions[n-1]
			r = knowledge.Reply{Kind: knowledge.KindAnswer, Entry: s.Entry, Score: s.Score, Disclaimer: last.Disclaimer}
		}
		last = r
		fmt.Fprintln(stdout, "\n"+renderText(last))
		if last.Kind == knowledge.KindSuggestions {
			fmt.Fprintln(stdout, "(Type a number to pick one.)")
		}
	}
}
