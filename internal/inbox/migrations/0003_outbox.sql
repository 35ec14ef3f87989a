-- outbox holds replies the bot had accepted but not posted when it
-- stopped (a deploy with a backlog), so that the next start posts them.
-- body is the message as posted to Discord, its nonce included, so a reply
-- that did land before the stop is not shown twice. A row is deleted once
-- posted, or after OutboxTTL. No question text and no user id: the
-- channel, and the reply, which names the message it answers.
CREATE TABLE outbox (
	id         INTEGER PRIMARY KEY,
	channel_id TEXT NOT NULL,
	body       BLOB NOT NULL,
	urgent     INTEGER NOT NULL CHECK (urgent IN (0, 1)),
	at         INTEGER NOT NULL
) STRICT;
