package knowledge

import (
	"fmt"
	"sort"
	"strings"
)

// Severity says whether a Problem stops a knowledge base from loading.
type Severity int

const (
	// Error problems stop the knowledge base from being served.
	Error Severity = iota
	// Warning problems are reported but do not stop it.
	Warning
)

func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// A Problem is something wrong in a knowledge file, addressed to the
// moderator who has to fix it.
type Problem struct {
	File     string   `json:"file"`
	Line     int      `json:"line,omitempty"` // 0 when the problem is about the whole file
	Severity Severity `json:"-"`
	Msg      string   `json:"message"` // what is wrong and what to change
}

// String formats the problem as "file:line: message".
func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Msg)
}

// Problems is a list of problems, sorted by file and line.
type Problems []Problem

// Errors returns the problems of Error severity.
func (ps Problems) Errors() Problems {
	var out Problems
	for _, p := range ps {
		if p.Severity == Error {
			out = append(out, p)
		}
	}
	return out
}

// Error joins the problems one per line, so Problems can be returned as an
// error.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Sort orders the problems by file, then line, keeping the order of
// problems on the same line.
func (ps Problems) Sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		if ps[i].File != ps[j].File {
			return ps[i].File < ps[j].File
		}
		return ps[i].Line < ps[j].Line
	})
}

// problemList collects problems while loading.
type problemList struct{ ps Problems }

func (l *problemList) add(file string, line int, format string, args ...any) {
	l.ps = append(l.ps, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

func (l *problemList) warn(file string, line int, format string, args ...any) {
	l.ps = append(l.ps, Problem{File: file, Line: line, Severity: Warning, Msg: fmt.Sprintf(format, args...)})
}
