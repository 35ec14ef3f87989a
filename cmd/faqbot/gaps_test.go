package main

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/faqbot/faqbot/internal/inbox"
)

// seedInbox writes a database such as the bot leaves behind and returns
// its path.
func seedInbox(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "faqbot.db")
	st, err := inbox.Open(ctx, path, inbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Now()
	for _, u := range []inbox.Unanswered{
		{Kind: inbox.KindNoMatch, Question: "does insurance cover ketamine", At: now.Add(-3 * time.Hour)},
		{Kind: inbox.KindSuggestions, Question: "is ketamine covered by insurance", NearestID: "treatment-settings", NearestScore: 0.2, At: now.Add(-2 * time.Hour)},
		{Kind: inbox.KindNoMatch, Question: "=HYPERLINK(\"http://x\") can my cat have ketamine", At: now.Add(-time.Hour)},
		{Kind: inbox.KindNoMatch, Question: "an old question about parking", At: now.Add(-10 * 24 * time.Hour)},
	} {
		if err := st.RecordUnanswered(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.RecordNoneOfThese(ctx, "does insurance cover ketamine", now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	a, b := st.Hash("111111111111111111"), st.Hash("222222222222222222")
	for _, v := range []struct {
		id      string
		helpful bool
		who     string
	}{
		{"safety", true, a}, {"safety", false, a}, {"safety", true, b}, {"fda-approval", true, b},
	} {
		if err := st.RecordVote(ctx, v.id, v.helpful, v.who, now); err != nil {
			t.Fatal(err)
		}
	}
	return path
}

func TestGapsTable(t *testing.T) {
	path := seedInbox(t)
	cfg := filepath.Join(t.TempDir(), "faqbot.yaml")
	os.WriteFile(cfg, []byte("store:\n  path: "+path+"\n"), 0o644)
	out, stderr, err := runMain(t, "", nil, "gaps", "--config", cfg, "--since", "7d")
	if err != nil {
		t.Fatalf("gaps: %v\n%s", err, stderr)
	}
	t.Logf("\n%s", out)
	lines := strings.Split(out, "\n")
	for _, want := range []string{
		"4 recorded, 2 group(s)", // the parking question is older than 7 days
		"COUNT  WORDINGS  LAST ASKED",
		"NEAREST ENTRY",
		"1× none of these",
		"ENTRY         HELPFUL  NOT HELPFUL  VOTERS",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("gaps output lacks %q", want)
		}
	}
	if strings.Contains(out, "parking") {
		t.Error("gaps shows a question from before --since")
	}
	var insurance, safety string
	for _, l := range lines {
		if strings.Contains(l, "insurance") {
			insurance = l
		}
		if strings.HasPrefix(l, "safety ") {
			safety = l
		}
	}
	if f := strings.Fields(insurance); len(f) < 2 || f[0] != "3" || f[1] != "2" {
		t.Errorf("insurance row = %q, want count 3 in 2 wordings", insurance)
	}
	if got, want := strings.Fields(safety), []string{"safety", "1", "1", "2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("safety votes row = %q, want %q", got, want)
	}

	// The environment works as well as the file, and --limit cuts the table.
	out, _, err = runMain(t, "", map[string]string{"FAQBOT_STORE_PATH": path}, "gaps", "--limit", "1", "--since", "720h")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "5 recorded, 3 group(s), top 1 shown") || strings.Contains(out, "parking") {
		t.Errorf("gaps --limit 1 --since 720h:\n%s", out)
	}
}

func TestGapsCSV(t *testing.T) {
	path := seedInbox(t)
	env := map[string]string{"FAQBOT_STORE_PATH": path}
	out, _, err := runMain(t, "", env, "gaps", "--csv", "--since", "7d")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("gaps --csv is not CSV: %v\n%s", err, out)
	}
	if len(recs) != 3 {
		t.Fatalf("gaps --csv = %d records, want a header and 2 rows:\n%s", len(recs), out)
	}
	wantHeader := []string{"count", "wordings", "none_of_these", "last_asked", "question", "nearest_entry", "nearest_score", "answered_now", "other_wordings"}
	if !reflect.DeepEqual(recs[0], wantHeader) {
		t.Errorf("header = %q, want %q", recs[0], wantHeader)
	}
	ins, cat := recs[1], recs[2]
	if ins[0] != "3" || ins[1] != "2" || ins[2] != "1" || !strings.Contains(ins[4], "insurance") || !strings.Contains(ins[8], "insurance") {
		t.Errorf("insurance row = %q", ins)
	}
	if _, err := time.Parse(time.RFC3339, ins[3]); err != nil {
		t.Errorf("last_asked %q is not RFC 3339", ins[3])
	}
	if !strings.HasPrefix(cat[4], "'=HYPERLINK") {
		t.Errorf("question %q starting with = is not defused for spreadsheets", cat[4])
	}

	out, _, err = runMain(t, "", env, "gaps", "--csv", "--votes")
	if err != nil {
		t.Fatal(err)
	}
	recs, err = csv.NewReader(strings.NewReader(out)).ReadAll()
	want := [][]string{{"entry", "helpful", "not_helpful", "voters"}, {"safety", "1", "1", "2"}, {"fda-approval", "1", "0", "1"}}
	if err != nil || !reflect.DeepEqual(recs, want) {
		t.Errorf("gaps --csv --votes = %q (%v), want %q", recs, err, want)
	}
}

func TestGapsErrors(t *testing.T) {
	path := seedInbox(t)
	tests := []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string
	}{
		{"store off", map[string]string{"FAQBOT_STORE_ENABLED": "false"}, nil, 1, "store.enabled"},
		{"no database", map[string]string{"FAQBOT_STORE_PATH": filepath.Join(t.TempDir(), "none.db")}, nil, 1, "no database"},
		{"bad since", map[string]string{"FAQBOT_STORE_PATH": path}, []string{"--since", "a week"}, 2, "--since"},
		{"zero since", map[string]string{"FAQBOT_STORE_PATH": path}, []string{"--since", "0d"}, 2, "more than 0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := runMain(t, "", tc.env, append([]string{"gaps"}, tc.args...)...)
			if err == nil || exitCode(err) != tc.code || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("gaps %q: err = %v (exit %d), want exit %d mentioning %q", tc.args, err, exitCode(err), tc.code, tc.want)
			}
		})
	}
	// A missing database is not created by the report.
	if _, err := os.Stat(tests[1].env["FAQBOT_STORE_PATH"]); err == nil {
		t.Error("gaps created a database at a wrong path")
	}
}

// A broken knowledge folder does not stop the report: the nearest entries
// recorded when the questions were asked are shown.
func TestGapsWithBrokenKnowledgeBase(t *testing.T) {
	path := seedInbox(t)
	out, stderr, err := runMain(t, "", map[string]string{"FAQBOT_STORE_PATH": path}, "gaps", "--kb", filepath.Join(t.TempDir(), "missing"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr, "warning") || !strings.Contains(out, "treatment-settings") {
		t.Errorf("gaps with a broken knowledge base:\nstdout:\n%s\nstderr:\n%s", out, stderr)
	}
}

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"30d", 30 * 24 * time.Hour},
		{"720h", 720 * time.Hour},
		{"90m", 90 * time.Minute},
	}
	for _, tc := range tests {
		if got, err := parsePeriod(tc.in); err != nil || got != tc.want {
			t.Errorf("parsePeriod(%q) = %v, %v, want %v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "d", "-1d", "1w", "0h"} {
		if _, err := parsePeriod(bad); err == nil {
			t.Errorf("parsePeriod(%q) succeeded", bad)
		}
	}
}
