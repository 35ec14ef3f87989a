package discordtest_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/bot/discordtest"
)

// row is one legacy modal row holding a text input.
func row(in discordgo.TextInput) discordgo.MessageComponent {
	return discordgo.ActionsRow{Components: []discordgo.MessageComponent{in}}
}

func input(id string) discordgo.TextInput {
	return discordgo.TextInput{CustomID: id, Label: "Label " + id, Style: discordgo.TextInputShort, Required: true, MaxLength: 100}
}

// The local Discord refuses the modals Discord refuses, with Discord's
// error body, and accepts a well-formed one once.
func TestModalValidation(t *testing.T) {
	srv := discordtest.New(t)
	dg, err := discordgo.New("Bot " + srv.Token())
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("x", 4001)
	tests := []struct {
		name string
		data discordgo.InteractionResponseData
		path string
	}{
		{"no title", discordgo.InteractionResponseData{CustomID: "m", Components: []discordgo.MessageComponent{row(input("a"))}}, "title"},
		{"title too long", discordgo.InteractionResponseData{CustomID: "m", Title: strings.Repeat("t", 46), Components: []discordgo.MessageComponent{row(input("a"))}}, "title"},
		{"six inputs", discordgo.InteractionResponseData{CustomID: "m", Title: "t", Components: []discordgo.MessageComponent{row(input("a")), row(input("b")), row(input("c")), row(input("d")), row(input("e")), row(input("f"))}}, "components"},
		{"two inputs in a row", discordgo.InteractionResponseData{CustomID: "m", Title: "t", Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{input("a"), input("b")}}}}, "components"},
		{"a button in a modal", discordgo.InteractionResponseData{CustomID: "m", Title: "t", Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.Button{Label: "x", CustomID: "x", Style: discordgo.PrimaryButton}}}}}, "type"},
		{"duplicate ids", discordgo.InteractionResponseData{CustomID: "m", Title: "t", Components: []discordgo.MessageComponent{row(input("a")), row(input("a"))}}, "custom_id"},
		{"label too long", discordgo.InteractionResponseData{CustomID: "m", Title: "t", Components: []discordgo.MessageComponent{row(discordgo.TextInput{CustomID: "a", Label: strings.Repeat("l", 46), Style: discordgo.TextInputShort})}}, "label"},
		{"max_length over 4000", discordgo.InteractionResponseData{CustomID: "m", Title: "t", Components: []discordgo.MessageComponent{row(discordgo.TextInput{CustomID: "a", Label: "l", Style: discordgo.TextInputParagraph, MaxLength: 4001})}}, "max_length"},
		{"value over 4000", discordgo.InteractionResponseData{CustomID: "m", Title: "t", Components: []discordgo.MessageComponent{row(discordgo.TextInput{CustomID: "a", Label: "l", Style: discordgo.TextInputParagraph, Value: long})}}, "value"},
		{"value over max_length", discordgo.InteractionResponseData{CustomID: "m", Title: "t", Components: []discordgo.MessageComponent{row(discordgo.TextInput{CustomID: "a", Label: "l", Style: discordgo.TextInputShort, Value: "abcdef", MaxLength: 5})}}, "value"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			i := srv.SendInteraction(srv.SlashCommand(discordtest.Ctx{}, "faq"))
			err := dg.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal, Data: &tc.data})
			var rest *discordgo.RESTError
			if !errors.As(err, &rest) || rest.Message == nil || rest.Message.Code != 50035 || !strings.Contains(string(rest.ResponseBody), `"`+tc.path+`"`) {
				t.Errorf("InteractionRespond = %v, want 50035 Invalid Form Body at %s", err, tc.path)
			}
		})
	}
	i := srv.SendInteraction(srv.SlashCommand(discordtest.Ctx{}, "faq"))
	good := discordgo.InteractionResponseData{CustomID: "m", Title: "t", Components: []discordgo.MessageComponent{row(input("a"))}}
	if err := dg.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal, Data: &good}); err != nil {
		t.Fatalf("a well-formed modal: %v", err)
	}
	if err := dg.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal, Data: &good}); err == nil {
		t.Error("a second response to the same interaction succeeded")
	}
}

// SubmitModal refuses what Discord's client would not submit, and sends
// the text inputs as Discord does.
func TestSubmitModal(t *testing.T) {
	srv := discordtest.New(t)
	got := make(chan *discordgo.InteractionCreate, 1)
	dg := open(t, srv.Token(), func(s *discordgo.Session) {
		s.AddHandler(func(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
			if ic.Type == discordgo.InteractionModalSubmit {
				got <- ic
			}
		})
	})
	i := srv.SendInteraction(srv.SlashCommand(discordtest.Ctx{}, "faq"))
	short := input("short")
	short.Value = "prefilled"
	para := discordgo.TextInput{CustomID: "para", Label: "Paragraph", Style: discordgo.TextInputParagraph, MinLength: 3, MaxLength: 10}
	modal := discordgo.InteractionResponseData{CustomID: "the-modal", Title: "t", Components: []discordgo.MessageComponent{row(short), row(para)}}
	if err := dg.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseModal, Data: &modal}); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		c      discordtest.Ctx
		values map[string]string
	}{
		"another user":        {discordtest.Ctx{UserID: "1200000000000000999"}, nil},
		"unknown input":       {discordtest.Ctx{}, map[string]string{"nope": "x"}},
		"required left empty": {discordtest.Ctx{}, map[string]string{"short": ""}},
		"under min_length":    {discordtest.Ctx{}, map[string]string{"para": "ab"}},
		"over max_length":     {discordtest.Ctx{}, map[string]string{"para": "abcdefghijk"}},
	} {
		if _, err := srv.SubmitModal(tc.c, i.ID, tc.values); err == nil {
			t.Errorf("%s: SubmitModal succeeded", name)
		}
	}
	sub, err := srv.SubmitModal(discordtest.Ctx{}, i.ID, map[string]string{"para": "hello"})
	if err != nil {
		t.Fatal(err)
	}
	srv.SendInteraction(sub)
	ic := receive(t, got, "the modal submit")
	d := ic.ModalSubmitData()
	var values []string
	for _, c := range d.Components {
		r := c.(*discordgo.ActionsRow)
		in := r.Components[0].(*discordgo.TextInput)
		values = append(values, in.CustomID+"="+in.Value)
	}
	if d.CustomID != "the-modal" || strings.Join(values, ",") != "short=prefilled,para=hello" {
		t.Errorf("modal submit = %q %v, want the-modal with short=prefilled,para=hello", d.CustomID, values)
	}
}
