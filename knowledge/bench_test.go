package knowledge

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/faqbot/faqbot/knowledge/match"
)

var benchN = 10000

var benchQuestions = []string{
	"is ketamine addictive",
	"does k help with withdrawls",
	"what does the research say about ketamine for opioids",
	"can ketamine cause hallucinations",
	"side effects of prednisone",
	"is ketamine safe without medical supervision",
}

// BenchmarkAnswerShipped: one question on the shipped knowledge base.
// Target: ≤ 50 µs.
func BenchmarkAnswerShipped(b *testing.B) {
	snap := shipped(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		snap.Answer(benchQuestions[i%len(benchQuestions)], Options{})
		i++
	}
}

// generatedKB builds a knowledge base of n entries from a vocabulary of
// real and made-up words, shaped like the shipped entries.
func generatedKB(n int) fstest.MapFS {
	rng := rand.New(rand.NewPCG(1, 2))
	base := strings.Fields(`ketamine opioid treatment clinic infusion withdrawal craving dose risk safety
	effect study research brain mood memory therapy doctor medicine approval nasal spray depression
	addiction dependence recovery support family evidence trial patient health care program cost insurance`)
	vocab := append([]string(nil), base...)
	for i := range 5000 {
		vocab = append(vocab, fmt.Sprintf("term%dx", i))
	}
	sentence := func(k int) string {
		ws := make([]string, k)
		for i := range ws {
			if rng.IntN(3) == 0 {
				ws[i] = base[rng.IntN(len(base))]
			} else {
				ws[i] = vocab[rng.IntN(len(vocab))]
			}
		}
		return strings.Join(ws, " ")
	}
	fsys := fstest.MapFS{
		"sources.yaml": {Data: []byte(goodSources)},
		"safety.yaml":  {Data: []byte(goodSafety)},
	}
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: what about %s %d?\nquestions:\n", sentence(5), i)
		for j := range 6 {
			fmt.Fprintf(&b, "  - %s %d %d\n", sentence(6), i, j)
		}
		fmt.Fprintf(&b, "keywords: [%s, %s]\nsources: [jhu]\nreviewed: 2026-11-30\n---\n", sentence(1), sentence(2))
		for range 8 {
			b.WriteString(sentence(12) + ". ")
		}
		fsys[fmt.Sprintf("faq/entry-%05d.md", i)] = &fstest.MapFile{Data: []byte(b.String())}
	}
	return fsys
}

// BenchmarkAnswer10k: one question on a generated base of 10,000 entries.
// Target: ≤ 150 µs median (reported as median-µs; ns/op is the mean, which
// the few questions that touch every entry pull up).
func BenchmarkAnswer10k(b *testing.B) {
	snap, probs, err := Load(generatedKB(benchN), LoadOptions{})
	if err != nil || len(probs.Errors()) > 0 {
		b.Fatalf("Load: %v %v", err, probs)
	}
	qs := append([]string{"ketamine infusion clinic cost insurance", "term12x term400x withdrawal", "does therapy help with cravings and mood"}, benchQuestions...)
	b.ReportAllocs()
	var took []time.Duration
	i := 0
	for b.Loop() {
		start := time.Now()
		snap.Answer(qs[i%len(qs)], Options{})
		took = append(took, time.Since(start))
		i++
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Nanoseconds())/1e3, "median-µs")
}

// BenchmarkIndex10k: build the search index of 10,000 parsed entries.
func BenchmarkIndex10k(b *testing.B) {
	snap, _, err := Load(generatedKB(benchN), LoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	docs := make([]match.Doc, len(snap.entries))
	for i, e := range snap.entries {
		docs[i] = match.Doc{Phrasings: e.Phrasings(), Keywords: e.Keywords, Body: e.Body}
	}
	b.ReportAllocs()
	for b.Loop() {
		match.New(docs, defaultVocabulary())
	}
}

// BenchmarkLoad10k: load and index 10,000 entries. Targets: ≤ 300 ms,
// ≤ 64 MB heap (reported as heap-MB).
func BenchmarkLoad10k(b *testing.B) {
	fsys := generatedKB(benchN)
	b.ReportAllocs()
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base) // the generated files themselves are not counted
	var heap uint64
	for b.Loop() {
		snap, _, err := Load(fsys, LoadOptions{})
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		heap = max(heap, ms.HeapAlloc-base.HeapAlloc)
		runtime.KeepAlive(snap)
	}
	b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
}

// BenchmarkRead10k: read, parse and check 10,000 entry files, and analyse
// them for the index (the check of shared phrasings reads its keys),
// without building it: the loader's share of BenchmarkLoad10k.
func BenchmarkRead10k(b *testing.B) {
	fsys := generatedKB(benchN)
	b.ReportAllocs()
	for b.Loop() {
		l, err := readAll(fsys, LoadOptions{}, false)
		if err != nil || len(l.probs.ps) > 0 {
			b.Fatal(err, l.probs.ps)
		}
	}
}

// BenchmarkLoad10kRSS: the peak resident memory of a process that loads
// and indexes 10,000 entry files from a folder on disk, reported as
// peak-RSS-MB (target: ≤ 128 MB), and that load's time as load-ms. Each
// run is a fresh process (this test binary, running TestLoadRSSChild), so
// that nothing else the benchmark holds is counted.
func BenchmarkLoad10kRSS(b *testing.B) {
	if runtime.GOOS != "linux" {
		b.Skip("reads VmHWM from /proc/self/status, which only Linux has")
	}
	dir := b.TempDir()
	if err := os.CopyFS(dir, generatedKB(benchN)); err != nil {
		b.Fatal(err)
	}
	var rss, ms float64
	for b.Loop() {
		cmd := exec.Command(os.Args[0], "-test.run=^TestLoadRSSChild$", "-test.v")
		cmd.Env = append(os.Environ(), "FAQBOT_RSS_DIR="+dir)
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("child: %v\n%s", err, out)
		}
		var kb, took float64
		if _, err := fmt.Sscanf(string(out[bytes.Index(out, []byte("rss-kB ")):]), "rss-kB %f took-ms %f", &kb, &took); err != nil {
			b.Fatalf("child output: %v\n%s", err, out)
		}
		rss, ms = max(rss, kb/1024), max(ms, took)
	}
	b.ReportMetric(rss, "peak-RSS-MB")
	b.ReportMetric(ms, "load-ms")
}

// TestLoadRSSChild is BenchmarkLoad10kRSS's child process; it does nothing
// in a normal test run.
func TestLoadRSSChild(t *testing.T) {
	dir := os.Getenv("FAQBOT_RSS_DIR")
	if dir == "" {
		t.Skip("run by BenchmarkLoad10kRSS")
	}
	start := time.Now()
	snap, probs, err := Load(os.DirFS(dir), LoadOptions{})
	took := time.Since(start)
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	var kb int
	for _, ln := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(ln, "VmHWM:"); ok {
			fmt.Sscanf(strings.TrimSpace(v), "%d", &kb)
		}
	}
	runtime.KeepAlive(snap)
	fmt.Printf("\nrss-kB %d took-ms %d\n", kb, took.Milliseconds())
}

// BenchmarkFrontMatter: read one generated entry's front matter with the
// fast reader and with yaml.v3 (what the fast reader saves per file).
func BenchmarkFrontMatter(b *testing.B) {
	var fronts []string
	for name, f := range generatedKB(100) {
		if strings.HasSuffix(name, ".md") {
			front, _, _, _ := splitFrontMatter(f.Data)
			fronts = append(fronts, string(front))
		}
	}
	for _, slow := range []bool{false, true} {
		name := "fast"
		if slow {
			name = "yaml.v3"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				var ps problemList
				r := &yamlReader{file: "f.md", probs: &ps, slow: slow}
				if r.parseFront(fronts[i%len(fronts)]) == nil {
					b.Fatal(ps.ps)
				}
				i++
			}
		})
	}
}

// BenchmarkLoadShipped: loading (and reloading) the shipped knowledge
// base, classifier training included. Target: ≤ 500 ms.
func BenchmarkLoadShipped(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Load(DefaultFS(), LoadOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
