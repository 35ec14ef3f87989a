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
	cmdAskAbout  = "Ask faqbot" // the message command, in a message's Apps menu
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

// Commands returns the application commands the bot registers for an
// application installed by servers only: CommandsFor(false).
func Commands() []*discordgo.ApplicationCommand { return CommandsFor(false) }

// CommandsFor returns the application commands the bot registers: the
// members' slash commands, the message command "Ask faqbot", and /kb.
//
// With userInstall (the application can be installed by a person, and the
// commands are global: Discord reads integration_types only there), the
// members' commands are registered for both installs, server and user, and
// for every interaction context, servers, the bot's DM and private
// channels (DMs and group DMs between people): a person who installed
// faqbot can ask anywhere, even where the bot is not a member. /kb stays
// with server installs, in servers: Discord shows it only to members with
// Manage Server by default, and the bot also checks the configured
// moderator roles on every call.
func CommandsFor(userInstall bool) []*discordgo.ApplicationCommand {
	everywhere := &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM}
	guildOnly := &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	var installs, serverOnly *[]discordgo.ApplicationIntegrationType
	if userInstall {
		everywhere = &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM, discordgo.InteractionContextPrivateChannel}
		installs = &[]discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall, discordgo.ApplicationIntegrationUserInstall}
		serverOnly = &[]discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall}
	}
	member := func(name, description string) *discordgo.ApplicationCommand {
		return &discordgo.ApplicationCommand{Name: name, Description: description, Contexts: everywhere, IntegrationTypes: installs, Options: []*discordgo.ApplicationCommandOption{}}
	}
	ask := member(cmdAsk, "Ask a question about ketamine for opioid use disorder")
	ask.Options = []*discordgo.ApplicationCommandOption{askOption()}
	kb := kbCommand()
	kb.Contexts, kb.IntegrationTypes = guildOnly, serverOnly
	return []*discordgo.ApplicationCommand{
		ask,
		member(cmdTopics, "List the topics I can answer"),
		member(cmdSources, "List the references my answers are based on"),
		member(cmdHelp, "How to use this bot"),
		member(cmdPrivacy, "What this bot stores"),
		// A message command takes no description and no options: the
		// message is its argument.
		{Name: cmdAskAbout, Type: discordgo.MessageApplicationCommand, Contexts: everywhere, IntegrationTypes: installs, Options: []*discordgo.ApplicationCommandOption{}},
		kb,
	}
}

// askOption is /ask's question, offered by autocomplete.
func askOption() *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type:         discordgo.ApplicationCommandOptionString,
		Name:         optQuestion,
		Description:  "Your question, in your own words",
		Required:     true,
		Autocomplete: true,
		MaxLength:    maxQuestion,
		Options:      []*discordgo.ApplicationCommandOption{},
	}
}

// kbCommand is /kb, the moderators' command, with its sub-commands.
func kbCommand() *discordgo.ApplicationCommand {
	perm := manageServer
	minDays := 1.0
	none := []*discordgo.ApplicationCommandOption{}
	return &discordgo.ApplicationCommand{
		Name:                     cmdKB,
		Description:              "Moderators: manage the knowledge base",
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
