package knowledge

import (
	"strings"

	"github.com/faqbot/faqbot/knowledge/text"
)

// stopwords carry no topic: most question words, pronouns, fillers and
// chat slang. ("where", "when", "who" and "why" are kept: they say
// what kind of answer is wanted.) They are left out of scoring (but not of exact matching).
var stopwords = setOf(`
a about above after again against all also am an and any anyone anybody anything are arent as at
be because been before being below between both but by can cant could couldnt
did didnt do does doesnt doing dont down during each even ever every few for from further
get gets getting go goes going gonna got had hadnt has hasnt have havent having he hed hes her here
hers herself him himself his how hows i id ill im ive if in into is isnt it its itself just
let lets like me mine more most much must my myself no nor not now of off on once only or other
ought our ours ourselves out over own really same shall she shes should shouldnt so some
someone something such than that thats the their theirs them themselves then there theres these
they theyre this those through to too under until up upon us very was wasnt we were werent what
whats which while whom will with wont would wouldnt you youre your yours
yourself yourselves ya yall u ur r y pls plz please thanks thank thx ty hey hi hello yo sup
lol lmao tbh idk imo btw ok okay guys guy folks anyone everyone pretty quite kinda sorta gonna wanna
tell know wondering wonder question questions ask asking curious thing things stuff actually basically
maybe probably etc im someone ones one affect affects affected
wat wut wht exactly vs versus rn tho though ppl anyways anyway literally honestly seriously
`)

// greetings are what people say they only want to know what the bot
// does.
var greetings = setOf(`hi hello hey heya hiya yo sup howdy hola greetings morning afternoon evening good
thanks thank thx ty bot there you all everyone guys folks`)

func setOf(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// synonyms maps words people type to the word the knowledge base uses, so
// slang, brand names and spellings meet the entries that explain them.
// Entry-specific aliases belong in the entries' keywords instead.
var synonyms = map[string]string{
	"k": "ketamine", "ket": "ketamine", "ket's": "ketamine", "ketalar": "ketamine", "ketamines": "ketamine",
	"spravato": "esketamine",
	"opiate":   "opioid", "opiates": "opioid", "opioids": "opioid", "heroin": "opioid", "fentanyl": "opioid",
	"fent": "opioid", "oxy": "opioid", "oxycodone": "opioid", "oxycontin": "opioid", "percs": "opioid",
	"percocet": "opioid", "painkillers": "opioid", "painkiller": "opioid", "dope": "opioid", "morphine": "opioid",
	"hydrocodone": "opioid", "vicodin": "opioid",
	"suboxone": "buprenorphine", "subutex": "buprenorphine", "subs": "buprenorphine", "sublocade": "buprenorphine",
	"bupe": "buprenorphine", "bupren": "buprenorphine", "zubsolv": "buprenorphine",
	"vivitrol": "naltrexone", "narcan": "naloxone",
	"meds": "medication", "med": "medication", "medicine": "medication", "medicines": "medication",
	"doc": "doctor", "docs": "doctor", "dr": "doctor", "physician": "doctor",
	"dangerous": "risk", "danger": "risk", "risky": "risk", "harmful": "risk", "unsafe": "risk",
	"hazard": "risk", "hazards": "risk",
	"hooked": "addictive", "addicting": "addictive",
	"trip": "hallucination", "tripping": "hallucination", "trippy": "hallucination",
	"infusions": "infusion", "iv": "infusion", "intravenous": "infusion", "intravenously": "infusion", "drip": "infusion",
	"intranasal": "nasal", "intranasally": "nasal", "nose": "nasal", "sniff": "nasal", "snort": "nasal",
	"shot": "injection", "inject": "injection", "injected": "injection", "needle": "injection",
	"withdrawl": "withdrawal", "withdrawls": "withdrawal", "wd": "withdrawal", "wds": "withdrawal", "dopesick": "withdrawal",
	"detox": "withdrawal",
	"urges": "craving", "urge": "craving", "cravings": "craving",
	"efficacy": "effective", "effectiveness": "effective",
	"study": "research", "studies": "research", "trial": "research", "trials": "research", "evidence": "research",
	"memory": "cognitive", "confusion": "cognitive", "confused": "cognitive", "foggy": "cognitive", "fog": "cognitive",
	"depressed": "mood", "moody": "mood", "euphoria": "mood", "euphoric": "mood",
	"legal": "approved", "legit": "approved", "allowed": "approved", "sanctioned": "approved",
	"mat":     "moud",
	"besides": "alternative", "instead": "alternative", "else": "alternative", "alternatives": "alternative",
}

// phraseSynonyms maps several-word names to one word; they are applied
// before single-word synonyms.
var phraseSynonyms = []struct {
	from []string
	to   string
}{
	{[]string{"special", "k"}, "ketamine"},
	{[]string{"vitamin", "k"}, "vitamink"}, // the vitamin, not ketamine
	{[]string{"k", "hole"}, "khole"},
	{[]string{"opioid", "use", "disorder"}, "oud"},
	{[]string{"opioid", "use", "disorders"}, "oud"},
	{[]string{"opiate", "use", "disorder"}, "oud"},
	{[]string{"medication", "assisted", "treatment"}, "moud"},
	{[]string{"medications", "for", "opioid", "use", "disorder"}, "moud"},
	{[]string{"food", "and", "drug", "administration"}, "fda"},
}

// subjectWords name what the shipped knowledge base is about. A question
// with a word the knowledge base does not know is only answered it also
// names the subject: "is nicotine addictive" is about nicotine, "is ketamine
// addictive for teens" is about ketamine. Words in the titles and questions
// of many entries count as subject words too (see newIndex).
var subjectWords = setOf(`ketamine esketamine buprenorphine methadone naltrexone`)

// defaultVocabulary is the vocabulary of a knowledge base without a
// vocabulary.yaml.
func defaultVocabulary() *text.Vocabulary {
	phrases := map[string]string{}
	for _, p := range phraseSynonyms {
		phrases[strings.Join(p.from, " ")] = p.to
	}
	var stops []string
	for w := range stopwords {
		stops = append(stops, w)
	}
	return text.NewVocabulary(synonyms, phrases, stops)
}

// maxQuestionRunes is the longest question a moderator can add as a
// phrasing.
const maxQuestionRunes = 1000

// tokCache is what the loader shares with the index while building: the
// vocabulary, which remembers the stems it has worked out.
type tokCache = *text.Vocabulary

// phraseKeyWith is the exact-match key of a phrasing under vocabulary v.
func phraseKeyWith(p string, v tokCache) string {
	return v.Key(v.Terms(text.Analyze(p).Words))
}

// phraseKey is the exact-match key of a phrasing under the default
// vocabulary.
func phraseKey(p string) string { return phraseKeyWith(p, defaultVocabulary()) }

func truncateRunes(s string, n int) string { return text.Truncate(s, n) }

func editDistance(a, b string, limit int) int { return text.EditDistance(a, b, limit) }
