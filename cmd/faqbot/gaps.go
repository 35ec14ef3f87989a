package main

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/faqbot/faqbot/config"
	"github.com/faqbot/faqbot/internal/inbox"
	"github.com/faqbot/faqbot/knowledge"
)

// runGaps reports what the bot could not answer and what users thought of
// its answers, from the inbox database the running bot writes.
func runGaps(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	flags := newFlags("gaps", "gaps [--config FILE] [--since 30d] [--limit N] [--csv] [--votes]", stderr)
	cfgPath := flags.String("config", "", "configuration `file` (as given to faqbot run)")
	kb := flags.String("kb", "", "knowledge base `folder` to find nearest entries in (default: knowledge.dir of the configuration)")
	sinceFlag := flags.String("since", "30d", "report the last `period`: a duration such as 720h or whole days such as 30d")
	limit := flags.Int("limit", 20, "show at most `N` question groups (0: all)")
	asCSV := flags.Bool("csv", false, "write CSV with a header row, for spreadsheets")
	votes := flags.Bool("votes", false, "report only per-entry helpfulness (with --csv: write its CSV instead of the questions')")
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return &exitError{code: 2, msg: fmt.Sprintf("gaps takes no arguments, got %q", flags.Args())}
	}
	period, err := parsePeriod(*sinceFlag)
	if err != nil {
		return &exitError{code: 2, msg: fmt.Sprintf("--since: %v", err)}
	}
	cfg, err := config.Load(*cfgPath, getenv)
	if err != nil {
		return err
	}
	if !cfg.Store.Enabled {
		return errors.New("the store is off (store.enabled: false), so nothing is recorded to report")
	}
	if _, err := os.Stat(cfg.Store.Path); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("no database at %s (store.path): the bot creates it when it runs; check the path", cfg.Store.Path)
	}
	st, err := inbox.Open(ctx, cfg.Store.Path, inbox.Options{
		Retention: cfg.Store.Retention,
		SaltFile:  cfg.Store.SaltFile,
		Match: knowledge.Options{
			Threshold:        cfg.Answer.Threshold,
			SuggestThreshold: cfg.Answer.SuggestThreshold,
			Margin:           cfg.Answer.Margin,
			Disclaimer:       cfg.Answer.Disclaimer,
		},
	})
	if err != nil {
		return err
	}
	defer st.Close()

	dir := cfg.Knowledge.Dir
	if *kb != "" {
		dir = *kb
	}
	snap, err := loadKB(dir)
	if err != nil {
		// The report is still useful: nearest entries then come from the
		// time each question was asked.
		fmt.Fprintf(stderr, "warning: %v\nNearest entries are the ones found when each question was asked.\n", err)
		snap = nil
	}

	now := time.Now()
	since := now.Add(-period)
	var gaps []inbox.Gap
	if !*votes {
		gaps, err = st.Gaps(ctx, since, snap, 0)
		if err != nil {
			return err
		}
	}
	helpful, err := st.Helpfulness(ctx, since)
	if err != nil {
		return err
	}
	shown := gaps
	if *limit > 0 && len(shown) > *limit {
		shown = shown[:*limit]
	}
	switch {
	case *asCSV && *votes:
		return writeVotesCSV(stdout, helpful)
	case *asCSV:
		return writeGapsCSV(stdout, shown)
	}
	span := fmt.Sprintf("last %s (since %s)", *sinceFlag, since.Format("2006-01-02 15:04"))
	if !*votes {
		writeGapsTable(stdout, span, gaps, shown)
		fmt.Fprintln(stdout)
	}
	writeVotesTable(stdout, span, helpful)
	return nil
}

// parsePeriod accepts Go durations ("720h") and whole days ("30d").
func parsePeriod(s string) (time.Duration, error) {
	var d time.Duration
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil {
			return 0, fmt.Errorf("bad period %q: use a duration such as 720h or days such as 30d", s)
		}
		d = time.Duration(n) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, fmt.Errorf("bad period %q: use a duration such as 720h or days such as 30d", s)
		}
	}
	if d <= 0 {
		return 0, fmt.Errorf("period %q must be more than 0", s)
	}
	return d, nil
}

// questionWidth is how much of a question the table shows; CSV has it all.
const questionWidth = 60

func writeGapsTable(w io.Writer, span string, all, shown []inbox.Gap) {
	total := 0
	for _, g := range all {
		total += g.Count
	}
	fmt.Fprintf(w, "Unanswered questions, %s: %d recorded, %d group(s)", span, total, len(all))
	if len(shown) < len(all) {
		fmt.Fprintf(w, ", top %d shown", len(shown))
	}
	fmt.Fprintln(w)
	if len(shown) == 0 {
		fmt.Fprintln(w, "Nothing went unanswered.")
		return
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "COUNT\tWORDINGS\tLAST ASKED\tQUESTION\tNEAREST ENTRY\tSCORE\tNOTE\n")
	for _, g := range shown {
		nearest, score := "-", "-"
		if g.NearestID != "" {
			nearest, score = g.NearestID, fmt.Sprintf("%.2f", g.NearestScore)
		}
		var notes []string
		if g.Answered {
			notes = append(notes, "answered now")
		}
		if g.NoneOfThese > 0 {
			notes = append(notes, fmt.Sprintf("%d× none of these", g.NoneOfThese))
		}
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%s\t%s\n", g.Count, g.Distinct, g.LastAsked.Local().Format("2006-01-02"),
			shorten(terminalSafe(g.Example), questionWidth), nearest, score, strings.Join(notes, ", "))
	}
	tw.Flush()
}

func writeVotesTable(w io.Writer, span string, votes []inbox.EntryVotes) {
	fmt.Fprintf(w, "Helpfulness by entry, %s:\n", span)
	if len(votes) == 0 {
		fmt.Fprintln(w, "No votes.")
		return
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "ENTRY\tHELPFUL\tNOT HELPFUL\tVOTERS\n")
	for _, v := range votes {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\n", v.EntryID, v.Helpful, v.NotHelpful, v.Voters)
	}
	tw.Flush()
}

func writeGapsCSV(w io.Writer, gaps []inbox.Gap) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"count", "wordings", "none_of_these", "last_asked", "question", "nearest_entry", "nearest_score", "answered_now", "other_wordings"})
	for _, g := range gaps {
		score := ""
		if g.NearestID != "" {
			score = strconv.FormatFloat(g.NearestScore, 'f', 3, 64)
		}
		var others []string
		if len(g.Phrasings) > 1 {
			others = g.Phrasings[1:]
		}
		cw.Write([]string{
			strconv.Itoa(g.Count), strconv.Itoa(g.Distinct), strconv.Itoa(g.NoneOfThese),
			g.LastAsked.UTC().Format(time.RFC3339), spreadsheetSafe(g.Example),
			g.NearestID, score, strconv.FormatBool(g.Answered), spreadsheetSafe(strings.Join(others, " | ")),
		})
	}
	cw.Flush()
	return cw.Error()
}

func writeVotesCSV(w io.Writer, votes []inbox.EntryVotes) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"entry", "helpful", "not_helpful", "voters"})
	for _, v := range votes {
		cw.Write([]string{v.EntryID, strconv.Itoa(v.Helpful), strconv.Itoa(v.NotHelpful), strconv.Itoa(v.Voters)})
	}
	cw.Flush()
	return cw.Error()
}

// spreadsheetSafe keeps user text from running as a formula when the CSV is
// opened in a spreadsheet (CSV injection): a leading =, +, -, @, tab or CR
// gets a leading apostrophe.
func spreadsheetSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// terminalSafe replaces control characters (tabs included, which would
// break the table), so user text cannot move the cursor or recolour the
// moderator's terminal.
func terminalSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return ' '
		}
		return r
	}, s)
}

// shorten cuts s to n runes, marking the cut with "…".
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
