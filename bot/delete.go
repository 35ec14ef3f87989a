package bot

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/zap"
)

// Public replies (to a mention, and a shared answer) carry "Delete", which
// only the member they answer may use, as python-discord's bot lets a
// tag's caller delete it. Crisis replies carry no buttons at all.
//
// The button must not show who that member is: a shared answer is posted
// without the sharer's name, and a custom id is visible to any client.
// So its custom id holds a random nonce and a MAC of the nonce and the
// member's id, under a key made for this run of the bot: the click is
// checked by computing the MAC for whoever clicked. Two replies to the
// same member carry unrelated tokens, so they cannot be linked either.
// The key is not kept, so the buttons stop working when the bot restarts;
// a moderator can still remove the reply.

// deleteToken is the custom-id token of "Delete" for a reply to user.
func (b *Bot) deleteToken(user string) string {
	var n [6]byte
	rand.Read(n[:])
	nonce := hex.EncodeToString(n[:])
	return nonce + ":" + b.deleteMAC(nonce, user)
}

// deleteMAC is the MAC a token carries for nonce and user: 64 bits of
// HMAC-SHA256, enough that a guess never passes.
func (b *Bot) deleteMAC(nonce, user string) string {
	m := hmac.New(sha256.New, b.deleteKey[:])
	m.Write([]byte(nonce + ":" + user))
	return hex.EncodeToString(m.Sum(nil))[:16]
}

// mayDelete reports whether user is the member token was made for.
func (b *Bot) mayDelete(token, user string) bool {
	nonce, mac, _ := strings.Cut(token, ":")
	return user != "" && hmac.Equal([]byte(mac), []byte(b.deleteMAC(nonce, user)))
}

// deleteReply deletes the reply a "Delete" button is on, when the member
// who clicked is the one it answers.
func (b *Bot) deleteReply(s discord, i *discordgo.Interaction, token string) {
	if !b.mayDelete(token, userID(i)) {
		b.lg.Info("delete refused: not the asker")
		b.respond(s, i, message{Content: textNotYours}, true)
		return
	}
	if i.Message == nil || i.Message.ID == "" {
		b.respond(s, i, message{Content: textUnknownEntry}, true)
		return
	}
	b.ack(s, i)
	if err := s.ChannelMessageDelete(i.ChannelID, i.Message.ID); err != nil {
		b.restError(err)
		b.lg.Warn("delete reply", zap.String("interaction", i.ID), zap.Error(err))
		b.followup(s, i, message{Content: textDeleteFailed}, true)
		return
	}
	b.lg.Info("reply deleted")
}

// ack acknowledges a button click without a reply of its own (a deferred
// update): the click's message is then edited, or left, by what follows.
func (b *Bot) ack(s discord, i *discordgo.Interaction) {
	if err := s.InteractionRespond(i, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate}); err != nil {
		b.restError(err)
		b.lg.Warn("interaction respond", zap.String("interaction", i.ID), zap.Error(err))
	}
}

// editButtons replaces the buttons of the message a click acknowledged
// with ack, leaving its text and embeds as they are.
func (b *Bot) editButtons(s discord, i *discordgo.Interaction, rows []discordgo.MessageComponent) {
	if rows == nil {
		rows = []discordgo.MessageComponent{}
	}
	if _, err := s.InteractionResponseEdit(i, &discordgo.WebhookEdit{Components: &rows, AllowedMentions: noMentions()}); err != nil {
		b.restError(err)
		b.lg.Warn("interaction edit", zap.String("interaction", i.ID), zap.Error(err))
	}
}

// replaceButton returns rows with the button whose custom id is id
// replaced by with (dropped when with is nil), other components as they
// are. The rows come from a message Discord sent: their components
// decode as pointers.
func replaceButton(rows []discordgo.MessageComponent, id string, with discordgo.MessageComponent) []discordgo.MessageComponent {
	out := []discordgo.MessageComponent{}
	for _, r := range rows {
		var row discordgo.ActionsRow
		switch v := r.(type) {
		case *discordgo.ActionsRow:
			row = *v
		case discordgo.ActionsRow:
			row = v
		default:
			continue
		}
		var kept []discordgo.MessageComponent
		for _, c := range row.Components {
			switch btn := c.(type) {
			case *discordgo.Button:
				c = *btn
			}
			if btn, ok := c.(discordgo.Button); ok && btn.CustomID == id {
				if with == nil {
					continue
				}
				c = with
			}
			kept = append(kept, c)
		}
		if len(kept) > 0 {
			out = append(out, discordgo.ActionsRow{Components: kept})
		}
	}
	return out
}

// sharedButton stands where "Share in channel" was, once used: grey and
// disabled, so the same answer is not posted twice.
func sharedButton(id string) discordgo.MessageComponent {
	return discordgo.Button{Label: "Shared in channel", Style: discordgo.SecondaryButton, CustomID: id, Disabled: true}
}
