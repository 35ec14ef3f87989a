package match

import (
	"math"
	"math/rand/v2"

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
	learnEpochs  = 25
	learnRate    = 0.5
	learnL2      = 1e-4
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
	var out []uint32
	seen := map[uint32]bool{}
	add := func(h uint32) {
		if !seen[h] {
			seen[h] = true
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
	doc   int
	feats []uint32
}

// train fits the classifier on the docs' phrasings and keywords.
func train(docs []Doc, v *text.Vocabulary, x *Index) *classifier {
	var exs []example
	for di, d := range docs {
		for _, p := range append(append([]string(nil), d.Phrasings...), d.Keywords...) {
			q := text.Analyze(p)
			exs = append(exs, example{di, features(v.Terms(q.Words), q.Sentences)})
		}
	}
	c := &classifier{ndocs: len(docs), rows: map[uint32]int32{}, bias: make([]float32, len(docs))}
	for _, e := range exs {
		for _, f := range e.feats {
			if _, ok := c.rows[f]; !ok {
				c.rows[f] = int32(len(c.rows))
			}
		}
	}
	c.w = make([]float32, len(c.rows)*c.ndocs)
	c.fit(exs)
	return c
}

// fit runs AdaGrad on the softmax loss with L2.
func (c *classifier) fit(exs []example) {
	g2 := make([]float32, len(c.w))
	gb := make([]float32, c.ndocs)
	z := make([]float64, c.ndocs)
	rng := rand.New(rand.NewPCG(7, 11))
	order := rng.Perm(len(exs))
	for range learnEpochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			e := exs[i]
			c.scores(e.feats, z)
			softmax(z)
			for d := range c.ndocs {
				g := float32(z[d])
				if d == e.doc {
					g--
				}
				gb[d] += g * g
				c.bias[d] -= learnRate * g / float32(math.Sqrt(float64(gb[d])+1e-8))
				for _, f := range e.feats {
					k := int(c.rows[f])*c.ndocs + d
					gf := g + learnL2*c.w[k]
					g2[k] += gf * gf
					c.w[k] -= learnRate * gf / float32(math.Sqrt(float64(g2[k])+1e-8))
				}
			}
		}
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

// predict returns each doc's probability for the annotated question,
// read from the sentences that ask when some do.
func (c *classifier) predict(q *text.Query) []float64 {
	sw := sentenceWeights(q)
	ts := q.Terms
	if len(sw) > 1 {
		ts = make([]text.Term, 0, len(q.Terms))
		for _, t := range q.Terms {
			if t.Sent < len(sw) && sw[t.Sent] == 1 {
				ts = append(ts, t)
			}
		}
	}
	z := make([]float64, c.ndocs)
	c.scores(features(ts, q.Sentences), z)
	softmax(z)
	return z
}
