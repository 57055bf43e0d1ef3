-- Alerts on verdict changes (docs/alerts.md). Version 3 (version 2 is another change's; the migrator applies
-- whatever versions are missing, in order, and needs no contiguity).

-- Where alerts go. The destination (a webhook URL or a Telegram bot token) and the signing secret are sealed
-- with AES-GCM by the coordinator; only a redacted form is kept in clear.
CREATE TABLE alerts (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name               text NOT NULL,
    kind               text NOT NULL CHECK (kind IN ('webhook', 'telegram', 'discord')),
    target_id          bigint REFERENCES targets (id) ON DELETE CASCADE,   -- NULL: every monitored target
    destination_sealed bytea NOT NULL,
    destination_hint   text NOT NULL,                                      -- e.g. https://hooks.example.net/…
    chat_id            text,                                               -- telegram
    secret_sealed      bytea,                                              -- webhook HMAC secret
    created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alerts_target ON alerts (target_id);

-- The change detector's state per target (AlertTracker, JSON). Evaluations lock the row with
-- FOR UPDATE SKIP LOCKED, so two replicas never evaluate (and alert) the same target at once.
CREATE TABLE target_alert_state (
    target_id    bigint PRIMARY KEY REFERENCES targets (id) ON DELETE CASCADE,
    tracker      jsonb NOT NULL,
    evaluated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per (event, alert): the delivery log. The event JSON holds no secret; last_error never holds the
-- destination. Due rows are claimed with FOR UPDATE SKIP LOCKED.
CREATE TABLE alert_deliveries (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_id        bigint REFERENCES alerts (id) ON DELETE SET NULL,
    alert_name      text NOT NULL,
    target_id       bigint NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
    event_id        uuid NOT NULL,
    event           jsonb NOT NULL,
    state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_status     integer,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_attempt_at timestamptz,
    delivered_at    timestamptz
);
CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX alert_deliveries_target ON alert_deliveries (target_id, created_at DESC);
