package discordtest_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/bot/discordtest"
)

// A rule is one thing Discord refuses: a request body sent to a route,
// and the error Discord answers it with.
type rule struct {
	name   string
	target string // the route (see ruleTargets)
	body   string // JSON, sent as is
	status int
	code   int    // Discord's JSON error code
	path   string // for 50035, where the error sits, joined by "."
	form   string // for 50035, the error's code
}

// Bodies the rules are built from.
const (
	okButton = `{"type":2,"style":1,"label":"a","custom_id":"a"}`
	okRow    = `{"type":1,"components":[` + okButton + `]}`
)

// msg wraps components in a message body with content.
func msg(components string) string { return `{"content":"x","components":[` + components + `]}` }

// arow is an action row holding comps.
func arow(comps ...string) string {
	return `{"type":1,"components":[` + strings.Join(comps, ",") + `]}`
}

// sel is a string select menu with extra fields.
func sel(extra string) string {
	return `{"type":3,"custom_id":"s","options":[{"label":"a","value":"a"}]` + extra + `}`
}

// repeat joins n copies of s with commas.
func repeat(s string, n int) string { return strings.TrimSuffix(strings.Repeat(s+",", n), ",") }

// long is a JSON string of n x's.
func long(n int) string { return `"` + strings.Repeat("x", n) + `"` }

// command is a chat input command body with extra fields.
func command(extra string) string { return `{"name":"ask","description":"Ask"` + extra + `}` }

// option is a string option body with extra fields.
func option(extra string) string {
	return `{"type":3,"name":"q","description":"Question"` + extra + `}`
}

var messageRules = []rule{
	{"content not a string", "channel", `{"content":5}`, 400, 50035, "content", "BASE_TYPE_STRING"},
	{"content over 2000", "channel", `{"content":` + long(2001) + `}`, 400, 50035, "content", "BASE_TYPE_MAX_LENGTH"},
	{"empty message", "channel", `{"content":"","embeds":[],"components":[]}`, 400, 50006, "", ""},
	{"eleven embeds", "channel", `{"embeds":[` + repeat(`{"title":"t"}`, 11) + `]}`, 400, 50035, "embeds", "BASE_TYPE_MAX_LENGTH"},
	{"embed title over 256", "channel", `{"embeds":[{"title":` + long(257) + `}]}`, 400, 50035, "embeds.0.title", "BASE_TYPE_MAX_LENGTH"},
	{"embed description over 4096", "channel", `{"embeds":[{"description":` + long(4097) + `}]}`, 400, 50035, "embeds.0.description", "BASE_TYPE_MAX_LENGTH"},
	{"26 fields", "channel", `{"embeds":[{"fields":[` + repeat(`{"name":"n","value":"v"}`, 26) + `]}]}`, 400, 50035, "embeds.0.fields", "BASE_TYPE_MAX_LENGTH"},
	{"field without a name", "channel", `{"embeds":[{"fields":[{"name":" ","value":"v"}]}]}`, 400, 50035, "embeds.0.fields.0.name", "BASE_TYPE_REQUIRED"},
	{"field value over 1024", "channel", `{"embeds":[{"fields":[{"name":"n","value":` + long(1025) + `}]}]}`, 400, 50035, "embeds.0.fields.0.value", "BASE_TYPE_MAX_LENGTH"},
	{"field inline not a boolean", "channel", `{"embeds":[{"fields":[{"name":"n","value":"v","inline":"yes"}]}]}`, 400, 50035, "embeds.0.fields.0.inline", "BASE_TYPE_BOOLEAN"},
	{"footer without text", "channel", `{"embeds":[{"title":"t","footer":{}}]}`, 400, 50035, "embeds.0.footer.text", "BASE_TYPE_REQUIRED"},
	{"footer over 2048", "channel", `{"embeds":[{"footer":{"text":` + long(2049) + `}}]}`, 400, 50035, "embeds.0.footer.text", "BASE_TYPE_MAX_LENGTH"},
	{"author name over 256", "channel", `{"embeds":[{"author":{"name":` + long(257) + `}}]}`, 400, 50035, "embeds.0.author.name", "BASE_TYPE_MAX_LENGTH"},
	{"embeds over 6000 in all", "channel", `{"embeds":[{"description":` + long(3001) + `},{"description":` + long(3000) + `}]}`, 400, 50035, "embeds", "MAX_EMBED_SIZE_EXCEEDED"},
	{"embed color out of range", "channel", `{"embeds":[{"title":"t","color":16777216}]}`, 400, 50035, "embeds.0.color", "NUMBER_TYPE_MAX"},
	{"embed url not a url", "channel", `{"embeds":[{"title":"t","url":"not a url"}]}`, 400, 50035, "embeds.0.url", "URL_TYPE_INVALID_URL"},
	{"parse of an unknown kind", "channel", `{"content":"x","allowed_mentions":{"parse":["here"]}}`, 400, 50035, "allowed_mentions.parse.0", "BASE_TYPE_CHOICES"},
	{"parse users and a users list", "channel", `{"content":"x","allowed_mentions":{"parse":["users"],"users":["1"]}}`, 400, 50035, "allowed_mentions.parse", "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE"},
	{"101 allowed users", "channel", `{"content":"x","allowed_mentions":{"users":[` + repeat(`"1"`, 101) + `]}}`, 400, 50035, "allowed_mentions.users", "BASE_TYPE_MAX_LENGTH"},
	{"parse not a list", "channel", `{"content":"x","allowed_mentions":{"parse":null,"replied_user":"no"}}`, 400, 50035, "allowed_mentions.replied_user", "BASE_TYPE_BOOLEAN"},
	{"ephemeral on a channel message", "channel", `{"content":"x","flags":64}`, 400, 50035, "flags", "MESSAGE_FLAGS_NOT_ALLOWED"},
	{"reply to an unknown message", "channel", `{"content":"x","message_reference":{"message_id":"1"}}`, 400, 50035, "message_reference", "MESSAGE_REFERENCE_UNKNOWN_MESSAGE"},
	{"nonce over 25", "channel", `{"content":"x","nonce":` + long(26) + `}`, 400, 50035, "nonce", "BASE_TYPE_MAX_LENGTH"},
	{"unknown channel", "nowhere", `{"content":"x"}`, 404, 10003, "", ""},
	{"a server the bot is not in", "foreign", `{"content":"x"}`, 403, 50001, "", ""},
	{"a private channel between users", "private", `{"content":"x"}`, 403, 50001, "", ""},
	{"a forum channel", "forum", `{"content":"x"}`, 400, 40058, "", ""},
	{"a forum post before its first message", "post", `{"content":"x"}`, 400, 40058, "", ""},
	{"delete another's message", "delete", ``, 403, 50013, "", ""},
}

var componentRules = []rule{
	{"six rows", "channel", msg(repeat(arow(okButton), 6)), 400, 50035, "components", "BASE_TYPE_MAX_LENGTH"},
	{"row not of type 1", "channel", msg(`{"type":2,"components":[` + okButton + `]}`), 400, 50035, "components.0.type", "UNION_TYPE_CHOICES"},
	{"empty row", "channel", msg(arow()), 400, 50035, "components.0.components", "BASE_TYPE_BAD_LENGTH"},
	{"six buttons in a row", "channel", msg(arow(okButton, `{"type":2,"style":1,"label":"b","custom_id":"b"}`, `{"type":2,"style":1,"label":"c","custom_id":"c"}`, `{"type":2,"style":1,"label":"d","custom_id":"d"}`, `{"type":2,"style":1,"label":"e","custom_id":"e"}`, `{"type":2,"style":1,"label":"f","custom_id":"f"}`)), 400, 50035, "components.0.components", "BASE_TYPE_BAD_LENGTH"},
	{"a text input in a message", "channel", msg(arow(`{"type":4,"custom_id":"t","label":"t","style":1}`)), 400, 50035, "components.0.components.0.type", "UNION_TYPE_CHOICES"},
	{"a select beside a button", "channel", msg(arow(okButton, sel(""))), 400, 50035, "components.0.components", "COMPONENT_LAYOUT_WIDTH_EXCEEDED"},
	{"button style 7", "channel", msg(arow(`{"type":2,"style":7,"label":"a","custom_id":"a"}`)), 400, 50035, "components.0.components.0.style", "BASE_TYPE_CHOICES"},
	{"button without a custom id", "channel", msg(arow(`{"type":2,"style":1,"label":"a"}`)), 400, 50035, "components.0.components.0.custom_id", "BASE_TYPE_BAD_LENGTH"},
	{"custom id over 100", "channel", msg(arow(`{"type":2,"style":1,"label":"a","custom_id":` + long(101) + `}`)), 400, 50035, "components.0.components.0.custom_id", "BASE_TYPE_BAD_LENGTH"},
	{"duplicate custom ids", "channel", msg(arow(okButton, okButton)), 400, 50035, "components.0.components.1.custom_id", "COMPONENT_CUSTOM_ID_DUPLICATED"},
	{"link button without a url", "channel", msg(arow(`{"type":2,"style":5,"label":"a"}`)), 400, 50035, "components.0.components.0.url", "BASE_TYPE_REQUIRED"},
	{"link button with a custom id", "channel", msg(arow(`{"type":2,"style":5,"label":"a","url":"https://example.org","custom_id":"a"}`)), 400, 50035, "components.0.components.0.custom_id", "BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED"},
	{"button with a url and a custom id", "channel", msg(arow(`{"type":2,"style":1,"label":"a","url":"https://example.org","custom_id":"a"}`)), 400, 50035, "components.0.components.0.url", "BUTTON_COMPONENT_URL_NOT_ALLOWED"},
	{"button without label or emoji", "channel", msg(arow(`{"type":2,"style":1,"label":"","custom_id":"a"}`)), 400, 50035, "components.0.components.0.label", "BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED"},
	{"label over 80", "channel", msg(arow(`{"type":2,"style":1,"label":` + long(81) + `,"custom_id":"a"}`)), 400, 50035, "components.0.components.0.label", "BASE_TYPE_MAX_LENGTH"},
	{"disabled not a boolean", "channel", msg(arow(`{"type":2,"style":1,"label":"a","custom_id":"a","disabled":1}`)), 400, 50035, "components.0.components.0.disabled", "BASE_TYPE_BOOLEAN"},
	{"premium button with a label", "channel", msg(arow(`{"type":2,"style":6,"label":"a","sku_id":"1"}`)), 400, 50035, "components.0.components.0", "BUTTON_COMPONENT_PREMIUM_FIELDS"},
	{"select without options", "channel", msg(arow(`{"type":3,"custom_id":"s","options":[]}`)), 400, 50035, "components.0.components.0.options", "BASE_TYPE_BAD_LENGTH"},
	{"select with 26 options", "channel", msg(arow(`{"type":3,"custom_id":"s","options":[` + func() string {
		var o []string
		for i := range 26 {
			o = append(o, fmt.Sprintf(`{"label":"a","value":"%d"}`, i))
		}
		return strings.Join(o, ",")
	}() + `]}`)), 400, 50035, "components.0.components.0.options", "BASE_TYPE_BAD_LENGTH"},
	{"select without a custom id", "channel", msg(arow(`{"type":3,"options":[{"label":"a","value":"a"}]}`)), 400, 50035, "components.0.components.0.custom_id", "BASE_TYPE_BAD_LENGTH"},
	{"option with an empty label", "channel", msg(arow(`{"type":3,"custom_id":"s","options":[{"label":"","value":"a"}]}`)), 400, 50035, "components.0.components.0.options.0.label", "BASE_TYPE_BAD_LENGTH"},
	{"option value over 100", "channel", msg(arow(`{"type":3,"custom_id":"s","options":[{"label":"a","value":` + long(101) + `}]}`)), 400, 50035, "components.0.components.0.options.0.value", "BASE_TYPE_BAD_LENGTH"},
	{"option description over 100", "channel", msg(arow(`{"type":3,"custom_id":"s","options":[{"label":"a","value":"a","description":` + long(101) + `}]}`)), 400, 50035, "components.0.components.0.options.0.description", "BASE_TYPE_MAX_LENGTH"},
	{"duplicate option values", "channel", msg(arow(`{"type":3,"custom_id":"s","options":[{"label":"a","value":"a"},{"label":"b","value":"a"}]}`)), 400, 50035, "components.0.components.0.options.1.value", "SELECT_COMPONENT_OPTION_VALUE_DUPLICATED"},
	{"placeholder over 150", "channel", msg(arow(sel(`,"placeholder":` + long(151)))), 400, 50035, "components.0.components.0.placeholder", "BASE_TYPE_MAX_LENGTH"},
	{"max_values over the options", "channel", msg(arow(sel(`,"max_values":2`))), 400, 50035, "components.0.components.0.max_values", "SELECT_COMPONENT_TOO_MANY_VALUES"},
	{"max_values over 25", "channel", msg(arow(sel(`,"max_values":26`))), 400, 50035, "components.0.components.0.max_values", "NUMBER_TYPE_MAX"},
	{"min_values over max_values", "channel", msg(arow(sel(`,"min_values":2,"max_values":1`))), 400, 50035, "components.0.components.0.min_values", "SELECT_COMPONENT_MIN_GREATER_THAN_MAX"},
}

var interactionRules = []rule{
	{"autocomplete without choices", "autocomplete", `{"type":8,"data":{}}`, 400, 50035, "data.choices", "BASE_TYPE_REQUIRED"},
	{"autocomplete without data", "autocomplete", `{"type":8}`, 400, 50035, "data.choices", "BASE_TYPE_REQUIRED"},
	{"26 choices", "autocomplete", `{"type":8,"data":{"choices":[` + repeat(`{"name":"a","value":"a"}`, 26) + `]}}`, 400, 50035, "data.choices", "BASE_TYPE_MAX_LENGTH"},
	{"choice without a name", "autocomplete", `{"type":8,"data":{"choices":[{"name":"","value":"a"}]}}`, 400, 50035, "data.choices.0.name", "BASE_TYPE_BAD_LENGTH"},
	{"choice name over 100", "autocomplete", `{"type":8,"data":{"choices":[{"name":` + long(101) + `,"value":"a"}]}}`, 400, 50035, "data.choices.0.name", "BASE_TYPE_BAD_LENGTH"},
	{"choice without a value", "autocomplete", `{"type":8,"data":{"choices":[{"name":"a"}]}}`, 400, 50035, "data.choices.0.value", "BASE_TYPE_REQUIRED"},
	{"choice value over 100", "autocomplete", `{"type":8,"data":{"choices":[{"name":"a","value":` + long(101) + `}]}}`, 400, 50035, "data.choices.0.value", "BASE_TYPE_MAX_LENGTH"},
	{"number choice for a string option", "autocomplete", `{"type":8,"data":{"choices":[{"name":"a","value":1}]}}`, 400, 50035, "data.choices.0.value", "BASE_TYPE_STRING"},
	{"string choice for an integer option", "autocomplete-int", `{"type":8,"data":{"choices":[{"name":"a","value":"1"}]}}`, 400, 50035, "data.choices.0.value", "NUMBER_TYPE_COERCE"},
	{"autocomplete result to a command", "response", `{"type":8,"data":{"choices":[]}}`, 400, 50035, "type", "INTERACTION_RESPONSE_TYPE_INVALID"},
	{"update from a modal not opened on a message", "modal", `{"type":7,"data":{"content":"x"}}`, 400, 50035, "type", "INTERACTION_RESPONSE_TYPE_INVALID"},
	{"deferred with a flag other than ephemeral", "response", `{"type":5,"data":{"flags":4}}`, 400, 50035, "data.flags", "MESSAGE_FLAGS_NOT_ALLOWED"},
	{"response with an unsupported flag", "response", `{"type":4,"data":{"content":"x","flags":2}}`, 400, 50035, "data.flags", "MESSAGE_FLAGS_NOT_ALLOWED"},
	{"response content over 2000", "response", `{"type":4,"data":{"content":` + long(2001) + `}}`, 400, 50035, "data.content", "BASE_TYPE_MAX_LENGTH"},
	{"empty response", "response", `{"type":4,"data":{"content":""}}`, 400, 50006, "", ""},
	{"response with a bad button", "response", `{"type":4,"data":{"content":"x","components":[` + arow(`{"type":2,"style":1,"label":"a"}`) + `]}}`, 400, 50035, "data.components.0.components.0.custom_id", "BASE_TYPE_BAD_LENGTH"},
	{"update with a bad button", "click", `{"type":7,"data":{"components":[` + arow(`{"type":2,"style":9,"label":"a","custom_id":"a"}`) + `]}}`, 400, 50035, "components.0.components.0.style", "BASE_TYPE_CHOICES"},
	{"follow-up over 2000", "followup", `{"content":` + long(2001) + `}`, 400, 50035, "content", "BASE_TYPE_MAX_LENGTH"},
	{"follow-up with an unsupported flag", "followup", `{"content":"x","flags":2}`, 400, 50035, "flags", "MESSAGE_FLAGS_NOT_ALLOWED"},
	{"edit leaving the message empty", "edit", `{"content":"","embeds":[],"components":[]}`, 400, 50006, "", ""},
	{"edit with a bad row", "edit", `{"components":[{"type":1,"components":[]}]}`, 400, 50035, "components.0.components", "BASE_TYPE_BAD_LENGTH"},
}

var commandRules = []rule{
	{"name with capitals", "commands", `[{"name":"Ask","description":"Ask"}]`, 400, 50035, "0.name", "APPLICATION_COMMAND_INVALID_NAME"},
	{"description over 100", "commands", `[{"name":"ask","description":` + long(101) + `}]`, 400, 50035, "0.description", "BASE_TYPE_BAD_LENGTH"},
	{"command type 5", "commands", `[{"type":5,"name":"ask","description":"Ask"}]`, 400, 50035, "0.type", "BASE_TYPE_CHOICES"},
	{"message command with a description", "commands", `[{"type":3,"name":"Ask faqbot","description":"Ask"}]`, 400, 50035, "0.description", "APPLICATION_COMMAND_DESCRIPTION_MUST_BE_EMPTY"},
	{"message command with options", "commands", `[{"type":3,"name":"Ask faqbot","options":[` + option("") + `]}]`, 400, 50035, "0.options", "APPLICATION_COMMAND_OPTIONS_NOT_ALLOWED"},
	{"message command name over 32", "commands", `[{"type":3,"name":` + long(33) + `}]`, 400, 50035, "0.name", "BASE_TYPE_BAD_LENGTH"},
	{"16 message commands", "commands", `[` + func() string {
		var c []string
		for i := range 16 {
			c = append(c, fmt.Sprintf(`{"type":3,"name":"m%d"}`, i))
		}
		return strings.Join(c, ",")
	}() + `]`, 400, 30032, "", ""},
	{"duplicate command names", "commands", `[` + command("") + `,` + command("") + `]`, 400, 50035, "1.name", "APPLICATION_COMMANDS_DUPLICATE_NAME"},
	{"integration type 2", "commands", `[` + command(`,"integration_types":[2]`) + `]`, 400, 50035, "0.integration_types.0", "ENUM_TYPE_COERCE"},
	{"user install the app does not support", "commands", `[` + command(`,"integration_types":[0,1]`) + `]`, 400, 50035, "0.integration_types.1", "APPLICATION_COMMAND_INTEGRATION_TYPE_NOT_SUPPORTED"},
	{"interaction context 3", "commands", `[` + command(`,"contexts":[0,3]`) + `]`, 400, 50035, "0.contexts.1", "ENUM_TYPE_COERCE"},
	{"contexts not a list", "commands", `[` + command(`,"contexts":0`) + `]`, 400, 50035, "0.contexts", "BASE_TYPE_ARRAY"},
	{"default_member_permissions not a number", "commands", `[` + command(`,"default_member_permissions":"manage"`) + `]`, 400, 50035, "0.default_member_permissions", "NUMBER_TYPE_COERCE"},
	{"26 options", "commands", `[` + command(`,"options":[`+func() string {
		var o []string
		for i := range 26 {
			o = append(o, option(fmt.Sprintf(`,"name":"o%d"`, i)))
		}
		return strings.Join(o, ",")
	}()+`]`) + `]`, 400, 50035, "0.options", "BASE_TYPE_MAX_LENGTH"},
	{"duplicate option names", "commands", `[` + command(`,"options":[`+option("")+`,`+option("")+`]`) + `]`, 400, 50035, "0.options.1.name", "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS"},
	{"required after optional", "commands", `[` + command(`,"options":[`+option(`,"name":"a"`)+`,`+option(`,"name":"b","required":true`)+`]`) + `]`, 400, 50035, "0.options.1.required", "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID"},
	{"option description empty", "commands", `[` + command(`,"options":[`+option(`,"description":""`)+`]`) + `]`, 400, 50035, "0.options.0.description", "BASE_TYPE_BAD_LENGTH"},
	{"max_length over 6000", "commands", `[` + command(`,"options":[`+option(`,"max_length":6001`)+`]`) + `]`, 400, 50035, "0.options.0.max_length", "NUMBER_TYPE_MAX"},
	{"min_length on an integer option", "commands", `[` + command(`,"options":[{"type":4,"name":"n","description":"N","min_length":1}]`) + `]`, 400, 50035, "0.options.0.min_length", "APPLICATION_COMMAND_OPTION_LENGTH_NOT_ALLOWED"},
	{"min_value on a string option", "commands", `[` + command(`,"options":[`+option(`,"min_value":1`)+`]`) + `]`, 400, 50035, "0.options.0.min_value", "APPLICATION_COMMAND_OPTION_VALUE_NOT_ALLOWED"},
	{"choices with autocomplete", "commands", `[` + command(`,"options":[`+option(`,"autocomplete":true,"choices":[{"name":"a","value":"a"}]`)+`]`) + `]`, 400, 50035, "0.options.0.autocomplete", "APPLICATION_COMMAND_OPTION_CHOICES_AUTOCOMPLETE"},
	{"number choice on a string option", "commands", `[` + command(`,"options":[`+option(`,"choices":[{"name":"a","value":1}]`)+`]`) + `]`, 400, 50035, "0.options.0.choices.0.value", "BASE_TYPE_STRING"},
	{"a body that is not a list", "commands", command(""), 400, 50035, "", "BASE_TYPE_ARRAY"},
}

// ruleTargets builds, for each rule's target, the method and URL of a
// fresh request: each interaction rule gets an interaction of its own.
func ruleTargets(t *testing.T, srv *discordtest.Server, dg *discordgo.Session) func(string) (string, string) {
	t.Helper()
	ctx := discordtest.Ctx{}
	userMsg := srv.SendMessageCreate(srv.UserMessage(ctx, "hello"))
	foreign := srv.UserMessage(discordtest.Ctx{GuildID: "1300000000000000100", ChannelID: "1300000000000000200"}, "x").ChannelID
	private := srv.UserMessage(discordtest.Ctx{Private: true}, "x").ChannelID
	srv.AddForum("1200000000000000250", "help")
	post := srv.CreateForumPost(ctx, "1200000000000000250", discordtest.ForumPost{Title: "a question", HoldStarter: true})
	if _, err := dg.ChannelMessageSendComplex(discordtest.DefaultChannelID, &discordgo.MessageSend{Content: "with a button",
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.Button{Label: "b", CustomID: "b"}}}}}); err != nil {
		t.Fatal(err)
	}
	respond := func(typ discordgo.InteractionResponseType, i *discordgo.Interaction) *discordgo.Interaction {
		var data *discordgo.InteractionResponseData
		if typ == discordgo.InteractionResponseChannelMessageWithSource {
			data = &discordgo.InteractionResponseData{Content: "first"}
		}
		if err := dg.InteractionRespond(i, &discordgo.InteractionResponse{Type: typ, Data: data}); err != nil {
			t.Fatal(err)
		}
		return i
	}
	callback := func(i *discordgo.Interaction) (string, string) {
		return "POST", discordgo.EndpointInteractionResponse(i.ID, i.Token)
	}
	return func(target string) (string, string) {
		slash := func() *discordgo.Interaction { return srv.SendInteraction(srv.SlashCommand(ctx, "faq")) }
		switch target {
		case "channel":
			return "POST", discordgo.EndpointChannelMessages(discordtest.DefaultChannelID)
		case "nowhere":
			return "POST", discordgo.EndpointChannelMessages("1200000000000009999")
		case "foreign":
			return "POST", discordgo.EndpointChannelMessages(foreign)
		case "private":
			return "POST", discordgo.EndpointChannelMessages(private)
		case "forum":
			return "POST", discordgo.EndpointChannelMessages("1200000000000000250")
		case "post":
			return "POST", discordgo.EndpointChannelMessages(post)
		case "delete":
			return "DELETE", discordgo.EndpointChannelMessage(discordtest.DefaultChannelID, userMsg.ID)
		case "commands":
			return "PUT", discordgo.EndpointApplicationGlobalCommands(srv.AppID())
		case "response":
			return callback(slash())
		case "autocomplete":
			return callback(srv.SendInteraction(srv.Autocomplete(ctx, "faq", discordtest.Focused(discordtest.StringOption("q", "ke")))))
		case "autocomplete-int":
			return callback(srv.SendInteraction(srv.Autocomplete(ctx, "faq", discordtest.Focused(discordtest.IntegerOption("n", 1)))))
		case "click":
			return callback(srv.SendInteraction(srv.ComponentClick(ctx, "b")))
		case "modal":
			return callback(srv.SendInteraction(srv.ModalSubmit(ctx, "m", map[string]string{"a": "b"})))
		case "followup":
			// Answered, not deferred: a follow-up to a deferral still
			// loading edits it (TestFollowupWhileLoadingEditsTheDeferral).
			i := respond(discordgo.InteractionResponseChannelMessageWithSource, slash())
			return "POST", discordgo.EndpointWebhookToken(i.AppID, i.Token)
		case "edit":
			i := respond(discordgo.InteractionResponseChannelMessageWithSource, slash())
			return "PATCH", discordgo.EndpointWebhookMessage(i.AppID, i.Token, "@original")
		}
		t.Fatalf("unknown target %q", target)
		return "", ""
	}
}

// formErrorAt returns where a 50035 body puts its first error, and the
// error's code.
func formErrorAt(body []byte) (string, string) {
	var v struct {
		Errors map[string]any `json:"errors"`
	}
	if json.Unmarshal(body, &v) != nil {
		return "", ""
	}
	var path []string
	node := v.Errors
	for node != nil {
		if errs, ok := node["_errors"].([]any); ok && len(errs) > 0 {
			code, _ := errs[0].(map[string]any)["code"].(string)
			return strings.Join(path, "."), code
		}
		keys := make([]string, 0, len(node))
		for k := range node {
			keys = append(keys, k)
		}
		if len(keys) != 1 {
			return strings.Join(path, "."), ""
		}
		path = append(path, keys[0])
		node, _ = node[keys[0]].(map[string]any)
	}
	return strings.Join(path, "."), ""
}

// TestRulesRefused sends, with the real discordgo client, one body per
// rule Discord enforces on the routes the bot uses, and checks that the
// local Discord refuses each with Discord's status, code and error path.
func TestRulesRefused(t *testing.T) {
	srv := discordtest.New(t)
	dg, err := discordgo.New("Bot " + srv.Token())
	if err != nil {
		t.Fatal(err)
	}
	target := ruleTargets(t, srv, dg)
	var all []rule
	for _, set := range [][]rule{messageRules, componentRules, interactionRules, commandRules} {
		all = append(all, set...)
	}
	names := map[string]bool{}
	for _, r := range all {
		if names[r.name] {
			t.Fatalf("two rules are named %q", r.name)
		}
		names[r.name] = true
		t.Run(r.name, func(t *testing.T) {
			method, url := target(r.target)
			var body any
			if r.body != "" {
				body = json.RawMessage(r.body)
			}
			_, err := dg.RequestWithBucketID(method, url, body, url)
			var rest *discordgo.RESTError
			if !errors.As(err, &rest) || rest.Response == nil {
				t.Fatalf("%s %s = %v, want %d", method, r.target, err, r.status)
			}
			code := 0
			if rest.Message != nil {
				code = rest.Message.Code
			}
			if rest.Response.StatusCode != r.status || code != r.code {
				t.Fatalf("%s %s = %d %d %s, want %d %d", method, r.target, rest.Response.StatusCode, code, rest.ResponseBody, r.status, r.code)
			}
			if r.code != 50035 {
				return
			}
			if path, form := formErrorAt(rest.ResponseBody); path != r.path || form != r.form {
				t.Errorf("error at %q (%s), want %q (%s): %s", path, form, r.path, r.form, rest.ResponseBody)
			}
		})
	}
}

// The bodies the rules are made from are accepted as they are: each rule
// refuses what it names and nothing more.
func TestRuleBasesAccepted(t *testing.T) {
	srv := discordtest.New(t)
	dg, err := discordgo.New("Bot " + srv.Token())
	if err != nil {
		t.Fatal(err)
	}
	target := ruleTargets(t, srv, dg)
	for _, tc := range []struct{ target, body string }{
		{"channel", msg(okRow)},
		{"channel", msg(arow(sel(`,"placeholder":"p","min_values":0,"max_values":1`)))},
		{"channel", msg(arow(`{"type":2,"style":5,"label":"a","url":"https://example.org"}`, `{"type":2,"style":2,"label":"b","custom_id":"bd","disabled":true}`))},
		{"channel", `{"embeds":[{"title":"t","description":"d","color":16777215,"url":"https://example.org","fields":[{"name":"n","value":"v","inline":true}],"footer":{"text":"f"},"author":{"name":"a"}}],"allowed_mentions":{"parse":[],"replied_user":false}}`},
		{"channel", `{"content":"x","flags":4096}`},
		{"response", `{"type":4,"data":{"content":"x","flags":64}}`},
		{"response", `{"type":5,"data":{"flags":64}}`},
		{"autocomplete", `{"type":8,"data":{"choices":[]}}`},
		{"autocomplete", `{"type":8,"data":{"choices":[{"name":"a","value":"a"}]}}`},
		{"autocomplete-int", `{"type":8,"data":{"choices":[{"name":"a","value":1}]}}`},
		{"click", `{"type":7,"data":{"content":"x","flags":64}}`}, // ignored on an update
		{"followup", `{"content":"x","flags":64}`},
		{"edit", `{"content":"y"}`},
		{"commands", `[` + command(`,"contexts":[0,1,2],"integration_types":[0],"default_member_permissions":"32","options":[`+option(`,"required":true,"max_length":500,"autocomplete":true`)+`]`) + `,{"type":3,"name":"Ask faqbot","contexts":[0,1,2]}]`},
	} {
		method, url := target(tc.target)
		if _, err := dg.RequestWithBucketID(method, url, json.RawMessage(tc.body), url); err != nil {
			t.Errorf("%s %s %s: %v", method, tc.target, tc.body, err)
		}
	}
}

// discordgo drops an empty Choices list (omitempty): its body for "no
// choices" is refused, as Discord refuses it with "data.choices: This
// field is required", which clients show as "Loading options failed".
func TestEmptyChoicesFromDiscordgoRefused(t *testing.T) {
	srv := discordtest.New(t)
	dg, err := discordgo.New("Bot " + srv.Token())
	if err != nil {
		t.Fatal(err)
	}
	i := srv.SendInteraction(srv.Autocomplete(discordtest.Ctx{}, "faq", discordtest.Focused(discordtest.StringOption("q", "zz"))))
	err = dg.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{}},
	})
	var rest *discordgo.RESTError
	if !errors.As(err, &rest) || rest.Response.StatusCode != http.StatusBadRequest {
		t.Fatalf("InteractionRespond with no choices = %v, want 400", err)
	}
	if path, code := formErrorAt(rest.ResponseBody); path != "data.choices" || code != "BASE_TYPE_REQUIRED" {
		t.Errorf("error at %q (%s), want data.choices (BASE_TYPE_REQUIRED)", path, code)
	}
	if _, ok := srv.Response(i.ID); ok {
		t.Error("the refused response was kept as the interaction's response")
	}
}
