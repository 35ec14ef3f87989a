package bot

import (
	"regexp"
	"strconv"
	"strings"
)

// Component custom ids. Every id starts with "faq:" and a verb; entry ids
// are the knowledge base's kebab-case file names. Ids come back from
// Discord as user input: parseID checks their shape, and the handlers
// check that the entry still exists in the snapshot in service.
const (
	idPrefix        = "faq:"
	verbSuggest     = "s"     // a "Did you mean…" pick: answer in place
	verbNone        = "none"  // "None of these"; none:<token> when the store records it
	verbPhrase      = "ph"    // /kb gaps: ph:<token>:<id> adds the gap's question to entry id
	verbRelated     = "r"     // a related follow-up: answer in a new reply
	verbShare       = "share" // post the answer publicly
	verbVote        = "v"     // feedback: v:+:<id> or v:-:<id>
	verbTopic       = "topic" // the /topics select menu; the value is the entry id
	verbModerator   = "m"     // the moderator tools' buttons and modals: m:<what> (moderation.go)
	verbSuggestEdit = "sg"    // "Suggest an edit" on an answer, and its modal: sg:<id>
	voteHelpful     = "+"
	voteNotHelpful  = "-"
)

var idNone = idPrefix + verbNone

// idNoneToken is "None of these" for a question held under token (see
// tokens.go); "" gives the plain idNone.
func idNoneToken(token string) string {
	if token == "" {
		return idNone
	}
	return idNone + ":" + token
}

// idPhrase is the /kb gaps button adding the question held under token to
// entry's phrasings.
func idPhrase(token, entry string) string {
	return idPrefix + verbPhrase + ":" + token + ":" + entry
}

func idSuggest(entry string) string { return idPrefix + verbSuggest + ":" + entry }

// idSuggestEdit is "Suggest an edit" under entry's answer.
func idSuggestEdit(entry string) string { return idPrefix + verbSuggestEdit + ":" + entry }

// idMod is a moderator tool's custom id: its parts joined by ":".
func idMod(parts ...string) string  { return idPrefix + verbModerator + ":" + strings.Join(parts, ":") }
func idRelated(entry string) string { return idPrefix + verbRelated + ":" + entry }
func idShare(entry string) string   { return idPrefix + verbShare + ":" + entry }
func idVote(vote, entry string) string {
	return idPrefix + verbVote + ":" + vote + ":" + entry
}
func idTopicMenu(n int) string { return idPrefix + verbTopic + ":" + strconv.Itoa(n) }

// entryIDPattern is the shape of an entry id (knowledge's file names).
var entryIDPattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// validEntryID reports whether s has the shape of an entry id.
func validEntryID(s string) bool { return len(s) <= maxCustomID && entryIDPattern.MatchString(s) }

// A componentID is a parsed custom id.
type componentID struct {
	verb  string
	vote  string // for verbVote
	entry string // for verbSuggest, verbRelated, verbShare, verbVote, verbPhrase
	token string // for verbNone (optional) and verbPhrase; for verbModerator, the rest of the id
}

// parseID parses a custom id the bot made; ok is false for anything else.
func parseID(s string) (componentID, bool) {
	if len(s) > maxCustomID {
		return componentID{}, false
	}
	rest, ok := strings.CutPrefix(s, idPrefix)
	if !ok {
		return componentID{}, false
	}
	verb, arg, _ := strings.Cut(rest, ":")
	switch verb {
	case verbNone:
		if arg == "" {
			return componentID{verb: verb}, true
		}
		return componentID{verb: verb, token: arg}, validToken(arg)
	case verbPhrase:
		token, entry, _ := strings.Cut(arg, ":")
		return componentID{verb: verb, token: token, entry: entry}, validToken(token) && validEntryID(entry)
	case verbTopic:
		_, err := strconv.Atoi(arg)
		return componentID{verb: verb}, err == nil
	case verbSuggest, verbRelated, verbShare, verbSuggestEdit:
		return componentID{verb: verb, entry: arg}, validEntryID(arg)
	case verbModerator:
		return componentID{verb: verb, token: arg}, arg != ""
	case verbVote:
		vote, entry, _ := strings.Cut(arg, ":")
		if vote != voteHelpful && vote != voteNotHelpful {
			return componentID{}, false
		}
		return componentID{verb: verb, vote: vote, entry: entry}, validEntryID(entry)
	}
	return componentID{}, false
}
