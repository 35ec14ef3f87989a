package inbox

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
)

// migrations are the schema changes, applied in order of their number.
// A released migration is never edited: change the schema with a new file.
//
//go:embed migrations/*.sql
var migrations embed.FS

// A migration is one numbered schema change.
type migration struct {
	version int
	name    string
	sql     string
}

var migrationName = regexp.MustCompile(`^(\d{4})_[a-z0-9_]+\.sql$`)

// readMigrations returns the migrations in fsys, sorted by version. The
// versions must run 1, 2, 3... without gaps or repeats.
func readMigrations(fsys fs.FS) ([]migration, error) {
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, name := range names {
		m := migrationName.FindStringSubmatch(path.Base(name))
		if m == nil {
			return nil, fmt.Errorf("migration %s: name must be NNNN_words.sql", name)
		}
		v, _ := strconv.Atoi(m[1])
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: path.Base(name), sql: string(data)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: want version %04d; versions must run from 0001 without gaps", m.name, i+1)
		}
	}
	return out, nil
}

// schemaVersion returns the newest migration applied to db, 0 for a new
// database.
func schemaVersion(ctx context.Context, db *sql.DB) (int, error) {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (
		version    INTEGER PRIMARY KEY,
		applied_at INTEGER NOT NULL
	) STRICT`); err != nil {
		return 0, err
	}
	var v int
	err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&v)
	return v, err
}

// migrate brings db up to the newest migration in fsys, each migration in
// its own transaction together with its schema_version row, so a failed
// migration leaves the database at the version before it. It refuses a
// database newer than the migrations it knows.
func migrate(ctx context.Context, db *sql.DB, fsys fs.FS, now int64) error {
	ms, err := readMigrations(fsys)
	if err != nil {
		return err
	}
	cur, err := schemaVersion(ctx, db)
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if cur > len(ms) {
		return fmt.Errorf("the database is at schema version %d, newer than this faqbot knows (%d): run a newer faqbot or point store.path at another file", cur, len(ms))
	}
	for _, m := range ms[cur:] {
		if err := apply(ctx, db, m, now); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}

func apply(ctx context.Context, db *sql.DB, m migration, now int64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() // no-op after Commit
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version, applied_at) VALUES (?, ?)`, m.version, now); err != nil {
		return err
	}
	return tx.Commit()
}
