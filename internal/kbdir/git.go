package kbdir

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// gitRepo commits changes in a knowledge folder that is a git work tree,
// with the git program: the team's usual review and backup then see every
// change made from Discord, by its moderator. (A Go git library would add
// a large dependency for one "add" and one "commit".)
type gitRepo struct {
	bin string // the git program
	dir string // the knowledge folder, somewhere in the work tree
}

// gitTimeout bounds each git command.
const gitTimeout = 30 * time.Second

// findGit returns the repository dir is in, or nil and, when the folder
// looks like a work tree but git cannot be run, a note saying so.
func findGit(dir string) (*gitRepo, string) {
	bin, err := exec.LookPath("git")
	if err != nil {
		if inWorkTree(dir) {
			return nil, "the knowledge folder is in a git work tree, but the git program is not installed (not on PATH), so changes made from Discord are kept in its .faqbot history but not committed"
		}
		return nil, ""
	}
	g := &gitRepo{bin: bin, dir: dir}
	out, err := g.run("rev-parse", "--is-inside-work-tree")
	if err != nil || strings.TrimSpace(out) != "true" {
		if inWorkTree(dir) {
			// Typically "dubious ownership" on a container's bind mount.
			return nil, "the knowledge folder is in a git work tree, but git refused it (" + firstLine(out, err) + "), so changes made from Discord are kept in its .faqbot history but not committed"
		}
		return nil, ""
	}
	return g, ""
}

// firstLine is the first line of what git said, or of its error.
func firstLine(out string, err error) string {
	s := strings.TrimSpace(out)
	if s == "" && err != nil {
		s = err.Error()
	}
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// inWorkTree reports whether dir or a folder above it has a .git.
func inWorkTree(dir string) bool {
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return true
		}
		if filepath.Dir(d) == d {
			return false
		}
	}
}

func (g *gitRepo) run(args ...string) (string, error) {
	return g.runEnv(nil, args...)
}

func (g *gitRepo) runEnv(env []string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), gitTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, g.bin, append([]string{"-C", g.dir}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if err != nil {
		return out.String(), fmt.Errorf("git %s: %w: %s", args[0], err, strings.TrimSpace(out.String()))
	}
	return out.String(), nil
}

// commitFile commits file (relative to the knowledge folder; added,
// changed or removed) and only it, with by as its author. The committer is
// faqbot, which makes the commit on the moderator's behalf.
func (g *gitRepo) commitFile(file, message string, by Author) error {
	if _, err := g.run("add", "--all", "--", file); err != nil {
		return err
	}
	if out, _ := g.run("status", "--porcelain", "--", file); strings.TrimSpace(out) == "" {
		return nil // nothing to commit: the file is as git has it
	}
	author := fmt.Sprintf("%s <%s@users.discord.invalid>", gitName(by.Name), gitName(by.ID))
	env := []string{"GIT_COMMITTER_NAME=faqbot", "GIT_COMMITTER_EMAIL=faqbot@localhost"}
	_, err := g.runEnv(env, "commit", "--quiet", "--author", author, "-m", message, "--", file)
	return err
}

// gitName keeps a Discord name from breaking the author line.
func gitName(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '<' || r == '>' || r == '\n' || r == '\r' || r == 0 {
			return -1
		}
		return r
	}, s)
	if strings.TrimSpace(s) == "" {
		return "unknown"
	}
	return strings.TrimSpace(s)
}

// commit commits a change when the folder is in git, noting on c how it
// went.
func (d *Dir) commit(c *Change) {
	if d.git == nil {
		c.GitNote = d.gitNote
		return
	}
	msg := fmt.Sprintf("%s %s from Discord (%s)\n\nChange #%d, made by %s in Discord with faqbot.", c.Action, c.Entry, c.Summary, c.N, c.By.Name)
	if err := d.git.commitFile(c.File, msg, c.By); err != nil {
		c.GitNote = "the change is made and kept in the history, but the git commit failed: " + err.Error()
		return
	}
	c.Committed = true
}
