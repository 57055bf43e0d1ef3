-- xcheck coordinator schema, version 1.
-- Times are timestamptz; ids chosen by agents are uuid; secrets are stored only as hashes (tokens) or sealed
-- with AES-GCM by the coordinator (target passwords, ad-hoc check passwords until the check finishes).

CREATE TABLE agents (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            text NOT NULL UNIQUE,
    region          text NOT NULL,
    network         text NOT NULL DEFAULT '',
    token_id        text NOT NULL UNIQUE,           -- the token's public part, for the lookup
    token_hash      bytea NOT NULL,                 -- SHA-256 of its secret part, compared in constant time
    created_at      timestamptz NOT NULL DEFAULT now(),
    revoked_at      timestamptz,
    last_seen_at    timestamptz,
    last_address    text,                           -- source address the coordinator observed
    version         text,
    in_flight       integer NOT NULL DEFAULT 0,
    max_concurrency integer NOT NULL DEFAULT 0,
    spool_depth     integer NOT NULL DEFAULT 0,
    spool_dropped   integer NOT NULL DEFAULT 0
);

CREATE TABLE api_tokens (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    scope       text NOT NULL CHECK (scope IN ('read', 'check', 'admin')),
    token_id    text NOT NULL UNIQUE,
    token_hash  bytea NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

-- Monitored targets: checked by every live agent every interval_seconds (spread with jitter).
CREATE TABLE targets (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name             text NOT NULL,
    url              text NOT NULL,                 -- base URL, never with credentials
    username         text,
    password_sealed  bytea,                         -- AES-GCM sealed box
    interval_seconds integer NOT NULL CHECK (interval_seconds >= 60),
    is_public        boolean NOT NULL DEFAULT false,
    regions          text[],                        -- NULL: every region
    created_at       timestamptz NOT NULL DEFAULT now(),
    next_run_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX targets_due ON targets (next_run_at);

-- Ad-hoc checks (POST /v1/checks). The password is removed when the check finishes.
CREATE TABLE checks (
    id               uuid PRIMARY KEY,
    fingerprint      bytea NOT NULL,                -- identifies identical checks for coalescing
    kind             text NOT NULL CHECK (kind IN ('login', 'reachability')),
    url              text NOT NULL,
    username         text,
    password_sealed  bytea,
    regions          text[],
    created_at       timestamptz NOT NULL DEFAULT now(),
    deadline_at      timestamptz NOT NULL,
    finished_at      timestamptz
);
CREATE INDEX checks_fingerprint ON checks (fingerprint, created_at DESC);
CREATE INDEX checks_unfinished ON checks (deadline_at) WHERE finished_at IS NULL;

-- One job per (check or target run, agent). Claimed with SELECT ... FOR UPDATE SKIP LOCKED.
CREATE TABLE jobs (
    id           uuid PRIMARY KEY,
    agent_id     bigint NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    check_id     uuid REFERENCES checks (id) ON DELETE CASCADE,
    target_id    bigint REFERENCES targets (id) ON DELETE CASCADE,
    kind         text NOT NULL CHECK (kind IN ('login', 'reachability')),
    state        text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'claimed', 'done', 'expired')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    deadline_at  timestamptz NOT NULL,
    claimed_at   timestamptz,
    done_at      timestamptz,
    CHECK ((check_id IS NULL) <> (target_id IS NULL))
);
CREATE INDEX jobs_pending ON jobs (agent_id, created_at) WHERE state = 'pending';
CREATE INDEX jobs_check ON jobs (check_id) WHERE check_id IS NOT NULL;
CREATE INDEX jobs_open_deadline ON jobs (deadline_at) WHERE state IN ('pending', 'claimed');

-- Every result, partitioned by the time the check started (native range partitioning, one partition a day,
-- created ahead and dropped past the retention). The primary key includes the partition key; a retried
-- batch carries the same result_id and started_at, so ON CONFLICT DO NOTHING keeps one copy.
CREATE TABLE results (
    result_id    uuid NOT NULL,
    started_at   timestamptz NOT NULL,
    agent_id     bigint NOT NULL,
    job_id       uuid,
    check_id     uuid,
    target_id    bigint,
    received_at  timestamptz NOT NULL DEFAULT now(),
    outcome      text NOT NULL,
    stage        text,
    total_ms     double precision,
    document     jsonb NOT NULL,                     -- the probe result (never a password)
    confirmation jsonb,                              -- the second attempt, when one was made
    PRIMARY KEY (result_id, started_at)
) PARTITION BY RANGE (started_at);
CREATE INDEX results_target_time ON results (target_id, started_at DESC) WHERE target_id IS NOT NULL;
CREATE INDEX results_check ON results (check_id) WHERE check_id IS NOT NULL;
-- Rows outside every daily partition (an agent with a wrong clock) land here instead of failing.
CREATE TABLE results_default PARTITION OF results DEFAULT;
