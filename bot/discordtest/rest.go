package discordtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// request is a REST call being answered.
type request struct {
	call *Call
	vars map[string]string
	obj  map[string]any // body, when it is a JSON object
	arr  []any          // body, when it is a JSON array
}

// response is a REST answer; v is marshalled to JSON, nil gives 204.
type response struct {
	status int
	v      any
}

func ok(v any) response { return response{status: http.StatusOK, v: v} }

func noContent() response { return response{status: http.StatusNoContent} }

// apiError answers with Discord's JSON error body.
func apiError(status, code int, message string) response {
	return response{status: status, v: map[string]any{"message": message, "code": code}}
}

// formError answers 400 "Invalid Form Body" with one error at path, nested
// the way Discord nests them.
func formError(path []string, code, message string) response {
	var errs any = map[string]any{"_errors": []any{map[string]any{"code": code, "message": message}}}
	for i := len(path) - 1; i >= 0; i-- {
		errs = map[string]any{path[i]: errs}
	}
	return response{status: http.StatusBadRequest, v: map[string]any{"message": "Invalid Form Body", "code": 50035, "errors": errs}}
}

func notFound() response { return apiError(http.StatusNotFound, 0, "404: Not Found") }

// routeFn answers a call; it runs with s.mu held.
type routeFn func(s *Server, q *request) response

// routes lists what the Server answers. Patterns are matched segment by
// segment; "{x}" captures one segment. Literal routes come first.
var routes = []struct {
	method  string
	pattern string
	noAuth  bool
	fn      routeFn
}{
	{"GET", "/gateway", true, (*Server).getGateway},
	{"GET", "/gateway/bot", false, (*Server).getGatewayBot},
	{"GET", "/users/@me", false, (*Server).getMe},
	{"POST", "/users/@me/channels", false, (*Server).createDM},
	{"GET", "/users/{user}", false, (*Server).getUser},
	{"GET", "/applications/@me", false, (*Server).getApplication},
	{"GET", "/oauth2/applications/@me", false, (*Server).getApplication},
	{"GET", "/applications/{app}/commands", false, (*Server).listCommands},
	{"PUT", "/applications/{app}/commands", false, (*Server).overwriteCommands},
	{"POST", "/applications/{app}/commands", false, (*Server).createCommand},
	{"GET", "/applications/{app}/commands/{cmd}", false, (*Server).getCommand},
	{"PATCH", "/applications/{app}/commands/{cmd}", false, (*Server).editCommand},
	{"DELETE", "/applications/{app}/commands/{cmd}", false, (*Server).deleteCommand},
	{"GET", "/applications/{app}/guilds/{guild}/commands", false, (*Server).listCommands},
	{"PUT", "/applications/{app}/guilds/{guild}/commands", false, (*Server).overwriteCommands},
	{"POST", "/applications/{app}/guilds/{guild}/commands", false, (*Server).createCommand},
	{"GET", "/applications/{app}/guilds/{guild}/commands/{cmd}", false, (*Server).getCommand},
	{"PATCH", "/applications/{app}/guilds/{guild}/commands/{cmd}", false, (*Server).editCommand},
	{"DELETE", "/applications/{app}/guilds/{guild}/commands/{cmd}", false, (*Server).deleteCommand},
	{"GET", "/channels/{ch}", false, (*Server).getChannel},
	{"POST", "/channels/{ch}/typing", false, (*Server).typing},
	{"GET", "/channels/{ch}/messages", false, (*Server).listMessages},
	{"POST", "/channels/{ch}/messages", false, (*Server).createMessage},
	{"GET", "/channels/{ch}/messages/{msg}", false, (*Server).getMessage},
	{"PATCH", "/channels/{ch}/messages/{msg}", false, (*Server).editMessage},
	{"DELETE", "/channels/{ch}/messages/{msg}", false, (*Server).deleteMessage},
	{"PUT", "/channels/{ch}/messages/{msg}/reactions/{emoji}/@me", false, (*Server).react},
	{"DELETE", "/channels/{ch}/messages/{msg}/reactions/{emoji}/@me", false, (*Server).react},
	{"POST", "/interactions/{id}/{token}/callback", false, (*Server).interactionCallback},
	{"POST", "/webhooks/{app}/{token}", false, (*Server).createFollowup},
	{"GET", "/webhooks/{app}/{token}/messages/{msg}", false, (*Server).getWebhookMessage},
	{"PATCH", "/webhooks/{app}/{token}/messages/{msg}", false, (*Server).editWebhookMessage},
	{"DELETE", "/webhooks/{app}/{token}/messages/{msg}", false, (*Server).deleteWebhookMessage},
}

// matchRoute matches path segments against a pattern.
func matchRoute(pattern string, segs []string) (map[string]string, bool) {
	want := splitPath(pattern)
	if len(want) != len(segs) {
		return nil, false
	}
	vars := map[string]string{}
	for i, w := range want {
		if strings.HasPrefix(w, "{") {
			vars[w[1:len(w)-1]] = segs[i]
		} else if w != segs[i] {
			return nil, false
		}
	}
	return vars, true
}

// serveHTTP routes the gateway and the REST API.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == s.gwPath || r.URL.Path == s.gwPath+"/" {
		s.serveGateway(w, r, false)
		return
	}
	s.serveREST(w, r)
}

// serveREST answers one REST call and records it.
func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	call := Call{
		Method: r.Method,
		Query:  r.URL.Query(),
		Header: r.Header.Clone(),
		Time:   time.Now(),
	}
	var segs []string
	for _, seg := range splitPath(r.URL.EscapedPath()) {
		if u, err := url.PathUnescape(seg); err == nil {
			seg = u
		}
		segs = append(segs, seg)
	}
	apiPath := len(segs) > 0 && segs[0] == "api"
	if apiPath {
		segs = segs[1:]
		if len(segs) > 0 && strings.HasPrefix(segs[0], "v") {
			call.Version, segs = segs[0][1:], segs[1:]
		}
	}
	call.Path = "/" + strings.Join(segs, "/")
	body, files, err := readBody(r)
	call.Body, call.Files = body, files

	s.mu.Lock()
	f, faulted := s.takeFaultLocked(call)
	s.mu.Unlock()
	if faulted && f.Delay > 0 {
		t := time.NewTimer(f.Delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
		case <-s.closing:
		}
		t.Stop()
	}

	var (
		resp   response
		header = map[string]string{}
		raw    []byte
	)
	s.mu.Lock()
	switch {
	case faulted && f.Status != 0:
		call.Fault = true
		resp.status = f.Status
		header = f.Header
		raw = []byte(f.Body)
		if f.Body == "" {
			raw, _ = json.Marshal(map[string]any{"message": fmt.Sprintf("%d: %s", f.Status, http.StatusText(f.Status)), "code": 0})
		}
	case err != nil:
		resp = apiError(http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
	case !apiPath || (call.Version != "10" && call.Version != "9"):
		resp = notFound()
	default:
		resp = s.routeLocked(&call, segs)
		header = rateLimitHeaders(call.Path)
	}
	if raw == nil && resp.v != nil {
		raw, _ = json.Marshal(resp.v)
	}
	call.Status, call.Response = resp.status, raw
	s.calls = append(s.calls, call)
	s.notifyLocked()
	s.mu.Unlock()

	for k, v := range header {
		w.Header().Set(k, v)
	}
	if len(raw) > 0 {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(resp.status)
	w.Write(raw)
}

// routeLocked finds the route for a call, checks the token and answers.
func (s *Server) routeLocked(call *Call, segs []string) response {
	pathKnown := false
	for _, rt := range routes {
		vars, match := matchRoute(rt.pattern, segs)
		if !match {
			continue
		}
		pathKnown = true
		if rt.method != call.Method {
			continue
		}
		if !rt.noAuth && call.Header.Get("Authorization") != "Bot "+s.cfg.token {
			return apiError(http.StatusUnauthorized, 0, "401: Unauthorized")
		}
		q := &request{call: call, vars: vars}
		if len(call.Body) > 0 {
			var v any
			d := json.NewDecoder(bytes.NewReader(call.Body))
			d.UseNumber()
			if err := d.Decode(&v); err != nil {
				return apiError(http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
			}
			q.obj, _ = v.(map[string]any)
			q.arr, _ = v.([]any)
		}
		return rt.fn(s, q)
	}
	if pathKnown {
		return apiError(http.StatusMethodNotAllowed, 0, "405: Method Not Allowed")
	}
	return notFound()
}

// rateLimitHeaders are the headers Discord sends with every answer; the
// bucket never runs out.
func rateLimitHeaders(path string) map[string]string {
	return map[string]string{
		"X-RateLimit-Limit":       "5",
		"X-RateLimit-Remaining":   "4",
		"X-RateLimit-Reset":       strconv.FormatFloat(float64(time.Now().Add(time.Second).UnixMilli())/1000, 'f', 3, 64),
		"X-RateLimit-Reset-After": "1.000",
		"X-RateLimit-Bucket":      fmt.Sprintf("%016x", fnv64(path)),
	}
}

// fnv64 hashes s, standing in for Discord's bucket hashes.
func fnv64(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// readBody reads a request body; for multipart/form-data it returns the
// payload_json part as the body and the other parts as files.
func readBody(r *http.Request) ([]byte, []File, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 32<<20))
	if err != nil {
		return nil, nil, err
	}
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		return body, nil, nil
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	var (
		payload []byte
		files   []File
	)
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			return payload, files, nil
		}
		if err != nil {
			return body, nil, err
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return body, nil, err
		}
		if p.FormName() == "payload_json" {
			payload = data
			continue
		}
		files = append(files, File{Field: p.FormName(), Name: p.FileName(), ContentType: p.Header.Get("Content-Type"), Data: data})
	}
}
