package lint

import (
	"fmt"
	"runtime"
	"strings"
	"sync"

	"github.com/faqbot/faqbot/knowledge"
)

// SelfTest asks every entry's title and questions with opts and reports,
// as errors, each that does not come back as that entry: a phrasing
// caught by the crisis or personal-advice checks, or answered by another
// entry. It also asks the example questions of safety.yaml's help and
// no-match replies, which the bot offers to members, and warns about each
// that gets "Did you mean…" or no answer. (A warning, not an error: the
// replies still serve, and a reworded example is a content change, not a
// fix the bot needs before it can answer.)
func SelfTest(snap *knowledge.Snapshot, opts knowledge.Options) knowledge.Problems {
	var ps problems
	for _, p := range askAll(snap, opts, "") {
		if p.reply.Kind == knowledge.KindAnswer && p.reply.Entry == p.e {
			continue
		}
		ps.add(knowledge.Error, p.e.File, p.line(), fmt.Sprintf("self-test: asking %q gets %s, not this entry; reword the phrasing so it is a general question about this entry", p.text(), describe(p.reply)))
	}
	safety := snap.Safety()
	for _, fr := range []knowledge.FixedReply{safety.Help, safety.NoMatch} {
		for _, ex := range examples(fr) {
			r := snap.Answer(ex.text, opts)
			if r.Kind != knowledge.KindAnswer {
				ps.add(knowledge.Warning, "safety.yaml", ex.line, fmt.Sprintf("self-test: the example question %q gets %s, not an answer; members are told to ask it, so reword it like an entry's title or question", ex.text, describe(r)))
			}
		}
	}
	ps.ps.Sort()
	return ps.ps
}

// describe says what a reply is, for a moderator.
func describe(r knowledge.Reply) string {
	switch r.Kind {
	case knowledge.KindAnswer:
		return fmt.Sprintf("the answer of %s (score %.2f)", r.Entry.ID, r.Score)
	case knowledge.KindSuggestions:
		ids := make([]string, len(r.Suggestions))
		for i, s := range r.Suggestions {
			ids[i] = fmt.Sprintf("%s %.2f", s.Entry.ID, s.Score)
		}
		return `"Did you mean…" (` + strings.Join(ids, ", ") + ")"
	case knowledge.KindNoMatch:
		return "no match"
	case knowledge.KindCrisis:
		return "the crisis reply"
	case knowledge.KindPersonalAdvice:
		return "the personal-advice reply"
	case knowledge.KindHelp:
		return "the help reply"
	}
	return string(r.Kind)
}

// An asked phrasing: entry e's Phrasings()[i], asked as prefix+phrasing.
type asked struct {
	e     *knowledge.Entry
	i     int
	reply knowledge.Reply
}

func (a asked) text() string { return a.e.Phrasings()[a.i] }

func (a asked) line() int { return a.e.Lines.Phrasing(a.i) }

// askAll asks every phrasing of every entry, prefixed by prefix, on all
// cores (Answer is safe for concurrent use), in entry order.
func askAll(snap *knowledge.Snapshot, opts knowledge.Options, prefix string) []asked {
	var all []asked
	for _, e := range snap.Entries() {
		for i := range 1 + len(e.Questions) {
			all = append(all, asked{e: e, i: i})
		}
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				all[k].reply = snap.Answer(prefix+all[k].text(), opts)
			}
		}()
	}
	for k := range all {
		next <- k
	}
	close(next)
	wg.Wait()
	return all
}

// An example is a question a fixed reply suggests, and its line.
type example struct {
	text string
	line int
}

// examples returns the questions a fixed reply lists as examples: its
// list items ("- What is ketamine?") that end with a question mark.
func examples(fr knowledge.FixedReply) []example {
	var out []example
	for n, ln := range strings.Split(fr.Reply, "\n") {
		t := strings.TrimSpace(ln)
		for _, bullet := range []string{"- ", "* ", "• "} {
			if q, ok := strings.CutPrefix(t, bullet); ok && strings.HasSuffix(q, "?") {
				line := 0
				if fr.Line > 0 {
					line = fr.Line + n
				}
				out = append(out, example{strings.TrimSpace(q), line})
			}
		}
	}
	return out
}
