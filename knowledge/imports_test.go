package knowledge

import (
	"os/exec"
	"strings"
	"testing"
)

// The engine serves the console, the JSON batch mode and Discord alike: it
// must not depend on Discord or on the service's logging.
func TestImportBoundary(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Skipf("go list: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, banned := range []string{"github.com/bwmarrin/discordgo", "go.uber.org/zap", "github.com/faqbot/faqbot/bot", "github.com/faqbot/faqbot/config"} {
			if dep == banned || strings.HasPrefix(dep, banned+"/") {
				t.Errorf("knowledge depends on %s", dep)
			}
		}
	}
}
