-- Retention deletes by age and reports read a period, both by "at".
CREATE INDEX unanswered_at ON unanswered (at);
CREATE INDEX votes_at ON votes (at);
