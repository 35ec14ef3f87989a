package safety

import "strings"

// helpRules ask what the bot is, what it can do, how to use it, or what it
// keeps of what is typed.
var helpRules = []string{
	"{whatareyou}",
	"{whatcan} ~3 {canverb}",
	"{whatask}",
	"how ~3 {usebot}",
	"is|are|r ~1 {botword} ~3 {realword}",
	"{botword} ~1 a|an ~1 real? ~1 human|person|ai|bot|program|robot",
	"do|does|will|can ~1 {botword}|the|mods|moderators|anyone ~3 {storeverb} ~3 what|my|this|messages|it|questions|i",
	"what ~1 i ~1 type|say|write|ask|send ~4 {realword}|seen|saved|stored|private|logged|read",
	"can ~1 this|the ~1 bot|faqbot ~2 find|help|do|answer|tell",
	"can ~1 you|u ~2 find|help|answer|tell ~1 me ~3 {botabout}",
	"what|which ~1 commands",
}

// askedAlone ask what the bot is when they are all a message says, but
// for greetings ("hey what are you?", "what is this"); in a longer
// message they start another question ("what are you supposed to do if
// someone ods", "what is this tranq stuff", "findtreatment.gov what is
// this").
// ("you" and "bot" count as greetings: "thank you", "hey bot").
var askedAlone = map[string]bool{
	"what are": true, "what r": true, "what r u": true, "what are u": true,
	"what is this": true, "whats this": true, "what is this thing": true,
}

// help reports whether the message only greets the bot or asks about it.
func (m *message) help() bool {
	rest := m.withoutGreetings() // none at all for an empty message
	if len(rest) == 0 || askedAlone[strings.Join(rest, " ")] {
		return true
	}
	for _, s := range m.q.Sentences {
		for i := range helpPats {
			p := &helpPats[i]
			if m.present.covers(&p.need) && p.match(m.hits, s.Start, s.End) {
				return true
			}
		}
	}
	return false
}

// withoutGreetings returns the message's words but its greetings ("hey",
// "hi bot", "good morning").
func (m *message) withoutGreetings() []string {
	greet := lex.names["greet"]
	var out []string
	for i := 0; i < len(m.words); {
		n := 0
		for _, h := range m.hits[i] {
			if h.class == greet && h.n > n {
				n = h.n
			}
		}
		if n == 0 {
			out = append(out, m.words[i])
			n = 1
		}
		i += n
	}
	return out
}
