-- Vaccination outreach: campaigns, invitations (one per patient and channel, with a hashed
-- single-use token), sends (one row per message, the idempotency record), respondents.

CREATE TYPE workflows.send_status AS ENUM (
    'queued',      -- waiting for the sender
    'sending',     -- claimed by a sender; the API call is in flight
    'sent',        -- the API accepted it
    'failed',      -- the API rejected it permanently (e.g. invalid number)
    'suppressed',  -- not sent on purpose (opted out, already responded, campaign closed)
    'in_doubt'     -- the sender died or timed out mid-call: never retried (see docs/workflows.md)
);

CREATE TABLE workflows.campaigns (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- Shown to patients ("Seasonal flu vaccination"); must not name a condition.
    name               text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    condition_codes    text[] NOT NULL CHECK (cardinality(condition_codes) BETWEEN 1 AND 50),
    channels           workflows.channel[] NOT NULL CHECK (cardinality(channels) BETWEEN 1 AND 2),
    booking_url        text NOT NULL CHECK (booking_url ~ '^https://[^[:space:]?#]+$'),
    max_reminders      smallint NOT NULL DEFAULT 3 CHECK (max_reminders BETWEEN 0 AND 10),
    reminder_interval  interval NOT NULL DEFAULT '7 days' CHECK (reminder_interval >= '1 day'),
    link_ttl           interval NOT NULL DEFAULT '90 days' CHECK (link_ttl BETWEEN '1 day' AND '365 days'),
    status             text NOT NULL DEFAULT 'active' CHECK (status IN ('draft', 'active', 'closed')),
    created_at         timestamptz NOT NULL DEFAULT now(),
    planned_at         timestamptz
);

CREATE TABLE workflows.invitations (
    id                bigint GENERATED ALWAYS AS IDENTITY (CACHE 1000) PRIMARY KEY,
    campaign_id       uuid NOT NULL REFERENCES workflows.campaigns (id),
    patient_id        bigint NOT NULL REFERENCES workflows.patients (id) ON DELETE CASCADE,
    channel           workflows.channel NOT NULL,
    -- token = HMAC-SHA256(key[token_key_id], nonce); only SHA-256(token) is stored, so the
    -- database alone yields no usable link.
    token_key_id      text NOT NULL CHECK (token_key_id ~ '^[A-Za-z0-9_-]{1,32}$'),
    token_nonce       bytea NOT NULL CHECK (length(token_nonce) = 16),
    token_hash        bytea NOT NULL CHECK (length(token_hash) = 32),
    created_at        timestamptz NOT NULL,
    expires_at        timestamptz NOT NULL,
    redeemed_at       timestamptz,
    reminders_queued  smallint NOT NULL DEFAULT 0,
    last_queued_at    timestamptz NOT NULL,
    CONSTRAINT invitations_once_per_channel UNIQUE (campaign_id, patient_id, channel),
    CONSTRAINT invitations_token_hash_key UNIQUE (token_hash)
);

CREATE TABLE workflows.sends (
    invitation_id        bigint NOT NULL REFERENCES workflows.invitations (id) ON DELETE CASCADE,
    sequence             smallint NOT NULL CHECK (sequence BETWEEN 0 AND 10), -- 0 = invitation
    status               workflows.send_status NOT NULL DEFAULT 'queued',
    created_at           timestamptz NOT NULL,
    enqueued_at          timestamptz,
    claimed_at           timestamptz,
    finished_at          timestamptz,
    attempts             smallint NOT NULL DEFAULT 0,
    provider_message_id  text,
    reason               text CHECK (reason ~ '^[A-Za-z0-9_.:-]{1,80}$'),
    PRIMARY KEY (invitation_id, sequence)
);
-- The planner and the weekly job enqueue what has not been enqueued yet (crash recovery).
CREATE INDEX sends_not_enqueued ON workflows.sends (invitation_id) WHERE enqueued_at IS NULL;

CREATE TABLE workflows.respondents (
    campaign_id    uuid NOT NULL REFERENCES workflows.campaigns (id),
    patient_id     bigint NOT NULL REFERENCES workflows.patients (id) ON DELETE CASCADE,
    invitation_id  bigint NOT NULL REFERENCES workflows.invitations (id) ON DELETE CASCADE,
    channel        workflows.channel NOT NULL,
    responded_at   timestamptz NOT NULL,
    PRIMARY KEY (campaign_id, patient_id)
);
