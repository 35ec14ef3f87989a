package discordtest

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Message flags the Server looks at.
const (
	flagSuppressEmbeds        = 1 << 2
	flagEphemeral             = 1 << 6
	flagLoading               = 1 << 7
	flagSuppressNotifications = 1 << 12
	flagVoiceMessage          = 1 << 13
	flagComponentsV2          = 1 << 15
)

// The rules each route applies to a message body.
//
// Where Discord documents a limit but not the error code it answers with,
// the Server answers 400 Invalid Form Body (50035) at the field's path
// with a code of its own naming the rule; where Discord documents that it
// ignores something (unsupported flags on edits), so does the Server.
// Everything else is refused as Discord refuses it.
type msgRules struct {
	requireBody bool  // a message that would show nothing is refused (50006)
	flags       int64 // the flags a body may set; others are refused
	ignoreFlags bool  // unsupported flags are ignored instead (edits)
}

var (
	// POST /channels/{id}/messages: "only SUPPRESS_EMBEDS,
	// SUPPRESS_NOTIFICATIONS, IS_VOICE_MESSAGE, and IS_COMPONENTS_V2 can be
	// set".
	channelMessage = msgRules{requireBody: true, flags: flagSuppressEmbeds | flagSuppressNotifications | flagVoiceMessage | flagComponentsV2}
	// Interaction responses (type 4) and follow-ups add EPHEMERAL.
	interactionMessage = msgRules{requireBody: true, flags: channelMessage.flags | flagEphemeral}
	// A deferred response (type 5): "the only valid message flag you may
	// use is EPHEMERAL".
	deferredMessage = msgRules{flags: flagEphemeral}
	// Edits: "unsupported flag changes are currently ignored without error".
	messageEdit = msgRules{requireBody: true, flags: flagSuppressEmbeds | flagComponentsV2, ignoreFlags: true}
)

// num converts a decoded JSON number to int64; ok is false for anything else.
func num(v any) (int64, bool) {
	switch n := v.(type) {
	case json.Number:
		i, err := n.Int64()
		if err != nil {
			f, ferr := n.Float64()
			return int64(f), ferr == nil
		}
		return i, true
	case float64:
		return int64(n), true
	case int:
		return int64(n), true
	case int64:
		return n, true
	}
	return 0, false
}

// runes counts characters as Discord does.
func runes(v any) int { return utf8.RuneCountInString(str(v)) }

// at appends p to path, copying it.
func at(path []string, p ...string) []string {
	return append(append([]string(nil), path...), p...)
}

// maxLen refuses v, a string at path, longer than n characters.
func maxLen(path []string, v any, n int) (response, bool) {
	if runes(v) > n {
		return formError(path, "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", n)), false
	}
	return response{}, true
}

// lenBetween refuses v, a string at path, unless it has lo to hi
// characters.
func lenBetween(path []string, v any, lo, hi int) (response, bool) {
	if n := runes(v); n < lo || n > hi {
		return formError(path, "BASE_TYPE_BAD_LENGTH", fmt.Sprintf("Must be between %d and %d in length.", lo, hi)), false
	}
	return response{}, true
}

// isType refuses a present, non-null value at path that is not of JSON
// type kind ("string", "boolean", "array", "object", "integer").
func isType(path []string, v any, kind string) (response, bool) {
	if v == nil {
		return response{}, true
	}
	good := false
	switch kind {
	case "string":
		_, good = v.(string)
	case "boolean":
		_, good = v.(bool)
	case "array":
		_, good = v.([]any)
	case "object":
		_, good = v.(map[string]any)
	case "integer":
		n, isNum := v.(json.Number)
		_, err := n.Int64()
		good = isNum && err == nil
	}
	if good {
		return response{}, true
	}
	codes := map[string]string{"string": "BASE_TYPE_STRING", "boolean": "BASE_TYPE_BOOLEAN", "array": "BASE_TYPE_ARRAY", "object": "BASE_TYPE_OBJECT", "integer": "NUMBER_TYPE_COERCE"}
	return formError(path, codes[kind], "Must be of type "+kind+"."), false
}

// validateMessage checks a message body against Discord's limits; path is
// where the body sits in the request (e.g. "data" in an interaction
// response).
func validateMessage(path []string, obj map[string]any, files int, rules msgRules) (response, bool) {
	if obj == nil {
		obj = map[string]any{}
	}
	if r, good := isType(at(path, "content"), obj["content"], "string"); !good {
		return r, false
	}
	if r, good := maxLen(at(path, "content"), obj["content"], 2000); !good {
		return r, false
	}
	if r, good := isType(at(path, "embeds"), obj["embeds"], "array"); !good {
		return r, false
	}
	embeds, _ := obj["embeds"].([]any)
	if r, good := validateEmbeds(at(path, "embeds"), embeds); !good {
		return r, false
	}
	if r, good := validateAllowedMentions(at(path, "allowed_mentions"), obj["allowed_mentions"]); !good {
		return r, false
	}
	flags, _ := num(obj["flags"])
	if extra := flags &^ rules.flags; extra != 0 && !rules.ignoreFlags {
		return formError(at(path, "flags"), "MESSAGE_FLAGS_NOT_ALLOWED", fmt.Sprintf("Flags %d cannot be set on this message.", extra)), false
	}
	components, _ := obj["components"].([]any)
	if flags&flagComponentsV2 == 0 {
		if r, good := validateComponents(at(path, "components"), components); !good {
			return r, false
		}
	}
	if rules.requireBody {
		stickers, _ := obj["sticker_ids"].([]any)
		attachments, _ := obj["attachments"].([]any)
		if str(obj["content"]) == "" && len(embeds) == 0 && len(components) == 0 && len(stickers) == 0 &&
			len(attachments) == 0 && files == 0 && obj["poll"] == nil {
			return apiError(400, 50006, "Cannot send an empty message"), false
		}
	}
	return response{}, true
}

// validateEmbeds checks a message's embeds: at most 10, each within its
// limits, and 6000 characters in all.
func validateEmbeds(path []string, embeds []any) (response, bool) {
	if len(embeds) > 10 {
		return formError(path, "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length."), false
	}
	total := 0
	for i, e := range embeds {
		p := at(path, strconv.Itoa(i))
		em, isObj := e.(map[string]any)
		if !isObj {
			return formError(p, "BASE_TYPE_OBJECT", "Must be of type object."), false
		}
		n, r, good := validateEmbed(p, em)
		if !good {
			return r, false
		}
		total += n
	}
	if total > 6000 {
		return formError(path, "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000"), false
	}
	return response{}, true
}

// validateEmbed checks one embed and returns the characters it counts
// towards the 6000 limit: title, description, field names and values,
// footer text and author name.
func validateEmbed(p []string, em map[string]any) (int, response, bool) {
	for _, l := range []struct {
		key string
		max int
	}{{"title", 256}, {"description", 4096}} {
		if r, good := isType(at(p, l.key), em[l.key], "string"); !good {
			return 0, r, false
		}
		if r, good := maxLen(at(p, l.key), em[l.key], l.max); !good {
			return 0, r, false
		}
	}
	if c, present := em["color"]; present && c != nil {
		if n, isNum := num(c); !isNum || n < 0 || n > 0xFFFFFF {
			return 0, formError(at(p, "color"), "NUMBER_TYPE_MAX", "int value should be less than or equal to 16777215."), false
		}
	}
	if u, present := em["url"]; present && u != nil && !wellFormedURL(str(u)) {
		return 0, formError(at(p, "url"), "URL_TYPE_INVALID_URL", "Not a well formed URL."), false
	}
	total := runes(em["title"]) + runes(em["description"])
	n, r, good := validateFields(at(p, "fields"), em["fields"])
	if !good {
		return 0, r, false
	}
	total += n
	for _, part := range []struct{ key, text string }{{"footer", "text"}, {"author", "name"}} {
		v, present := em[part.key]
		if !present || v == nil {
			continue
		}
		obj, isObj := v.(map[string]any)
		if !isObj {
			return 0, formError(at(p, part.key), "BASE_TYPE_OBJECT", "Must be of type object."), false
		}
		limit := map[string]int{"footer": 2048, "author": 256}[part.key]
		if r, good := lenRequired(at(p, part.key, part.text), obj[part.text], limit); !good {
			return 0, r, false
		}
		total += runes(obj[part.text])
	}
	return total, response{}, true
}

// validateFields checks an embed's fields: at most 25, each with a name of
// 1 to 256 and a value of 1 to 1024 characters. It returns their size.
func validateFields(p []string, v any) (int, response, bool) {
	fields, _ := v.([]any)
	if len(fields) > 25 {
		return 0, formError(p, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."), false
	}
	total := 0
	for j, f := range fields {
		fm, _ := f.(map[string]any)
		fp := at(p, strconv.Itoa(j))
		for _, l := range []struct {
			key string
			max int
		}{{"name", 256}, {"value", 1024}} {
			if r, good := lenRequired(at(fp, l.key), fm[l.key], l.max); !good {
				return 0, r, false
			}
			total += runes(fm[l.key])
		}
		if r, good := isType(at(fp, "inline"), fm["inline"], "boolean"); !good {
			return 0, r, false
		}
	}
	return total, response{}, true
}

// lenRequired refuses a missing or empty string, and one of more than max
// characters.
func lenRequired(path []string, v any, max int) (response, bool) {
	if strings.TrimSpace(str(v)) == "" {
		return formError(path, "BASE_TYPE_REQUIRED", "This field is required"), false
	}
	return maxLen(path, v, max)
}

// wellFormedURL reports whether s is an absolute http(s) or attachment URL.
func wellFormedURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Host != "" && (u.Scheme == "http" || u.Scheme == "https") ||
		err == nil && u.Scheme == "attachment"
}

// validateAllowedMentions checks allowed_mentions: parse holds only
// "roles", "users" and "everyone"; "users" in parse excludes a users list
// (and "roles" a roles list); each list holds at most 100 ids.
func validateAllowedMentions(path []string, v any) (response, bool) {
	if v == nil {
		return response{}, true
	}
	am, isObj := v.(map[string]any)
	if !isObj {
		return formError(path, "BASE_TYPE_OBJECT", "Must be of type object."), false
	}
	if r, good := isType(at(path, "parse"), am["parse"], "array"); !good {
		return r, false
	}
	parse, _ := am["parse"].([]any)
	for i, p := range parse {
		if !slices.Contains([]string{"roles", "users", "everyone"}, str(p)) {
			return formError(at(path, "parse", strconv.Itoa(i)), "BASE_TYPE_CHOICES", "Value must be one of ('roles', 'users', 'everyone')."), false
		}
	}
	for _, kind := range []string{"users", "roles"} {
		list, _ := am[kind].([]any)
		if len(list) > 100 {
			return formError(at(path, kind), "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length."), false
		}
		if len(list) > 0 && slices.Contains(parse, any(kind)) {
			return formError(at(path, "parse"), "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE", fmt.Sprintf("parse:[%q] and %s: [ids] are mutually exclusive.", kind, kind)), false
		}
	}
	return isType(at(path, "replied_user"), am["replied_user"], "boolean")
}

// Component types that may sit in a message's action row: a button and the
// select menus.
var rowComponentTypes = []int64{2, 3, 5, 6, 7, 8}

// validateComponents checks classic (action row) components.
func validateComponents(path []string, rows []any) (response, bool) {
	if len(rows) > 5 {
		return formError(path, "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length."), false
	}
	seen := map[string]bool{}
	for i, r := range rows {
		row, _ := r.(map[string]any)
		rp := at(path, strconv.Itoa(i))
		if t, _ := num(row["type"]); t != 1 {
			return formError(at(rp, "type"), "UNION_TYPE_CHOICES", "Value of field \"type\" must be one of (1,)."), false
		}
		children, _ := row["components"].([]any)
		if len(children) == 0 || len(children) > 5 {
			return formError(at(rp, "components"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length."), false
		}
		for j, c := range children {
			comp, _ := c.(map[string]any)
			t, _ := num(comp["type"])
			cp := at(rp, "components", strconv.Itoa(j))
			if !slices.Contains(rowComponentTypes, t) {
				return formError(at(cp, "type"), "UNION_TYPE_CHOICES", "Value of field \"type\" must be one of (2, 3, 5, 6, 7, 8)."), false
			}
			if t != 2 && len(children) > 1 {
				return formError(at(rp, "components"), "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "The specified component exceeds the maximum width"), false
			}
			var r response
			good := true
			if t == 2 {
				r, good = validateButton(cp, comp)
			} else {
				r, good = validateSelect(cp, comp, t)
			}
			if !good {
				return r, false
			}
			if id := str(comp["custom_id"]); id != "" {
				if seen[id] {
					return formError(at(cp, "custom_id"), "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated"), false
				}
				seen[id] = true
			}
		}
	}
	return response{}, true
}

// validateButton checks a button: a style of 1 to 6; a custom id of 1 to
// 100 characters and no url for styles 1 to 4; a url of at most 512
// characters and no custom id for a link (5); a sku and nothing else for
// premium (6); a label of at most 80 characters, or an emoji.
func validateButton(p []string, b map[string]any) (response, bool) {
	style, _ := num(b["style"])
	if style < 1 || style > 6 {
		return formError(at(p, "style"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6}."), false
	}
	if r, good := isType(at(p, "disabled"), b["disabled"], "boolean"); !good {
		return r, false
	}
	id, link := str(b["custom_id"]), str(b["url"])
	switch {
	case style <= 4 && link != "":
		return formError(at(p, "url"), "BUTTON_COMPONENT_URL_NOT_ALLOWED", "A button with a custom id cannot have a url."), false
	case style <= 4:
		if r, good := lenBetween(at(p, "custom_id"), id, 1, 100); !good {
			return r, false
		}
	case style == 5 && id != "":
		return formError(at(p, "custom_id"), "BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED", "A link button cannot have a custom id."), false
	case style == 5 && !wellFormedURL(link):
		return formError(at(p, "url"), "BASE_TYPE_REQUIRED", "This field is required"), false
	case style == 5:
		if r, good := maxLen(at(p, "url"), link, 512); !good {
			return r, false
		}
	case style == 6:
		if id != "" || link != "" || str(b["label"]) != "" || b["emoji"] != nil {
			return formError(p, "BUTTON_COMPONENT_PREMIUM_FIELDS", "A premium button has only a sku_id."), false
		}
		if !isSnowflake(str(b["sku_id"])) {
			return formError(at(p, "sku_id"), "BASE_TYPE_REQUIRED", "This field is required"), false
		}
		return response{}, true
	}
	if str(b["label"]) == "" && b["emoji"] == nil {
		return formError(at(p, "label"), "BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED", "A button needs a label or an emoji."), false
	}
	return maxLen(at(p, "label"), b["label"], 80)
}

// validateSelect checks a select menu: a custom id of 1 to 100
// characters, a placeholder of at most 150, min_values 0 to 25 and
// max_values 1 to 25 (min ≤ max), and for a string select (3) 1 to 25
// options, each with a label and a value of 1 to 100 characters (values
// unique), a description of at most 100, and max_values no more than the
// options.
func validateSelect(p []string, m map[string]any, typ int64) (response, bool) {
	if r, good := lenBetween(at(p, "custom_id"), m["custom_id"], 1, 100); !good {
		return r, false
	}
	if r, good := maxLen(at(p, "placeholder"), m["placeholder"], 150); !good {
		return r, false
	}
	minV, hasMin := num(m["min_values"])
	maxV, hasMax := num(m["max_values"])
	if !hasMin {
		minV = 1
	}
	if !hasMax {
		maxV = 1
	}
	if minV < 0 || minV > 25 {
		return formError(at(p, "min_values"), "NUMBER_TYPE_MAX", "int value should be between 0 and 25."), false
	}
	if maxV < 1 || maxV > 25 {
		return formError(at(p, "max_values"), "NUMBER_TYPE_MAX", "int value should be between 1 and 25."), false
	}
	if minV > maxV {
		return formError(at(p, "min_values"), "SELECT_COMPONENT_MIN_GREATER_THAN_MAX", "min_values must be less than or equal to max_values."), false
	}
	if typ != 3 {
		return response{}, true
	}
	opts, _ := m["options"].([]any)
	if len(opts) == 0 || len(opts) > 25 {
		return formError(at(p, "options"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 25 in length."), false
	}
	if maxV > int64(len(opts)) {
		return formError(at(p, "max_values"), "SELECT_COMPONENT_TOO_MANY_VALUES", "max_values must be less than or equal to the number of options."), false
	}
	values := map[string]bool{}
	for k, o := range opts {
		om, _ := o.(map[string]any)
		op := at(p, "options", strconv.Itoa(k))
		for _, key := range []string{"label", "value"} {
			if r, good := lenBetween(at(op, key), om[key], 1, 100); !good {
				return r, false
			}
		}
		if r, good := maxLen(at(op, "description"), om["description"], 100); !good {
			return r, false
		}
		if values[str(om["value"])] {
			return formError(at(op, "value"), "SELECT_COMPONENT_OPTION_VALUE_DUPLICATED", "Option values must be unique."), false
		}
		values[str(om["value"])] = true
	}
	return response{}, true
}

// commandName is the name rule of chat input commands and of options.
var commandName = regexp.MustCompile(`^[-_'\p{L}\p{N}\p{Devanagari}\p{Thai}]{1,32}$`)

// Command types, and how many of each an application may register in one
// scope (global, or one guild).
var commandCaps = map[int64]int{1: 100, 2: 15, 3: 15, 4: 1}

// validateCommand checks an application command against Discord's rules;
// installTypes are the installation contexts the application supports.
func validateCommand(path []string, cmd map[string]any, installTypes []int64) (response, bool) {
	typ, ok := num(cmd["type"])
	if !ok {
		typ = 1
	}
	if _, known := commandCaps[typ]; !known {
		return formError(at(path, "type"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4}."), false
	}
	name := str(cmd["name"])
	options, _ := cmd["options"].([]any)
	if typ == 1 {
		if !commandName.MatchString(name) || strings.ToLower(name) != name {
			return formError(at(path, "name"), "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid"), false
		}
		if r, good := lenBetween(at(path, "description"), cmd["description"], 1, 100); !good {
			return r, false
		}
	} else {
		if r, good := lenBetween(at(path, "name"), name, 1, 32); !good {
			return r, false
		}
		if str(cmd["description"]) != "" {
			return formError(at(path, "description"), "APPLICATION_COMMAND_DESCRIPTION_MUST_BE_EMPTY", "Description must be empty"), false
		}
		if len(options) > 0 {
			return formError(at(path, "options"), "APPLICATION_COMMAND_OPTIONS_NOT_ALLOWED", "Only chat input commands can have options"), false
		}
	}
	if r, good := validateContexts(path, cmd, installTypes); !good {
		return r, false
	}
	if p, present := cmd["default_member_permissions"]; present && p != nil {
		if _, err := strconv.ParseUint(str(p), 10, 64); err != nil {
			return formError(at(path, "default_member_permissions"), "NUMBER_TYPE_COERCE", fmt.Sprintf("Value %q is not int.", fmt.Sprint(p))), false
		}
	}
	return validateOptions(at(path, "options"), options)
}

// validateContexts checks a command's integration_types (0 guild install,
// 1 user install, each supported by the application: "as long as any
// included contexts are already supported on the application-level") and
// contexts (0 guild, 1 bot DM, 2 private channel).
func validateContexts(path []string, cmd map[string]any, installTypes []int64) (response, bool) {
	for _, f := range []struct {
		key   string
		valid []int64
		msg   string
	}{{"integration_types", []int64{0, 1}, "{0, 1}"}, {"contexts", []int64{0, 1, 2}, "{0, 1, 2}"}} {
		v, present := cmd[f.key]
		if !present || v == nil {
			continue
		}
		list, isList := v.([]any)
		if !isList {
			return formError(at(path, f.key), "BASE_TYPE_ARRAY", "Must be an array."), false
		}
		for i, e := range list {
			n, _ := num(e)
			p := at(path, f.key, strconv.Itoa(i))
			if _, isNum := e.(json.Number); !isNum || !slices.Contains(f.valid, n) {
				return formError(p, "ENUM_TYPE_COERCE", fmt.Sprintf("Value %q is not a valid enum value (one of %s).", fmt.Sprint(e), f.msg)), false
			}
			if f.key == "integration_types" && !slices.Contains(installTypes, n) {
				return formError(p, "APPLICATION_COMMAND_INTEGRATION_TYPE_NOT_SUPPORTED", fmt.Sprintf("The application does not support installation context %d: turn it on in the Developer Portal (Installation).", n)), false
			}
		}
	}
	return response{}, true
}

// validateOptions checks command options, recursing into sub-commands.
func validateOptions(path []string, options []any) (response, bool) {
	if len(options) > 25 {
		return formError(path, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."), false
	}
	seen := map[string]bool{}
	optional := false
	for i, o := range options {
		opt, _ := o.(map[string]any)
		p := at(path, strconv.Itoa(i))
		typ, _ := num(opt["type"])
		if typ < 1 || typ > 11 {
			return formError(at(p, "type"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}."), false
		}
		name := str(opt["name"])
		if !commandName.MatchString(name) || strings.ToLower(name) != name {
			return formError(at(p, "name"), "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid"), false
		}
		if seen[name] {
			return formError(at(p, "name"), "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "Option names must be unique"), false
		}
		seen[name] = true
		if r, good := lenBetween(at(p, "description"), opt["description"], 1, 100); !good {
			return r, false
		}
		if typ == 1 || typ == 2 {
			sub, _ := opt["options"].([]any)
			if r, good := validateOptions(at(p, "options"), sub); !good {
				return r, false
			}
			continue
		}
		required, _ := opt["required"].(bool)
		if required && optional {
			return formError(at(p, "required"), "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options"), false
		}
		optional = optional || !required
		if r, good := validateOptionValues(p, opt, typ); !good {
			return r, false
		}
	}
	return response{}, true
}

// validateOptionValues checks what an option of type typ allows its
// values to be: choices (at most 25, not with autocomplete, each of the
// option's type), min_length and max_length (string options: 0 to 6000
// and 1 to 6000), min_value and max_value (integer and number options).
func validateOptionValues(p []string, opt map[string]any, typ int64) (response, bool) {
	choices, _ := opt["choices"].([]any)
	if len(choices) > 25 {
		return formError(at(p, "choices"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."), false
	}
	if len(choices) > 0 && opt["autocomplete"] == true {
		return formError(at(p, "autocomplete"), "APPLICATION_COMMAND_OPTION_CHOICES_AUTOCOMPLETE", "Autocomplete cannot be set for options with choices"), false
	}
	for i, c := range choices {
		ch, _ := c.(map[string]any)
		if r, good := validateChoice(at(p, "choices", strconv.Itoa(i)), ch, typ); !good {
			return r, false
		}
	}
	for _, l := range []struct {
		key    string
		lo, hi int64
	}{{"min_length", 0, 6000}, {"max_length", 1, 6000}} {
		v, present := opt[l.key]
		if !present || v == nil {
			continue
		}
		n, isNum := num(v)
		if typ != 3 {
			return formError(at(p, l.key), "APPLICATION_COMMAND_OPTION_LENGTH_NOT_ALLOWED", "Only string options have a length."), false
		}
		if !isNum || n < l.lo || n > l.hi {
			return formError(at(p, l.key), "NUMBER_TYPE_MAX", fmt.Sprintf("int value should be between %d and %d.", l.lo, l.hi)), false
		}
	}
	for _, key := range []string{"min_value", "max_value"} {
		if v, present := opt[key]; present && v != nil && typ != 4 && typ != 10 {
			return formError(at(p, key), "APPLICATION_COMMAND_OPTION_VALUE_NOT_ALLOWED", "Only integer and number options have a minimum or maximum value."), false
		}
	}
	return response{}, true
}

// validateChoice checks one choice, of a command option or of an
// autocomplete result, for an option of type typ: a name of 1 to 100
// characters and a value of the option's type, a string of at most 100
// characters.
func validateChoice(p []string, ch map[string]any, typ int64) (response, bool) {
	if r, good := lenBetween(at(p, "name"), ch["name"], 1, 100); !good {
		return r, false
	}
	v := ch["value"]
	if v == nil {
		return formError(at(p, "value"), "BASE_TYPE_REQUIRED", "This field is required"), false
	}
	switch typ {
	case 3:
		if _, isStr := v.(string); !isStr {
			return formError(at(p, "value"), "BASE_TYPE_STRING", "Must be of type string."), false
		}
		return maxLen(at(p, "value"), v, 100)
	case 4:
		return isType(at(p, "value"), v, "integer")
	case 10:
		if _, isNum := v.(json.Number); !isNum {
			return formError(at(p, "value"), "NUMBER_TYPE_COERCE", "Must be of type number."), false
		}
	}
	return response{}, true
}

// validateChoices checks an autocomplete result for an option of type
// optionType (0 when unknown): data.choices is required, even when empty
// (discordgo's omitempty drops an empty list, and Discord answers
// "data.choices: This field is required"), with at most 25 choices.
func validateChoices(data map[string]any, optionType int64) (response, bool) {
	path := []string{"data", "choices"}
	v, present := data["choices"]
	if !present || v == nil {
		return formError(path, "BASE_TYPE_REQUIRED", "This field is required"), false
	}
	choices, isList := v.([]any)
	if !isList {
		return formError(path, "BASE_TYPE_ARRAY", "Must be an array."), false
	}
	if len(choices) > 25 {
		return formError(path, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."), false
	}
	for i, c := range choices {
		ch, _ := c.(map[string]any)
		if r, good := validateChoice(at(path, strconv.Itoa(i)), ch, optionType); !good {
			return r, false
		}
	}
	return response{}, true
}

// validateModal checks a modal response as Discord does: a custom id, a
// title of at most 45 characters, and 1 to 5 action rows, each holding one
// text input (the legacy layout; the Label component that newer clients
// also accept is not modelled, and discordgo v0.29.0 cannot read its
// submit anyway). Each text input needs a custom id unique in the modal, a
// label of at most 45 characters and a style of 1 (short) or 2
// (paragraph); its min_length and max_length are within 0 to 4000, and
// its value and placeholder fit them (4000 and 100 characters).
func validateModal(data map[string]any) (response, bool) {
	if r, good := lenBetween([]string{"data", "custom_id"}, data["custom_id"], 1, 100); !good {
		return r, false
	}
	if r, good := lenBetween([]string{"data", "title"}, data["title"], 1, 45); !good {
		return r, false
	}
	rows, _ := data["components"].([]any)
	if len(rows) < 1 || len(rows) > 5 {
		return formError([]string{"data", "components"}, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length."), false
	}
	seen := map[string]bool{}
	for i, r := range rows {
		row, _ := r.(map[string]any)
		p := []string{"data", "components", strconv.Itoa(i)}
		if t, _ := num(row["type"]); t != 1 {
			return formError(at(p, "type"), "UNION_TYPE_CHOICES", "Value of field \"type\" must be one of (1,)."), false
		}
		inputs, _ := row["components"].([]any)
		if len(inputs) != 1 {
			return formError(at(p, "components"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 1 in length."), false
		}
		in, _ := inputs[0].(map[string]any)
		if r, ok := validateTextInput(at(p, "components", "0"), in, seen); !ok {
			return r, false
		}
	}
	return response{}, true
}

// validateTextInput checks one text input of a modal.
func validateTextInput(p []string, in map[string]any, seen map[string]bool) (response, bool) {
	if t, _ := num(in["type"]); t != 4 {
		return formError(at(p, "type"), "UNION_TYPE_CHOICES", "Value of field \"type\" must be one of (4,)."), false
	}
	id := str(in["custom_id"])
	if r, good := lenBetween(at(p, "custom_id"), id, 1, 100); !good {
		return r, false
	}
	if seen[id] {
		return formError(at(p, "custom_id"), "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated"), false
	}
	seen[id] = true
	if r, good := lenBetween(at(p, "label"), in["label"], 1, 45); !good {
		return r, false
	}
	if st, _ := num(in["style"]); st != 1 && st != 2 {
		return formError(at(p, "style"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2}."), false
	}
	minL, hasMin := num(in["min_length"])
	maxL, hasMax := num(in["max_length"])
	if !hasMax {
		maxL = 4000
	}
	if hasMin && (minL < 0 || minL > 4000) {
		return formError(at(p, "min_length"), "NUMBER_TYPE_MAX", "int value should be less than or equal to 4000."), false
	}
	if hasMax && (maxL < 1 || maxL > 4000) {
		return formError(at(p, "max_length"), "NUMBER_TYPE_MAX", "int value should be less than or equal to 4000."), false
	}
	if hasMin && minL > maxL {
		return formError(at(p, "min_length"), "BASE_TYPE_BAD_LENGTH", "min_length must be less than or equal to max_length."), false
	}
	if r, good := maxLen(at(p, "value"), in["value"], int(maxL)); !good {
		return r, false
	}
	return maxLen(at(p, "placeholder"), in["placeholder"], 100)
}
