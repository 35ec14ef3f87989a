package kbdir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/template"
	"time"
)

// entryTemplate is a new entry: every field explained in comments. It does
// not pass the check until filled in (an empty phrasing, no sources, no
// answer), so an untouched template is never served.
var entryTemplate = template.Must(template.New("entry").Parse(`---
# The question this entry answers, as a member would ask it. End it with "?".
title: {{.Title}}
# Other ways people ask the same question, one per line after a dash.
questions:
  - 
# Words people type for this topic: slang, brand names, abbreviations.
keywords: []
# Ids from sources.yaml of the references that support every claim below.
sources: []
# The date you checked this answer against its sources (YYYY-MM-DD).
reviewed: {{.Today}}
# Optional: ids of other entries to offer as follow-ups, e.g. [safety].
related: []
# Below the next line, write the answer: plain language (short sentences,
# everyday words), person-first words ("person with OUD", never "addict"),
# no personal dosing or medication advice, at most 4096 characters.
# Then run: faqbot check
---
`))

// Template returns a new entry file for entry id of collection, its title
// guessed from the id, reviewed on now.
func Template(collection, id string, now time.Time) []byte {
	title := strings.ToUpper(id[:1]) + strings.ReplaceAll(id[1:], "-", " ") + "?"
	var b strings.Builder
	err := entryTemplate.Execute(&b, map[string]string{"Title": yamlScalar(title, false), "Today": now.Format("2006-01-02")})
	if err != nil {
		panic(err) // unreachable: a fixed template and strings
	}
	return []byte(b.String())
}

// New writes the template of entry id of collection into the knowledge
// folder at path, for a moderator to fill in. It refuses to overwrite a
// file. It returns the file's path in the folder.
func New(path, collection, id string, now time.Time) (string, error) {
	file, err := EntryFile(collection, id)
	if err != nil {
		return "", err
	}
	root, err := os.OpenRoot(path)
	if err != nil {
		return "", fmt.Errorf("open knowledge folder: %w", err)
	}
	defer root.Close()
	if err := root.MkdirAll(collection, 0o755); err != nil {
		return "", fmt.Errorf("create collection folder: %w", err)
	}
	f, err := root.OpenFile(filepath.FromSlash(file), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return "", fmt.Errorf("%s already exists; edit it, or choose another id", filepath.Join(path, file))
	}
	if err != nil {
		return "", err
	}
	_, err = f.Write(Template(collection, id, now))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return file, err
}

// Export writes the knowledge base src (such as the one built into the
// binary) into the folder dst, so that a moderator with only the program
// can start editing. dst must be empty or not exist yet: nothing is
// overwritten.
func Export(src fs.FS, dst string) error {
	if list, err := os.ReadDir(dst); err == nil && len(list) > 0 {
		return fmt.Errorf("%s is not empty: export into a new folder", dst)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	root, err := os.OpenRoot(dst)
	if err != nil {
		return err
	}
	defer root.Close()
	return fs.WalkDir(src, ".", func(name string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case name == ".":
			return nil
		case d.IsDir():
			return root.Mkdir(filepath.FromSlash(name), 0o755)
		}
		data, err := fs.ReadFile(src, name)
		if err != nil {
			return err
		}
		return root.WriteFile(filepath.FromSlash(name), data, 0o644)
	})
}
