// Package lint decides whether a knowledge base is fit to serve. [Check]
// is the one definition of a clean knowledge base: it loads it (every
// file and cross-file rule of package knowledge), asks it every title and
// question (the self-test, with the thresholds the bot answers with), and
// runs the content checks that warn moderators (reading level,
// person-first words, review dates, collisions, what Discord will cut).
// "faqbot check", every reload of the bot and every edit made from Discord
// call Check with the bot's own settings, so what check accepts is what
// the bot serves.
package lint

import (
	"io/fs"
	"time"

	"github.com/faqbot/faqbot/knowledge"
)

// Options are the settings a knowledge base is checked with: the bot's
// own, so that a base that passes is one the bot serves. The zero value
// uses the defaults throughout.
type Options struct {
	// Load bounds the files read.
	Load knowledge.LoadOptions
	// Match holds the thresholds the bot answers with; the self-test and
	// the collision check ask with them.
	Match knowledge.Options
	// Now is the date review dates are checked against; the default is
	// time.Now().
	Now time.Time
	// ReviewPeriod is how long a review lasts; the default is
	// DefaultReviewPeriod.
	ReviewPeriod time.Duration
	// MaxGrade is the highest reading grade allowed; the default is
	// DefaultMaxGrade.
	MaxGrade float64
	// Display says how much of an entry Discord shows.
	Display Display
}

// Display is how much of an entry the bot's Discord messages show, for the
// warnings about what would be cut. The zero value uses Discord's limits
// as the bot renders them.
type Display struct {
	// MaxTitle is the longest title a button shows uncut (related entries
	// and "Did you mean…"). The default is 80, Discord's button label
	// limit.
	MaxTitle int
	// MaxRelated is how many related entries get a button. The default is
	// 5, one row of buttons.
	MaxRelated int
	// SourcesShown, if set, returns how many of an entry's sources fit in
	// the answer's Sources field. By default all are taken to fit.
	SourcesShown func([]knowledge.Source) int
}

func (d Display) withDefaults() Display {
	if d.MaxTitle <= 0 {
		d.MaxTitle = 80
	}
	if d.MaxRelated <= 0 {
		d.MaxRelated = 5
	}
	return d
}

// Check loads the knowledge base in fsys and checks it as the bot serves
// it. The problems are the loader's; when it has no errors, also the
// self-test's (errors) and the content checks' (warnings). A caller that
// serves answers must refuse the Snapshot when Problems.Errors is not
// empty. The self-test and content checks run only on a base that loads
// cleanly: on a partial one they would report what the load errors
// already explain. The error is non-nil only when the folder cannot be
// read at all.
func Check(fsys fs.FS, o Options) (*knowledge.Snapshot, knowledge.Problems, error) {
	snap, probs, err := knowledge.Load(fsys, o.Load)
	if err != nil {
		return nil, nil, err
	}
	if len(probs.Errors()) > 0 {
		return snap, probs, nil
	}
	probs = append(probs, SelfTest(snap, o.Match)...)
	probs = append(probs, Content(snap, o)...)
	probs.Sort()
	return snap, probs, nil
}

// problems collects problems.
type problems struct{ ps knowledge.Problems }

func (l *problems) add(sev knowledge.Severity, file string, line int, msg string) {
	l.ps = append(l.ps, knowledge.Problem{File: file, Line: line, Severity: sev, Msg: msg})
}
