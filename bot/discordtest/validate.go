package discordtest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Message flags the Server looks at.
const (
	flagSuppressEmbeds = 1 << 2
	flagEphemeral      = 1 << 6
	flagLoading        = 1 << 7
	flagComponentsV2   = 1 << 15
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

// validateMessage checks a message body against Discord's limits; path is
// where the body sits in the request (e.g. "data" in an interaction
// response). requireBody rejects a message that would show nothing.
func validateMessage(path []string, obj map[string]any, files int, requireBody bool) (response, bool) {
	at := func(p ...string) []string { return append(append([]string(nil), path...), p...) }
	if obj == nil {
		obj = map[string]any{}
	}
	if c, present := obj["content"]; present && c != nil {
		if _, isStr := c.(string); !isStr {
			return formError(at("content"), "BASE_TYPE_STRING", "Must be a string."), false
		}
		if runes(c) > 2000 {
			return formError(at("content"), "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length."), false
		}
	}
	embeds, _ := obj["embeds"].([]any)
	if len(embeds) > 10 {
		return formError(at("embeds"), "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length."), false
	}
	total := 0
	for i, e := range embeds {
		em, _ := e.(map[string]any)
		idx := strconv.Itoa(i)
		limits := []struct {
			key string
			max int
		}{{"title", 256}, {"description", 4096}}
		for _, l := range limits {
			if n := runes(em[l.key]); n > l.max {
				return formError(at("embeds", idx, l.key), "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", l.max)), false
			}
		}
		total += runes(em["title"]) + runes(em["description"])
		fields, _ := em["fields"].([]any)
		if len(fields) > 25 {
			return formError(at("embeds", idx, "fields"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."), false
		}
		for j, f := range fields {
			fm, _ := f.(map[string]any)
			fidx := strconv.Itoa(j)
			for _, l := range []struct {
				key string
				max int
			}{{"name", 256}, {"value", 1024}} {
				n := runes(fm[l.key])
				if n == 0 {
					return formError(at("embeds", idx, "fields", fidx, l.key), "BASE_TYPE_REQUIRED", "This field is required"), false
				}
				if n > l.max {
					return formError(at("embeds", idx, "fields", fidx, l.key), "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", l.max)), false
				}
				total += n
			}
		}
		if footer, ok := em["footer"].(map[string]any); ok {
			if runes(footer["text"]) > 2048 {
				return formError(at("embeds", idx, "footer", "text"), "BASE_TYPE_MAX_LENGTH", "Must be 2048 or fewer in length."), false
			}
			total += runes(footer["text"])
		}
		if author, ok := em["author"].(map[string]any); ok {
			if runes(author["name"]) > 256 {
				return formError(at("embeds", idx, "author", "name"), "BASE_TYPE_MAX_LENGTH", "Must be 256 or fewer in length."), false
			}
			total += runes(author["name"])
		}
	}
	if total > 6000 {
		return formError(at("embeds"), "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000"), false
	}
	flags, _ := num(obj["flags"])
	components, _ := obj["components"].([]any)
	if flags&flagComponentsV2 == 0 {
		if r, bad := validateComponents(at("components"), components); bad {
			return r, false
		}
	}
	if requireBody {
		stickers, _ := obj["sticker_ids"].([]any)
		attachments, _ := obj["attachments"].([]any)
		if str(obj["content"]) == "" && len(embeds) == 0 && len(components) == 0 && len(stickers) == 0 &&
			len(attachments) == 0 && files == 0 && obj["poll"] == nil {
			return apiError(400, 50006, "Cannot send an empty message"), false
		}
	}
	return response{}, true
}

// validateComponents checks classic (action row) components.
func validateComponents(path []string, rows []any) (response, bool) {
	at := func(p ...string) []string { return append(append([]string(nil), path...), p...) }
	if len(rows) > 5 {
		return formError(path, "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length."), true
	}
	seen := map[string]bool{}
	for i, r := range rows {
		row, _ := r.(map[string]any)
		idx := strconv.Itoa(i)
		if t, _ := num(row["type"]); t != 1 {
			return formError(at(idx, "type"), "UNION_TYPE_CHOICES", "Value of field \"type\" must be one of (1,)."), true
		}
		children, _ := row["components"].([]any)
		if len(children) == 0 || len(children) > 5 {
			return formError(at(idx, "components"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length."), true
		}
		for j, c := range children {
			comp, _ := c.(map[string]any)
			cidx := strconv.Itoa(j)
			t, _ := num(comp["type"])
			if t != 2 && len(children) > 1 {
				return formError(at(idx, "components"), "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "The specified component exceeds the maximum width"), true
			}
			style, _ := num(comp["style"])
			id := str(comp["custom_id"])
			needsID := !(t == 2 && (style == 5 || style == 6))
			if needsID && (id == "" || utf8.RuneCountInString(id) > 100) {
				return formError(at(idx, "components", cidx, "custom_id"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."), true
			}
			if t == 2 && style == 5 && str(comp["url"]) == "" {
				return formError(at(idx, "components", cidx, "url"), "BASE_TYPE_REQUIRED", "This field is required"), true
			}
			if id != "" {
				if seen[id] {
					return formError(at(idx, "components", cidx, "custom_id"), "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated"), true
				}
				seen[id] = true
			}
			if runes(comp["label"]) > 80 {
				return formError(at(idx, "components", cidx, "label"), "BASE_TYPE_MAX_LENGTH", "Must be 80 or fewer in length."), true
			}
			if t == 3 {
				opts, _ := comp["options"].([]any)
				if len(opts) == 0 || len(opts) > 25 {
					return formError(at(idx, "components", cidx, "options"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 25 in length."), true
				}
			}
		}
	}
	return response{}, false
}

// commandName is the name rule of application commands and their options.
var commandName = regexp.MustCompile(`^[-_'\p{L}\p{N}\p{Devanagari}\p{Thai}]{1,32}$`)

// validateCommand checks an application command against Discord's rules.
func validateCommand(path []string, cmd map[string]any) (response, bool) {
	at := func(p ...string) []string { return append(append([]string(nil), path...), p...) }
	typ, ok := num(cmd["type"])
	if !ok {
		typ = 1
	}
	name := str(cmd["name"])
	if typ == 1 {
		if !commandName.MatchString(name) || strings.ToLower(name) != name {
			return formError(at("name"), "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid"), false
		}
		if n := runes(cmd["description"]); n < 1 || n > 100 {
			return formError(at("description"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."), false
		}
	} else {
		if n := utf8.RuneCountInString(name); n < 1 || n > 32 {
			return formError(at("name"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length."), false
		}
		if str(cmd["description"]) != "" {
			return formError(at("description"), "APPLICATION_COMMAND_DESCRIPTION_MUST_BE_EMPTY", "Description must be empty"), false
		}
	}
	options, _ := cmd["options"].([]any)
	return validateOptions(at("options"), options)
}

// validateOptions checks command options, recursing into sub-commands.
func validateOptions(path []string, options []any) (response, bool) {
	at := func(p ...string) []string { return append(append([]string(nil), path...), p...) }
	if len(options) > 25 {
		return formError(path, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."), false
	}
	seen := map[string]bool{}
	optional := false
	for i, o := range options {
		opt, _ := o.(map[string]any)
		idx := strconv.Itoa(i)
		typ, _ := num(opt["type"])
		if typ < 1 || typ > 11 {
			return formError(at(idx, "type"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}."), false
		}
		name := str(opt["name"])
		if !commandName.MatchString(name) || strings.ToLower(name) != name {
			return formError(at(idx, "name"), "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid"), false
		}
		if seen[name] {
			return formError(at(idx, "name"), "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "Option names must be unique"), false
		}
		seen[name] = true
		if n := runes(opt["description"]); n < 1 || n > 100 {
			return formError(at(idx, "description"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."), false
		}
		if typ == 1 || typ == 2 {
			sub, _ := opt["options"].([]any)
			if r, good := validateOptions(at(idx, "options"), sub); !good {
				return r, false
			}
			continue
		}
		required, _ := opt["required"].(bool)
		if required && optional {
			return formError(at(idx, "required"), "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options"), false
		}
		optional = optional || !required
		choices, _ := opt["choices"].([]any)
		if len(choices) > 25 {
			return formError(at(idx, "choices"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."), false
		}
		if len(choices) > 0 && opt["autocomplete"] == true {
			return formError(at(idx, "autocomplete"), "APPLICATION_COMMAND_OPTION_CHOICES_AUTOCOMPLETE", "Autocomplete cannot be set for options with choices"), false
		}
	}
	return response{}, true
}

// validateChoices checks an autocomplete result.
func validateChoices(data map[string]any) (response, bool) {
	choices, _ := data["choices"].([]any)
	if len(choices) > 25 {
		return formError([]string{"data", "choices"}, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."), false
	}
	for i, c := range choices {
		ch, _ := c.(map[string]any)
		if n := runes(ch["name"]); n < 1 || n > 100 {
			return formError([]string{"data", "choices", strconv.Itoa(i), "name"}, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."), false
		}
		if ch["value"] == nil {
			return formError([]string{"data", "choices", strconv.Itoa(i), "value"}, "BASE_TYPE_REQUIRED", "This field is required"), false
		}
		if v, isStr := ch["value"].(string); isStr && utf8.RuneCountInString(v) > 100 {
			return formError([]string{"data", "choices", strconv.Itoa(i), "value"}, "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length."), false
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
	if n := runes(data["custom_id"]); n < 1 || n > 100 {
		return formError([]string{"data", "custom_id"}, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."), false
	}
	if n := runes(data["title"]); n < 1 || n > 45 {
		return formError([]string{"data", "title"}, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 45 in length."), false
	}
	rows, _ := data["components"].([]any)
	if len(rows) < 1 || len(rows) > 5 {
		return formError([]string{"data", "components"}, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length."), false
	}
	seen := map[string]bool{}
	for i, r := range rows {
		row, _ := r.(map[string]any)
		at := []string{"data", "components", strconv.Itoa(i)}
		if t, _ := num(row["type"]); t != 1 {
			return formError(append(at, "type"), "UNION_TYPE_CHOICES", "Value of field \"type\" must be one of (1,)."), false
		}
		inputs, _ := row["components"].([]any)
		if len(inputs) != 1 {
			return formError(append(at, "components"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 1 in length."), false
		}
		in, _ := inputs[0].(map[string]any)
		if r, ok := validateTextInput(append(at, "components", "0"), in, seen); !ok {
			return r, false
		}
	}
	return response{}, true
}

// validateTextInput checks one text input of a modal.
func validateTextInput(at []string, in map[string]any, seen map[string]bool) (response, bool) {
	field := func(f string) []string { return append(append([]string(nil), at...), f) }
	if t, _ := num(in["type"]); t != 4 {
		return formError(field("type"), "UNION_TYPE_CHOICES", "Value of field \"type\" must be one of (4,)."), false
	}
	id := str(in["custom_id"])
	if n := runes(id); n < 1 || n > 100 {
		return formError(field("custom_id"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."), false
	}
	if seen[id] {
		return formError(field("custom_id"), "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated"), false
	}
	seen[id] = true
	if n := runes(in["label"]); n < 1 || n > 45 {
		return formError(field("label"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 45 in length."), false
	}
	if st, _ := num(in["style"]); st != 1 && st != 2 {
		return formError(field("style"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2}."), false
	}
	minLen, hasMin := num(in["min_length"])
	maxLen, hasMax := num(in["max_length"])
	if !hasMax {
		maxLen = 4000
	}
	if hasMin && (minLen < 0 || minLen > 4000) {
		return formError(field("min_length"), "NUMBER_TYPE_MAX", "int value should be less than or equal to 4000."), false
	}
	if hasMax && (maxLen < 1 || maxLen > 4000) {
		return formError(field("max_length"), "NUMBER_TYPE_MAX", "int value should be less than or equal to 4000."), false
	}
	if hasMin && minLen > maxLen {
		return formError(field("min_length"), "BASE_TYPE_BAD_LENGTH", "min_length must be less than or equal to max_length."), false
	}
	if n := int64(runes(in["value"])); n > maxLen {
		return formError(field("value"), "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", maxLen)), false
	}
	if runes(in["placeholder"]) > 100 {
		return formError(field("placeholder"), "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length."), false
	}
	return response{}, true
}
