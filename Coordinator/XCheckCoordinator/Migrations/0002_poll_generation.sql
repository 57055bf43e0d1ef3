-- xcheck coordinator schema, version 2: long polls that outlive their agent.
-- Each job poll of an agent takes the next generation number. A poll still held for an agent that has since
-- polled again (the agent restarted while its old poll was held, on this or another replica) is superseded
-- and claims nothing.
-- poll_session is the agent process's session id (a random UUID per start, sent with every poll). A poll
-- from a new session puts back to pending the jobs this agent had claimed and not answered: a poll held for
-- the previous process may have claimed them after it was gone.
ALTER TABLE agents ADD COLUMN poll_generation bigint NOT NULL DEFAULT 0;
ALTER TABLE agents ADD COLUMN poll_session text;
