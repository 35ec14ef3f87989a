// Package inbox records what the bot could not answer and what users
// thought of its answers, in an embedded SQLite database, and reports them
// to moderators: the top unanswered questions grouped by similarity
// ([Store.Gaps]) and Helpful/Not helpful votes per entry
// ([Store.Helpfulness]). It also keeps the outbox: replies the bot had not
// posted when it stopped, for the next start to post ([Store.SaveOutbox]).
//
// Privacy is the design constraint. The store never holds a user id:
//   - question text is stored only for questions the bot did not answer
//     (no match, only suggestions, or "None of these"), and only by
//     [Store.RecordUnanswered] and [Store.RecordNoneOfThese], with Discord
//     mentions removed;
//   - a vote is keyed by a salted hash ([Store.Hash]), re-hashed with the
//     entry id so one person's votes on different entries cannot be linked;
//     it only counts distinct voters and lets someone change their vote;
//   - an outbox row holds a reply (the knowledge base's text, or the crisis
//     resources) and the channel it goes to, never the question; it is
//     deleted once posted, or after [OutboxTTL] (an hour);
//   - every record is deleted once it is older than the retention period
//     (90 days by default): on [Open] and then daily ([Store.RunRetention]),
//     with SQLite's secure_delete so deleted text is overwritten.
//
// A nil *Store records nothing and reports nothing, so the bot can pass nil
// when the store is turned off in the configuration.
package inbox

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"go.uber.org/zap"
	_ "modernc.org/sqlite" // registers the "sqlite" driver (pure Go, no cgo)

	"github.com/faqbot/faqbot/knowledge"
)

// DefaultRetention is how long records are kept unless Options say
// otherwise: 90 days.
const DefaultRetention = 90 * 24 * time.Hour

// MaxQuestionRunes is the most of a question's text that is stored; the
// rest is dropped. It matches what the matcher reads.
const MaxQuestionRunes = 1000

// Kinds of unanswered records.
const (
	KindNoMatch     = "no_match"      // the bot found nothing relevant
	KindSuggestions = "suggestions"   // the bot offered entries but did not answer
	KindNoneOfThese = "none_of_these" // the asker rejected the suggestions
)

// busyTimeout is how long a statement waits for another process (such as
// "faqbot gaps" next to the running bot) to finish writing.
const busyTimeout = 5 * time.Second

// pruneEvery is how often RunRetention prunes.
const pruneEvery = 24 * time.Hour

// saltKey is the meta row holding the generated salt.
const saltKey = "voter_salt"

// Options tune [Open]. The zero value is ready to use.
type Options struct {
	// Retention is how long records are kept. The default is
	// [DefaultRetention] (90 days).
	Retention time.Duration
	// SaltFile names a file holding the secret salt of voter hashes (at
	// least 16 bytes; surrounding whitespace is ignored). The default, "",
	// generates a salt on first open and keeps it in the database. Keeping
	// it outside the database means a copy of the database alone cannot be
	// used to test whether a given Discord user voted.
	SaltFile string
	// Logger receives retention results and errors. The default discards
	// them.
	Logger *zap.Logger
	// Match are the answer settings [Store.Gaps] uses to find each group's
	// nearest entry; they should be the bot's. The zero value uses the
	// engine's defaults.
	Match knowledge.Options
}

// A Store is an open inbox database. It is safe for concurrent use. A nil
// *Store is valid: it records nothing and its reports are empty.
type Store struct {
	db        *sql.DB
	lg        *zap.Logger
	salt      []byte
	retention time.Duration
	match     knowledge.Options
	every     time.Duration // prune period of RunRetention; tests shorten it
	now       func() time.Time
}

// Open opens the database at path, creating it if needed, applies any
// schema migrations it lacks, and deletes records older than the retention
// period.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	if path == "" {
		return nil, errors.New("open inbox: no database path")
	}
	if opts.Retention <= 0 {
		opts.Retention = DefaultRetention
	}
	if opts.Logger == nil {
		opts.Logger = zap.NewNop()
	}
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("open inbox %s: %w", path, err)
	}
	// One connection: SQLite has one writer anyway, and the pragmas and
	// immediate transactions then never contend inside this process.
	db.SetMaxOpenConns(1)
	s := &Store{db: db, lg: opts.Logger, retention: opts.Retention, match: opts.Match, every: pruneEvery, now: time.Now}
	if err := s.init(ctx, opts); err != nil {
		db.Close()
		return nil, fmt.Errorf("open inbox %s: %w", path, err)
	}
	return s, nil
}

// dsn builds the driver's data source name: a SQLite URI, so a path with
// "?" or "#" in it stays a path.
func dsn(path string) string {
	esc := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	return "file:" + esc +
		fmt.Sprintf("?_pragma=busy_timeout(%d)", busyTimeout.Milliseconds()) +
		"&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(NORMAL)" +
		"&_pragma=secure_delete(ON)" + // deleted question text is overwritten, not left in free pages
		"&_txlock=immediate" // take the write lock at BEGIN: no upgrade deadlocks between processes
}

func (s *Store) init(ctx context.Context, opts Options) error {
	if err := s.db.PingContext(ctx); err != nil {
		return err
	}
	if err := migrate(ctx, s.db, migrations, s.now().Unix()); err != nil {
		return err
	}
	salt, err := s.loadSalt(ctx, opts.SaltFile)
	if err != nil {
		return err
	}
	s.salt = salt
	if _, err := s.Prune(ctx, s.now()); err != nil {
		return err
	}
	return nil
}

// loadSalt reads the salt from file, or from the database, generating it
// there on first use.
func (s *Store) loadSalt(ctx context.Context, file string) ([]byte, error) {
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("read salt file: %w (create one with: head -c 32 /dev/urandom | base64 > %s)", err, file)
		}
		salt := []byte(strings.TrimSpace(string(data)))
		if len(salt) < 16 {
			return nil, fmt.Errorf("salt file %s holds %d bytes, want at least 16 (create one with: head -c 32 /dev/urandom | base64 > %s)", file, len(salt), file)
		}
		return salt, nil
	}
	fresh := make([]byte, 32)
	rand.Read(fresh) // never fails (crypto/rand)
	// INSERT OR IGNORE then read: two processes opening a new database at
	// once agree on the first salt written.
	if _, err := s.db.ExecContext(ctx, `INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)`, saltKey, fresh); err != nil {
		return nil, fmt.Errorf("store salt: %w", err)
	}
	var salt []byte
	if err := s.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = ?`, saltKey).Scan(&salt); err != nil {
		return nil, fmt.Errorf("read salt: %w", err)
	}
	return salt, nil
}

// Close closes the database. Closing a nil Store does nothing.
func (s *Store) Close() error {
	if s == nil {
		return nil
	}
	return s.db.Close()
}

// Retention returns how long records are kept: [Options.Retention], or
// [DefaultRetention] when that was not set. A nil Store returns 0.
func (s *Store) Retention() time.Duration {
	if s == nil {
		return 0
	}
	return s.retention
}

// Hash returns the salted hash that stands for a user in [Store.RecordVote]:
// hex HMAC-SHA256 of userID under this install's salt. The user id itself
// is never stored. A nil Store returns "".
func (s *Store) Hash(userID string) string {
	if s == nil {
		return ""
	}
	m := hmac.New(sha256.New, s.salt)
	m.Write([]byte("asker\x00" + userID))
	return hex.EncodeToString(m.Sum(nil))
}

// voterKey is what a vote row stores: the asker hash re-keyed by the entry,
// so votes of one person on two entries cannot be joined.
func (s *Store) voterKey(entryID, askerHash string) string {
	m := hmac.New(sha256.New, s.salt)
	m.Write([]byte("vote\x00" + entryID + "\x00" + askerHash))
	return hex.EncodeToString(m.Sum(nil))
}

// An Unanswered is a question the bot did not answer.
type Unanswered struct {
	// Kind is [KindNoMatch] or [KindSuggestions].
	Kind string
	// Question is the question as asked. Discord mentions are removed and
	// it is cut to [MaxQuestionRunes] before it is stored.
	Question string
	// NearestID is the id of the best-scoring entry, if any, and
	// NearestScore its score (0 to 1).
	NearestID    string
	NearestScore float64
	// At is when it was asked; zero means now.
	At time.Time
}

var idRE = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// RecordUnanswered stores a question the bot did not answer. It is the only
// way question text enters the store; crisis, personal-advice and answered
// questions are refused. An empty question is ignored.
func (s *Store) RecordUnanswered(ctx context.Context, u Unanswered) error {
	if s == nil {
		return nil
	}
	if u.Kind != KindNoMatch && u.Kind != KindSuggestions {
		return fmt.Errorf("record unanswered: kind %q is not %s or %s", u.Kind, KindNoMatch, KindSuggestions)
	}
	return s.insertQuestion(ctx, u)
}

// RecordNoneOfThese stores a "None of these" click on the suggestions
// for question: the question is stored like an unanswered one, with kind
// [KindNoneOfThese].
func (s *Store) RecordNoneOfThese(ctx context.Context, question string, at time.Time) error {
	if s == nil {
		return nil
	}
	return s.insertQuestion(ctx, Unanswered{Kind: KindNoneOfThese, Question: question, At: at})
}

func (s *Store) insertQuestion(ctx context.Context, u Unanswered) error {
	q := cleanQuestion(u.Question)
	if q == "" {
		return nil
	}
	if u.NearestID != "" && !idRE.MatchString(u.NearestID) {
		return fmt.Errorf("record unanswered: nearest id %q is not an entry id", u.NearestID)
	}
	score := u.NearestScore
	if !(score >= 0 && score <= 1) { // also NaN
		score = 0
	}
	_, err := s.db.ExecContext(ctx,
		`INSERT INTO unanswered (kind, question, nearest_id, nearest_score, at) VALUES (?, ?, ?, ?, ?)`,
		u.Kind, q, u.NearestID, score, s.at(u.At))
	if err != nil {
		return fmt.Errorf("record unanswered: %w", err)
	}
	return nil
}

// RecordVote stores a Helpful (helpful true) or Not helpful vote on an
// entry. askerHash must come from [Store.Hash]; anything else, a raw user
// id in particular, is refused. A second vote by the same asker on the same
// entry replaces the first.
func (s *Store) RecordVote(ctx context.Context, entryID string, helpful bool, askerHash string, at time.Time) error {
	if s == nil {
		return nil
	}
	if !idRE.MatchString(entryID) {
		return fmt.Errorf("record vote: %q is not an entry id", entryID)
	}
	if !isHash(askerHash) {
		return errors.New("record vote: the asker must be given as Store.Hash(userID), never as a user id")
	}
	h := 0
	if helpful {
		h = 1
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO votes (entry_id, voter, helpful, at) VALUES (?, ?, ?, ?)
		ON CONFLICT (entry_id, voter) DO UPDATE SET helpful = excluded.helpful, at = excluded.at`,
		entryID, s.voterKey(entryID, askerHash), h, s.at(at))
	if err != nil {
		return fmt.Errorf("record vote: %w", err)
	}
	return nil
}

func isHash(s string) bool {
	if len(s) != 2*sha256.Size {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil && strings.ToLower(s) == s
}

func (s *Store) at(t time.Time) int64 {
	if t.IsZero() {
		t = s.now()
	}
	return t.Unix()
}

// mentionRE matches Discord user, role and channel mentions: they carry
// ids.
var mentionRE = regexp.MustCompile(`<(?:@[!&]?|#)\d+>`)

// cleanQuestion prepares question text for storage: Discord mentions
// removed, control characters and runs of white space turned into one
// space, invalid UTF-8 replaced, cut to MaxQuestionRunes.
func cleanQuestion(q string) string {
	q = strings.ToValidUTF8(q, "\uFFFD")
	q = mentionRE.ReplaceAllString(q, "@someone")
	q = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return ' '
		}
		return r
	}, q)
	q = strings.Join(strings.Fields(q), " ")
	if utf8.RuneCountInString(q) > MaxQuestionRunes {
		q = string([]rune(q)[:MaxQuestionRunes])
	}
	return q
}

// Prune deletes every record older than the retention period before now,
// and outbox rows older than OutboxTTL, and returns how many it deleted.
func (s *Store) Prune(ctx context.Context, now time.Time) (int, error) {
	if s == nil {
		return 0, nil
	}
	cutoff := now.Add(-s.retention).Unix()
	var n int64
	for _, q := range []struct {
		sql    string
		cutoff int64
	}{
		{`DELETE FROM unanswered WHERE at < ?`, cutoff},
		{`DELETE FROM votes WHERE at < ?`, cutoff},
		{`DELETE FROM outbox WHERE at < ?`, now.Add(-OutboxTTL).Unix()},
	} {
		res, err := s.db.ExecContext(ctx, q.sql, q.cutoff)
		if err != nil {
			return int(n), fmt.Errorf("prune: %w", err)
		}
		k, _ := res.RowsAffected()
		n += k
	}
	if n > 0 {
		// Fold the WAL into the database and truncate it, so deleted rows
		// do not linger in the log either.
		if _, err := s.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			return int(n), fmt.Errorf("prune: checkpoint: %w", err)
		}
	}
	return int(n), nil
}

// RunRetention prunes once a day until ctx ends, logging what it deleted
// and any error. It returns when ctx is done. A nil Store returns at once.
func (s *Store) RunRetention(ctx context.Context) {
	if s == nil {
		return
	}
	t := time.NewTicker(s.every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			n, err := s.Prune(ctx, s.now())
			switch {
			case err != nil && ctx.Err() == nil:
				s.lg.Error("inbox prune failed", zap.Error(err))
			case err == nil:
				s.lg.Info("inbox pruned", zap.Int("deleted", n), zap.Duration("retention", s.retention))
			}
		}
	}
}
