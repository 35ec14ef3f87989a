package bot

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// DefaultAPIBase is the Discord REST base faqbot uses in production. It pins
// API version 10; discordgo on its own would use version 9, so run must call
// SetAPIBase(DefaultAPIBase) (or a configured base) at start-up.
const DefaultAPIBase = "https://discord.com/api/v10/"

// apiVars names every discordgo package-level string variable whose value is
// derived from discordgo.EndpointAPI, EndpointAPI included. discordgo computes
// them once, when its package is initialised, so changing EndpointAPI alone
// changes nothing: SetAPIBase rewrites each of them. The endpoint functions
// (EndpointChannelMessages and so on) read these strings when called, so they
// follow without being listed. endpoints_test.go parses discordgo's
// endpoints.go and fails when a variable is missing from this map.
var apiVars = map[string]*string{
	"EndpointAPI":                &discordgo.EndpointAPI,
	"EndpointGuilds":             &discordgo.EndpointGuilds,
	"EndpointChannels":           &discordgo.EndpointChannels,
	"EndpointUsers":              &discordgo.EndpointUsers,
	"EndpointGateway":            &discordgo.EndpointGateway,
	"EndpointGatewayBot":         &discordgo.EndpointGatewayBot,
	"EndpointWebhooks":           &discordgo.EndpointWebhooks,
	"EndpointStickers":           &discordgo.EndpointStickers,
	"EndpointStageInstances":     &discordgo.EndpointStageInstances,
	"EndpointSKUs":               &discordgo.EndpointSKUs,
	"EndpointVoice":              &discordgo.EndpointVoice,
	"EndpointVoiceRegions":       &discordgo.EndpointVoiceRegions,
	"EndpointNitroStickersPacks": &discordgo.EndpointNitroStickersPacks,
	"EndpointGuildCreate":        &discordgo.EndpointGuildCreate,
	"EndpointApplications":       &discordgo.EndpointApplications,
	"EndpointOAuth2":             &discordgo.EndpointOAuth2,
	"EndpointOAuth2Applications": &discordgo.EndpointOAuth2Applications,
	"EndpointOauth2":             &discordgo.EndpointOauth2,
	"EndpointOauth2Applications": &discordgo.EndpointOauth2Applications,
}

// apiSuffixes holds, for each apiVars entry, what discordgo appended to
// EndpointAPI to build it, read from the values discordgo computed itself.
// Taking the suffixes from discordgo rather than restating them keeps its
// quirks: EndpointVoice is EndpointAPI + "/voice/", with a double slash.
var apiSuffixes, errAPISuffixes = readAPISuffixes()

// apiVersionPath matches a base path ending in an API version segment.
var apiVersionPath = regexp.MustCompile(`/v([0-9]+)/$`)

// readAPISuffixes records the suffix of every apiVars entry relative to the
// EndpointAPI that discordgo computed at its initialisation.
func readAPISuffixes() (map[string]string, error) {
	base := discordgo.EndpointAPI
	suffixes := make(map[string]string, len(apiVars))
	for name, p := range apiVars {
		suffix, ok := strings.CutPrefix(*p, base)
		if !ok {
			return nil, fmt.Errorf("bot: discordgo.%s = %q does not start with EndpointAPI %q", name, *p, base)
		}
		suffixes[name] = suffix
	}
	return suffixes, nil
}

// SetAPIBase points discordgo's REST endpoints at base (e.g.
// "http://127.0.0.1:1234/api/v10/" in tests, DefaultAPIBase in production).
// Until it is called discordgo uses its own default,
// "https://discord.com/api/v9/".
//
// base must be an absolute http or https URL without query or fragment; a
// missing trailing "/" is added. If its path ends in /v<N>/, discordgo.APIVersion
// is set to N, which Session.Open also sends to the gateway as ?v=N.
// SetAPIBase then rewrites discordgo.EndpointAPI and every string endpoint
// derived from it. Calling it again with the same base changes nothing.
//
// SetAPIBase writes discordgo's package globals without synchronisation: call
// it once at start-up, before any discordgo.Session is created or used, and
// never while a Session may be making requests. Tests that need a local
// Discord set it once per test binary (in TestMain) to discordtest.APIBase().
func SetAPIBase(base string) error {
	if errAPISuffixes != nil {
		return errAPISuffixes
	}
	u, err := url.Parse(base)
	if err != nil {
		return fmt.Errorf("bot: API base %q: %w", base, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("bot: API base %q: scheme must be http or https", base)
	}
	if u.Host == "" {
		return fmt.Errorf("bot: API base %q: no host", base)
	}
	if u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return fmt.Errorf("bot: API base %q: must not carry user info, query or fragment", base)
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	if m := apiVersionPath.FindStringSubmatch(base); m != nil {
		discordgo.APIVersion = m[1]
	}
	for name, p := range apiVars {
		*p = base + apiSuffixes[name]
	}
	return nil
}
