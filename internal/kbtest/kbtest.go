// Package kbtest holds the small knowledge base the tests of several
// packages build on (knowledge, knowledge/lint, internal/kbdir, bot/e2e), so
// that a fixture means the same thing everywhere and is written once.
package kbtest

import "testing/fstest"

// Entry is a clean entry with a question, keywords and a related link to
// Other.
const Entry = `---
title: Is ketamine addictive?
questions:
  - can you get hooked on ketamine
keywords: [addictive, habit forming]
sources: [jhu]
reviewed: 2026-11-25
related: [other]
---
Ketamine can be misused.
`

// Other is the entry Entry links to.
const Other = `---
title: What is ketamine?
sources: [jhu]
reviewed: 2026-11-25
---
Ketamine is a medicine used for anesthesia.
`

// jhu is the source every fixture entry cites.
const jhu = `jhu:
  title: What to Know About Ketamine
  publisher: Johns Hopkins Bloomberg School of Public Health
  year: 2024
  url: https://publichealth.jhu.edu/2024/what-to-know-about-ketamine
`

// Sources is a sources.yaml with the one source the entries cite.
const Sources = jhu

// TwoSources adds a second source, for tests that edit which sources an
// entry cites.
const TwoSources = jhu + `fda:
  title: Information about Medications for Opioid Use Disorder
  publisher: U.S. Food and Drug Administration
  year: 2024
  url: https://www.fda.gov/drugs/information-drug-class/information-about-medications-opioid-use-disorder-moud
`

// Safety is the smallest safety.yaml a knowledge base may have.
const Safety = `crisis:
  reply: Call 911 now.
  resources:
    - name: Emergency
      contact: Call 911
personal_advice:
  reply: Ask your prescriber.
`

// KB returns a small clean knowledge base (faq/addictive.md, faq/other.md,
// sources.yaml, safety.yaml); edit its files to break it.
func KB() fstest.MapFS {
	return fstest.MapFS{
		"faq/addictive.md": {Data: []byte(Entry)},
		"faq/other.md":     {Data: []byte(Other)},
		"sources.yaml":     {Data: []byte(Sources)},
		"safety.yaml":      {Data: []byte(Safety)},
	}
}
