package main

import (
	"fmt"
	"strings"

	"github.com/faqbot/faqbot/knowledge"
)

// plainMarkdown drops the Discord Markdown marks a console would show
// literally.
var plainMarkdown = strings.NewReplacer("**", "", "__", "", "`", "")

// renderText renders a reply as a person reads it in a console.
func renderText(r knowledge.Reply) string {
	return plainMarkdown.Replace(renderMarkdown(r))
}

func renderMarkdown(r knowledge.Reply) string {
	var b strings.Builder
	if r.Note != "" && r.Kind != knowledge.KindCrisis {
		fmt.Fprintf(&b, "%s\n\n", strings.TrimSpace(r.Note)) // the safety note comes first
	}
	switch r.Kind {
	case knowledge.KindCrisis:
		b.WriteString(strings.TrimSpace(r.Text))
		b.WriteString("\n")
		for _, res := range r.Crisis.Resources {
			fmt.Fprintf(&b, "\n• %s: %s", res.Name, res.Contact)
			if res.URL != "" {
				fmt.Fprintf(&b, " (%s)", res.URL)
			}
		}
		if len(r.Crisis.OverdoseSteps) > 0 {
			b.WriteString("\n\nIf someone may be overdosing:")
			for i, s := range r.Crisis.OverdoseSteps {
				fmt.Fprintf(&b, "\n%d. %s", i+1, s)
			}
		}
	case knowledge.KindAnswer:
		writeEntry(&b, r.Entry)
	case knowledge.KindSuggestions:
		if r.Text != "" {
			fmt.Fprintf(&b, "%s ", strings.TrimSpace(r.Text)) // what is not covered
		}
		b.WriteString("I'm not sure which of these you mean. Did you mean:")
		for i, s := range r.Suggestions {
			fmt.Fprintf(&b, "\n  %d. %s", i+1, s.Entry.Title)
		}
		b.WriteString("\nAsk again with one of these, or in other words.")
	default:
		b.WriteString(strings.TrimSpace(r.Text))
		if r.Kind == knowledge.KindPersonalAdvice && r.Entry != nil {
			b.WriteString("\n\nIn general terms, this may help:\n\n")
			writeEntry(&b, r.Entry)
		}
	}
	fmt.Fprintf(&b, "\n\n%s", r.Disclaimer)
	return b.String()
}

func writeEntry(b *strings.Builder, e *knowledge.Entry) {
	fmt.Fprintf(b, "%s\n\n%s\n", e.Title, strings.TrimSpace(e.Body))
	if len(e.Sources) > 0 {
		b.WriteString("\nSources:")
		for i, s := range e.Sources {
			n := s.Number // the source's number in the knowledge base's list
			if n <= 0 {
				n = i + 1
			}
			fmt.Fprintf(b, "\n[%d] %s. %s", n, s.Citation(), s.URL)
		}
	}
	if !e.Reviewed.IsZero() { // only what a moderator checked says so
		fmt.Fprintf(b, "\nLast reviewed %s", e.Reviewed.Format("2006-01-02"))
	}
}
