package knowledge

import (
	"encoding/json"
	"flag"
	"os"
	"testing"

	"github.com/faqbot/faqbot/knowledge/safety"
)

var dumpFlag = flag.String("dump", "", "TestDumpSignals: write each question's candidates and signals as JSON lines to this file")
var dumpIn = flag.String("dumpin", "", "TestDumpSignals: the labelled questions")

// TestDumpSignals writes the matcher's signals for labelled questions, to
// study them offline: go test ./knowledge -run TestDumpSignals -dumpin Q.jsonl -dump out.jsonl
func TestDumpSignals(t *testing.T) {
	if *dumpFlag == "" {
		t.Skip("no -dump")
	}
	fh, err := os.Open(*dumpIn)
	if err != nil {
		t.Fatal(err)
	}
	cases, err := ReadCases(fh)
	if err != nil {
		t.Fatal(err)
	}
	snap := shipped(t)
	out, _ := os.Create(*dumpFlag)
	defer out.Close()
	enc := json.NewEncoder(out)
	for _, c := range cases {
		q := snap.Analyze(c.Q)
		d := safety.Check(q)
		_, exact := snap.idx.Exact(q)
		m := snap.idx.Rank(q)
		type cand struct {
			ID                             string
			Topic                          bool
			Score, Phr, BM25, Learned, Cov float64
			Missing, Lacks                 []string
		}
		var cs []cand
		for _, x := range m.Top {
			id := ""
			if x.Doc < len(snap.entries) {
				id = snap.entries[x.Doc].ID
			} else {
				id = "topic:" + snap.notCovered[x.Doc-len(snap.entries)].Topic
			}
			cs = append(cs, cand{id, x.Doc >= len(snap.entries), x.Score, x.Phrasing, x.BM25, x.Learned, x.Coverage, x.Missing, x.Lacks})
		}
		enc.Encode(map[string]any{"g": c.Group, "q": c.Q, "ids": c.IDs, "safety": d.Outcome.String(), "exact": exact, "top": cs, "uncovered": m.Uncovered, "unknown": m.Unknown, "subject": m.Subject})
	}
}
