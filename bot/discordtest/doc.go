// Package discordtest runs a local Discord for tests: REST under /api/v10/
// (and /api/v9/) and a gateway websocket at /gateway/N, both on 127.0.0.1,
// speaking the protocol the real github.com/bwmarrin/discordgo client
// expects, so a bot can be tested end to end with its production code.
//
// # One base per test binary
//
// discordgo builds its REST URLs from package globals (discordgo.EndpointAPI
// and the strings derived from it), which bot.SetAPIBase rewrites. Writing
// them while a Session may read them is a data race, so a test binary must
// set them exactly once, before any Session exists. discordtest makes that
// possible by serving every Server of a test binary on the same port:
//
//	func TestMain(m *testing.M) {
//		if err := bot.SetAPIBase(discordtest.APIBase()); err != nil {
//			log.Fatal(err)
//		}
//		os.Exit(m.Run())
//	}
//
// APIBase picks a free port the first time it is called and keeps it. New
// listens on that port and fails the test if discordgo's EndpointAPI is not
// APIBase(), naming the missing call. Because the port is shared, only one
// Server can be live at a time: New waits until the previous Server has been
// cleaned up. Tests that call t.Parallel therefore still run their Discord
// parts one after the other, and a subtest cannot create a Server while its
// parent holds one (New fails at once rather than deadlock): share the
// parent's Server instead. The gateway URL is per Session (discordgo caches
// what GET /gateway returned), so it needs no global; it differs from Server
// to Server, so that a Session an earlier test left open cannot reconnect to
// a later test's gateway.
//
// # Lifetime
//
// New registers a cleanup that closes every websocket connection, stops the
// HTTP server, waits for all of the Server's goroutines and frees the port for
// the next Server. Register the discordgo Session's Close after New (so it
// runs first) or close it in the test: a Session left open while its Server
// goes away retries to connect forever. discordgo's Close sleeps one second
// while holding the Session (wsapi.go, CloseWithCode), so budget a second per
// Close and per reconnect.
//
// # What is modelled
//
// The gateway sends HELLO, answers IDENTIFY with READY and one GUILD_CREATE
// per guild, ACKs heartbeats, numbers dispatches per session and keeps them
// so that RESUME replays what a client missed. READY's resume_gateway_url
// is a gateway on a port of its own (ResumeURL), as Discord names a node
// to resume on; GatewayConns says where each connection came. It enforces what Discord
// enforces on a connection: the token (close 4004), privileged intents not
// enabled with WithPrivilegedIntents (4014), a second IDENTIFY (4005), a
// payload before IDENTIFY (4003), unknown opcodes (4001) and undecodable
// payloads (4002). A client that closes with 1000 or 1001 ends its session,
// as on Discord, so its next RESUME gets opcode 9. MESSAGE_CREATE is only
// delivered with the GUILD_MESSAGES or DIRECT_MESSAGES intent, and without
// the privileged MESSAGE_CONTENT intent guild messages arrive with empty
// content, embeds, attachments and components unless they mention the bot.
//
// REST checks the bot token on every call except GET /gateway, keeps the
// messages, DM channels, application commands and interaction responses it
// is sent, applies Discord's main limits (2000 characters of content, 10
// embeds and their sizes, 5 component rows, command names and
// descriptions, empty messages) with Discord's error codes and bodies, lets
// an interaction be answered once and only within WithInteractionDeadline
// (3 s, as on Discord) of its dispatch, and answers anything else with a
// Discord-style 404 that is recorded like every other call.
//
// Payloads are built as Discord sends them: snowflakes as strings, enums as
// numbers, member with its user in guilds and user in DMs, and optional
// fields omitted rather than null.
package discordtest
