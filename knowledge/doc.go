// Package knowledge loads the moderator-edited knowledge base and answers
// questions from it.
//
// A knowledge base is a folder (an [fs.FS]) with one Markdown file per entry,
// grouped in one folder per collection (faq/, side-effects/), plus
// sources.yaml (the references entries cite) and safety.yaml (the crisis
// policy and the fixed replies). [Load] reads and validates it into an
// immutable [Snapshot]; [Snapshot.Answer] turns a question into exactly one
// [Reply]; a [Store] holds the snapshot in service and swaps in a new one
// only when it loaded cleanly.
//
// The package knows nothing about Discord: the console, the JSON batch mode
// and the Discord adapter all render the same [Reply].
package knowledge
