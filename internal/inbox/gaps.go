package inbox

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/kljensen/snowball/english"

	"github.com/faqbot/faqbot/knowledge"
)

// MergeSimilarity is the Jaccard similarity of two questions' content words
// at or above which [Store.Gaps] puts them in one group.
//
// Questions first meet when their sorted sets of stemmed content words are
// equal ("does insurance cover ketamine" and "is ketamine covered by
// insurance" are both {cover, insur, ketamin}). Groups then join the group
// of a more-asked question when |A∩B|/|A∪B| ≥ 0.6. For the short questions
// people ask, 0.6 admits one extra or missing word ({insur, cover} and
// {insur, cover, ketamin}: 0.67) but not one word swapped in three
// ({insur, cover, ketamin} and {insur, cover, methadon}: 0.5), which
// usually changes the subject. Each group is compared with the leader of a
// group (its most-asked question), never with every member, so a chain of
// small changes cannot drift from one subject to another.
const MergeSimilarity = 0.6

// maxPhrasings bounds Gap.Phrasings.
const maxPhrasings = 10

// A Gap is a group of similar questions the bot did not answer.
type Gap struct {
	// Example is the group's most asked wording, the most recent on a tie.
	Example string
	// Phrasings are the group's distinct wordings, most asked first (at
	// most 10). Phrasings[0] is Example.
	Phrasings []string
	// Count is how many times the group's questions were recorded: each
	// unanswered question and each "None of these" click counts once.
	Count int
	// Distinct is the number of distinct wordings (ignoring case and
	// spacing).
	Distinct int
	// NoneOfThese is how many of Count were "None of these" clicks.
	NoneOfThese int
	// LastAsked is when a question of the group was last recorded.
	LastAsked time.Time
	// NearestID is the entry closest to Example in the current knowledge
	// base ("" if none), and NearestScore its score (0 to 1).
	NearestID    string
	NearestScore float64
	// Answered reports that the current knowledge base now answers Example
	// with NearestID: the gap may already be closed.
	Answered bool
	// NotCovered is the topic of not-covered.yaml that Example is closest
	// to, if any: a gap the moderators already know of.
	NotCovered string
}

// Gaps returns the questions recorded since since that the bot did not
// answer, grouped by similarity (see [MergeSimilarity]) and sorted by Count,
// most first; at most limit groups, or all when limit ≤ 0.
//
// The nearest entry of each group is found again with snap, the knowledge
// base in service now, using [Options.Match]; with a nil snap it is the one
// recorded with the group's latest question.
func (s *Store) Gaps(ctx context.Context, since time.Time, snap *knowledge.Snapshot, limit int) ([]Gap, error) {
	if s == nil {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx,
		`SELECT kind, question, nearest_id, nearest_score, at FROM unanswered WHERE at >= ? ORDER BY at, id`,
		since.Unix())
	if err != nil {
		return nil, fmt.Errorf("gaps: %w", err)
	}
	defer rows.Close()

	// Level 1: the same wording, ignoring case and spacing.
	byText := map[string]*wording{}
	var order []*wording
	for rows.Next() {
		var kind, q, nid string
		var score float64
		var at int64
		if err := rows.Scan(&kind, &q, &nid, &score, &at); err != nil {
			return nil, fmt.Errorf("gaps: %w", err)
		}
		key := strings.ToLower(strings.Join(strings.Fields(q), " "))
		w := byText[key]
		if w == nil {
			w = &wording{}
			byText[key] = w
			order = append(order, w)
		}
		w.text, w.last = q, time.Unix(at, 0).UTC() // rows come oldest first
		w.count++
		if kind == KindNoneOfThese {
			w.none++
		}
		if kind != KindNoneOfThese {
			w.nearestID, w.nearestScore = nid, score
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("gaps: %w", err)
	}

	groups := group(order)
	if limit > 0 && len(groups) > limit {
		groups = groups[:limit]
	}
	out := make([]Gap, len(groups))
	for i, g := range groups {
		out[i] = s.gap(g, snap)
	}
	return out, nil
}

// A wording is one distinct text of an unanswered question.
type wording struct {
	text         string // the latest casing
	count, none  int
	last         time.Time
	nearestID    string // recorded with the latest question that had one
	nearestScore float64
}

// A cluster is a group of wordings.
type cluster struct {
	words []string // the leader's content words, sorted
	ws    []*wording
	count int
	last  time.Time
}

func (c *cluster) add(ws ...*wording) {
	for _, w := range ws {
		c.ws = append(c.ws, w)
		c.count += w.count
		if w.last.After(c.last) {
			c.last = w.last
		}
	}
}

// byCount orders clusters most asked first, then most recent, then by
// words, so reports are stable.
func byCount(a, b *cluster) bool {
	if a.count != b.count {
		return a.count > b.count
	}
	if !a.last.Equal(b.last) {
		return a.last.After(b.last)
	}
	return strings.Join(a.words, " ") < strings.Join(b.words, " ")
}

// group clusters wordings: first those with the same content words, then
// each such bag joins the most similar bigger cluster whose leader is at
// least MergeSimilarity alike, or leads a new one.
func group(order []*wording) []*cluster {
	bags := map[string]*cluster{}
	var list []*cluster
	for _, w := range order {
		words := contentWords(w.text)
		key := strings.Join(words, " ")
		if len(words) == 0 {
			key = "\x00" + strings.ToLower(w.text) // no content words: keep apart
		}
		c := bags[key]
		if c == nil {
			c = &cluster{words: words}
			bags[key] = c
			list = append(list, c)
		}
		c.add(w)
	}
	sort.SliceStable(list, func(i, j int) bool { return byCount(list[i], list[j]) })

	var leaders []*cluster
	byWord := map[string][]int{} // content word → indexes into leaders
	for _, b := range list {
		best, bestSim := -1, 0.0
		seen := map[int]bool{}
		for _, w := range b.words {
			for _, i := range byWord[w] {
				if seen[i] {
					continue
				}
				seen[i] = true
				if sim := jaccard(b.words, leaders[i].words); sim >= MergeSimilarity && (sim > bestSim || sim == bestSim && i < best) {
					best, bestSim = i, sim
				}
			}
		}
		if best >= 0 {
			leaders[best].add(b.ws...)
			continue
		}
		for _, w := range b.words {
			byWord[w] = append(byWord[w], len(leaders))
		}
		leaders = append(leaders, b)
	}
	sort.SliceStable(leaders, func(i, j int) bool { return byCount(leaders[i], leaders[j]) })
	return leaders
}

// jaccard returns |a∩b| / |a∪b| of two sorted sets.
func jaccard(a, b []string) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 0
	}
	inter := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			inter++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

func (s *Store) gap(c *cluster, snap *knowledge.Snapshot) Gap {
	ws := slices.Clone(c.ws)
	sort.SliceStable(ws, func(i, j int) bool {
		if ws[i].count != ws[j].count {
			return ws[i].count > ws[j].count
		}
		return ws[i].last.After(ws[j].last)
	})
	g := Gap{Example: ws[0].text, Count: c.count, Distinct: len(ws), LastAsked: c.last}
	for i, w := range ws {
		if i < maxPhrasings {
			g.Phrasings = append(g.Phrasings, w.text)
		}
		g.NoneOfThese += w.none
	}
	if snap == nil {
		var latest *wording
		for _, w := range ws {
			if w.nearestID != "" && (latest == nil || w.last.After(latest.last)) {
				latest = w
			}
		}
		if latest != nil {
			g.NearestID, g.NearestScore = latest.nearestID, latest.nearestScore
		}
		return g
	}
	r := snap.Answer(g.Example, s.match)
	g.NotCovered = r.Why.NotCovered
	switch {
	case r.Kind == knowledge.KindAnswer && r.Entry != nil:
		g.NearestID, g.NearestScore, g.Answered = r.Entry.ID, r.Score, true
	case len(r.Suggestions) > 0:
		g.NearestID, g.NearestScore = r.Suggestions[0].Entry.ID, r.Suggestions[0].Score
	default:
		g.NearestID, g.NearestScore = r.Why.BestID, r.Why.Best
	}
	return g
}

// An EntryVotes counts the votes on one entry.
type EntryVotes struct {
	EntryID    string
	Helpful    int
	NotHelpful int
	// Voters is the number of distinct people who voted; each has one
	// vote per entry, their latest.
	Voters int
}

// Helpfulness returns the votes cast or changed since since, per entry,
// the entries with the most Not helpful votes first.
func (s *Store) Helpfulness(ctx context.Context, since time.Time) ([]EntryVotes, error) {
	if s == nil {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT entry_id, SUM(helpful), SUM(1 - helpful), COUNT(DISTINCT voter)
		FROM votes WHERE at >= ? GROUP BY entry_id
		ORDER BY SUM(1 - helpful) DESC, COUNT(*) DESC, entry_id`, since.Unix())
	if err != nil {
		return nil, fmt.Errorf("helpfulness: %w", err)
	}
	defer rows.Close()
	var out []EntryVotes
	for rows.Next() {
		var v EntryVotes
		if err := rows.Scan(&v.EntryID, &v.Helpful, &v.NotHelpful, &v.Voters); err != nil {
			return nil, fmt.Errorf("helpfulness: %w", err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("helpfulness: %w", err)
	}
	return out, nil
}

// contentWords returns a question's content words, stemmed, without
// repeats, sorted: the bag Gaps groups by.
func contentWords(q string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	}) {
		w = strings.ReplaceAll(w, "'", "")
		if w == "" || stopwords[w] {
			continue
		}
		if len(w) > 3 {
			w = english.Stem(w, true)
		}
		out = append(out, w)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// stopwords carry no subject: question words, auxiliaries, pronouns,
// articles, prepositions and chat filler. ("when", "where", "why", "who" are
// kept: "when" and "where" questions want different answers.)
var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
a about after again all also am an and any anyone anything are arent as at
be because been before being but by can cant could couldnt did didnt do does doesnt doing dont
during each even ever for from get gets getting go going gonna got had has have having he her
here him his how i id if im in into is isnt it its ive just know let like me more much my no
not of off on one or other our out over please pls plz really should shouldnt so some someone
something tell than thanks that thats the their them then there these they this those to too
u ur very want wanna was we were what whats which will with would wouldnt ya you your youre
hey hi hello anybody guys question wondering curious`) {
		m[w] = true
	}
	return m
}()
