package match

import (
	"fmt"
	"testing"

	"github.com/faqbot/faqbot/knowledge/text"
)

func testDocs(n int) []Doc {
	topics := []string{"cravings", "bladder", "hallucinations", "approval", "infusion", "memory", "mood", "cost"}
	var docs []Doc
	for i := range n {
		t := topics[i%len(topics)]
		docs = append(docs, Doc{
			Phrasings: []string{fmt.Sprintf("what about %s %d", t, i), "does it help with " + t, "tell me about " + t + " please"},
			Body:      "An answer about " + t + ".",
		})
	}
	return docs
}

func testVocabulary() *text.Vocabulary {
	return text.NewVocabulary(nil, nil, []string{"what", "about", "does", "it", "with", "me", "please"})
}

// A reload whose phrasings did not change reuses the trained classifier;
// a changed phrasing trains a new one, which predicts from it.
func TestClassifierReusedOnlyForTheSameExamples(t *testing.T) {
	v := testVocabulary()
	docs := testDocs(4)
	a := New(docs, v)
	docs[1].Body = "A different answer." // answers are not phrasings
	if b := New(docs, v); b.learned != a.learned {
		t.Error("changing an answer trained the classifier again; want the cached one")
	}
	docs[1].Phrasings = append(docs[1].Phrasings, "my pee burns")
	c := New(docs, v)
	if c.learned == a.learned {
		t.Fatal("adding a phrasing reused the old classifier")
	}
	q := text.Analyze("my pee burns")
	v.Annotate(q)
	c.Annotate(q)
	if p := c.learned.predict(q); p[1] < 0.5 {
		t.Errorf("the retrained classifier gives the new phrasing's entry %.2f, want > 0.5", p[1])
	}
}

// BenchmarkTrain: training the classifier from cold on a base shaped like
// the shipped one (35 documents, 40 phrasings each).
func BenchmarkTrain(b *testing.B) {
	v := testVocabulary()
	docs := testDocs(35)
	for i := range docs {
		for j := range 37 {
			docs[i].Phrasings = append(docs[i].Phrasings, fmt.Sprintf("question %d about %s and word%d", j, docs[i].Phrasings[1], i*j))
		}
	}
	feats := Analyse(docs, v).feats
	b.ReportAllocs()
	for b.Loop() {
		clear(trained.m)
		trained.order = nil
		train(feats)
	}
}
