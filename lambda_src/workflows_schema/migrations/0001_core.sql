-- Patients, doctors, conditions and contact preferences: the PHI the workflows read.
-- Applied by workflows_schema.migrate (tests, the harness and the deploy-time Lambda).

CREATE SCHEMA IF NOT EXISTS workflows;

CREATE TYPE workflows.channel AS ENUM ('sms', 'email');

CREATE TABLE workflows.doctors (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    display_name  text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE workflows.patients (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    given_name      text NOT NULL,
    family_name     text NOT NULL,
    -- E.164, the only form SNS accepts for SMS.
    phone_e164      text CHECK (phone_e164 ~ '^\+[1-9][0-9]{6,14}$'),
    email           text CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'),
    doctor_id       bigint REFERENCES workflows.doctors (id),
    -- The subject ('sub' claim) of the patient's portal login, for authenticated uploads.
    portal_subject  text UNIQUE CHECK (length(portal_subject) BETWEEN 1 AND 128),
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- Diagnoses as ICD-10 codes (e.g. J44 COPD, J45 asthma); campaigns select on them.
CREATE TABLE workflows.patient_conditions (
    condition_code  text NOT NULL CHECK (condition_code ~ '^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$'),
    patient_id      bigint NOT NULL REFERENCES workflows.patients (id) ON DELETE CASCADE,
    PRIMARY KEY (condition_code, patient_id)
);
CREATE INDEX patient_conditions_patient ON workflows.patient_conditions (patient_id);

-- A patient who opted out of a channel is never contacted on it (checked at plan and send).
CREATE TABLE workflows.contact_opt_outs (
    patient_id    bigint NOT NULL REFERENCES workflows.patients (id) ON DELETE CASCADE,
    channel       workflows.channel NOT NULL,
    opted_out_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (patient_id, channel)
);
