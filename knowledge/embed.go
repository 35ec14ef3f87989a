package knowledge

import (
	"embed"
	"io/fs"
)

//go:embed data
var defaultKB embed.FS

// DefaultFS returns the knowledge base compiled into the binary.
func DefaultFS() fs.FS {
	sub, err := fs.Sub(defaultKB, "data")
	if err != nil {
		panic(err) // unreachable: "data" is a fixed, embedded path
	}
	return sub
}
