package inbox

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/faqbot/faqbot/knowledge"
)

var t0 = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// openStore opens a store in a fresh folder, closed at the end of the test.
func openStore(tb testing.TB, opts Options) (*Store, string) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "inbox.db")
	s, err := Open(context.Background(), path, opts)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s, path
}

func count(tb testing.TB, s *Store, table string) int {
	tb.Helper()
	var n int
	if err := s.db.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

func TestOpenAppliesEveryMigration(t *testing.T) {
	s, _ := openStore(t, Options{})
	ms, err := readMigrations(migrations)
	if err != nil {
		t.Fatal(err)
	}
	got, err := schemaVersion(context.Background(), s.db)
	if err != nil {
		t.Fatal(err)
	}
	if want := len(ms); got != want || want < 2 {
		t.Errorf("schema version = %d, want %d (migrations: %d)", got, want, len(ms))
	}
	var mode string
	s.db.QueryRow(`PRAGMA journal_mode`).Scan(&mode)
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want wal", mode)
	}
	var busy int
	s.db.QueryRow(`PRAGMA busy_timeout`).Scan(&busy)
	if busy != int(busyTimeout.Milliseconds()) {
		t.Errorf("busy_timeout = %d, want %d", busy, busyTimeout.Milliseconds())
	}
}

// A database left at any earlier version, with data in it, upgrades on
// Open and keeps its data.
func TestOpenUpgradesOlderDatabase(t *testing.T) {
	ctx := context.Background()
	ms, err := readMigrations(migrations)
	if err != nil {
		t.Fatal(err)
	}
	for from := 0; from < len(ms); from++ {
		path := filepath.Join(t.TempDir(), "old.db")
		db, err := sql.Open("sqlite", dsn(path))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := schemaVersion(ctx, db); err != nil {
			t.Fatal(err)
		}
		for _, m := range ms[:from] {
			if err := apply(ctx, db, m, t0.Unix()); err != nil {
				t.Fatal(err)
			}
		}
		if from >= 1 {
			if _, err := db.Exec(`INSERT INTO unanswered (kind, question, at) VALUES ('no_match', 'kept across upgrades', ?)`, time.Now().Unix()); err != nil {
				t.Fatal(err)
			}
		}
		db.Close()

		s, err := Open(ctx, path, Options{})
		if err != nil {
			t.Fatalf("open database at version %d: %v", from, err)
		}
		v, _ := schemaVersion(ctx, s.db)
		if v != len(ms) {
			t.Errorf("from version %d: version after Open = %d, want %d", from, v, len(ms))
		}
		if from >= 1 && count(t, s, "unanswered") != 1 {
			t.Errorf("from version %d: the row written before the upgrade is gone", from)
		}
		s.Close()
	}
}

// A failing migration rolls back whole and leaves the version before it.
func TestFailedMigrationRollsBack(t *testing.T) {
	ctx := context.Background()
	fsys := fstest.MapFS{
		"migrations/0001_one.sql": {Data: []byte(`CREATE TABLE one (x INTEGER);`)},
		"migrations/0002_two.sql": {Data: []byte(`CREATE TABLE two (x INTEGER); INSERT INTO nowhere VALUES (1);`)},
	}
	db, err := sql.Open("sqlite", dsn(filepath.Join(t.TempDir(), "m.db")))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = migrate(ctx, db, fsys, t0.Unix())
	if err == nil || !strings.Contains(err.Error(), "0002_two.sql") {
		t.Fatalf("migrate = %v, want an error naming 0002_two.sql", err)
	}
	if v, _ := schemaVersion(ctx, db); v != 1 {
		t.Errorf("version after failed migration = %d, want 1", v)
	}
	var n int
	db.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE name = 'two'`).Scan(&n)
	if n != 0 {
		t.Error("table of the failed migration exists: the migration was not rolled back")
	}
	// Fixing the migration lets the next run finish.
	fsys["migrations/0002_two.sql"] = &fstest.MapFile{Data: []byte(`CREATE TABLE two (x INTEGER);`)}
	if err := migrate(ctx, db, fsys, t0.Unix()); err != nil {
		t.Fatal(err)
	}
	if v, _ := schemaVersion(ctx, db); v != 2 {
		t.Errorf("version = %d, want 2", v)
	}
}

func TestMigrationFilesAreNumberedWithoutGaps(t *testing.T) {
	_, err := readMigrations(fstest.MapFS{
		"migrations/0001_a.sql": {Data: []byte(`SELECT 1;`)},
		"migrations/0003_c.sql": {Data: []byte(`SELECT 1;`)},
	})
	if err == nil {
		t.Error("readMigrations accepted a gap between 0001 and 0003")
	}
}

func TestOpenRefusesNewerDatabase(t *testing.T) {
	_, path := openStore(t, Options{})
	db, _ := sql.Open("sqlite", dsn(path))
	db.Exec(`INSERT INTO schema_version (version, applied_at) VALUES (99, 0)`)
	db.Close()
	if _, err := Open(context.Background(), path, Options{}); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("Open of a database from a newer faqbot: err = %v, want one saying it is newer", err)
	}
}

func TestRecordKinds(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t, Options{})
	now := time.Now()
	for _, u := range []Unanswered{
		{Kind: KindNoMatch, Question: "  can my cat   take ketamine \n", At: now},
		{Kind: KindSuggestions, Question: "is ketamine like suboxone", NearestID: "alternatives", NearestScore: 0.2, At: now},
	} {
		if err := s.RecordUnanswered(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.RecordNoneOfThese(ctx, "is ketamine like suboxone", now); err != nil {
		t.Fatal(err)
	}
	// Only unanswered kinds carry text: a crisis or answered question is refused.
	for _, kind := range []string{"crisis", "answer", "personal_advice", KindNoneOfThese, ""} {
		if err := s.RecordUnanswered(ctx, Unanswered{Kind: kind, Question: "x", At: now}); err == nil {
			t.Errorf("RecordUnanswered(kind %q) = nil, want an error", kind)
		}
	}
	if err := s.RecordUnanswered(ctx, Unanswered{Kind: KindNoMatch, Question: " \t ", At: now}); err != nil {
		t.Errorf("empty question: %v, want it ignored", err)
	}
	if err := s.RecordUnanswered(ctx, Unanswered{Kind: KindNoMatch, Question: "x", NearestID: "../etc", At: now}); err == nil {
		t.Error("a nearest id that is not an entry id was accepted")
	}

	rows, err := s.db.Query(`SELECT kind, question, nearest_id, nearest_score FROM unanswered ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var k, q, id string
		var sc float64
		rows.Scan(&k, &q, &id, &sc)
		got = append(got, strings.Join([]string{k, q, id}, "|"))
	}
	want := []string{
		"no_match|can my cat take ketamine|",
		"suggestions|is ketamine like suboxone|alternatives",
		"none_of_these|is ketamine like suboxone|",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("stored rows = %q, want %q", got, want)
	}
}

func TestQuestionTextIsCleaned(t *testing.T) {
	long := strings.Repeat("é", MaxQuestionRunes+50)
	tests := []struct{ name, in, want string }{
		{"mentions", "ask <@123456789012345678> or <@!223456789012345678> in <#323456789012345678> <@&423456789012345678>", "ask @someone or @someone in @someone @someone"},
		{"controls", "is\x1b[31m ketamine\u200b safe\r\n", "is [31m ketamine safe"},
		{"long", long, long[:2*MaxQuestionRunes]},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := cleanQuestion(tc.in); got != tc.want {
				t.Errorf("cleanQuestion(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// No user id is stored anywhere: not in any column of any table, not in the
// database or WAL files.
func TestNoUserIDStored(t *testing.T) {
	ctx := context.Background()
	s, path := openStore(t, Options{})
	users := []string{"123456789012345678", "876543210987654321"}
	for _, u := range users {
		for _, e := range []string{"safety", "side-effects"} {
			if err := s.RecordVote(ctx, e, true, s.Hash(u), t0); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.RecordVote(ctx, "safety", false, s.Hash(u), t0); err != nil { // change of mind
			t.Fatal(err)
		}
	}
	s.RecordUnanswered(ctx, Unanswered{Kind: KindNoMatch, Question: "hey <@" + users[0] + "> does insurance cover ketamine", At: t0})
	s.RecordNoneOfThese(ctx, "<@!"+users[1]+"> is ketamine vegan", t0)

	// The raw id is refused in place of its hash.
	if err := s.RecordVote(ctx, "safety", true, users[0], t0); err == nil {
		t.Error("RecordVote accepted a raw user id as the asker")
	}

	forbidden := append([]string{}, users...)
	for _, u := range users {
		forbidden = append(forbidden, s.Hash(u)) // votes are re-keyed per entry: not even the asker hash is stored
	}
	tables := textColumns(t, s.db)
	if len(tables) < 3 {
		t.Fatalf("found only tables %v", tables)
	}
	for table, cols := range tables {
		for _, col := range cols {
			for _, f := range forbidden {
				var n int
				q := `SELECT COUNT(*) FROM "` + table + `" WHERE instr(CAST("` + col + `" AS TEXT), ?) > 0`
				if err := s.db.QueryRow(q, f).Scan(&n); err != nil {
					t.Fatal(err)
				}
				if n > 0 {
					t.Errorf("%s.%s holds %q", table, col, f)
				}
			}
		}
	}
	s.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	for _, file := range []string{path, path + "-wal"} {
		data, _ := os.ReadFile(file)
		for _, u := range users {
			if bytes.Contains(data, []byte(u)) {
				t.Errorf("%s contains user id %s", filepath.Base(file), u)
			}
		}
	}
}

// textColumns lists every column of every table.
func textColumns(tb testing.TB, db *sql.DB) map[string][]string {
	tb.Helper()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		tb.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	out := map[string][]string{}
	for _, table := range tables {
		rows, err := db.Query(`SELECT name FROM pragma_table_info(?)`, table)
		if err != nil {
			tb.Fatal(err)
		}
		for rows.Next() {
			var c string
			rows.Scan(&c)
			out[table] = append(out[table], c)
		}
		rows.Close()
	}
	return out
}

func TestHash(t *testing.T) {
	a, _ := openStore(t, Options{})
	b, _ := openStore(t, Options{})
	h := a.Hash("123")
	if !isHash(h) || h != a.Hash("123") || h == a.Hash("124") {
		t.Errorf("Hash is not a stable per-user hash: %q", h)
	}
	if h == b.Hash("123") {
		t.Error("two installs share a salt")
	}
	// The salt survives reopening.
	path := filepath.Join(t.TempDir(), "x.db")
	s1, _ := Open(context.Background(), path, Options{})
	h1 := s1.Hash("123")
	s1.Close()
	s2, _ := Open(context.Background(), path, Options{})
	defer s2.Close()
	if s2.Hash("123") != h1 {
		t.Error("the hash changed after reopening the database")
	}
}

func TestSaltFile(t *testing.T) {
	dir := t.TempDir()
	salt := filepath.Join(dir, "salt")
	os.WriteFile(salt, []byte("0123456789abcdef0123456789abcdef\n"), 0o600)
	a, _ := openStore(t, Options{SaltFile: salt})
	b, _ := openStore(t, Options{SaltFile: salt})
	if a.Hash("123") != b.Hash("123") {
		t.Error("two stores with the same salt file hash differently")
	}
	var n int
	a.db.QueryRow(`SELECT COUNT(*) FROM meta WHERE key = ?`, saltKey).Scan(&n)
	if n != 0 {
		t.Error("a salt was stored in the database although a salt file is set")
	}
	for name, content := range map[string]string{"missing": "", "short": "abc"} {
		f := filepath.Join(dir, name)
		if content != "" {
			os.WriteFile(f, []byte(content), 0o600)
		}
		if _, err := Open(context.Background(), filepath.Join(dir, name+".db"), Options{SaltFile: f}); err == nil {
			t.Errorf("Open with a %s salt file succeeded", name)
		}
	}
}

func TestRetention(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "r.db")
	s, err := Open(ctx, path, Options{Retention: 30 * 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	old, recent := now.Add(-31*24*time.Hour), now.Add(-29*24*time.Hour)
	s.RecordUnanswered(ctx, Unanswered{Kind: KindNoMatch, Question: "an old secret question", At: old})
	s.RecordNoneOfThese(ctx, "an old rejected question", old)
	s.RecordVote(ctx, "safety", true, s.Hash("1"), old)
	s.RecordUnanswered(ctx, Unanswered{Kind: KindNoMatch, Question: "a recent question", At: recent})
	s.RecordVote(ctx, "safety", false, s.Hash("2"), recent)

	n, err := s.Prune(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Errorf("Prune deleted %d rows, want 3", n)
	}
	if u, v := count(t, s, "unanswered"), count(t, s, "votes"); u != 1 || v != 1 {
		t.Errorf("after Prune: %d questions and %d votes, want 1 and 1", u, v)
	}
	// Deleted text is gone from the files too (secure_delete, checkpoint).
	for _, file := range []string{path, path + "-wal"} {
		data, _ := os.ReadFile(file)
		if bytes.Contains(data, []byte("old secret question")) {
			t.Errorf("%s still holds a deleted question", filepath.Base(file))
		}
	}
	// Open prunes too: a record that ages out while the bot is stopped
	// is deleted on the next start.
	s.RecordUnanswered(ctx, Unanswered{Kind: KindNoMatch, Question: "older than retention", At: old})
	s.Close()
	s, err = Open(ctx, path, Options{Retention: 30 * 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if u := count(t, s, "unanswered"); u != 1 {
		t.Errorf("after reopening: %d questions, want 1", u)
	}
}

func TestDefaultRetentionIs90Days(t *testing.T) {
	s, _ := openStore(t, Options{})
	if s.retention != 90*24*time.Hour {
		t.Errorf("retention = %v, want 90 days", s.retention)
	}
	if got := s.Retention(); got != 90*24*time.Hour {
		t.Errorf("Retention() = %v, want 90 days", got)
	}
	s2, _ := openStore(t, Options{Retention: 48 * time.Hour})
	if got := s2.Retention(); got != 48*time.Hour {
		t.Errorf("Retention() = %v, want 48h", got)
	}
}

func TestRunRetention(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, _ := openStore(t, Options{Retention: time.Hour})
	var fake atomic.Int64
	fake.Store(time.Now().Unix())
	s.now = func() time.Time { return time.Unix(fake.Load(), 0) }
	s.every = 5 * time.Millisecond
	s.RecordUnanswered(ctx, Unanswered{Kind: KindNoMatch, Question: "q", At: time.Now()})
	done := make(chan struct{})
	go func() { s.RunRetention(ctx); close(done) }()
	fake.Add(2 * 3600) // two hours pass
	deadline := time.Now().Add(5 * time.Second)
	for count(t, s, "unanswered") != 0 {
		if time.Now().After(deadline) {
			t.Fatal("RunRetention did not prune")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("RunRetention did not return after ctx ended")
	}
}

func loadKB(tb testing.TB) *knowledge.Snapshot {
	tb.Helper()
	snap, probs, err := knowledge.Load(knowledge.DefaultFS(), knowledge.LoadOptions{})
	if err != nil || len(probs.Errors()) > 0 {
		tb.Fatalf("load embedded knowledge base: %v %v", err, probs.Errors())
	}
	return snap
}

func TestGapsGroupsSimilarQuestions(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t, Options{})
	now := time.Now().UTC().Truncate(time.Second)
	seed := []struct {
		kind, q string
		ago     time.Duration
	}{
		{KindNoMatch, "does insurance cover ketamine", 3 * time.Hour},
		{KindSuggestions, "Is ketamine covered by insurance?", 2 * time.Hour},
		{KindNoMatch, "can I bring my dog to a ketamine infusion clinic", 1 * time.Hour},
		{KindNoMatch, "does insurance cover ketamine", 40 * 24 * time.Hour}, // before the period
	}
	for _, r := range seed {
		if err := s.RecordUnanswered(ctx, Unanswered{Kind: r.kind, Question: r.q, NearestID: "fda-approval", NearestScore: 0.1, At: now.Add(-r.ago)}); err != nil {
			t.Fatal(err)
		}
	}
	snap := loadKB(t)
	gaps, err := s.Gaps(ctx, now.Add(-30*24*time.Hour), snap, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(gaps) != 2 {
		t.Fatalf("Gaps = %d rows, want 2: %+v", len(gaps), gaps)
	}
	ins, dog := gaps[0], gaps[1]
	if ins.Count != 2 || ins.Distinct != 2 || !strings.Contains(strings.ToLower(ins.Example), "insurance") {
		t.Errorf("insurance row = %+v, want count 2 of 2 wordings", ins)
	}
	if got, want := ins.LastAsked, now.Add(-2*time.Hour); !got.Equal(want) {
		t.Errorf("insurance LastAsked = %v, want %v", got, want)
	}
	if ins.Example != "Is ketamine covered by insurance?" {
		t.Errorf("Example = %q, want the most recent wording on a tie", ins.Example)
	}
	if dog.Count != 1 || !strings.Contains(dog.Example, "dog") {
		t.Errorf("second row = %+v, want the dog question once", dog)
	}
	for _, g := range gaps {
		if _, ok := snap.Entry(g.NearestID); g.NearestID != "" && !ok {
			t.Errorf("nearest id %q is not in the knowledge base", g.NearestID)
		}
	}
	// Recomputed with the current knowledge base, not copied from the record.
	r := snap.Answer(ins.Example, knowledge.Options{})
	if wantID := r.Why.BestID; ins.NearestID != wantID && (len(r.Suggestions) == 0 || ins.NearestID != r.Suggestions[0].Entry.ID) {
		t.Errorf("insurance nearest = %q, want the current best %q", ins.NearestID, wantID)
	}

	// Without a knowledge base, the recorded nearest entry is reported.
	gaps, _ = s.Gaps(ctx, now.Add(-30*24*time.Hour), nil, 1)
	if len(gaps) != 1 || gaps[0].NearestID != "fda-approval" || gaps[0].NearestScore != 0.1 {
		t.Errorf("Gaps(nil snap, limit 1) = %+v, want one row with the recorded nearest entry", gaps)
	}
}

// A question the knowledge base now answers is flagged, and "None of
// these" clicks count in their group.
func TestGapsAnsweredAndNoneOfThese(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t, Options{})
	now := time.Now()
	s.RecordUnanswered(ctx, Unanswered{Kind: KindNoMatch, Question: "is ketamine addictive", At: now})
	s.RecordUnanswered(ctx, Unanswered{Kind: KindSuggestions, Question: "is ketamine safe while pregnant", At: now})
	s.RecordNoneOfThese(ctx, "is ketamine safe while pregnant", now)
	gaps, err := s.Gaps(ctx, now.Add(-time.Hour), loadKB(t), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(gaps) != 2 {
		t.Fatalf("Gaps = %+v, want 2 rows", gaps)
	}
	if g := gaps[0]; g.Count != 2 || g.NoneOfThese != 1 || g.Distinct != 1 {
		t.Errorf("pregnancy row = %+v, want count 2, none of these 1, 1 wording", g)
	}
	if g := gaps[1]; !g.Answered || g.NearestID != "addiction-risk" {
		t.Errorf("addictive row = %+v, want answered by addiction-risk", g)
	}
}

func TestContentWordsAndJaccard(t *testing.T) {
	tests := []struct {
		a, b string
		same bool
	}{
		{"does insurance cover ketamine", "is ketamine covered by insurance", true},
		{"Does insurance cover ketamine?", "does insurance cover it", true},
		{"does insurance cover ketamine", "does insurance cover methadone", false},
		{"how much does ketamine cost", "can I drive after ketamine", false},
		{"what's ketamine's price", "whats the ketamine prices", true},
	}
	for _, tc := range tests {
		a, b := contentWords(tc.a), contentWords(tc.b)
		if got := jaccard(a, b) >= MergeSimilarity; got != tc.same {
			t.Errorf("similar(%q %v, %q %v) = %v, want %v", tc.a, a, tc.b, b, got, tc.same)
		}
	}
	if got, want := contentWords("Is ketamine covered by insurance?"), []string{"cover", "insur", "ketamin"}; !reflect.DeepEqual(got, want) {
		t.Errorf("contentWords = %q, want %q", got, want)
	}
}

// Leader grouping: questions join a group only when alike enough to its
// most asked question, so a chain of one-word changes does not merge
// different subjects.
func TestGroupDoesNotChain(t *testing.T) {
	ws := []*wording{
		{text: "insurance cover ketamine clinic", count: 3},
		{text: "insurance cover ketamine", count: 2},  // 0.75 with the leader
		{text: "insurance cover methadone", count: 1}, // 0.67 with the second, 0.4 with the leader
	}
	got := group(ws)
	if len(got) != 2 || got[0].count != 5 || got[1].count != 1 {
		t.Errorf("group = %d clusters, want [5 1]", len(got))
	}
}

func TestHelpfulness(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t, Options{})
	now := time.Now()
	a, b := s.Hash("111111111111111111"), s.Hash("222222222222222222")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.RecordVote(ctx, "safety", true, a, now.Add(-time.Minute)))
	must(s.RecordVote(ctx, "safety", false, a, now)) // a changes their mind
	must(s.RecordVote(ctx, "safety", true, b, now))
	must(s.RecordVote(ctx, "fda-approval", true, a, now))
	must(s.RecordVote(ctx, "esketamine", false, b, now.Add(-48*time.Hour))) // before the period
	got, err := s.Helpfulness(ctx, now.Add(-24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	want := []EntryVotes{
		{EntryID: "safety", Helpful: 1, NotHelpful: 1, Voters: 2},
		{EntryID: "fda-approval", Helpful: 1, NotHelpful: 0, Voters: 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Helpfulness = %+v, want %+v", got, want)
	}
	if err := s.RecordVote(ctx, "Safety Entry", true, a, now); err == nil {
		t.Error("RecordVote accepted an entry id that is not kebab-case")
	}
}

func TestNilStoreIsSafe(t *testing.T) {
	ctx := context.Background()
	var s *Store
	if err := s.RecordUnanswered(ctx, Unanswered{Kind: KindNoMatch, Question: "q"}); err != nil {
		t.Error(err)
	}
	if err := s.RecordNoneOfThese(ctx, "q", time.Now()); err != nil {
		t.Error(err)
	}
	if err := s.RecordVote(ctx, "safety", true, s.Hash("1"), time.Now()); err != nil {
		t.Error(err)
	}
	if n, err := s.Prune(ctx, time.Now()); n != 0 || err != nil {
		t.Error(n, err)
	}
	if g, err := s.Gaps(ctx, time.Time{}, nil, 0); g != nil || err != nil {
		t.Error(g, err)
	}
	if h, err := s.Helpfulness(ctx, time.Time{}); h != nil || err != nil {
		t.Error(h, err)
	}
	if r := s.Retention(); r != 0 {
		t.Errorf("Retention() = %v, want 0", r)
	}
	s.RunRetention(ctx) // returns at once
	if err := s.Close(); err != nil {
		t.Error(err)
	}
}

// The bot records while a moderator runs "faqbot gaps" from another
// process: two stores on one file both work.
func TestTwoStoresOneFile(t *testing.T) {
	ctx := context.Background()
	a, path := openStore(t, Options{})
	b, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if a.Hash("1") != b.Hash("1") {
		t.Error("two stores on one file disagree on the salt")
	}
	done := make(chan error)
	go func() {
		for i := range 50 {
			if err := a.RecordUnanswered(ctx, Unanswered{Kind: KindNoMatch, Question: "q" + string(rune('a'+i%26)), At: time.Now()}); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for range 20 {
		if _, err := b.Gaps(ctx, time.Time{}, nil, 0); err != nil {
			t.Error(err)
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
