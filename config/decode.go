package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// A setting is one leaf of [Config]: a value that the file or the
// environment can set. The list of settings is derived from Config's yaml
// tags, so a new field gets its environment variable and its place in the
// file without further code.
type setting struct {
	path  string // YAML path, such as "discord.api_url"
	index []int  // field index path within Config
	typ   reflect.Type
}

// env returns the setting's environment variable name.
func (s setting) env() string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(s.path, ".", "_"))
}

// settings lists every setting in the order of the Config struct.
func settings() []setting {
	var out []setting
	var walk func(t reflect.Type, prefix string, index []int)
	walk = func(t reflect.Type, prefix string, index []int) {
		for i := range t.NumField() {
			f := t.Field(i)
			name, ok := yamlName(f)
			if !ok {
				continue
			}
			path := joinPath(prefix, name)
			idx := append(append([]int{}, index...), i)
			if f.Type.Kind() == reflect.Struct {
				walk(f.Type, path, idx)
				continue
			}
			out = append(out, setting{path: path, index: idx, typ: f.Type})
		}
	}
	walk(reflect.TypeFor[Config](), "", nil)
	return out
}

// yamlName returns the name a struct field has in the YAML file, and false
// for fields that are not settings (yaml:"-", unexported).
func yamlName(f reflect.StructField) (string, bool) {
	name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	if name == "-" || !f.IsExported() {
		return "", false
	}
	if name == "" {
		name = strings.ToLower(f.Name)
	}
	return name, true
}

func joinPath(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// EnvNames returns the names of the environment variables that set each
// setting, such as FAQBOT_DISCORD_API_URL, in the order of [Config]. It does
// not include [EnvToken] and [EnvTokenFile].
func EnvNames() []string {
	var names []string
	for _, s := range settings() {
		names = append(names, s.env())
	}
	return names
}

// applyEnv sets every setting whose environment variable is not empty.
// Lists are comma-separated.
func applyEnv(c *Config, getenv func(string) string) []error {
	var errs []error
	root := reflect.ValueOf(c).Elem()
	for _, s := range settings() {
		raw := getenv(s.env())
		if raw == "" {
			continue
		}
		f := root.FieldByIndex(s.index)
		if s.typ.Kind() == reflect.Slice {
			list := reflect.MakeSlice(s.typ, 0, 0)
			for item := range strings.SplitSeq(raw, ",") {
				item = strings.TrimSpace(item)
				if item == "" {
					continue
				}
				v, err := parseScalar(s.typ.Elem(), item)
				if err != nil {
					errs = append(errs, fmt.Errorf("%s: %w", s.env(), err))
					continue
				}
				list = reflect.Append(list, v)
			}
			f.Set(list)
			continue
		}
		v, err := parseScalar(s.typ, raw)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", s.env(), err))
			continue
		}
		f.Set(v)
	}
	return errs
}

// decodeYAML applies the settings in data, the contents of the file named
// file, to c. It reports every unknown setting and bad value with its line.
//
// It walks the parsed YAML tree itself instead of decoding into Config with
// yaml's KnownFields: that gives one error per problem with the setting's
// full path, parses values exactly as the environment does (so "90d" works
// in both), and keeps long Discord ids written as bare numbers intact.
func decodeYAML(c *Config, file string, data []byte) []error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil // empty file, or only comments
		}
		return []error{syntaxError(file, err)}
	}
	var next yaml.Node
	if err := dec.Decode(&next); err == nil {
		return []error{fmt.Errorf("%s:%d: only one YAML document is allowed: remove the second \"---\"", file, next.Line)}
	} else if !errors.Is(err, io.EOF) {
		return []error{syntaxError(file, err)}
	}
	d := decoder{file: file}
	root := &doc
	if doc.Kind == yaml.DocumentNode {
		if len(doc.Content) == 0 {
			return nil
		}
		root = doc.Content[0]
	}
	d.section(root, reflect.ValueOf(c).Elem(), "")
	return d.errs
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxError rewrites yaml's "yaml: line N: msg" as "file:N: msg".
func syntaxError(file string, err error) error {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		return fmt.Errorf("%s:%s: bad YAML: %s", file, m[1], m[2])
	}
	return fmt.Errorf("%s: bad YAML: %w", file, err)
}

// A decoder applies a parsed YAML tree to a Config and collects problems.
type decoder struct {
	file string
	errs []error
}

func (d *decoder) errorf(n *yaml.Node, path, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if path != "" {
		msg = path + ": " + msg
	}
	d.errs = append(d.errs, fmt.Errorf("%s:%d: %s", d.file, n.Line, msg))
}

func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// section applies mapping n to the struct v, whose settings start with prefix.
func (d *decoder) section(n *yaml.Node, v reflect.Value, prefix string) {
	n = resolve(n)
	if isNull(n) {
		return // an empty section keeps the defaults
	}
	if n.Kind != yaml.MappingNode {
		what := "the file"
		if prefix != "" {
			what = prefix
		}
		d.errorf(n, "", "%s must be a section of \"name: value\" lines", what)
		return
	}
	seen := make(map[string]int)
	t := v.Type()
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, val := resolve(n.Content[i]), n.Content[i+1]
		path := joinPath(prefix, key.Value)
		if line, dup := seen[key.Value]; dup {
			d.errorf(key, path, "set twice (first on line %d)", line)
			continue
		}
		seen[key.Value] = key.Line
		field, ok := fieldByName(t, key.Value)
		if !ok {
			d.unknown(key, path, t, prefix)
			continue
		}
		f := v.FieldByIndex(field.Index)
		if field.Type.Kind() == reflect.Struct {
			d.section(val, f, path)
			continue
		}
		d.value(val, f, path)
	}
}

func fieldByName(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		if n, ok := yamlName(t.Field(i)); ok && n == name {
			return t.Field(i), true
		}
	}
	return reflect.StructField{}, false
}

// unknown reports an unknown key, with a hint for a token or a near miss.
func (d *decoder) unknown(key *yaml.Node, path string, t reflect.Type, prefix string) {
	if strings.Contains(strings.ToLower(key.Value), "token") {
		d.errorf(key, "", "unknown setting %q: the bot token is never read from the config file; set %s or %s instead", path, EnvToken, EnvTokenFile)
		return
	}
	best, bestDist := "", 3 // suggest names at most 2 edits away
	for i := range t.NumField() {
		if n, ok := yamlName(t.Field(i)); ok {
			if dist := editDistance(key.Value, n); dist < bestDist {
				best, bestDist = n, dist
			}
		}
	}
	if best != "" {
		d.errorf(key, "", "unknown setting %q (did you mean %q?)", path, joinPath(prefix, best))
		return
	}
	d.errorf(key, "", "unknown setting %q", path)
}

// value applies the YAML value n to the setting f.
func (d *decoder) value(n *yaml.Node, f reflect.Value, path string) {
	n = resolve(n)
	if isNull(n) {
		// "dir:" with nothing after it means empty, not "keep the default".
		switch f.Kind() {
		case reflect.String, reflect.Slice:
			f.SetZero()
		default:
			d.errorf(n, path, "%v", errNoValue)
		}
		return
	}
	if f.Kind() == reflect.Slice {
		if n.Kind != yaml.SequenceNode {
			d.errorf(n, path, "must be a list, written [\"1234\", \"5678\"] or one \"- item\" per line")
			return
		}
		list := reflect.MakeSlice(f.Type(), 0, len(n.Content))
		for _, item := range n.Content {
			item = resolve(item)
			if item.Kind != yaml.ScalarNode || isNull(item) {
				d.errorf(item, path, "list items must be single values")
				continue
			}
			v, err := parseScalar(f.Type().Elem(), item.Value)
			if err != nil {
				d.errorf(item, path, "%v", err)
				continue
			}
			list = reflect.Append(list, v)
		}
		f.Set(list)
		return
	}
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, path, "must be a single value, not a list or a section")
		return
	}
	v, err := parseScalar(f.Type(), n.Value)
	if err != nil {
		d.errorf(n, path, "%v", err)
		return
	}
	f.Set(v)
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
