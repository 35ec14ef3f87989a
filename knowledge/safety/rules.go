package safety

// A Concept is a part of what crisis screening looks for.
type Concept string

// The concepts of a crisis, as clinical screening names them.
const (
	Ideation    Concept = "ideation"     // wanting to die, said directly or indirectly
	Farewell    Concept = "farewell"     // goodbyes, notes, giving things away, settling affairs
	Plan        Concept = "plan"         // a plan, a method, a means or a time
	SelfHarm    Concept = "self_harm"    // hurting oneself now
	Overdose    Concept = "overdose"     // too much, mixed depressants, the signs of an overdose now
	Poisoning   Concept = "poisoning"    // a child, a pet or a non-user who swallowed medicine
	SomeoneElse Concept = "someone_else" // another person in danger now, or out of reach after a worrying message
	// Learned: the learned model found a crisis that no rule names.
	Learned Concept = "learned"
)

// Context flags: what cancels a rule's match in a sentence.
const (
	cPast    = 1 << iota // a past marker ("years ago", "used to") and no present one ("again", "tonight")
	cGeneral             // a general or "what if" question ("what are the signs of", "if someone ever")
	cJoke                // a joke: "lol", "lmao", a trivial object ("this exam is killing me")
	cMedia               // a film, a song, the news
	cSafe                // the person says they are safe ("im ok now", "just venting")
)

// A rule is one way of saying a concept. Its weight is how much it says on
// its own: 1 is a crisis by itself; smaller weights add up with other rules
// of the message (each group counts once, at its strongest), and a boost
// adds only to a message that already has a crisis signal of one of its
// concepts. The message is a crisis at a total of 1.
type rule struct {
	name    string
	concept Concept
	weight  float64
	group   string // rules of one group do not add up; default: name
	// core rules say it outright ("i want to die", "kill myself"): they
	// decide a crisis on their own whatever the bank says of them (see
	// trustedRules), because missing one costs more than any false alarm.
	core   bool
	boosts []Concept // a boost: adds only to these concepts' signals
	cancel int       // context flags that cancel it
	unless string    // a pattern that, in the same sentence, cancels it
	// maxWords, when set, is the longest message the rule fires in: a
	// message that is only "suicidal" is not a question about suicide.
	maxWords int
	pat      string
	example  string // a message the rule alone must catch (see TestRuleExamples)
}

const (
	strong = 1.0
	medium = 0.6
	weak   = 0.5
	hint   = 0.4
)

var crisisRules = []rule{
	// Ideation: wanting to die, directly or indirectly; for oneself or
	// said by someone else.
	{name: "suicide-act", concept: Ideation, weight: strong, core: true, cancel: cPast | cGeneral | cJoke | cMedia, pat: "{suicide}", example: "i want to kill myself"},
	{name: "feeling-suicidal", concept: Ideation, weight: strong, core: true, group: "suicide-word", cancel: cPast | cGeneral | cJoke | cMedia, pat: "{self}|{other}|feel|feeling|thinking|thoughts|thought|having|had|been ~4 {suicideword}", example: "im feeling suicidal"},
	{name: "suicidal-again", concept: Ideation, weight: strong, core: true, group: "suicide-word", cancel: cPast | cGeneral | cJoke | cMedia, pat: "{suicideword} ~2 thoughts|again|tonight|rn|lately|urges|feelings|mood", example: "having suicidal thoughts again"},
	{name: "suicide-alone", concept: Ideation, weight: strong, core: true, group: "suicide-word", maxWords: 4, cancel: cGeneral | cJoke | cMedia, pat: "{suicideword}", example: "suicidal"},
	{name: "suicide-word", concept: Ideation, weight: medium, group: "suicide-word", cancel: cPast | cGeneral | cJoke | cMedia, pat: "{suicideword}", example: ""},
	{name: "want-to-die", concept: Ideation, weight: strong, core: true, group: "want-to-die", cancel: cPast | cGeneral | cJoke | cMedia, unless: "{fearfor}", pat: "{subject} ~2 {want} ~2 {die}", example: "i really want to die"},
	{name: "want-to-die-bare", concept: Ideation, weight: strong, core: true, group: "want-to-die", cancel: cPast | cGeneral | cJoke | cMedia, unless: "{fearfor}|{makeitso}", pat: "{want} ~1 to? {die}", example: "ready to not be here"},
	{name: "dont-want-to-live", concept: Ideation, weight: strong, cancel: cPast | cMedia, pat: "dont|not|no|never|cant ~2 want|wanna|wish|like ~2 to? {behere}", example: "i dont want to be here anymore"},
	// Hoping not to wake, said as a hope: "some nights i hope i just dont
	// wake up". Waking late, sick or at a time is something else.
	{name: "hope-not-wake", concept: Ideation, weight: strong, core: true, cancel: cJoke | cMedia | cPast | cGeneral, unless: "wake ~1 up ~2 late|early|sick|with|hungover|groggy|sore|tired|in|on|at|before|too|again|during", pat: "hope|hoping|hopin|pray|praying|prayin ~4 i|ill ~2 just? ~1 dont|never|wont|not ~1 wake", example: "some nights i hope i just dont wake up"},
	{name: "wish-dead", concept: Ideation, weight: strong, cancel: cJoke | cMedia, pat: "wish|wishing ~6 {wishdead}", example: "i wish i was never born"},
	{name: "better-off-without", concept: Ideation, weight: strong, cancel: cPast | cMedia, pat: "{betteroff} ~4 {without}", example: "they would all be better off without me"},
	{name: "death-easier", concept: Ideation, weight: strong, core: true, cancel: cPast | cGeneral | cJoke | cMedia, pat: "{die} ~2 would|be|is|sounds|seems|feels ~2 {easier}", example: "dying would be easier than telling my sponsor"},
	{name: "to-end-it", concept: Ideation, weight: strong, core: true, cancel: cPast | cGeneral | cJoke | cMedia, unless: "tried|attempted ~1 to ~1 {endlife}", pat: "for|to ~1 {endlife}", example: "not for high. for end everything"},
	{name: "tired-of-being-a-burden", concept: Ideation, weight: strong, cancel: cJoke | cPast, pat: "{tired} ~2 of|with ~2 being ~3 {burden}", example: "so tired of being a burden"},
	{name: "burden", concept: Ideation, weight: medium, cancel: cJoke | cPast, pat: "{self} ~5 {burden}", example: "im just a burden"},
	{name: "nobody-would-miss", concept: Ideation, weight: medium, cancel: cJoke, pat: "{nomiss}", example: "nobody would miss me"},
	{name: "no-way-out", concept: Ideation, weight: medium, group: "exit", cancel: cMedia, pat: "{exitway}", example: "there is no way out"},
	{name: "permanent-exit", concept: Ideation, weight: strong, group: "exit", cancel: cMedia, pat: "{permanent}", example: "the permanent one"},
	{name: "cant-keep-living", concept: Ideation, weight: strong, core: true, group: "cant-go-on", cancel: cPast | cGeneral | cJoke | cMedia | cSafe, pat: "{cant} ~2 {goonliving}", example: "i cant keep living like this"},
	{name: "right-this-time", concept: Plan, weight: strong, core: true, cancel: cPast | cGeneral | cJoke | cMedia, pat: "{rightthistime}", example: "gonna do it right this time"},
	{name: "cant-go-on", concept: Ideation, weight: weak, group: "cant-go-on", cancel: cJoke | cSafe, pat: "{cant} ~2 {goon}", example: "i cant keep doing this"},
	{name: "cant-go-on-anymore", concept: Ideation, weight: medium, group: "cant-go-on", cancel: cJoke | cSafe, pat: "{cant} ~2 {goon} ~3 {anymore}", example: "cant do this anymore"},
	{name: "whats-the-point-anymore", concept: Ideation, weight: strong, core: true, group: "point", cancel: cJoke | cSafe | cGeneral | cMedia | cPast, pat: "{point} ~1 {pointof}", example: "whats the point anymore"},
	{name: "whats-the-point", concept: Ideation, weight: weak, cancel: cJoke | cSafe | cGeneral, pat: "{point}", example: "whats even the point"},
	{name: "nothing-to-live-for", concept: Ideation, weight: strong, cancel: cMedia | cPast, pat: "{nolive}", example: "i have nothing to live for"},
	{name: "sorry-i-woke-up", concept: Ideation, weight: strong, cancel: cJoke | cMedia, pat: "{disappointed} ~4 {wokeup}", example: "disappointed i woke up again"},
	{name: "want-it-all-to-stop", concept: Ideation, weight: strong, group: "want-stop", cancel: cJoke | cMedia | cPast, pat: "want|wanna|need|wish|just ~3 {everything} ~1 to? {stop}", example: "i just want it all to stop"},
	{name: "want-the-pain-to-stop", concept: Ideation, weight: medium, group: "want-stop", cancel: cJoke | cMedia | cPast, pat: "want|wanna|need|wish|just ~3 {pain} ~1 to? {stop}", example: ""},
	{name: "deserve-better", concept: Ideation, weight: medium, cancel: cJoke | cMedia | cPast, pat: "{deservebetter}", example: ""},
	{name: "hopeless", concept: Ideation, weight: weak, cancel: cJoke | cMedia | cPast | cSafe, pat: "{hopeless}", example: ""},
	{name: "tired-of-living", concept: Ideation, weight: medium, cancel: cJoke | cMedia, pat: "{tired} ~1 of|with ~1 {fight}", example: "so tired of fighting"},
	{name: "not-sleepy-tired", concept: Ideation, weight: medium, cancel: cJoke, pat: "not ~3 sleepy|sleep|nap|sleeping ~2 tired|kind", example: "not sleepy tired"},
	{name: "the-other-tired", concept: Ideation, weight: medium, cancel: cJoke, pat: "tired ~5 other ~1 kind|way", example: "tired, the other kind"},
	{name: "decided-done", concept: Ideation, weight: strong, cancel: cPast, pat: "decided|ready|time ~3 im|to ~1 be? ~1 done", example: "ive decided im done"},
	{name: "done-with-life", concept: Ideation, weight: medium, cancel: cJoke, unless: "done ~2 {drug}|using|drugs", pat: "im|i|hes|shes|theyre ~2 done ~2 trying|fighting|with|being|living|for", example: "im done trying"},
	{name: "sleep-and-not-wake", concept: Ideation, weight: strong, cancel: cMedia | cJoke | cPast | cGeneral, pat: "{sleepnowake}", example: "i think about going to sleep and not waking up"},
	// Hoping something else ends it: "hopin some truck crosses the median
	// and takes me out", "so i dont gotta do it myself".
	{name: "hope-taken-out", concept: Ideation, weight: strong, cancel: cMedia | cJoke | cPast | cGeneral, unless: "dont|doesnt|wont|not|didnt|never ~2 {takesmeout}", pat: "hope|hoping|hopin|wish|wishing|pray|praying|prayin ~8 {takesmeout}", example: "hoping some truck crosses the median and takes me out"},
	// Said together, the accident hoped for and "doing it myself" leave no
	// other reading ("takes me out" alone can be a date, "do it myself" an
	// injection).
	{name: "taken-out-not-myself", concept: Ideation, weight: strong, core: true, cancel: cMedia | cJoke | cPast | cGeneral, pat: "{takesmeout} ~8 do ~1 it ~1 myself", example: "a truck takes me out so i dont gotta do it myself"},
	{name: "god-take-me", concept: Ideation, weight: strong, cancel: cMedia | cJoke | cPast, pat: "{godword} ~4 {takeme}", example: "the good lord can take me any time"},
	{name: "asking-god", concept: Ideation, weight: medium, cancel: cMedia | cJoke | cPast, pat: "{takeme}", example: ""},
	{name: "someone-done", concept: SomeoneElse, weight: weak, cancel: cJoke, pat: "{other} ~1 done", example: "he says hes done"},

	// Farewell: goodbyes and getting ready.
	{name: "goodbye-forever", concept: Farewell, weight: strong, group: "goodbye", cancel: cMedia | cJoke | cPast, pat: "{goodbye} ~2 {forever}", example: "goodbye everyone"},
	{name: "goodbye-note", concept: Farewell, weight: strong, group: "goodbye", cancel: cMedia | cPast, pat: "{goodbye} ~1 {note}", example: "he posted a goodbye message"},
	{name: "goodbye-then-unreachable", concept: SomeoneElse, weight: strong, core: true, group: "goodbye", cancel: cMedia | cPast | cJoke, pat: "{othersaid} ~4 {goodbye}|{sorry} ~15 {unreach}", example: "he texted me goodbye and now his phone goes straight to voicemail"},
	{name: "said-goodbye", concept: Farewell, weight: medium, group: "goodbye", cancel: cMedia | cPast, pat: "{othersaid} ~3 {goodbye}", example: "she texted me goodbye"},
	{name: "wrote-note", concept: Farewell, weight: medium, group: "note", cancel: cMedia | cPast, pat: "{wrote} ~4 {note}", example: "i wrote letters to my kids"},
	{name: "wrote-the-note", concept: Farewell, weight: 0.8, group: "note", cancel: cMedia | cPast, pat: "{wrote} ~2 the ~1 note|notes|letters|letter", example: "already wrote the note"},
	{name: "where-they-find", concept: Farewell, weight: medium, cancel: cMedia, pat: "where ~2 find|see ~1 them|it", example: "where theyll find them"},
	{name: "note-hidden", concept: Farewell, weight: weak, cancel: cMedia | cPast, pat: "note|notes|letter|letters ~6 drawer|nightstand|pillow|desk|table|kitchen|under|fridge", example: "the note is under my pillow"},
	{name: "last-message", concept: Farewell, weight: strong, group: "last", cancel: cMedia | cJoke, pat: "this|my ~3 {last} ~1 {lastthing}", example: "this is my last message"},
	{name: "last-time-worry", concept: Farewell, weight: strong, group: "last", cancel: cMedia | cJoke, pat: "last ~1 time ~6 worry|hear|see|talk|bother|deal", example: "the last time youll ever have to worry about me"},
	{name: "wont-be-around", concept: Farewell, weight: medium, group: "wont-be-around", cancel: cMedia | cPast, pat: "{wont} ~2 {beneed}", example: "i wont need them"},
	{name: "wont-be-around-long", concept: Farewell, weight: strong, group: "wont-be-around", cancel: cMedia | cPast, pat: "{wont} ~2 {beneed} ~3 {anymore}|longer|where|after|soon|tomorrow|forever|myself|anyway|anyhow|next|week|weekend|month|christmas|birthday", example: "i wont be around much longer"},
	{name: "need-where-going", concept: Farewell, weight: strong, cancel: cMedia | cPast, pat: "need|needing|use ~6 {whereigo}", example: "wont be needing it where im off to"},
	{name: "bequest", concept: Farewell, weight: medium, group: "giveaway", cancel: cMedia | cPast | cJoke, pat: "tell ~6 he|she|they ~1 can ~1 have|keep ~2 my|all", example: "tell jess she can have my cat"},
	{name: "seen-later", concept: Farewell, weight: weak, group: "later", cancel: cMedia | cPast | cJoke, pat: "{seenlater}", example: "if anyone sees this later"},
	{name: "give-away", concept: Farewell, weight: weak, cancel: cMedia | cPast, pat: "{giveaway} ~4 {belongings}", example: "gave away my guitar"},
	{name: "sorry-for-everything", concept: Farewell, weight: weak, cancel: cMedia, pat: "{sorry}", example: ""},
	{name: "take-care-of-them", concept: Farewell, weight: weak, cancel: cMedia, pat: "{care}", example: ""},
	{name: "know-i-loved", concept: Farewell, weight: weak, cancel: cMedia, pat: "{knowilove}", example: ""},
	{name: "no-later", concept: Farewell, weight: medium, cancel: cMedia, pat: "{nolater}", example: ""},
	{name: "love-you-all", concept: Farewell, weight: hint, cancel: cMedia, pat: "{loveall}", example: "love you all"},
	{name: "tell-them", concept: Farewell, weight: weak, cancel: cMedia, pat: "{tellthem} ~5 love|loved|forgive|sorry|wasnt|proud|goodbye|thanks", example: "tell my mom i love her"},
	{name: "last-contact", concept: Farewell, weight: weak, cancel: cMedia | cPast, pat: "{contact} ~8 {lasttime}", example: "called grandma just to hear her voice one more time"},
	{name: "affairs", concept: Farewell, weight: weak, cancel: cMedia, pat: "{affairs}", example: "got my affairs in order"},
	{name: "calm-now", concept: Farewell, weight: weak, cancel: cMedia, pat: "{calm} ~5 now|since|done|sorted|decided|over|that", example: "i feel calm now that its decided"},
	{name: "if-i-dont", concept: Farewell, weight: medium, cancel: cMedia, pat: "if ~2 i ~1 dont|never|cant ~2 log|wake|show|reply|come|make|answer|post", example: "if i dont log on tomorrow"},

	// Plan and means.
	{name: "stockpile", concept: Plan, weight: medium, cancel: cMedia | cPast, pat: "{save} ~5 {pills}", example: ""},
	{name: "backup-plan", concept: Plan, weight: weak, cancel: cMedia | cPast, boosts: []Concept{Plan}, pat: "{backup}", example: ""},
	{name: "easy-to", concept: Plan, weight: weak, cancel: cMedia | cJoke, pat: "{easy}", example: ""},
	{name: "looked-up-how-much", concept: Plan, weight: strong, group: "lethal", cancel: cMedia, pat: "{lookup}", example: "been googling how many it would take"},
	{name: "have-enough", concept: Plan, weight: weak, cancel: cMedia | cGeneral, pat: "{enoughto}", example: "i think i have enough"},
	{name: "enough-to-die", concept: Plan, weight: strong, cancel: cMedia, pat: "enough ~1 to ~2 {die}", example: "enough to not wake up"},
	{name: "how-much-would-kill", concept: Plan, weight: strong, group: "lethal", cancel: cMedia, pat: "{howmuch} ~9 {lethal}", example: "how many would it take"},
	// How long something takes to kill asks the same as how much.
	{name: "how-long-to-kill", concept: Plan, weight: strong, group: "lethal", cancel: cMedia, pat: "how long ~6 kill|kills|killing|die", example: "how long does it take for pills to kill u"},
	{name: "lethal-dose", concept: Plan, weight: strong, group: "lethal", cancel: cMedia, pat: "{lethalword}", example: "whats a lethal dose"},
	{name: "would-that-be-enough", concept: Plan, weight: strong, group: "lethal", cancel: cMedia, unless: "hold|last|cover|manage|cravings|withdrawal|withdrawals|more", pat: "{wouldenough}", example: "would that be enough"},
	{name: "asking-for-me", concept: Plan, weight: weak, cancel: cMedia, boosts: []Concept{Plan, Ideation, Overdose}, pat: "{askingme}", example: ""},
	{name: "means", concept: Plan, weight: weak, group: "means", cancel: cMedia | cJoke | cPast | cGeneral, pat: "{means}", example: ""},
	{name: "means-now", concept: Plan, weight: strong, group: "means", cancel: cMedia | cJoke | cPast | cGeneral, pat: "{means} ~6 {meansact}", example: "theres a rope in my closet rn"},
	{name: "now-means", concept: Plan, weight: strong, group: "means", cancel: cMedia | cJoke | cPast | cGeneral, pat: "{meansact} ~6 {means}", example: "i keep looking over the bridge"},
	{name: "means-thought", concept: Plan, weight: weak, cancel: cMedia | cJoke | cPast | cGeneral, boosts: []Concept{Plan}, pat: "{meansact}", example: ""},
	{name: "means-in-front", concept: Plan, weight: medium, cancel: cMedia | cJoke | cPast | cGeneral, pat: "{drug}|{pills}|{means}|it|its|they|theyre ~6 {infront}", example: ""},
	{name: "undecided", concept: Plan, weight: weak, cancel: cMedia | cJoke, pat: "{undecided}", example: ""},
	{name: "picked-a-date", concept: Plan, weight: strong, cancel: cMedia | cPast, pat: "picked|set|chose|chosen|choose|pick ~1 {date}", example: "picked a date"},
	{name: "tonights-the-night", concept: Plan, weight: strong, cancel: cMedia, pat: "tonights|tonight|today|this ~3 the ~1 night|day", example: "tonight feels like the night"},
	{name: "made-up-my-mind", concept: Plan, weight: medium, cancel: cMedia | cPast, pat: "{decided}", example: ""},
	{name: "figuring-out-when", concept: Plan, weight: weak, cancel: cMedia | cJoke, pat: "{whenplan}", example: ""},
	{name: "when-alone", concept: Plan, weight: weak, cancel: cMedia, pat: "{alonetime}", example: "tonight after everyone falls asleep"},
	{name: "secret", concept: Plan, weight: hint, cancel: cMedia, pat: "{secret}", example: ""},
	{name: "no-plan-to-live", concept: Plan, weight: strong, cancel: cMedia | cJoke, pat: "{noplan}", example: "i dont plan on being 17"},
	{name: "take-it-all", concept: Plan, weight: strong, cancel: cMedia | cPast | cGeneral, unless: "{disposal}", pat: "{took} ~3 {all} ~4 {pills}", example: "im going to take all of my pills"},
	{name: "take-it-all-at-once", concept: Plan, weight: strong, cancel: cMedia | cPast | cGeneral, unless: "instead|half|split", pat: "{took} ~6 {atonce}", example: "gonna do the whole bag at once"},
	{name: "bought-lots", concept: Plan, weight: medium, cancel: cMedia | cPast | cGeneral, pat: "bought|buying|got|picked ~4 {boughtlots} ~3 of? {pills}", example: "bought 4 boxes of tylenol pm"},
	{name: "drive-off-the-road", concept: Plan, weight: strong, core: true, group: "means", cancel: cMedia | cPast | cGeneral | cJoke, pat: "drive|driving ~4 off|into ~2 the|a ~1 road|bridge|cliff|tree|wall|river|traffic|lake|quarry", example: "my head is telling me to drive off the road tomorrow"},
	{name: "car-running-garage", concept: Plan, weight: strong, group: "means", cancel: cMedia | cPast | cGeneral, pat: "{garage} ~8 engine|car|motor ~1 running|on", example: "in the garage with the engine running"},
	{name: "running-car-garage", concept: Plan, weight: strong, group: "means", cancel: cMedia | cPast | cGeneral, pat: "engine|car|motor ~1 running|on ~6 {garage}", example: "car running in the garage"},
	// Exhaust fumes through a hose: a means of its own, named by its parts.
	{name: "hose-tailpipe", concept: Plan, weight: strong, group: "means", cancel: cMedia | cPast | cGeneral, pat: "hose|tube|pipe ~8 tailpipe|exhaust", example: "got a hose that fits the tailpipe"},
	{name: "tailpipe-hose", concept: Plan, weight: strong, group: "means", cancel: cMedia | cPast | cGeneral, pat: "tailpipe|exhaust ~8 hose|tube", example: "ran the exhaust through a tube into the car"},
	{name: "pills-posted", concept: SomeoneElse, weight: medium, cancel: cMedia | cPast, pat: "{pillpic}", example: ""},
	{name: "weapon-threat", concept: SomeoneElse, weight: medium, cancel: cMedia | cPast, pat: "{threat} ~3 {weapon}", example: "hes waving a gun around"},
	{name: "weapon-danger", concept: SomeoneElse, weight: weak, cancel: cMedia | cPast, boosts: []Concept{SomeoneElse, Plan}, pat: "{danger}", example: ""},

	// Self-harm now.
	{name: "harm-body", concept: SelfHarm, weight: medium, group: "harm", cancel: cPast | cMedia | cJoke | cGeneral, unless: "{harmbenign}", pat: "{harmverb} ~3 {harmspot}", example: "i cut my arm"},
	// About to cut, said with no object ("finna go cut", "about to cut
	// again"): what is cut is the asker. An object after the verb is
	// something else ("cut the cake", "cut him off", "cut back").
	{name: "going-to-cut", concept: SelfHarm, weight: strong, core: true, group: "harm", cancel: cPast | cMedia | cJoke | cGeneral, unless: "{harmbenign}|{cutverb} ~1 {cutobject}", pat: "{want} ~2 {cutverb}", example: "lowkey gonna go cut"},
	{name: "harm-now", concept: SelfHarm, weight: strong, group: "harm", cancel: cPast | cMedia | cJoke | cGeneral, unless: "{harmbenign}", pat: "{harmverb} ~6 {harmnow}", example: "cut again tonight"},
	{name: "self-harm-word", concept: SelfHarm, weight: strong, group: "harm", cancel: cPast | cMedia | cJoke | cGeneral, unless: "still ~3 scars|scar|marks", pat: "{selfharm}", example: "i hurt myself"},
	{name: "bleeding", concept: SelfHarm, weight: strong, group: "blood", cancel: cPast | cMedia | cGeneral, pat: "{blood} ~4 {wontstop}", example: "its bleeding and wont stop"},
	{name: "lots-of-blood", concept: SelfHarm, weight: strong, group: "blood", cancel: cPast | cMedia | cGeneral, pat: "{wontstop} ~3 {blood}", example: "theres a lot of blood"},
	{name: "towel-soaked", concept: SelfHarm, weight: 0.8, group: "blood", cancel: cPast | cMedia, pat: "{towel} ~4 {soaked}", example: "the towel is soaked through"},
	{name: "tool-now", concept: SelfHarm, weight: medium, cancel: cPast | cMedia | cGeneral, pat: "{harmtool} ~6 {present}|tub|bathroom|hand|started|floor|wrist|arm|thigh|thighs", example: "sitting here with a blade rn"},
	{name: "tool-in-tub", concept: SelfHarm, weight: medium, cancel: cPast | cMedia | cGeneral, pat: "tub|bathtub|bath|bathroom|bed|floor|shower ~5 {harmtool}", example: ""},
	{name: "feel-something", concept: SelfHarm, weight: medium, cancel: cMedia | cPast | cGeneral, pat: "{feelsomething}", example: ""},
	{name: "did-something-to-me", concept: SelfHarm, weight: strong, cancel: cPast | cMedia | cGeneral, pat: "did ~1 something ~2 to ~1 my|his|her ~1 wrist|wrists|arm|arms|leg|legs|thigh|thighs|neck|body|self|skin", example: "i did something to my wrist"},
	{name: "did-it-again", concept: SelfHarm, weight: hint, cancel: cPast | cMedia, pat: "{didit}", example: ""},
	{name: "did-something-with", concept: SelfHarm, weight: medium, cancel: cPast | cMedia, pat: "did ~1 something ~4 {harmtool}", example: "did something dumb with a razor"},
	{name: "wound", concept: SelfHarm, weight: hint, cancel: cPast | cMedia | cJoke, boosts: []Concept{SelfHarm}, pat: "{wound}", example: ""},

	// Overdose or poisoning now.
	{name: "took-too-much", concept: Overdose, weight: strong, core: true, group: "took-much", cancel: cPast | cGeneral | cMedia | cJoke, pat: "{tookpast} ~4 {toomuch}", example: "i took too many"},
	{name: "took-lots-of-drug", concept: Overdose, weight: strong, core: true, group: "took-much", cancel: cPast | cGeneral | cMedia | cJoke, pat: "{tookpast} ~4 {lotsof} ~3 {drug}|{pills}", example: "took a bunch of my sleeping pills"},
	// A lot taken minutes ago is happening now, whatever was taken ("took
	// a bunch of my mom's like 20 min ago").
	{name: "took-lots-just-now", concept: Overdose, weight: strong, core: true, group: "took-much", cancel: cPast | cGeneral | cMedia | cJoke, unless: "{lotsof} ~1 {notdrug}", pat: "{tookpast} ~4 {lotsof} ~10 {justnow}", example: "took a bunch of them like 20 min ago"},
	{name: "took-lots", concept: Overdose, weight: medium, group: "took-much", cancel: cPast | cGeneral | cMedia | cJoke, pat: "{tookpast} ~4 {lotsof}", example: ""},
	{name: "going-to-take-too-much", concept: Plan, weight: strong, cancel: cPast | cGeneral | cMedia | cJoke, pat: "{want} ~2 take|do|swallow|drink|use ~3 {toomuch}", example: "im going to take too many tonight"},
	{name: "same-as-before", concept: Overdose, weight: strong, cancel: cGeneral | cMedia, pat: "{took} ~4 {samebefore}", example: "used the same amount as before detox"},
	{name: "overdose-word", concept: Overdose, weight: medium, group: "od-word", cancel: cPast | cGeneral | cMedia | cJoke, pat: "{odword}", example: ""},
	{name: "someone-odd", concept: Overdose, weight: strong, core: true, group: "od-word", cancel: cPast | cGeneral | cMedia | cJoke, pat: "{person}|{other}|{self} ~2 {odword}", example: "my bf odd"},
	{name: "overdosing-now", concept: Overdose, weight: strong, core: true, group: "od-word", cancel: cPast | cMedia | cJoke | cGeneral, pat: "{odnow}", example: "i think hes overdosing"},
	{name: "want-to-overdose", concept: Overdose, weight: strong, group: "od-word", cancel: cPast | cMedia | cJoke | cGeneral, pat: "{want} ~2 {odword}", example: "gonna overdose later"},
	{name: "not-breathing", concept: Overdose, weight: strong, core: true, group: "breath", cancel: cPast | cGeneral | cMedia | cJoke, pat: "{notbreath}", example: "hes not breathing"},
	{name: "breathing-wrong", concept: Overdose, weight: strong, core: true, group: "breath", cancel: cPast | cGeneral | cMedia | cJoke, pat: "{breath} ~3 {breathbad}", example: "his breathing is really slow"},
	{name: "wrong-breathing", concept: Overdose, weight: strong, group: "breath", cancel: cPast | cGeneral | cMedia | cJoke, pat: "{breathbad} ~1 {breath}", example: "shallow breathing"},
	{name: "blue-lips", concept: Overdose, weight: strong, core: true, group: "colour", cancel: cPast | cGeneral | cMedia | cJoke, pat: "{lipword} ~4 {colour}", example: "his lips are blue"},
	{name: "lips-blue", concept: Overdose, weight: strong, core: true, group: "colour", cancel: cPast | cGeneral | cMedia | cJoke, pat: "{colour} ~3 {lipword}", example: "blue around the lips"},
	{name: "grey-face", concept: Overdose, weight: strong, group: "colour", cancel: cPast | cGeneral | cMedia | cJoke, pat: "{faceword} ~4 {facecolour}", example: "her face looks grey"},
	{name: "turned-grey", concept: Overdose, weight: medium, group: "colour", cancel: cPast | cGeneral | cMedia | cJoke, pat: "{other}|{person}|turning|turned|going|gone|looks ~2 {facecolour}", example: "shes gray"},
	{name: "pinpoint-pupils", concept: Overdose, weight: strong, core: true, group: "pupils", cancel: cPast | cGeneral | cMedia, pat: "pupils ~4 {pinpoint}", example: "his pupils are tiny"},
	{name: "pupils-pinpoint", concept: Overdose, weight: strong, group: "pupils", cancel: cPast | cGeneral | cMedia, pat: "{pinpoint} ~1 pupils", example: "tiny pupils"},
	{name: "eyes-pinned", concept: Overdose, weight: strong, group: "pupils", cancel: cPast | cGeneral | cMedia, pat: "eyes ~3 pinpoint|pinned|pinpoints|dots", example: "eyes are pinned"},
	{name: "gurgling", concept: Overdose, weight: strong, core: true, group: "noise", cancel: cPast | cGeneral | cMedia | cJoke, pat: "{strongnoise}", example: "hes making a gurgling noise"},
	{name: "snoring", concept: Overdose, weight: hint, group: "noise", cancel: cPast | cGeneral | cMedia | cJoke, pat: "{snore}", example: ""},
	{name: "wont-wake-them", concept: Overdose, weight: strong, core: true, group: "wake", cancel: cPast | cGeneral | cMedia | cJoke, pat: "{other}|{person}|{pet} ~4 {wont2} ~3 {wake}", example: "my son wont wake up"},
	{name: "colour-and-no-waking", concept: Overdose, weight: strong, core: true, group: "wake", cancel: cPast | cGeneral | cMedia | cJoke, pat: "is|hes|shes|theyre|turned|turning|going|gone|looks|look|looking|lips ~1 {facecolour} ~8 wont|cant|isnt|not|wouldnt|doesnt ~2 wake|waking|respond|responding|come", example: "hes blue and wont wake up"},
	{name: "cant-wake-them", concept: Overdose, weight: strong, core: true, group: "wake", cancel: cPast | cGeneral | cMedia | cJoke, pat: "{wont2} ~2 {wakeobj} ~1 him|her|them|{person}", example: "i cant wake him"},
	{name: "cant-wake", concept: Overdose, weight: weak, group: "wake", cancel: cPast | cGeneral | cMedia | cJoke, pat: "{wont2} ~3 {wake}", example: ""},
	{name: "unresponsive", concept: Overdose, weight: strong, core: true, group: "unresp", cancel: cPast | cGeneral | cMedia | cJoke, unless: "{machine} ~4 not|isnt|stopped ~1 responding", pat: "{strongunresp}", example: "she is unresponsive"},
	{name: "collapsed", concept: Overdose, weight: weak, group: "unresp", cancel: cPast | cGeneral | cMedia | cJoke, pat: "{weakunresp}", example: ""},
	{name: "overdose-signs", concept: Overdose, weight: weak, cancel: cPast | cGeneral | cMedia | cJoke, unless: "{habitual}", pat: "{odsign}", example: ""},
	{name: "mixed-depressants", concept: Overdose, weight: medium, group: "mix", cancel: cPast | cGeneral | cMedia, pat: "{tookpast} ~8 {depressant} ~8 {drug}", example: ""},
	{name: "mixed-depressants-2", concept: Overdose, weight: medium, group: "mix", cancel: cPast | cGeneral | cMedia, pat: "{tookpast} ~8 {drug} ~8 {depressant}", example: ""},
	{name: "narcan-given", concept: Overdose, weight: medium, cancel: cPast | cGeneral | cMedia, pat: "{gave} ~3 {narcan}", example: ""},
	{name: "narcan-not-working", concept: Overdose, weight: medium, cancel: cPast | cGeneral | cMedia, pat: "{narcan} ~8 {notworking}", example: ""},
	// Naloxone wears off before the opioid does: someone who came round
	// and is fading again is in danger now.
	{name: "narcan-wearing-off", concept: Overdose, weight: strong, core: true, cancel: cPast | cGeneral | cMedia, pat: "{narcan} ~14 {fadingagain}", example: "we did the narcan and she woke up but now shes going back out again"},
	{name: "need-narcan-now", concept: Overdose, weight: strong, core: true, cancel: cPast | cGeneral | cMedia, pat: "need|get|give|grab|where|bring ~2 {narcan} ~2 now|fast|asap|quick|quickly|rn|hurry|please|pls", example: "we need narcan now"},
	{name: "use-narcan-now", concept: Overdose, weight: strong, group: "use-narcan", cancel: cPast | cGeneral | cMedia, pat: "do|should|can ~1 we|i ~2 use|give|spray ~2 {narcan}", example: "should i give him the narcan"},
	{name: "have-narcan-use-it", concept: Overdose, weight: strong, group: "use-narcan", cancel: cPast | cGeneral | cMedia, pat: "{narcan} ~8 do|should|can ~1 we|i ~2 use|give|spray ~1 it|one", example: "we have narcan do we use it"},
	{name: "locked-in-bathroom", concept: SomeoneElse, weight: medium, group: "locked", cancel: cPast | cMedia | cJoke, pat: "{bathroom} ~10 {inthere}", example: ""},
	{name: "bathroom-locked", concept: SomeoneElse, weight: medium, group: "locked", cancel: cPast | cMedia | cJoke, pat: "{inthere} ~4 {bathroom}", example: ""},
	{name: "drug-context", concept: Overdose, weight: weak, cancel: cGeneral | cMedia, boosts: []Concept{Overdose, SomeoneElse, Poisoning}, pat: "{drug}", example: ""},
	{name: "urgent", concept: Overdose, weight: hint, boosts: []Concept{Overdose, SomeoneElse, Poisoning, SelfHarm}, pat: "{urgent}", example: ""},

	// Poisoning: a child, a pet or someone who does not use.
	{name: "child-swallowed", concept: Poisoning, weight: strong, core: true, group: "poison", cancel: cPast | cGeneral | cMedia, unless: "cant|cannot|wont|never|doesnt|dont|so|keep ~2 {ingest}", pat: "{young}|{pet} ~8 {ingest} ~6 {drug}|{pills}", example: "my toddler swallowed one of my pills"},
	{name: "child-pills-mouth", concept: Poisoning, weight: strong, group: "poison", cancel: cPast | cGeneral | cMedia, unless: "cant|cannot|wont|never|doesnt|dont|so|keep ~2 {ingest}", pat: "{young}|{pet} ~8 {pills}|{drug} ~8 {ingest}", example: "my nephew found a strip and put it in his mouth"},
	{name: "found-with-meds", concept: Poisoning, weight: strong, group: "poison", cancel: cPast | cGeneral | cMedia, pat: "found ~1 him|her|them ~1 with ~6 {container}|{pills}|{drug}", example: "found her with my pills"},
	{name: "pills-in-mouth", concept: Poisoning, weight: strong, group: "poison", cancel: cPast | cGeneral | cMedia, pat: "{other}|{young}|{pet} ~3 had|has|put|got|was ~4 {pills}|{drug} ~4 in ~1 his|her|its|their|the ~1 mouth", example: "he had my pills in his mouth"},
	{name: "how-many-swallowed", concept: Poisoning, weight: medium, cancel: cPast | cGeneral | cMedia, pat: "how ~1 many|much ~2 {other}|{young}|{pet} ~1 swallowed|ate|took|had|chewed|drank|eat|swallow|chew|drink", example: ""},
	{name: "pills-missing", concept: Poisoning, weight: weak, cancel: cPast | cGeneral | cMedia, pat: "{pills}|{container} ~6 {gone}", example: ""},
	{name: "child-around", concept: Poisoning, weight: weak, cancel: cPast | cGeneral | cMedia, boosts: []Concept{Poisoning}, pat: "{young}|{pet}", example: ""},
	{name: "child-into-meds", concept: Poisoning, weight: strong, group: "poison", cancel: cPast | cGeneral | cMedia, pat: "{young}|{pet} ~10 {container}|{pills} ~4 {gone}", example: "my son got into my purse and the bottle is open"},
	// Told the other way round: "her edibles were on the couch and my
	// daughter had one in her hand, half gone".
	{name: "meds-then-child", concept: Poisoning, weight: strong, core: true, group: "poison", cancel: cPast | cGeneral | cMedia, pat: "{container}|{pills} ~12 {young}|{pet} ~10 {eaten}", example: "my edibles were on the couch and my daughter had one half gone"},
	{name: "took-by-mistake", concept: Poisoning, weight: strong, group: "poison", cancel: cPast | cGeneral | cMedia, pat: "{ingest} ~6 {pills}|{drug} ~6 {accident}", example: "grandma took my methadone by accident"},

	// Someone else out of reach after a worrying message.
	{name: "out-of-reach", concept: SomeoneElse, weight: weak, cancel: cPast | cMedia | cJoke, pat: "{unreach}", example: ""},
}
