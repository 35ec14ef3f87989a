package match

import (
	"crypto/sha256"
	"encoding/binary"
	"math"
	"math/rand/v2"
	"sync"

	"github.com/faqbot/faqbot/knowledge/text"
)

// The classifier learns from the phrasings which words tell entries
// apart: multinomial logistic regression over each phrasing's words, word
// pairs and four-letter groups (so "addicted" and "adiction" share most
// features), with the opening words of each sentence as the question's
// frame ("does it work" is not "how does it work"). It is trained when
// the index is built, deterministically, on the titles, questions and
// keywords; the answers are not phrasings and are left out.
const (
	// maxLearnDocs bounds the knowledge bases the classifier is trained
	// for: training grows with entries × phrasings, and a base this large
	// is ranked by BM25 and phrasings alone.
	maxLearnDocs = 1000
	// The training settings: set on the tuning questions, where stronger
	// regularisation than usual served best (the phrasings are few and
	// short, and a sharp model was confidently wrong on questions worded
	// unlike them).
	learnEpochs = 40
	learnRate   = 0.3
	learnL2     = 3e-3
)

// A classifier is a trained softmax model over hashed features.
type classifier struct {
	ndocs int
	rows  map[uint32]int32 // feature → its row of weights
	w     []float32        // rows × ndocs
	bias  []float32
}

// features returns the hashed features of terms, each once.
func features(ts []text.Term, sents []text.Sentence) []uint32 {
	// Sized for a term's features (its stem, its pair, two of a frame, and
	// its letter groups: about one per letter): grown insert by insert,
	// the set was most of the time a question's features took.
	n := 0
	for _, t := range ts {
		n += 4 + len(t.Canon)
	}
	out := make([]uint32, 0, n)
	seen := make(map[uint32]struct{}, n)
	add := func(h uint32) {
		if _, dup := seen[h]; !dup {
			seen[h] = struct{}{}
			out = append(out, h)
		}
	}
	lastSent := -1
	for i, t := range ts {
		if t.Stop {
			add(fnv('u', t.Canon, ""))
		} else {
			add(fnv('w', t.Stem, ""))
			groups(t.Canon, add)
		}
		if i+1 < len(ts) && ts[i+1].Sent == t.Sent {
			add(fnv('b', t.Stem, ts[i+1].Stem))
		}
		if t.Sent != lastSent {
			lastSent = t.Sent
			add(fnv('f', t.Canon, ""))
			if i+1 < len(ts) && ts[i+1].Sent == t.Sent {
				add(fnv('F', t.Canon, ts[i+1].Canon))
			}
		}
	}
	return out
}

func groups(w string, add func(uint32)) {
	if len(w) > 24 {
		return
	}
	p := " " + w + " "
	for i := 0; i+4 <= len(p); i++ {
		add(fnv('g', p[i:i+4], ""))
	}
}

func fnv(kind byte, a, b string) uint32 {
	h := uint32(2166136261)
	h = (h ^ uint32(kind)) * 16777619
	for i := 0; i < len(a); i++ {
		h = (h ^ uint32(a[i])) * 16777619
	}
	h = (h ^ 0) * 16777619
	for i := 0; i < len(b); i++ {
		h = (h ^ uint32(b[i])) * 16777619
	}
	return h
}

type example struct {
	doc  int
	rows []int32 // the rows of its features
}

// train fits the classifier on the docs' phrasings and keywords (the
// features of each, per doc: see Analysis), or
// returns the one already trained on the same examples: a reload after an
// edit that leaves every phrasing as it was (an answer, a source, a date)
// does not train again.
func train(docFeats [][][]uint32) *classifier {
	c := &classifier{ndocs: len(docFeats), rows: map[uint32]int32{}, bias: make([]float32, len(docFeats))}
	var exs []example
	key := sha256.New()
	binary.Write(key, binary.LittleEndian, int64(len(docFeats)))
	for di, texts := range docFeats {
		for _, feats := range texts {
			e := example{doc: di}
			binary.Write(key, binary.LittleEndian, [2]int64{int64(di), int64(len(feats))})
			binary.Write(key, binary.LittleEndian, feats)
			for _, f := range feats {
				r, ok := c.rows[f]
				if !ok {
					r = int32(len(c.rows))
					c.rows[f] = r
				}
				e.rows = append(e.rows, r)
			}
			exs = append(exs, e)
		}
	}
	return trained.get([sha256.Size]byte(key.Sum(nil)), func() *classifier {
		c.w = make([]float32, len(c.rows)*c.ndocs)
		c.fit(exs)
		return c
	})
}

// trained keeps the last few classifiers by a hash of their examples.
// A classifier is read-only once trained, so snapshots can share one.
var trained = classifierCache{m: map[[sha256.Size]byte]*classifier{}}

type classifierCache struct {
	mu    sync.Mutex
	m     map[[sha256.Size]byte]*classifier
	order [][sha256.Size]byte
}

// cacheSize: the snapshot serving, the one being loaded, and a spare.
const cacheSize = 3

func (cc *classifierCache) get(key [sha256.Size]byte, fit func() *classifier) *classifier {
	cc.mu.Lock()
	c, ok := cc.m[key]
	cc.mu.Unlock()
	if ok {
		return c
	}
	c = fit() // unlocked: two loads of different bases train at once
	cc.mu.Lock()
	defer cc.mu.Unlock()
	if _, ok := cc.m[key]; !ok {
		cc.m[key] = c
		cc.order = append(cc.order, key)
		if len(cc.order) > cacheSize {
			delete(cc.m, cc.order[0])
			cc.order = cc.order[1:]
		}
	}
	return c
}

// fit runs AdaGrad on the softmax loss with L2. Each example's gradient
// is computed before any weight moves, so the order of the updates within
// an example does not matter; rows outer, docs inner keeps them in cache.
//
// fit is most of the time a reload takes, so its loops are written for
// the compiler: slices cut to the same length lose their bounds checks.
// It is also exempt from the race detector (go:norace): it only touches
// memory that no other goroutine can see yet (c is published when it
// returns, through the cache's mutex), so there is nothing to find, and
// instrumented it took nine times as long, making every test that loads
// a knowledge base slow under go test -race.
//
//go:norace
func (c *classifier) fit(exs []example) {
	n := c.ndocs
	if n == 0 {
		return
	}
	// wa holds each row's weights followed by their squared gradients, so
	// one row is one run of memory: the rows an example touches are spread
	// over megabytes, and waiting for memory is most of the time.
	wa := make([]float32, 2*len(c.w))
	gb := make([]float32, n)
	z := make([]float64, n)
	g := make([]float32, n)
	bias := c.bias[:n]
	rng := rand.New(rand.NewPCG(7, 11))
	order := rng.Perm(len(exs))
	for range learnEpochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			e := exs[i]
			for d := range z {
				z[d] = float64(bias[d])
			}
			for _, r := range e.rows {
				off := 2 * int(r) * n
				w := wa[off : off+n]
				w = w[:len(z)]
				for d, wd := range w {
					z[d] += float64(wd)
				}
			}
			softmax(z)
			for d := range g {
				gd := float32(z[d])
				if d == e.doc {
					gd--
				}
				g[d] = gd
				gb[d] += gd * gd
				bias[d] -= learnRate * gd / float32(math.Sqrt(float64(gb[d])+1e-8))
			}
			for _, r := range e.rows {
				off := 2 * int(r) * n
				w := wa[off : off+n]
				acc := wa[off+n : off+2*n]
				w, acc = w[:len(g)], acc[:len(g)]
				for d, gd := range g {
					gf := gd + learnL2*w[d]
					a := acc[d] + gf*gf
					acc[d] = a
					w[d] -= learnRate * gf / float32(math.Sqrt(float64(a)+1e-8))
				}
			}
		}
	}
	for r := range len(c.w) / n {
		copy(c.w[r*n:(r+1)*n], wa[2*r*n:])
	}
}

func (c *classifier) scores(feats []uint32, z []float64) {
	for d := range z {
		z[d] = float64(c.bias[d])
	}
	for _, f := range feats {
		r, ok := c.rows[f]
		if !ok {
			continue
		}
		row := c.w[int(r)*c.ndocs : int(r+1)*c.ndocs]
		for d, w := range row {
			z[d] += float64(w)
		}
	}
}

func softmax(z []float64) {
	m := math.Inf(-1)
	for _, v := range z {
		m = max(m, v)
	}
	var sum float64
	for i, v := range z {
		z[i] = math.Exp(v - m)
		sum += z[i]
	}
	for i := range z {
		z[i] /= sum
	}
}

// predict returns each doc's probability for the annotated question. It
// reads every sentence: what a question asks about is often said in the
// story before it ("her teeth got bad on methadone. is that normal?").
func (c *classifier) predict(q *text.Query) []float64 {
	z := make([]float64, c.ndocs)
	c.scores(features(q.Terms, q.Sentences), z)
	softmax(z)
	return z
}
