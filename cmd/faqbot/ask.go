package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/faqbot/faqbot/knowledge"
)

// maxLine is the longest question line read from standard input.
const maxLine = 1 << 20

func runAsk(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("ask", "ask [--json] [--kb DIR] [QUESTION...]", stderr)
	asJSON := fs.Bool("json", false, "write one JSON object per reply")
	kb := kbFlag(fs)
	optp := optionFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	snap, err := loadKB(*kb)
	if err != nil {
		return err
	}
	opts := *optp
	write := func(r knowledge.Reply) error {
		if *asJSON {
			b, err := json.Marshal(replyJSON(r))
			if err != nil {
				return err
			}
			_, err = fmt.Fprintf(stdout, "%s\n", b)
			return err
		}
		_, err := fmt.Fprintf(stdout, "%s\n", renderText(r))
		return err
	}
	if q := joinArgs(fs.Args()); q != "" {
		return write(snap.Answer(q, opts))
	}
	// Batch mode: one question per line, one reply per line, in order.
	sc := bufio.NewScanner(stdin)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	for sc.Scan() {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := write(snap.Answer(sc.Text(), opts)); err != nil {
			return err
		}
		if !*asJSON {
			fmt.Fprintln(stdout, strings.Repeat("─", 40))
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read questions: %w", err)
	}
	return nil
}

// jsonReply is the --json form of a reply.
type jsonReply struct {
	Kind knowledge.Kind `json:"kind"`
	// Note is the safety note shown above the reply, if any.
	Note string `json:"note,omitempty"`
	// Topic names what the question asks that is not covered, if anything.
	Topic       string               `json:"topic,omitempty"`
	ID          string               `json:"id,omitempty"`
	Title       string               `json:"title,omitempty"`
	Score       float64              `json:"score"`
	Answer      string               `json:"answer,omitempty"`
	Sources     []jsonSource         `json:"sources"`
	Reviewed    string               `json:"reviewed,omitempty"`
	Related     []string             `json:"related,omitempty"`
	Suggestions []jsonSuggestion     `json:"suggestions"`
	Text        string               `json:"text,omitempty"`
	Resources   []knowledge.Resource `json:"resources,omitempty"`
	Steps       []string             `json:"overdose_steps,omitempty"`
	Disclaimer  string               `json:"disclaimer"`
	Why         knowledge.Why        `json:"why"`
}

type jsonSource struct {
	// Number is the source's number in /sources, the same in every answer.
	Number int    `json:"number,omitempty"`
	ID     string `json:"id"`
	Title  string `json:"title"`
	URL    string `json:"url"`
	Year   int    `json:"year,omitempty"`
	// Checked is when an undated source was last read (it has no year).
	Checked string `json:"checked,omitempty"`
	By      string `json:"publisher,omitempty"`
}

type jsonSuggestion struct {
	ID    string  `json:"id"`
	Title string  `json:"title"`
	Score float64 `json:"score"`
}

func replyJSON(r knowledge.Reply) jsonReply {
	j := jsonReply{Kind: r.Kind, Note: r.Note, Topic: r.Topic, Score: round3(r.Score), Text: r.Text, Disclaimer: r.Disclaimer, Why: r.Why,
		Sources: []jsonSource{}, Suggestions: []jsonSuggestion{}}
	if e := r.Entry; e != nil {
		j.ID, j.Title, j.Answer, j.Related = e.ID, e.Title, e.Body, e.Related
		if !e.Reviewed.IsZero() {
			j.Reviewed = e.Reviewed.Format("2006-01-02")
		}
		for _, s := range e.Sources {
			by := s.Publisher
			if by == "" {
				by = s.Authors
			}
			j.Sources = append(j.Sources, jsonSource{Number: s.Number, ID: s.ID, Title: s.Title, URL: s.URL, Year: s.Year, Checked: s.Checked, By: by})
		}
	}
	for _, s := range r.Suggestions {
		j.Suggestions = append(j.Suggestions, jsonSuggestion{ID: s.Entry.ID, Title: s.Entry.Title, Score: round3(s.Score)})
	}
	if r.Crisis != nil {
		j.Resources, j.Steps = r.Crisis.Resources, r.Crisis.OverdoseSteps
	}
	return j
}

func round3(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }
