package safety

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"go/format"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/faqbot/faqbot/knowledge/text"
)

var trainFlag = flag.Bool("train", false, "TestTrainModel: train the models on testdata/bank/train and write model/")

// A bankMessage is one labelled message of the bank.
type bankMessage struct {
	Writer  string `json:"-"`
	Label   string `json:"label"`
	Concept string `json:"concept"`
	Q       string `json:"q"`

	feats    []uint32
	windows  [][]uint32 // features of each sentence, and of each two sentences in a row
	rules    Decision   // what the rules alone decide
	strong   bool       // a rule of full weight fired on its own
	fired    []string   // the crisis rules that fired
	personal bool       // the personal-advice rules fire
}

// readBank reads every *.jsonl file of dir; the file name is the writer.
func readBank(tb testing.TB, dir string) []bankMessage {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no bank files in %s: %v", dir, err)
	}
	var out []bankMessage
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			tb.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for n := 1; sc.Scan(); n++ {
			if strings.TrimSpace(sc.Text()) == "" {
				continue
			}
			var b bankMessage
			if err := json.Unmarshal(sc.Bytes(), &b); err != nil {
				tb.Fatalf("%s:%d: %v", f, n, err)
			}
			b.Writer = strings.TrimSuffix(filepath.Base(f), ".jsonl")
			out = append(out, b)
		}
		fh.Close()
	}
	for i := range out {
		out[i].prepare()
	}
	return out
}

// prepare works out what the rules decide and the model's features.
func (b *bankMessage) prepare() {
	m := newMessage(text.Analyze(b.Q))
	b.rules = m.crisis()
	b.strong = m.strongRule()
	for i, st := range m.state {
		if st == ruleFired {
			b.fired = append(b.fired, rules[i].name)
		}
	}
	b.feats = m.features()
	b.personal = m.personal()
	b.windows = windowFeatures(m.q)
}

// noiseBank returns n ordinary messages of one to five random words,
// dictionary words and made-up ones, that fire no crisis rule. They teach
// the model that words it has never seen are no sign of a crisis: trained
// on the bank alone, where a third of the messages are crises, two
// unfamiliar words ("vintage carburetor") scored above its threshold.
func noiseBank(tb testing.TB, n int) []bankMessage {
	tb.Helper()
	data, err := os.ReadFile("../text/english.txt")
	if err != nil {
		tb.Fatal(err)
	}
	dict := strings.Fields(string(data))
	rng := rand.New(rand.NewPCG(3, 5))
	word := func() string {
		if rng.IntN(3) > 0 {
			return dict[rng.IntN(len(dict))]
		}
		b := make([]byte, 3+rng.IntN(6))
		for i := range b {
			b[i] = byte('a' + rng.IntN(26))
		}
		return string(b)
	}
	var out []bankMessage
	for len(out) < n {
		ws := make([]string, 1+rng.IntN(5))
		for i := range ws {
			ws[i] = word()
		}
		// Ten writers, so that cross-validation scores each part of the
		// noise with a model that learnt from the rest of it.
		b := bankMessage{Writer: fmt.Sprintf("noise%d", len(out)%10), Label: "general", Q: strings.Join(ws, " ")}
		b.prepare()
		if b.rules.Score > 0 || b.personal {
			continue
		}
		out = append(out, b)
	}
	return out
}

// isLookalike reports whether a label is a non-crisis message that looks
// like one: what false alarms are counted on.
func isLookalike(label string) bool { return label == "lookalike" || label == "risk_question" }

// trainLR fits logistic regression with AdaGrad and L2, deterministically.
// The training settings, chosen by cross-validation (TestTuneTraining).
var (
	windowMax = false // a message scores its riskiest sentence or two
	epochs    = 30
	rate      = 0.2
	l2        = 1e-4
)

func trainLR(exs []bankMessage, y func(*bankMessage) float64, weightOf func(*bankMessage) float64) (float32, []float32) {
	w := make([]float64, 1<<modelBits)
	g2 := make([]float64, 1<<modelBits)
	var b, gb float64
	order := make([]int, len(exs))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, i := range order {
			ex := &exs[i]
			z := b
			for _, f := range ex.feats {
				z += w[f]
			}
			p := 1 / (1 + math.Exp(-z))
			g := (p - y(ex)) * weightOf(ex)
			gb += g * g
			b -= rate * g / math.Sqrt(gb+1e-8)
			for _, f := range ex.feats {
				gf := g + l2*w[f]
				g2[f] += gf * gf
				w[f] -= rate * gf / math.Sqrt(g2[f]+1e-8)
			}
		}
	}
	out := make([]float32, len(w))
	for i, v := range w {
		out[i] = float32(v)
	}
	return float32(b), out
}

func probOf(bias float32, w []float32, fs []uint32) float64 {
	z := float64(bias)
	for _, f := range fs {
		z += float64(w[f])
	}
	return 1 / (1 + math.Exp(-z))
}

func crisisY(b *bankMessage) float64 {
	if b.Label == "crisis" {
		return 1
	}
	return 0
}

func personalY(b *bankMessage) float64 {
	if b.Label == "personal" {
		return 1
	}
	return 0
}

// Look-alikes weigh more: a false alarm on them is what the threshold
// must keep rare.
func lookalikeWeight(b *bankMessage) float64 {
	if isLookalike(b.Label) {
		return 2
	}
	return 1
}

func one(*bankMessage) float64 { return 1 }

// crossValidate trains once per writer on everyone else's messages and
// returns each message's probability from the model that did not see its
// writer, and the highest probability of any of its windows (a sentence,
// or two in a row; 0 for a message of one sentence).
func crossValidate(exs []bankMessage, y, weight func(*bankMessage) float64) (probs, windows []float64) {
	writers := map[string]bool{}
	for _, b := range exs {
		writers[b.Writer] = true
	}
	probs, windows = make([]float64, len(exs)), make([]float64, len(exs))
	for w := range writers {
		var trainSet []bankMessage
		for _, b := range exs {
			if b.Writer != w {
				trainSet = append(trainSet, b)
			}
		}
		bias, weights := trainLR(trainSet, y, weight)
		for i := range exs {
			if exs[i].Writer == w {
				probs[i] = probOf(bias, weights, exs[i].feats)
				for _, f := range exs[i].windows {
					windows[i] = max(windows[i], probOf(bias, weights, f))
				}
				if windowMax {
					for _, f := range exs[i].windows {
						probs[i] = max(probs[i], probOf(bias, weights, f))
					}
				}
			}
		}
	}
	return probs, windows
}

// pickThreshold returns the threshold with the best recall whose false
// alarms on negatives stay within maxFA, and on ordinary messages (if
// given) within maxOrdinary, given which messages the rules already flag;
// of thresholds with the same recall, the highest (fewest false alarms).
func pickThreshold(probs []float64, pos, neg, byRules []bool, maxFA float64, ordinary ...[]bool) (thr, recall, fa float64) {
	thr = 0.99
	bestRecall := -1.0
	for t := 0.05; t < 0.995; t += 0.01 {
		var tp, p, fp, n, op, on int
		for i := range probs {
			hit := byRules[i] || probs[i] >= t
			switch {
			case pos[i]:
				p++
				if hit {
					tp++
				}
			case neg[i]:
				n++
				if hit {
					fp++
				}
			case len(ordinary) > 0 && ordinary[0][i]:
				on++
				if hit {
					op++
				}
			}
		}
		r, f := float64(tp)/float64(max(p, 1)), float64(fp)/float64(max(n, 1))
		o := float64(op) / float64(max(on, 1))
		if f <= maxFA && o <= maxOrdinary && r >= bestRecall {
			thr, recall, fa, bestRecall = t, r, f, r
		}
	}
	return thr, recall, fa
}

// maxOrdinary bounds false alarms on ordinary messages (questions, chat)
// when they are given to pickThreshold.
const maxOrdinary = 0.01

// maxLookalike bounds the cross-validated false alarms on look-alike
// messages (jokes, the past, song lyrics, general questions about risk)
// that the crisis threshold may make. A false alarm shows the crisis
// resources instead of an answer: far cheaper than a miss, but a bot that
// does it to one look-alike in ten teaches people to ignore it.
const maxLookalike = 0.075

// maxWindowExtra bounds the look-alike false alarms that reading a
// message's sentences on their own may add, and maxWindowOrdinary the
// ordinary ones: a sentence of a question's story ("he left the stove on
// again") read alone looks like nothing the model was trained on.
const (
	maxWindowExtra    = 0.01
	maxWindowOrdinary = 0.001
)

// pickWindowThreshold returns the threshold on the sentence windows'
// probabilities with the best recall, added to what is already decided,
// that adds at most maxWindowExtra look-alike and maxWindowOrdinary
// ordinary false alarms; of equal recalls, the highest threshold.
func pickWindowThreshold(win []float64, pos, neg, ordinary, decided []bool) (thr, recall, fa float64) {
	rates := func(t float64) (r, f, o float64) {
		var tp, p, fp, n, op, on int
		for i := range win {
			hit := decided[i] || win[i] >= t
			switch {
			case pos[i]:
				p, tp = p+1, tp+b2i(hit)
			case neg[i]:
				n, fp = n+1, fp+b2i(hit)
			case ordinary[i]:
				on, op = on+1, op+b2i(hit)
			}
		}
		return float64(tp) / float64(max(p, 1)), float64(fp) / float64(max(n, 1)), float64(op) / float64(max(on, 1))
	}
	r0, f0, o0 := rates(2) // no window decides
	thr, recall, fa = 1, r0, f0
	for t := 0.5; t < 0.995; t += 0.01 {
		if r, f, o := rates(t); f <= f0+maxWindowExtra && o <= o0+maxWindowOrdinary && r >= recall {
			thr, recall, fa = t, r, f
		}
	}
	return thr, recall, fa
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// maxPersonalExtra bounds the false alarms the personal-advice model may
// add to what its rules make: a false alarm replaces an answer with "ask
// your prescriber" (half a point let general questions such as "is
// swimming ok the same day" through as personal).
const maxPersonalExtra = 0.003

// noiseMessages is how many random-word messages training adds (see
// noiseBank).
const noiseMessages = 1500

// TestTrainModel trains the crisis and personal-advice models on the
// training bank and writes them, with the thresholds cross-validation
// chose, to model/. Run it after changing the bank, the rules or the
// features:
//
//	go test ./knowledge/safety -run TestTrainModel -train -v
func TestTrainModel(t *testing.T) {
	if !*trainFlag {
		t.Skip("run with -train to retrain the models")
	}
	exs := append(readBank(t, "testdata/bank/train"), noiseBank(t, noiseMessages)...)
	t.Logf("%d training messages, %d of them noise", len(exs), noiseMessages)
	pos, neg, byRules := make([]bool, len(exs)), make([]bool, len(exs)), make([]bool, len(exs))
	ordinary := make([]bool, len(exs))
	for i, b := range exs {
		ordinary[i] = b.Label == "general" || b.Label == "personal" || b.Label == "help"
	}
	ppos, pneg, pRules := make([]bool, len(exs)), make([]bool, len(exs)), make([]bool, len(exs))
	for i, b := range exs {
		pos[i], neg[i], byRules[i] = b.Label == "crisis", isLookalike(b.Label), b.rules.Outcome == Crisis
		ppos[i], pneg[i], pRules[i] = b.Label == "personal", b.Label == "general" || isLookalike(b.Label), b.personal
	}
	strongRules := make([]bool, len(exs))
	none := make([]bool, len(exs))
	for i, b := range exs {
		strongRules[i] = b.rules.Outcome == Crisis && b.strong
	}
	_, rr, rf := pickThreshold(make([]float64, len(exs)), pos, neg, byRules, 1)
	t.Logf("rules alone: recall %.3f, look-alike false alarms %.3f", rr, rf)
	_, sr, sf := pickThreshold(make([]float64, len(exs)), pos, neg, strongRules, 1)
	t.Logf("strong rules alone: recall %.3f, look-alike false alarms %.3f", sr, sf)
	cv, cvWin := crossValidate(exs, crisisY, lookalikeWeight)
	for _, v := range []struct {
		name string
		base []bool
	}{{"rules or model", byRules}, {"strong rules or model", strongRules}, {"model alone", none}} {
		for _, maxFA := range []float64{0.04, 0.06, 0.08, 0.10} {
			thr, rec, fa := pickThreshold(cv, pos, neg, v.base, maxFA)
			t.Logf("%s, false alarms ≤ %.2f: threshold %.2f, cross-validated recall %.3f, false alarms %.3f", v.name, maxFA, thr, rec, fa)
		}
	}
	trusted := pickTrustedRules(exs)
	byTrusted := make([]bool, len(exs))
	for i, b := range exs {
		for _, r := range b.fired {
			byTrusted[i] = byTrusted[i] || trusted[r] > 0
		}
	}
	// A rule score of 1 that no trusted rule makes decides only with some
	// support from the model: the second, lower threshold.
	byBoth := make([]bool, len(exs))
	bestR, bestF, thr2 := -1.0, 0.0, 1.0
	var thr float64
	for _, t2 := range []float64{0.2, 0.3, 0.4, 1} {
		for i, b := range exs {
			byBoth[i] = byTrusted[i] || b.rules.Outcome == Crisis && cv[i] >= t2
		}
		th, r, f := pickThreshold(cv, pos, neg, byBoth, maxLookalike, ordinary)
		t.Logf("rules with the model above %.2f: threshold %.2f, recall %.3f, false alarms %.3f", t2, th, r, f)
		if r > bestR {
			bestR, bestF, thr2, thr = r, f, t2, th
		}
	}
	rec, fa := bestR, bestF
	for i, b := range exs {
		byTrusted[i] = byTrusted[i] || b.rules.Outcome == Crisis && cv[i] >= thr2
	}
	t.Logf("crisis: %d trusted rules, rule support %.2f, threshold %.2f, cross-validated recall %.3f, look-alike false alarms %.3f", len(trusted), thr2, thr, rec, fa)
	// A message's riskiest sentence or two (a crisis at the end of a long
	// story) has its own threshold, which may add at most maxWindowExtra
	// look-alike false alarms to the rest and keeps ordinary ones within
	// maxOrdinary.
	decided := make([]bool, len(exs))
	for i := range exs {
		decided[i] = byTrusted[i] || cv[i] >= thr
	}
	wthr, wrec, wfa := pickWindowThreshold(cvWin, pos, neg, ordinary, decided)
	t.Logf("crisis with sentence windows: threshold %.2f, cross-validated recall %.3f, look-alike false alarms %.3f", wthr, wrec, wfa)
	pcv, _ := crossValidate(exs, personalY, one)
	// The personal-advice model may add at most maxPersonalExtra false
	// alarms to what its rules make.
	_, prr, prf := pickThreshold(make([]float64, len(exs)), ppos, pneg, pRules, 1)
	t.Logf("personal-advice rules alone: recall %.3f, false alarms %.3f", prr, prf)
	pthr, prec, pfa := pickThreshold(pcv, ppos, pneg, pRules, prf+maxPersonalExtra)
	t.Logf("personal advice: threshold %.2f, cross-validated recall %.3f, false alarms %.3f", pthr, prec, pfa)
	for i, b := range exs {
		if b.Label == "crisis" && !byTrusted[i] && cv[i] < thr && cvWin[i] < wthr {
			t.Logf("cross-validation miss (%s %s) p=%.2f: %.120s", b.Writer, b.Concept, cv[i], b.Q)
		}
	}

	bias, w := trainLR(exs, crisisY, lookalikeWeight)
	pbias, pw := trainLR(exs, personalY, one)
	if err := os.WriteFile("model/crisis.bin", encodeModel(bias, w), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("model/personal.bin", encodeModel(pbias, pw), 0o644); err != nil {
		t.Fatal(err)
	}
	src := fmt.Sprintf(`// Code generated by TestTrainModel -train; DO NOT EDIT.

package safety

// The thresholds on the models' probabilities, chosen by
// leave-one-writer-out cross-validation on the training bank (%d
// messages from %d writers, %d of them random words in ten parts): the ones with the best recall that kept
// false alarms on look-alike messages within %.1f%% and on ordinary messages within %.0f%% (crisis, counting what the
// trusted rules flag) and, for personal advice, %.1f points more false alarms on other
// messages than its rules make alone. A message the rules score as a crisis
// without a trusted rule is one when the model gives it at least
// supportThreshold. A message of several sentences is also one when the
// model gives one of its sentences, or two in a row, at least
// windowThreshold (adding at most %.0f%% look-alike and %.1f%% ordinary false
// alarms).
// Cross-validated: crisis recall %.3f with %.3f false alarms (%.3f with
// %.3f without the sentences); personal advice recall %.3f with %.3f
// false alarms.
const (
	modelThreshold    = %.2f
	supportThreshold  = %.2f
	windowThreshold   = %.2f
	personalThreshold = %.2f
)
`, len(exs), writersOf(exs), noiseMessages, 100*maxLookalike, 100*maxOrdinary, 100*maxPersonalExtra, 100*maxWindowExtra, 100*maxWindowOrdinary, wrec, wfa, rec, fa, prec, pfa, thr, thr2, wthr, pthr)
	src += "\n// trustedRules are the strong crisis rules that were right at least 97%\n// of the times they fired on the training bank: they decide a crisis on\n// their own.\nvar trustedRules = map[string]bool{\n"
	for _, name := range sortedKeys(trusted) {
		src += fmt.Sprintf("\t%q: true,\n", name)
	}
	src += "}\n"
	formatted, err := format.Source([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("model_thresholds.go", formatted, 0o644); err != nil {
		t.Fatal(err)
	}
}

func writersOf(exs []bankMessage) int {
	m := map[string]bool{}
	for _, b := range exs {
		m[b.Writer] = true
	}
	return len(m)
}

// pickTrustedRules returns the strong rules (weight 0.8 or more, not
// boosts) that fired at least five times on the bank and were right at
// least 97% of the time.
func pickTrustedRules(exs []bankMessage) map[string]int {
	hits, right := map[string]int{}, map[string]int{}
	for _, b := range exs {
		for _, r := range b.fired {
			hits[r]++
			if b.Label == "crisis" {
				right[r]++
			}
		}
	}
	boost := map[string]bool{}
	for _, r := range crisisRules {
		if len(r.boosts) > 0 || r.weight < 0.8 {
			boost[r.name] = true // a boost or a weak signal never decides alone
		}
	}
	out := map[string]int{}
	for r, n := range hits {
		if n >= 5 && !boost[r] && float64(right[r]) >= 0.97*float64(n) {
			out[r] = n
		}
	}
	for _, r := range crisisRules {
		if r.core && hits[r.name] > 0 {
			out[r.name] = hits[r.name] // counted for the threshold; trusted in code
		}
	}
	return out
}

func sortedKeys(m map[string]int) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var tuneFlag = flag.Bool("tune", false, "TestTuneTraining: compare training settings by cross-validation")

func TestTuneTraining(t *testing.T) {
	if !*tuneFlag {
		t.Skip("run with -tune")
	}
	exs := readBank(t, "testdata/bank/train")
	pos, neg, strongRules, none := make([]bool, len(exs)), make([]bool, len(exs)), make([]bool, len(exs)), make([]bool, len(exs))
	for i, b := range exs {
		pos[i], neg[i] = b.Label == "crisis", isLookalike(b.Label)
		strongRules[i] = b.rules.Outcome == Crisis && b.strong
	}
	for _, cfg := range []struct {
		e    int
		r, l float64
	}{{30, 0.2, 1e-4}} {
		epochs, rate, l2 = cfg.e, cfg.r, cfg.l
		for _, wm := range []bool{false, true} {
			windowMax = wm
			w := lookalikeWeight
			cv, _ := crossValidate(exs, crisisY, w)
			_, r1, f1 := pickThreshold(cv, pos, neg, none, 0.08)
			_, r2, f2 := pickThreshold(cv, pos, neg, strongRules, 0.08)
			t.Logf("epochs %d rate %.2f l2 %g windows %v: model %.3f (%.3f), strong rules or model %.3f (%.3f)", cfg.e, cfg.r, cfg.l, wm, r1, f1, r2, f2)
		}
	}
}

var curveFlag = flag.Bool("curve", false, "TestLearningCurve: cross-validated recall against the share of writers trained on")

func TestLearningCurve(t *testing.T) {
	if !*curveFlag {
		t.Skip("run with -curve")
	}
	exs := readBank(t, "testdata/bank/train")
	var writers []string
	seen := map[string]bool{}
	for _, b := range exs {
		if !seen[b.Writer] {
			seen[b.Writer] = true
			writers = append(writers, b.Writer)
		}
	}
	sort.Strings(writers)
	rng := rand.New(rand.NewPCG(9, 9))
	for _, share := range []float64{0.25, 0.5, 0.75, 1} {
		// Each writer is scored by a model trained on a share of the others.
		probs := make([]float64, len(exs))
		for _, w := range writers {
			var others []string
			for _, o := range writers {
				if o != w {
					others = append(others, o)
				}
			}
			rng.Shuffle(len(others), func(i, j int) { others[i], others[j] = others[j], others[i] })
			keep := map[string]bool{}
			for _, o := range others[:int(share*float64(len(others)))] {
				keep[o] = true
			}
			var trainSet []bankMessage
			for _, b := range exs {
				if keep[b.Writer] {
					trainSet = append(trainSet, b)
				}
			}
			bias, weights := trainLR(trainSet, crisisY, lookalikeWeight)
			for i := range exs {
				if exs[i].Writer == w {
					probs[i] = probOf(bias, weights, exs[i].feats)
				}
			}
		}
		pos, neg, none := make([]bool, len(exs)), make([]bool, len(exs)), make([]bool, len(exs))
		for i, b := range exs {
			pos[i], neg[i] = b.Label == "crisis", isLookalike(b.Label)
		}
		_, r, f := pickThreshold(probs, pos, neg, none, 0.08)
		t.Logf("share %.2f of the other writers: recall %.3f at false alarms %.3f", share, r, f)
	}
}

var rulesFlag = flag.Bool("rulestats", false, "TestRuleStats: how often each rule fires on crisis and other messages of the bank")

func TestRuleStats(t *testing.T) {
	if !*rulesFlag {
		t.Skip("run with -rulestats")
	}
	exs := readBank(t, "testdata/bank/train")
	hits, right := map[string]int{}, map[string]int{}
	wrong := map[string][]string{}
	for _, b := range exs {
		for _, r := range b.fired {
			hits[r]++
			if b.Label == "crisis" {
				right[r]++
			} else if len(wrong[r]) < 3 {
				wrong[r] = append(wrong[r], b.Label+": "+b.Q)
			}
		}
	}
	for _, r := range crisisRules {
		if hits[r.name] == 0 {
			continue
		}
		t.Logf("%-24s w=%.1f fired %4d right %.3f", r.name, r.weight, hits[r.name], float64(right[r.name])/float64(hits[r.name]))
		for _, w := range wrong[r.name] {
			t.Logf("      %.150s", w)
		}
	}
}
