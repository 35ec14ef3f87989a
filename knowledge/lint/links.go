package lint

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/faqbot/faqbot/knowledge"
)

// Links fetches every source URL (HEAD, then GET when HEAD is refused) and
// reports each that is dead, times out or redirects elsewhere, as warnings
// against sources.yaml. client may set its own timeout; redirects are not
// followed, so they can be reported. It is not part of Check: it needs the
// network, and a slow site should not hold up a reload.
func Links(ctx context.Context, client *http.Client, sources []knowledge.Source, timeout time.Duration) knowledge.Problems {
	c := *client
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	var (
		mu sync.Mutex
		ps problems
		wg sync.WaitGroup
	)
	sem := make(chan struct{}, 4)
	for _, src := range sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			msg := checkLink(ctx, &c, src.URL, timeout)
			if msg == "" {
				return
			}
			mu.Lock()
			ps.add(knowledge.Warning, "sources.yaml", 0, fmt.Sprintf("source %q: %s", src.ID, msg))
			mu.Unlock()
		}()
	}
	wg.Wait()
	sort.SliceStable(ps.ps, func(i, j int) bool { return ps.ps[i].Msg < ps.ps[j].Msg })
	return ps.ps
}

func checkLink(ctx context.Context, c *http.Client, url string, timeout time.Duration) string {
	do := func(method string) (*http.Response, error) {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, method, url, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("User-Agent", "faqbot-link-check/1")
		resp, err := c.Do(req)
		if err != nil {
			return nil, err
		}
		resp.Body.Close()
		return resp, nil
	}
	resp, err := do(http.MethodHead)
	if err != nil || resp.StatusCode == http.StatusMethodNotAllowed || resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusNotImplemented {
		resp, err = do(http.MethodGet)
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf("%s did not answer within %s; check the link", url, timeout)
	case err != nil:
		return fmt.Sprintf("%s cannot be reached (%v); check the link", url, err)
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		return fmt.Sprintf("%s redirects (%d) to %s; use the new address", url, resp.StatusCode, resp.Header.Get("Location"))
	case resp.StatusCode >= 400:
		return fmt.Sprintf("%s is dead (%d %s); find the page's new address or another source", url, resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	return ""
}
