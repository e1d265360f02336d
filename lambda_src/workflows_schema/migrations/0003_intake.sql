-- Document intake: one row per upload, from the pre-signed URL to processed/quarantined.

CREATE TYPE workflows.document_status AS ENUM (
    'awaiting_upload', -- a pre-signed URL was issued
    'processing',      -- claimed by the intake function
    'processed',       -- text and conversions stored
    'quarantined'      -- moved to quarantine/ with a reason
);

CREATE TABLE workflows.documents (
    id                 uuid PRIMARY KEY,
    patient_id         bigint NOT NULL REFERENCES workflows.patients (id) ON DELETE CASCADE,
    object_key         text NOT NULL UNIQUE CHECK (object_key ~ '^incoming/[0-9a-f-]{36}$'),
    declared_type      text NOT NULL,
    declared_size      bigint NOT NULL CHECK (declared_size > 0),
    original_filename  text CHECK (length(original_filename) <= 255),
    status             workflows.document_status NOT NULL DEFAULT 'awaiting_upload',
    detected_type      text,
    size_bytes         bigint,
    sha256             bytea CHECK (length(sha256) = 32),
    page_count         integer,
    extracted_text     text,
    extraction_engine  text,
    derived_keys       jsonb NOT NULL DEFAULT '{}'::jsonb,
    quarantine_reason  text CHECK (quarantine_reason ~ '^[a-z_]{1,40}$'),
    quarantine_key     text,
    attempts           smallint NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL DEFAULT now(),
    url_expires_at     timestamptz NOT NULL,
    claimed_at         timestamptz,
    processed_at       timestamptz,
    notified_at        timestamptz
);
CREATE INDEX documents_patient ON workflows.documents (patient_id);
