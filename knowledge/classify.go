package knowledge

import (
	"regexp"
	"strings"
)

// maxCrisisRunes is how much of a message the crisis check reads: all of a
// Discord message, even a long one.
const maxCrisisRunes = 8000

// crisisPatterns match a person who may be in danger now: thoughts of
// suicide or self-harm, said directly or indirectly, and an overdose
// happening now. They run on crisis text (see crisisText) and err on the
// side of showing resources: a false alarm costs a reply, a miss may cost a
// life.
var crisisPatterns = []struct {
	signal string
	re     *regexp.Regexp
}{
	{"suicide", regexp.MustCompile(`\bsu+i*c+i*d(e|es|al|ality)?\b|\bsuicid|\bsewer ?slide`)},
	{"suicide", regexp.MustCompile(`\b(kill|killing|unalive|unaliving|off|offing|hang|hanging|shoot|shooting|hurt|hurting|harm|harming|cut|cutting|end|ending) ?(my ?self|myself)\b|\b(kill|unalive) me\b`)},
	{"suicide", regexp.MustCompile(`\bkms\b|\bunalive\b|\bself ?harm`)},
	{"suicide", regexp.MustCompile(`\b(end|ending|take|taking|took) (my|my own) (life|lives|lfe|lief|lyfe|liffe)\b|\bend it all\b|\bending it all\b|\bend everything\b`)},
	{"suicide", regexp.MustCompile(`\b(thinking (about|of)|think about|want to|wanna|going to|gonna|ready to|about to|plan to|planning to|decided to) (end|ending) (it|things|everything)\b`)},
	{"suicide", regexp.MustCompile(`\b(want|wanna|wanting|going|gonna|ready|plan|planning|trying|try) (to )?(die|be dead|not be here|not exist|disappear forever)\b`)},
	{"suicide", regexp.MustCompile(`\b(wish|wishing) (i|i was|i were|i could be|i d be|id be)( \w+)? (dead|die|gone|never born)\b|\bbetter off (dead|without me|gone)\b`)},
	{"suicide", regexp.MustCompile(`\b(dont|do not|don't|no longer|not) (want|wanna|wish) (to )?(live|be alive|be here|wake up|exist|go on)\b`)},
	{"suicide", regexp.MustCompile(`\b(no|nothing|no point|no reason) (to )?(live|living|left to live|to live for|in living|going on)\b|\bnot worth living\b|\blife is(nt| not) worth\b|\bcant go on\b|\bcan't go on\b|\bcannot go on\b`)},
	{"suicide", regexp.MustCompile(`\b(goodbye|saying goodbye) (forever|to everyone|everyone|to you all|all|cruel world)\b|\bthis is my (last|final) (message|post|night|day)\b`)},
	{"suicide", regexp.MustCompile(`\bdone with (life|living|everything|it all)\b|\bcan ?t (take|do) (it|this) any ?more\b|\bcannot (take|do) (it|this) any ?more\b|\bno point (in )?(living|going on|anymore|in life)\b|\bwant (it all|everything|it|the pain) to (stop|end)\b`)},
	{"overdose", regexp.MustCompile(`\boverdos(ing|ed|es)\b|\bover dos(ing|ed)\b|\bod(ing|ed|ding|ded)\b|\b(is|am|are|was|just|i|he|she|they|friend|someone) (od|o\.d\.?)\b`)},
	{"overdose", regexp.MustCompile(`\bod (happening|rn|right now|now)\b|\b(having|had|is having|in the middle of) an? (overdose|od)\b|\bthink (i|he|she|they|my \w+|someone)( \w+){0,2} (overdose|od)\b`)},
	{"overdose", regexp.MustCompile(`\b(took|taken|taking|had|used|did|done|shot|snorted|swallowed|smoked|injected)( up)? (way )?(too much|too many|a lot too much|an overdose)\b`)},
	{"overdose", regexp.MustCompile(`\b(having|had|is having|has) an? seizure\b|\bseizing\b|\bnodding out\b|\b(wont|won't|will not|isnt|isn't|is not|not) (respond|responding|responsive)\b`)},
	{"overdose", regexp.MustCompile(`\b(not|isnt|isn't|is not|stopped|cant|can't|cannot|barely|hardly|trouble|struggling) (breath|breathing|breathe)\b|\bno pulse\b|\bno heartbeat\b`)},
	{"overdose", regexp.MustCompile(`\b(wont|won't|will not|cant|can't|cannot|couldnt|couldn't|not) (wake|waking|be woken|get \w+ to wake)\b|\bunresponsive\b|\bnot responding\b|\bunconscious\b`)},
	{"overdose", regexp.MustCompile(`\b(blue|purple|gray|grey) lips\b|\blips (are |were |is |turning |turned |going )?(blue|purple|gray|grey)\b|\bturning blue\b|\bturned blue\b`)},
	{"overdose", regexp.MustCompile(`\b(need|give|giving|where is|wheres|get) (some )?(narcan|naloxone) (now|fast|asap|quick)\b|\bpassed out and\b|\bcollapsed and\b`)},
}

// odRE matches "OD'd" before apostrophes are dropped (after, it reads as
// the word "odd").
var odRE = regexp.MustCompile(`\bo\.?d\.?['’]d\b`)

// crisisRE combines crisisPatterns per signal, so a message is scanned
// once per signal rather than once per pattern.
var crisisRE = func() []struct {
	signal string
	re     *regexp.Regexp
} {
	var out []struct {
		signal string
		re     *regexp.Regexp
	}
	parts := map[string][]string{}
	var order []string
	for _, p := range crisisPatterns {
		if parts[p.signal] == nil {
			order = append(order, p.signal)
		}
		parts[p.signal] = append(parts[p.signal], "(?:"+p.re.String()+")")
	}
	for _, sig := range order {
		out = append(out, struct {
			signal string
			re     *regexp.Regexp
		}{sig, regexp.MustCompile(strings.Join(parts[sig], "|"))})
	}
	return out
}()

// crisisAnchors are words (or parts of words) of which every match of a
// signal's patterns contains at least one. Most questions contain none, and
// then the regular expressions need not run. FuzzCrisisAnchors checks that
// skipping never changes the outcome.
var crisisAnchors = map[string][]string{
	"suicide": {"su", "self", "kms", "unaliv", "life", "lives", "end", "die", "dead", "live", "alive", "exist",
		"disappear", "goodbye", "last", "final", "wish", "better off", "go on", "going on", "worth", "here", "wake", "born", "gone",
		"done with", "any more", "anymore", "point", "stop"},
	"overdose": {"overdos", "over dos", "od", "o d", "too much", "too many", "breath", "pulse", "heartbeat", "wak",
		"unresponsive", "responding", "unconscious", "lips", "blue", "narcan", "naloxone", "passed out", "collapsed",
		"seiz", "nodding", "respon"},
}

func mentionsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// crisisDespaced are the crisis words looked for with every space and
// symbol removed, to catch spacing tricks ("k i l l  m y s e l f").
var crisisDespaced = []struct{ signal, word string }{
	{"suicide", "suicid"},
	{"suicide", "killmyself"},
	{"suicide", "endmylife"},
	{"suicide", "takemyownlife"},
	{"overdose", "overdosing"},
	{"overdose", "overdosed"},
}

// leet maps digits and symbols used as letters to those letters.
var leet = strings.NewReplacer("0", "o", "1", "i", "3", "e", "4", "a", "5", "s", "7", "t", "@", "a", "$", "s", "!", "i", "|", "l")

// crisisText prepares a message for the crisis check: cleaned, with digits
// and symbols inside words read as letters ("su1c1dal", "0verdose"), and
// words spelt out letter by letter joined up.
func crisisText(s string) string {
	c := clean(truncateRunes(s, maxCrisisRunes))
	fields := strings.Fields(c)
	for i, f := range fields {
		if hasLetter(f) || len(f) > 1 && strings.ContainsAny(f, "@$!|") {
			fields[i] = leet.Replace(f)
		}
	}
	ws := joinSpelledOut(words(strings.Join(fields, " ")))
	for i, w := range ws {
		ws[i] = correctCrisisWord(w)
	}
	return strings.Join(ws, " ")
}

// crisisWords are the words crisisPatterns hinge on; a misspelling of one
// ("suicde", "overdoseing", "myslef") is read as the word.
var crisisWords = []string{"suicide", "suicidal", "overdose", "overdosed", "overdosing", "myself",
	"breathing", "breathe", "unresponsive", "unconscious", "responding", "naloxone", "killing",
	"anymore", "overdoses"}

// correctCrisisWord returns the crisis word w is a misspelling of, or w:
// within one edit for words of five to seven letters, two for longer ones.
func correctCrisisWord(w string) string {
	n := len(w)
	if n < 5 || n > 14 {
		return w
	}
	maxD := 1
	if n >= 8 {
		maxD = 2
	}
	best, bestD := w, maxD+1
	for _, c := range crisisWords {
		if c == w {
			return w
		}
		if c[0] != w[0] || len(c)-n > maxD || n-len(c) > maxD {
			continue // misspellings keep the first letter and about the length
		}
		if d := editDistance(w, c, bestD); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func hasLetter(s string) bool {
	for _, r := range s {
		if r >= 'a' && r <= 'z' {
			return true
		}
	}
	return false
}

// crisisSignal returns what kind of danger the message speaks of, or "".
func crisisSignal(q string) string {
	if odRE.MatchString(strings.ToLower(truncateRunes(q, maxCrisisRunes))) {
		return "overdose"
	}
	t := crisisText(q)
	for _, p := range crisisRE {
		if !mentionsAny(t, crisisAnchors[p.signal]) {
			continue // none of the words its patterns need: skip the slow scan
		}
		if p.re.MatchString(t) {
			return p.signal
		}
	}
	despaced := strings.ReplaceAll(t, " ", "")
	for _, d := range crisisDespaced {
		if strings.Contains(despaced, d.word) {
			return d.signal
		}
	}
	return ""
}

// personalPatterns match requests for advice about one's own (or a loved
// one's) medicines: doses, and whether to start, stop, switch or combine.
var personalPatterns = []*regexp.Regexp{
	// Dose amounts.
	regexp.MustCompile(`\bhow (much|many) (mg|milligrams?|mls?|dose|dosage|units?|sprays?|pills?|of it|should)\b|\bwhat (mg|dose|dosage|amount)\b|\bhow often should (i|we|my \w+)\b`),
	regexp.MustCompile(`\b(mg|milligrams?|dosage|dosing)\b|\bdoses?\b|\b\d+ ?(mg|mcg|ml)\b`),
	// Decisions: should I / can I / is it ok to ... start, stop, switch, combine.
	regexp.MustCompile(`\b(should|can|could|may|must|do|would|shall) (i|we|my \w+)( \w+){0,3} (start|stop|quit|switch|change|combine|mix|take|taking|try|taper|wean|skip|double|increase|decrease|lower|raise|use|do|drink|smoke|drive|come off|get off|go off|keep taking|continue)\b`),
	regexp.MustCompile(`\bshould (i|we|my \w+)( \w+){0,2} (get|getting|have|receive|be on|go on)\b`),
	regexp.MustCompile(`\b(is it|would it be|its) (ok|okay|safe|fine|alright|bad|dangerous|good idea)( \w+){0,3} (if i|for me to|for my \w+ to|for (him|her|them) to) (start|stop|quit|switch|change|combine|mix|take|try|taper|skip|use|come off|get off|go off|drink)\b`),
	regexp.MustCompile(`\b(is it|would it be|its) (ok|okay|safe|fine|alright|bad|dangerous|good idea)( \w+){0,3} to (start|stop|quit|switch|change|combine|mix|taper|skip|come off|get off|go off)\b`),
	regexp.MustCompile(`\b(with|and|on|plus|while on|while taking) (my|his|her|their) (medication|medications|prescriptions?|pills|methadone|buprenorphine|naltrexone|antidepressants?|meds|dose|script)\b`),
	regexp.MustCompile(`\bmy (dose|dosage|prescription|prescriber|script)\b`),
	regexp.MustCompile(`\b(take|taking|mix|mixing|combine|combining|use|using|do|doing)( \w+){0,3} (with|and|while on|alongside) (my|his|her|their)\b`),
	regexp.MustCompile(`\b(how (do|should|can) i|i want to|i need to|i m going to|im going to|i plan to) (start|stop|quit|switch|taper|come off|get off|go off|wean)\b`),
}

// isPersonalAdvice reports whether the question asks for advice on the
// asker's own doses or medicine decisions.
func isPersonalAdvice(q string) bool {
	ws := applyPhrases(tokens(truncateRunes(q, maxQuestionRunes)))
	for i, w := range ws {
		ws[i] = canonical(w)
	}
	t := strings.Join(ws, " ")
	if !personalMaybe(ws, t) {
		return false
	}
	return personalRE.MatchString(t)
}

// personalTokens are words of which every match of personalPatterns
// contains at least one (besides the phrases in personalMaybe): a person
// or a dose. FuzzPersonalAnchors checks it.
var personalTokens = setOf(`i we my me him her his them their mg milligram milligrams ml mls mcg dose doses dosage dosing`)

// personalMaybe reports whether the question could match personalPatterns;
// most questions cannot, and then the slow scan is skipped.
func personalMaybe(ws []string, t string) bool {
	for _, w := range ws {
		if personalTokens[w] {
			return true
		}
		if n := len(w); n > 2 && w[0] >= '0' && w[0] <= '9' && (strings.HasSuffix(w, "mg") || strings.HasSuffix(w, "ml") || strings.HasSuffix(w, "mcg")) {
			return true
		}
	}
	return mentionsAny(t, []string{"how much", "how many", "what amount", "how often", "is it", "its", "would it be"})
}

// personalRE combines personalPatterns into one scan.
var personalRE = func() *regexp.Regexp {
	parts := make([]string, len(personalPatterns))
	for i, re := range personalPatterns {
		parts[i] = "(?:" + re.String() + ")"
	}
	return regexp.MustCompile(strings.Join(parts, "|"))
}()

// helpPatterns ask what the bot is or does.
var helpRE = regexp.MustCompile(`^(what|how) (can|do|should) (you|u|i) (do|help|ask|use you|use this|know|answer)|^(who|what) (are|r) (you|u)\b|^(help|commands|menu|topics|start|info)$|^what (do|can) you (know|cover|answer)|^how (does|do) (this|the) bot work|^what (is|s) this bot|\b(questions|things|stuff) (can|should|do) i ask\b|^what can i ask`)

// isHelp reports whether the question only greets the bot or asks what it
// does.
func isHelp(q string) bool {
	ws := applyPhrases(tokens(truncateRunes(q, maxQuestionRunes)))
	if len(ws) == 0 {
		return true
	}
	onlyGreeting := true
	for _, w := range ws {
		if !greetings[w] && !stopwords[w] {
			onlyGreeting = false
			break
		}
	}
	if onlyGreeting {
		return true
	}
	// Drop a leading greeting: "hi, what can you do".
	for len(ws) > 0 && greetings[ws[0]] {
		ws = ws[1:]
	}
	return helpRE.MatchString(strings.Join(ws, " "))
}
