// Command faqbot answers questions about ketamine as a treatment for opioid
// use disorder from a moderator-kept knowledge base: in a console, as JSON
// lines for tools, or as a Discord bot.
package main

import (
	"context"
	"fmt"
	"os"
)

func main() {
	ctx := context.Background()
	if err := run(ctx, os.Args, os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		if msg := err.Error(); msg != "" {
			fmt.Fprintln(os.Stderr, "faqbot:", msg)
		}
		os.Exit(exitCode(err))
	}
}
