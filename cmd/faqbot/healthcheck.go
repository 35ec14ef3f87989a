package main

import (
	"context"
	"fmt"
	"io"

	"github.com/faqbot/faqbot/config"
	"github.com/faqbot/faqbot/internal/ops"
)

// runHealthcheck probes the running bot's /healthz, for container
// HEALTHCHECKs (the runtime image has no shell or curl). It reads the ops
// address from the same configuration as "faqbot run".
func runHealthcheck(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("healthcheck", "healthcheck [--config FILE]", stderr)
	path := fs.String("config", "", "configuration `file` (as given to faqbot run)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := config.Load(*path, getenv)
	if err != nil {
		return err
	}
	if cfg.Ops.Addr == "" {
		return fmt.Errorf("the ops listener is off: set ops.addr or %s (e.g. :8080)", "FAQBOT_OPS_ADDR")
	}
	url, err := ops.LocalURL(cfg.Ops.Addr, "/healthz")
	if err != nil {
		return err
	}
	if err := ops.Probe(ctx, url); err != nil {
		return fmt.Errorf("unhealthy: %w", err)
	}
	fmt.Fprintln(stdout, "ok")
	return nil
}
