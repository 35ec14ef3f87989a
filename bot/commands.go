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
	subEdit      = "edit"
	subNew       = "new"
	subHistory   = "history"
	subUndo      = "undo"
	optDays      = "days"
	optEntry     = "entry"
	optID        = "id"
	optColl      = "collection"
	maxNewID     = 60  // characters of a new entry's id: its file name, and part of custom ids
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
					Type: discordgo.ApplicationCommandOptionSubCommand, Name: subEdit,
					Description: "Edit an entry: its title, phrasings, keywords, answer and sources",
					Options:     []*discordgo.ApplicationCommandOption{entryOption(true)},
				},
				{
					Type: discordgo.ApplicationCommandOptionSubCommand, Name: subNew,
					Description: "Write a new entry",
					Options: []*discordgo.ApplicationCommandOption{
						{Type: discordgo.ApplicationCommandOptionString, Name: optID, Description: "Its id, which is its file name: lower-case words joined by dashes", Required: true, MaxLength: maxNewID, Options: none},
						{Type: discordgo.ApplicationCommandOptionString, Name: optColl, Description: "The collection (folder) it goes in; default faq", Autocomplete: true, MaxLength: maxNewID, Options: none},
					},
				},
				{
					Type: discordgo.ApplicationCommandOptionSubCommand, Name: subHistory,
					Description: "The changes moderators made from Discord, who made them and when",
					Options:     []*discordgo.ApplicationCommandOption{entryOption(false)},
				},
				{
					Type: discordgo.ApplicationCommandOptionSubCommand, Name: subUndo,
					Description: "Put an entry back as it was before its last change from Discord",
					Options:     []*discordgo.ApplicationCommandOption{entryOption(true)},
				},
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

// entryOption is the entry option of the /kb sub-commands, offered by
// autocomplete.
func entryOption(required bool) *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type:         discordgo.ApplicationCommandOptionString,
		Name:         optEntry,
		Description:  "The entry (start typing its title or id)",
		Required:     required,
		Autocomplete: true,
		MaxLength:    maxOptionText,
		Options:      []*discordgo.ApplicationCommandOption{},
	}
}
