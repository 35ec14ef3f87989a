package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/bwmarrin/discordgo"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/faqbot/faqbot/bot"
	"github.com/faqbot/faqbot/config"
	"github.com/faqbot/faqbot/internal/inbox"
	"github.com/faqbot/faqbot/internal/kbdir"
	"github.com/faqbot/faqbot/internal/kbwatch"
	"github.com/faqbot/faqbot/internal/ops"
	"github.com/faqbot/faqbot/knowledge"
	"github.com/faqbot/faqbot/knowledge/lint"
)

// runBot runs the Discord bot until SIGINT or SIGTERM (or ctx ends): config,
// logger, knowledge base, ops listener, session, then a graceful close.
func runBot(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	flags := newFlags("run", "run [--config FILE]", stderr)
	cfgPath := flags.String("config", "", "configuration `file` (see config/faqbot.example.yaml)")
	if err := parseFlags(flags, args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return &exitError{code: 2, msg: fmt.Sprintf("run takes no arguments, got %q", flags.Args())}
	}
	cfg, err := config.Load(*cfgPath, getenv)
	if err != nil {
		return err
	}
	if err := cfg.RequireToken(); err != nil {
		return err
	}
	lg, err := newLogger(cfg.Log, stderr)
	if err != nil {
		return err
	}
	defer lg.Sync() //nolint:errcheck // nothing useful to do on a failed flush
	lg.Info("starting", zap.String("version", version), zap.Object("config", cfg))

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	// discordgo's endpoints and logger are package globals: set them once,
	// here, before the session exists (house style 21).
	if err := bot.SetAPIBase(cfg.Discord.APIURL); err != nil {
		return fmt.Errorf("discord.api_url: %w", err)
	}
	discordgo.Logger = bot.DiscordgoLogger(lg.Named("discordgo"), cfg.Token.Reveal())

	// Every load, reload and edit is checked as "faqbot check" checks:
	// one definition of a clean knowledge base (package lint).
	checkOpts := checkOptions(cfg)
	source, load := "embedded", func() (*knowledge.Snapshot, knowledge.Problems, error) {
		return lint.Check(knowledge.DefaultFS(), checkOpts)
	}
	var folder *kbdir.Dir
	if dir := cfg.Knowledge.Dir; dir != "" {
		if folder, err = kbdir.Open(dir, checkOpts); err != nil {
			return err
		}
		source, load = dir, folder.Check
		if _, note := folder.Git(); note != "" {
			lg.Warn("knowledge changes are not committed to git", zap.String("why", note))
		}
	}
	store, probs, err := knowledge.NewStore(source, load)
	if err != nil {
		if len(probs) > 0 {
			return fmt.Errorf("knowledge base in %s: %w:\n%v", source, err, probs.Errors())
		}
		return fmt.Errorf("knowledge base in %s: %w", source, err)
	}
	metrics := ops.NewMetrics()
	metrics.SetEntries(store.Current().Len())

	answerOpts := checkOpts.Match // the bot answers with the settings its knowledge base was checked with
	// The feedback store: nil when store.enabled is false, which the bot
	// takes as "record nothing" (and /privacy says so).
	var fb *inbox.Store
	if cfg.Store.Enabled {
		fb, err = inbox.Open(ctx, cfg.Store.Path, inbox.Options{
			Retention: cfg.Store.Retention,
			SaltFile:  cfg.Store.SaltFile,
			Logger:    lg.Named("inbox"),
			Match:     answerOpts,
		})
		if err != nil {
			return fmt.Errorf("store: %w", err)
		}
		defer fb.Close()
		lg.Info("store open", zap.String("path", cfg.Store.Path), zap.Duration("retention", fb.Retention()))
	}

	sess, err := bot.NewSession(cfg.Token.Reveal(), cfg.Discord.ShardID, cfg.Discord.ShardCount)
	if err != nil {
		return err
	}
	b := bot.New(lg.Named("bot"), store, bot.Config{
		Answer:  answerOpts,
		Discord: cfg.Discord,
		Metrics: metrics,
		Inbox:   fb,
		Folder:  folder,
	})
	ready := func() error {
		sess.RLock()
		ok := sess.DataReady
		sess.RUnlock()
		if ok {
			return nil
		}
		return errors.New("not connected to the Discord gateway")
	}
	srv := ops.New(lg.Named("ops"), cfg.Ops.Addr, metrics, ready)

	var guilds []string
	if cfg.Discord.Commands.Scope == config.ScopeGuild {
		guilds = cfg.Discord.Commands.Guilds
	}
	// The ops listener and the folder watcher run beside the bot; when any
	// of them stops, the others are stopped too.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, 5)
	goRun := func(name string, f func(context.Context) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := f(ctx); err != nil {
				errs <- fmt.Errorf("%s: %w", name, err)
				cancel()
			}
		}()
	}
	goRun("ops", srv.Serve)
	if cfg.Knowledge.Dir != "" && cfg.Knowledge.Watch {
		w := kbwatch.New(lg, store, cfg.Knowledge.Dir, kbwatch.Options{OnReload: func(r kbwatch.Result) {
			metrics.Reload(r.Err == nil)
			metrics.SetEntries(store.Current().Len())
			b.ReportReload(r.Cause, r.Problems, r.Err) // to the moderator channel
		}})
		goRun("kbwatch", w.Run)
	}
	// SIGHUP reloads the knowledge base the way /kb reload does, reporting
	// a failure (and the recovery after it) to the moderator channel.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	goRun("sighup", func(ctx context.Context) error {
		for {
			select {
			case <-ctx.Done():
				return nil
			case <-hup:
				b.Reload("SIGHUP")
			}
		}
	})
	if fb != nil {
		goRun("inbox", func(ctx context.Context) error {
			fb.RunRetention(ctx) // prunes daily; Open pruned already
			return nil
		})
	}
	goRun("bot", func(ctx context.Context) error {
		err := b.Run(ctx, sess, guilds)
		cancel() // the bot is the program: stop the rest with it
		return err
	})
	wg.Wait()
	close(errs)
	var all []error
	for err := range errs {
		if !errors.Is(err, context.Canceled) {
			all = append(all, err)
		}
	}
	if err := errors.Join(all...); err != nil {
		return err
	}
	lg.Info("stopped")
	return nil
}

// newLogger builds the process logger: JSON for production, console for
// development, at the configured level.
func newLogger(c config.Log, w io.Writer) (*zap.Logger, error) {
	level, err := zapcore.ParseLevel(c.Level)
	if err != nil {
		return nil, fmt.Errorf("log.level: %w", err)
	}
	var enc zapcore.Encoder
	if c.Format == "console" {
		enc = zapcore.NewConsoleEncoder(zap.NewDevelopmentEncoderConfig())
	} else {
		ec := zap.NewProductionEncoderConfig()
		ec.EncodeTime = zapcore.ISO8601TimeEncoder
		enc = zapcore.NewJSONEncoder(ec)
	}
	return zap.New(zapcore.NewCore(enc, zapcore.Lock(zapcore.AddSync(w)), level)), nil
}
