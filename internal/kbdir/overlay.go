package kbdir

import (
	"bytes"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"
)

// overlay is a knowledge folder as it would be after a change: base, with
// the file name holding data instead (data nil: name removed). It is what
// a change is checked on before anything is written.
type overlay struct {
	base fs.FS
	name string
	data []byte
}

var (
	_ fs.ReadDirFS = overlay{}
	_ fs.StatFS    = overlay{}
)

func (o overlay) Open(name string) (fs.File, error) {
	if name != o.name {
		if o.data != nil && isAncestor(name, o.name) {
			if _, err := fs.Stat(o.base, name); err != nil {
				return &memDir{name: name}, nil // the new file's new collection folder
			}
		}
		return o.base.Open(name)
	}
	if o.data == nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return &memFile{name: name, r: bytes.NewReader(o.data), size: int64(len(o.data))}, nil
}

func (o overlay) Stat(name string) (fs.FileInfo, error) {
	f, err := o.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.Stat()
}

func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	list, err := fs.ReadDir(o.base, name)
	if err != nil && !(o.data != nil && isAncestor(name, o.name)) {
		return nil, err
	}
	dir, base := path.Split(o.name)
	dir = strings.TrimSuffix(dir, "/")
	if dir == "" {
		dir = "."
	}
	switch {
	case name == dir:
		list = slices.DeleteFunc(list, func(d fs.DirEntry) bool { return d.Name() == base })
		if o.data != nil {
			list = append(list, fs.FileInfoToDirEntry(memInfo{name: base, size: int64(len(o.data))}))
		}
	case isAncestor(name, o.name) && o.data != nil:
		rel := o.name
		if name != "." {
			rel = strings.TrimPrefix(o.name, name+"/")
		}
		child, _, _ := strings.Cut(rel, "/")
		if !slices.ContainsFunc(list, func(d fs.DirEntry) bool { return d.Name() == child }) {
			list = append(list, fs.FileInfoToDirEntry(memInfo{name: child, dir: true}))
		}
	}
	slices.SortFunc(list, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return list, nil
}

// isAncestor reports whether folder dir contains file (at any depth).
func isAncestor(dir, file string) bool {
	return dir == "." || strings.HasPrefix(file, dir+"/")
}

// memInfo describes an overlay's file or folder. Its time is now: the
// file is the newest in the folder.
type memInfo struct {
	name string
	size int64
	dir  bool
}

func (i memInfo) Name() string { return i.name }
func (i memInfo) Size() int64  { return i.size }
func (i memInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o755
	}
	return 0o644
}
func (i memInfo) ModTime() time.Time { return time.Now() }
func (i memInfo) IsDir() bool        { return i.dir }
func (i memInfo) Sys() any           { return nil }

type memFile struct {
	name string
	r    *bytes.Reader
	size int64
}

func (f *memFile) Stat() (fs.FileInfo, error) {
	return memInfo{name: path.Base(f.name), size: f.size}, nil
}
func (f *memFile) Read(p []byte) (int, error) { return f.r.Read(p) }
func (f *memFile) Close() error               { return nil }

// memDir is a folder that exists only in the overlay.
type memDir struct{ name string }

func (d *memDir) Stat() (fs.FileInfo, error) { return memInfo{name: path.Base(d.name), dir: true}, nil }
func (d *memDir) Read([]byte) (int, error)   { return 0, io.EOF }
func (d *memDir) Close() error               { return nil }
