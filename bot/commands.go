package bot

import "github.com/bwmarrin/discordgo"

// Slash command and option names.
const (
	cmdAsk       = "ask"
	cmdTopics    = "topics"
	cmdSources   = "sources"
	cmdHelp      = "help"
	cmdPrivacy   = "privacy"
	cmdKB        = "kb"
	subReload    = "reload"
	subStatus    = "status"
	subGaps      = "gaps"
	optDays      = "days"
	maxGapDays   = 365 // the most /kb gaps looks back
	optQuestion  = "question"
	maxQuestion  = 500 // characters Discord lets a user type into /ask
	manageServer = int64(discordgo.PermissionManageGuild)
)

// Commands returns the slash commands the bot registers. /kb is for
// moderators: Discord shows it only to members with Manage Server by
// default, and the bot also checks the configured moderator roles on every
// call.
func Commands() []*discordgo.ApplicationCommand {
	everywhere := &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM}
	guildOnly := &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	perm := manageServer
	minDays := 1.0
	none := []*discordgo.ApplicationCommandOption{}
	return []*discordgo.ApplicationCommand{
		{
			Name:        cmdAsk,
			Description: "Ask a question about ketamine for opioid use disorder",
			Contexts:    everywhere,
			Options: []*discordgo.ApplicationCommandOption{{
				Type:         discordgo.ApplicationCommandOptionString,
				Name:         optQuestion,
				Description:  "Your question, in your own words",
				Required:     true,
				Autocomplete: true,
				MaxLength:    maxQuestion,
				Options:      none,
			}},
		},
		{Name: cmdTopics, Description: "List the topics I can answer", Contexts: everywhere, Options: none},
		{Name: cmdSources, Description: "List the references my answers are based on", Contexts: everywhere, Options: none},
		{Name: cmdHelp, Description: "How to use this bot", Contexts: everywhere, Options: none},
		{Name: cmdPrivacy, Description: "What this bot stores", Contexts: everywhere, Options: none},
		{
			Name:                     cmdKB,
			Description:              "Moderators: manage the knowledge base",
			Contexts:                 guildOnly,
			DefaultMemberPermissions: &perm,
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: subReload, Description: "Re-read the knowledge folder; keeps the old one if the new one has errors", Options: none},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: subStatus, Description: "Show the knowledge base in service and its problems", Options: none},
				{
					Type: discordgo.ApplicationCommandOptionSubCommand, Name: subGaps,
					Description: "The questions I could not answer, grouped, and how helpful answers were",
					Options: []*discordgo.ApplicationCommandOption{{
						Type:        discordgo.ApplicationCommandOptionInteger,
						Name:        optDays,
						Description: "How many days to look back (default 30)",
						MinValue:    &minDays,
						MaxValue:    maxGapDays,
						Options:     none,
					}},
				},
			},
		},
	}
}
