package safety

// personalRules ask for advice about someone's own medicine: a dose, or
// whether or how to start, stop, switch, taper or combine, for the asker or
// someone they name ("my wife wants to stop her suboxone, should she"). Any
// one of them in a sentence that is not only a general question is
// enough: the reply points to the person's prescriber, so a false alarm
// costs little.
var personalRules = []string{
	"should|shud|shld ~1 {who} ~3 {decisionverb}",
	"{decide} ~3 {who} ~5 {decisionverb} ~5 {medobject}",
	"{who} ~1 should|shud|shld ~2 {decisionverb}",
	// "do yall think jace should go to that clinic": a name is someone too.
	"think|thinks|reckon ~2 should|shud|shld ~2 {decisionverb}|{tryverb} ~4 {treatment}",
	// "should tyler switch from methadone": a name between.
	"should|shud|shld ~1 {decisionverb} ~3 {medthing}|from|off|to",
	// "would you switch to ketamine if you was me": the bot's own choice.
	"{decisionverb} ~8 {ifyou}",
	// "whats the right dose of k for somebody 14 months off dope"
	"what|whats|which|wats ~2 right|correct|best|safe|good|starting|startin ~1 dose|dosage|amount|mg",
	// "should my brother do ketamine treatment"
	"should|shud|shld ~1 {who} ~2 {tryverb} ~4 {treatment}",
	// "is it ok if i have 2 drinks tonight" after an infusion.
	"ok|okay|safe|alright ~2 if|to ~1 i|we|he|she ~2 {decisionverb}|have ~4 {medthing}|{depressant}|drinks|drink|beer|beers|wine|alcohol|weed",
	"{who} ~1 can|could|may ~2 {decisionverb} ~4 {medobject}",
	"{thinkof} ~3 {medverb} ~4 {medthing}|my|his|her|it ~12 {decide}|ok|okay",
	"{medverbing} ~6 should|can|could ~1 i|we|he|she|they",
	"{decide} ~3 {who} ~8 {medthing} ~3 or|instead|before|after|with|while|on|if",
	"{mgword} ~8 {dosejudge}",
	"{dosejudge} ~6 {mgword}",
	"how ~1 much|many ~6 should|can|do|would|will|does ~2 {who}",
	"how ~1 much|many ~6 {medthing} ~6 {forwho}",
	"{decide} ~1 to ~1 start|stop|quit|switch|taper|skip|double|wean|change|lower|raise|increase|decrease|cut|drop|restart|come|go|get ~4 {medthing}|off|on|cold",
	"{decide} ~2 to? ~1 {medverb} ~6 with|and|on|while|alongside ~2 my|his|her|their ~3 {medthing}|prescriptions|medication|medications|meds|stuff|script",
	"{medverb} ~4 with|and|alongside|while|on ~1 my|his|her|their ~2 {medthing}|prescriptions|medication|medications",
	"what|which ~1 dose|dosage|amount|mg|strength ~6 {who}|{forwho}|should|would",
	"{howfast} ~5 should|can|do|would|does|must ~2 {who}",
	"{howfast} ~4 {who} ~2 {medverb}",
	"when|time ~3 should|can|do ~2 {who} ~4 {medverb}|{medthing}",
	"{makeme} ~3 a|the|my? ~1 {plan}",
	"{thinkof} ~2 just? ~1 {medverbing} ~4 {medthing}|my|his|her|cold",
	"{fit} ~3 {forwho}",
	"how ~1 much|many ~6 safe|ok|okay ~2 for",
	"{who} ~3 missed|forgot|skipped|ran|run ~3 {medthing}|dose|out",
	"{who} ~2 {medverb} ~3 cold turkey",
	"my|his|her ~1 dose|dosage|script|prescription|taper ~8 should|can|too|enough|go|up|down|lower|raise|change|split|skip|double",
}

// generalRules mark a sentence as a question about anyone, or about
// something that might ever happen: "if ur friend ever wont wake up…",
// "can a dog overdose from a strip". The crisis rules read them as a
// general question (see message.context).
var generalRules = []string{
	"if ~3 ever",
	"if ~1 someone|somebody|someones|somebodys|ur|your|you|u|one|anyone|anybody",
	"if ~1 a ~2 friend|person|kid|child|dog|cat|pet|baby|toddler|family|guy|girl",
	"what ~1 if",
	"can|could|do|does|would|will|is|are|should ~2 a ~1 kid|child|dog|cat|pet|person|friend|baby|toddler|teen|teenager",
	"can|could|do|does|would|will|is|are|should ~1 someone|somebody|people|ppl|you|u|anyone",
	"do|does|can|could|will|would|are|is ~1 kids|children|babies|dogs|cats|pets|teens|teenagers|adults",
}

// personal reports whether the message asks for personal medical advice.
func (m *message) personal() bool {
	notMe := lex.names["notme"]
	who := lex.names["forwho"]
	self := lex.names["self"]
	for si, s := range m.q.Sentences {
		if si > 0 && s.End-s.Start <= 3 {
			// "…thinking about stopping. should i?": the short question
			// reads with the sentence before it.
			s.Start = m.q.Sentences[si-1].Start
		}
		if m.has(notMe, s.Start, s.End) {
			continue
		}
		hit := false
		for i := range personalPats {
			p := &personalPats[i]
			if m.present.covers(&p.need) && p.match(m.hits, s.Start, s.End) {
				hit = true
				break
			}
		}
		if !hit || m.has(lex.names["whatdo"], s.Start, s.End) {
			continue // "what should i do if…" asks for steps, not advice on a medicine
		}
		general := m.has(lex.names["generalmark"], s.Start, s.End) // "what does a taper usually look like"
		if general && !m.has(who, s.Start, s.End) && !m.has(self, s.Start, s.End) && !m.namesSomeone(s.Start, s.End) {
			continue
		}
		return true
	}
	return false
}

// namesSomeone reports whether words[from:to] speak of a particular
// person: "my son", "his".
func (m *message) namesSomeone(from, to int) bool {
	for i := from; i < to; i++ {
		switch m.words[i] {
		case "my", "his", "her", "their", "he", "she", "hes", "shes", "our":
			return true
		}
	}
	return false
}
