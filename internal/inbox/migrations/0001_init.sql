-- The inbox: what the bot could not answer, and what users thought of its
-- answers. Privacy rules (see package inbox): question text only for
-- unanswered questions, never a user id; voters are keyed by a salted hash.

-- meta holds install-wide values, such as the salt of voter hashes.
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value BLOB NOT NULL
) STRICT;

-- unanswered holds questions that got no answer (no_match), only
-- suggestions (suggestions), or whose suggestions the asker rejected
-- (none_of_these). at is Unix seconds, UTC.
CREATE TABLE unanswered (
	id            INTEGER PRIMARY KEY,
	kind          TEXT NOT NULL CHECK (kind IN ('no_match', 'suggestions', 'none_of_these')),
	question      TEXT NOT NULL,
	nearest_id    TEXT NOT NULL DEFAULT '',
	nearest_score REAL NOT NULL DEFAULT 0,
	at            INTEGER NOT NULL
) STRICT;

-- votes holds one Helpful/Not helpful vote per voter per entry. voter is
-- an HMAC of the entry id and the asker hash, so the same person's votes
-- on two entries cannot be linked.
CREATE TABLE votes (
	entry_id TEXT NOT NULL,
	voter    TEXT NOT NULL,
	helpful  INTEGER NOT NULL CHECK (helpful IN (0, 1)),
	at       INTEGER NOT NULL,
	PRIMARY KEY (entry_id, voter)
) STRICT;
