package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"

	"github.com/faqbot/faqbot/knowledge"
)

// kbSource returns the knowledge base to read: the folder dir, or the one
// embedded in the binary when dir is empty. A folder is opened as an
// os.Root, so links pointing outside it cannot be followed.
func kbSource(dir string) (fs.FS, string, error) {
	if dir == "" {
		return knowledge.DefaultFS(), "embedded", nil
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, "", fmt.Errorf("open knowledge folder: %w", err)
	}
	return root.FS(), dir, nil
}

// loadKB loads the knowledge base and refuses one with errors, listing
// them.
func loadKB(dir string) (*knowledge.Snapshot, error) {
	fsys, src, err := kbSource(dir)
	if err != nil {
		return nil, err
	}
	snap, probs, err := knowledge.Load(fsys, knowledge.LoadOptions{})
	if err != nil {
		return nil, err
	}
	if errs := probs.Errors(); len(errs) > 0 {
		return nil, fmt.Errorf("the knowledge base in %s has %d problem(s); run \"faqbot check\" for details:\n%v", src, len(errs), errs)
	}
	return snap, nil
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
