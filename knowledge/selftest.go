package knowledge

// SelfTest asks every entry's title and questions and reports each that
// does not come back as that entry: a phrasing caught by the crisis or
// personal-advice checks, or answered by another entry.
func (s *Snapshot) SelfTest(opts Options) Problems {
	var ps problemList
	for _, e := range s.entries {
		for _, p := range e.Phrasings() {
			r := s.Answer(p, opts)
			if r.Kind == KindAnswer && r.Entry == e {
				continue
			}
			ps.add(e.File, 0, "self-test: asking %q gets %s, not this entry; reword the phrasing so it is a general question about this entry", p, r)
		}
	}
	return ps.ps
}
