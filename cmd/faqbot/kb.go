package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/config"
	"github.com/faqbot/faqbot/internal/kbdir"
	"github.com/faqbot/faqbot/knowledge"
	"github.com/faqbot/faqbot/knowledge/lint"
)

// builtIn names the knowledge base compiled into the binary in messages.
const builtIn = "the built-in knowledge base"

// kbSource returns the knowledge base to read: the folder dir, or the one
// embedded in the binary when dir is empty. A folder is opened as an
// os.Root, so links pointing outside it cannot be followed; call done when
// finished with it.
func kbSource(dir string) (fsys fs.FS, name string, done func(), err error) {
	if dir == "" {
		return knowledge.DefaultFS(), builtIn, func() {}, nil
	}
	fsys, done, err = kbdir.FS(dir)
	if err != nil {
		return nil, "", nil, err
	}
	return fsys, dir, done, nil
}

// loadKB loads the knowledge base and refuses one with errors, listing
// them.
func loadKB(dir string) (*knowledge.Snapshot, error) {
	fsys, src, done, err := kbSource(dir)
	if err != nil {
		return nil, err
	}
	defer done()
	snap, probs, err := knowledge.Load(fsys, knowledge.LoadOptions{})
	if err != nil {
		return nil, err
	}
	if errs := probs.Errors(); len(errs) > 0 {
		return nil, fmt.Errorf("the knowledge base in %s has %d problem(s); run \"faqbot check\" for details:\n%v", src, len(errs), errs)
	}
	return snap, nil
}

// checkOptions are the settings a knowledge base is checked with by
// "faqbot check", by every reload of "faqbot run" and by every edit made
// from Discord: the configuration's, and Discord's limits as the bot
// renders answers.
func checkOptions(cfg config.Config) lint.Options {
	return lint.Options{
		Load: knowledge.LoadOptions{MaxFileSize: int64(cfg.Knowledge.MaxFileSize)},
		Match: knowledge.Options{
			Threshold:        cfg.Answer.Threshold,
			SuggestThreshold: cfg.Answer.SuggestThreshold,
			Margin:           cfg.Answer.Margin,
			Disclaimer:       cfg.Answer.Disclaimer,
		},
		ReviewPeriod: cfg.Knowledge.ReviewPeriod,
		Display:      bot.Display(),
	}
}

// looksLikeKnowledgeFolder reports whether dir holds a knowledge base's
// own files, so that "faqbot check" run inside one checks it.
func looksLikeKnowledgeFolder(dir string) bool {
	for _, f := range []string{"sources.yaml", "safety.yaml"} {
		if info, err := os.Stat(filepath.Join(dir, f)); err == nil && info.Mode().IsRegular() {
			return true
		}
	}
	return false
}

// kbFlag adds the --kb flag.
func kbFlag(fs *flag.FlagSet) *string {
	return fs.String("kb", "", "knowledge base `folder` (default: the one built into faqbot)")
}

// optionFlags adds the matcher's decision settings as flags, so moderators
// can try other values with eval and ask before changing the config.
func optionFlags(fs *flag.FlagSet) *knowledge.Options {
	o := &knowledge.Options{}
	fs.Float64Var(&o.Threshold, "threshold", knowledge.DefaultThreshold, "score (0-1) an entry needs to be answered")
	fs.Float64Var(&o.SuggestThreshold, "suggest-threshold", knowledge.DefaultSuggestThreshold, "score (0-1) an entry needs to be suggested")
	fs.Float64Var(&o.Margin, "margin", knowledge.DefaultMargin, "how far the best entry must lead the second to be answered")
	return o
}
