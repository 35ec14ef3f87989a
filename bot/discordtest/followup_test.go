package discordtest_test

import (
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/faqbot/faqbot/bot/discordtest"
)

// A follow-up sent while a deferred response is still loading edits that
// response instead, and the response keeps the visibility of the
// deferral: Discord's compatibility rule, which makes a public follow-up
// after a private deferral private.
func TestFollowupWhileLoadingEditsTheDeferral(t *testing.T) {
	srv := discordtest.New(t)
	dg, err := discordgo.New("Bot " + srv.Token())
	if err != nil {
		t.Fatal(err)
	}
	i := srv.SendInteraction(srv.SlashCommand(discordtest.Ctx{}, "faq"))
	if err := dg.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral},
	}); err != nil {
		t.Fatal(err)
	}
	m, err := dg.FollowupMessageCreate(i, true, &discordgo.WebhookParams{Content: "for everyone"})
	if err != nil {
		t.Fatal(err)
	}
	orig, _ := srv.Original(i.ID)
	if len(srv.Followups(i.ID)) != 0 || orig == nil || m.ID != orig.ID || orig.Content != "for everyone" {
		t.Fatalf("follow-ups %d, original %+v, want the original edited", len(srv.Followups(i.ID)), orig)
	}
	if orig.Flags&discordgo.MessageFlagsEphemeral == 0 || orig.Flags&discordgo.MessageFlagsLoading != 0 {
		t.Errorf("original flags = %d, want ephemeral and no longer loading", orig.Flags)
	}
	// Once edited, a follow-up is a message of its own.
	if _, err := dg.FollowupMessageCreate(i, true, &discordgo.WebhookParams{Content: "second"}); err != nil {
		t.Fatal(err)
	}
	if f := srv.Followups(i.ID); len(f) != 1 || f[0].Content != "second" || f[0].Flags&discordgo.MessageFlagsEphemeral != 0 {
		t.Errorf("follow-ups = %+v, want one public", f)
	}
}
